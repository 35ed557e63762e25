// `npm start`: start the embedded chain (or connect to an external one), deploy the contracts once and
// print how to use the CLI. Ctrl-C stops the chain, with its state saved, and exits 0.
// Configuration: `npm start -- --help` (parsed once, in scripts/lib/config.ts).

import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { devAccounts, dipnetChain } from "@dipnet/sdk";
import { createPublicClient, createWalletClient, http } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { type Anvil, startAnvil } from "./lib/anvil.ts";
import { formatBanner } from "./lib/banner.ts";
import { ConfigError, helpText, parseStartConfig, type StartConfig } from "./lib/config.ts";
import { ensureDeployment } from "./lib/deployment.ts";
import { acquireDataDirLock } from "./lib/lock.ts";

function say(message: string): void {
  console.log(`[dipnet] ${message}`);
}

/** A failure the user can act on: printed as one message, never as a stack trace. */
class StartError extends Error {
  override name = "StartError";
}

/** Errors whose message alone tells the user what to do. */
const expectedErrors = new Set(["StartError", "AnvilError", "DataDirLockedError"]);

async function main(): Promise<number> {
  let parsed: ReturnType<typeof parseStartConfig>;
  try {
    parsed = parseStartConfig(process.argv.slice(2), process.env, process.cwd());
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`${error.message}\nSee \`npm start -- --help\`.`);
      return 2;
    }
    throw error;
  }
  if ("help" in parsed) {
    console.log(helpText());
    return 0;
  }
  const config: StartConfig = parsed;

  let releaseLock: () => void;
  try {
    mkdirSync(config.dataDir, { recursive: true });
    releaseLock = acquireDataDirLock(config.dataDir);
  } catch (error) {
    console.error(`[dipnet] error: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }

  let anvil: Anvil | undefined;
  let stopping: Promise<void> | undefined;
  const shutdown = (): Promise<void> => {
    stopping ??= (async () => {
      if (anvil) {
        say("stopping the chain (saving its state)…");
        await anvil.stop();
      }
      releaseLock();
    })();
    return stopping;
  };

  // From here on, a signal stops everything cleanly at any point, even during deployment.
  let signalled = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (signalled) return;
    signalled = true;
    say(`${signal} received`);
    void shutdown().then(() => process.exit(0));
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);

  try {
    const { chain: chainConfig } = config;
    if (chainConfig.kind === "embedded") {
      say(`starting the embedded chain (anvil) on ${chainConfig.rpcUrl}…`);
      anvil = await startAnvil(
        {
          host: chainConfig.host,
          port: chainConfig.port,
          chainId: chainConfig.chainId,
          stateFile: join(config.dataDir, "chain-state.json"),
          logFile: join(config.dataDir, "anvil.log"),
          pidFile: join(config.dataDir, "anvil.pid"),
        },
        say,
      );
      void anvil.exited.then((how) => {
        if (stopping) return;
        console.error(
          `[dipnet] error: the chain (anvil) exited unexpectedly (${how}); see ${config.dataDir}/anvil.log`,
        );
        releaseLock();
        process.exit(1);
      });
    }

    const chain = dipnetChain(chainConfig.chainId, chainConfig.rpcUrl);
    const transport = http(chainConfig.rpcUrl);
    const publicClient = createPublicClient({ chain, transport });
    const account =
      chainConfig.kind === "embedded" ? devAccounts().deployer : privateKeyToAccount(chainConfig.privateKey);
    const walletClient = createWalletClient({ account, chain, transport });

    if (chainConfig.kind === "external") {
      const actual = await publicClient.getChainId().catch((cause: unknown) => {
        throw new StartError(`cannot reach DIPNET_RPC_URL ${chainConfig.rpcUrl}: ${(cause as Error).message}`);
      });
      if (actual !== chainConfig.chainId) {
        throw new StartError(`DIPNET_CHAIN_ID is ${chainConfig.chainId} but ${chainConfig.rpcUrl} reports ${actual}`);
      }
    }

    const deploymentsFile = join(config.dataDir, "deployments.json");
    const { deployment, deployed } = await ensureDeployment({
      publicClient,
      walletClient,
      file: deploymentsFile,
      log: say,
    });
    if (signalled) return 0;

    console.log(formatBanner({ config, deployment, deployed, deployer: account.address, cwd: process.cwd() }));

    if (chainConfig.kind === "external") {
      // Nothing keeps running against an external chain yet (the node comes with a later issue).
      await shutdown();
      return 0;
    }
    // Run until a signal arrives; the timer keeps the event loop alive.
    setInterval(() => {}, 1 << 30);
    await new Promise<never>(() => {});
    return 0;
  } catch (error) {
    if (signalled) return 0;
    await shutdown();
    if (error instanceof Error && expectedErrors.has(error.name)) {
      console.error(`[dipnet] error: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

try {
  process.exitCode = await main();
} catch (error) {
  // Unexpected (e.g. a failed deployment transaction): the message, and the stack only on request.
  const shortMessage = (error as { shortMessage?: unknown }).shortMessage;
  const message =
    typeof shortMessage === "string" ? shortMessage : error instanceof Error ? error.message : String(error);
  console.error(`[dipnet] error: npm start failed: ${message}`);
  if (process.env.DIPNET_DEBUG) console.error(error);
  else console.error("[dipnet] (set DIPNET_DEBUG=1 for details)");
  process.exitCode = 1;
}
