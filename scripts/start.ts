// `npm start`: the DIPNET node on one machine. Starts the embedded chain (or connects to an external
// one), deploys the contracts once, builds the dashboard when it is missing, runs the node (indexer,
// HTTP API, dashboard, JSON-RPC gateway) and, unless `--no-demo`, the demo network, then prints the
// URLs. Ctrl-C / SIGTERM stops demo → node → chain (state saved) and exits 0.
// Configuration: `npm start -- --help` (parsed once, in scripts/lib/config.ts).

import { appendFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { createNode, type Demo, type DipnetNode, demoGenesis, restoreChainTime, startDemo } from "@dipnet/node";
import { createDipnetClient, dipnetChain } from "@dipnet/sdk";
import { type Anvil, AnvilPortInUseError, devAccounts, portInUse, startAnvil } from "@dipnet/sdk/node";
import { isWebBuilt, webDistDir } from "@dipnet/web";
import { createPublicClient, createWalletClient, http, parseEther } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { formatBanner } from "./lib/banner.ts";
import { ConfigError, helpText, parseStartConfig, type StartConfig } from "./lib/config.ts";
import { ensureDeployment } from "./lib/deployment.ts";
import { acquireDataDirLock } from "./lib/lock.ts";
import { run } from "./lib/run.ts";

function say(message: string): void {
  console.log(`[dipnet] ${message}`);
}

/** A failure the user can act on: printed as one message, never as a stack trace. */
class StartError extends Error {
  override name = "StartError";
}

/** Errors whose message alone tells the user what to do. */
const expectedErrors = new Set(["StartError", "AnvilError", "DataDirLockedError"]);

/** On the embedded chain the deployer tops the anchoring account up to this when it holds less than half. */
const anchorFunding = parseEther("100");

/** How often a one-line summary of the orders is printed while the demo runs. */
const summaryIntervalMs = 60_000;

/** Appends to a log file in the data dir (never throws). */
function appendLog(file: string, text: string): void {
  try {
    appendFileSync(file, text);
  } catch {
    // A full disk must not stop the node; the console still gets warnings and errors.
  }
}

/** Appends timestamped lines to a log file in the data dir (never throws). */
function fileLog(file: string): (line: string) => void {
  return (line) => appendLog(file, `${new Date().toISOString()} ${line}\n`);
}

/** pino's number of the warn level: the node's lines from it up are shown on the console too. */
const pinoWarn = 40;

/** `GET /api/stats` as a line: "23 orders (Completed 9, InProduction 5, …)". */
async function ordersSummary(apiUrl: string): Promise<string | undefined> {
  try {
    const response = await fetch(`${apiUrl}/api/stats`, { signal: AbortSignal.timeout(5_000) });
    const stats = (await response.json()) as { orders?: { byStatus?: Record<string, number>; total?: number } };
    const byStatus = stats.orders?.byStatus ?? {};
    const entries = Object.entries(byStatus).filter(([, n]) => n > 0);
    const total = stats.orders?.total ?? entries.reduce((sum, [, n]) => sum + n, 0);
    entries.sort((a, b) => b[1] - a[1]);
    return `${total} orders (${entries.map(([status, n]) => `${status} ${n}`).join(", ") || "none yet"})`;
  } catch {
    return undefined;
  }
}

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
  const { apiHost, apiPort } = config.node;

  let releaseLock: () => void;
  try {
    mkdirSync(config.dataDir, { recursive: true });
    releaseLock = acquireDataDirLock(config.dataDir);
  } catch (error) {
    console.error(`[dipnet] error: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }

  const abortBuild = new AbortController();
  let anvil: Anvil | undefined;
  let node: DipnetNode | undefined;
  let demoStarting: Promise<Demo> | undefined;
  let summaryTimer: NodeJS.Timeout | undefined;
  let stopping: Promise<void> | undefined;
  /** Stops whatever has started, in reverse order: demo → node → chain (state saved) → lock. */
  const shutdown = (): Promise<void> => {
    stopping ??= (async () => {
      clearInterval(summaryTimer);
      abortBuild.abort();
      if (demoStarting) {
        say("stopping the demo network…");
        // Seeding sends a bounded number of transactions; let a start in progress land, then stop it.
        const demo = await Promise.race([
          demoStarting.catch(() => undefined),
          sleep(30_000, undefined, { ref: false }),
        ]);
        await demo?.stop().catch((error: Error) => console.error(`[dipnet] demo stop: ${error.message}`));
      }
      if (node) {
        say("stopping the node…");
        await node.stop().catch((error: Error) => console.error(`[dipnet] node stop: ${error.message}`));
      }
      if (anvil) {
        say("stopping the chain (saving its state)…");
        await anvil.stop();
      }
      releaseLock();
    })();
    return stopping;
  };

  // From here on, a signal stops everything cleanly at any point, even during deployment. A second
  // signal exits at once (a chain left running is stopped by the next start, state saved).
  let signalled = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (signalled) {
      console.error(`[dipnet] ${signal} again: exiting without waiting`);
      releaseLock();
      process.exit(1);
    }
    signalled = true;
    say(`${signal} received`);
    void shutdown().then(() => process.exit(0));
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);

  try {
    // Fail before starting anything when the API's port is taken.
    if (
      apiPort !== 0 &&
      (await portInUse(apiHost === "0.0.0.0" || apiHost === "::" ? "127.0.0.1" : apiHost, apiPort))
    ) {
      throw new StartError(
        `${apiHost}:${apiPort} (the node's API) is already in use: is another \`npm start\` running? Stop it, or choose another port with --api-port`,
      );
    }

    // … or the embedded MQTT broker's.
    const { mqtt } = config.node;
    if (
      mqtt?.kind === "embedded" &&
      mqtt.port !== 0 &&
      (await portInUse(mqtt.host === "0.0.0.0" || mqtt.host === "::" ? "127.0.0.1" : mqtt.host, mqtt.port))
    ) {
      throw new StartError(
        `${mqtt.host}:${mqtt.port} (the node's MQTT broker) is already in use: is another \`npm start\` running? Choose another port with --mqtt-port, or turn the IoT gateway off with --mqtt off`,
      );
    }

    const { chain: chainConfig } = config;
    if (chainConfig.kind === "embedded") {
      say(`starting the embedded chain (anvil) on ${chainConfig.rpcUrl}…`);
      anvil = await startAnvil({
        host: chainConfig.host,
        port: chainConfig.port,
        chainId: chainConfig.chainId,
        persist: {
          stateFile: join(config.dataDir, "chain-state.json"),
          logFile: join(config.dataDir, "anvil.log"),
          pidFile: join(config.dataDir, "anvil.pid"),
        },
        log: say,
      }).catch((error: unknown) => {
        if (!(error instanceof AnvilPortInUseError)) throw error;
        throw new StartError(
          `${error.message}: is another \`npm start\` running? Stop it, or choose another port with --chain-port`,
        );
      });
      void anvil.exited.then(async (how) => {
        if (stopping) return;
        console.error(
          `[dipnet] error: the chain (anvil) exited unexpectedly (${how}); see ${config.dataDir}/anvil.log`,
        );
        await Promise.race([shutdown(), sleep(15_000, undefined, { ref: false })]);
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

    const { deployment, deployed } = await ensureDeployment({
      publicClient,
      walletClient,
      // The embedded chain starts with the demo's members holding DIP; on another chain the deployer
      // holds it all, to hand out (the DAO governs from the first block either way).
      genesis:
        chainConfig.kind === "embedded"
          ? demoGenesis()
          : { dao: { allocation: [{ account: account.address, amount: 1_000_000n * 10n ** 18n }] } },
      file: join(config.dataDir, "deployments.json"),
      log: say,
    });
    if (signalled) return 0;

    if (!isWebBuilt()) {
      say("building the dashboard (missing or older than its sources; takes a minute)…");
      const began = Date.now();
      const { code } = await run("npm", ["run", "build", "-w", "@dipnet/web"], { signal: abortBuild.signal });
      if (signalled) return 0;
      if (code !== 0 || !isWebBuilt()) {
        throw new StartError(
          `building the dashboard failed (exit ${code}; output above). Fix it and retry, or build it alone with \`npm run build -w @dipnet/web\``,
        );
      }
      say(`dashboard built in ${Math.round((Date.now() - began) / 1000)} s (${webDistDir})`);
    }

    // The embedded chain funds only the named dev accounts; the anchoring account gets its gas from
    // the deployer, once (before the node and the demo send anything, so no nonce is contended).
    if (chainConfig.kind === "embedded" && config.node.anchor) {
      const anchorer = privateKeyToAccount(config.node.anchor.privateKey).address;
      const balance = await publicClient.getBalance({ address: anchorer });
      if (balance < anchorFunding / 2n) {
        const hash = await walletClient.sendTransaction({ to: anchorer, value: anchorFunding - balance });
        await publicClient.waitForTransactionReceipt({ hash });
        say(`funded the anchoring account ${anchorer}`);
      }
    }

    // anvil does not keep its time offset across restarts; the demo restores it itself, a bare node
    // does it here so that transactions sent from the CLI are not dated before the latest block.
    if (chainConfig.kind === "embedded" && !config.demo) {
      await restoreChainTime(createDipnetClient({ rpcUrl: chainConfig.rpcUrl, deployment }));
    }

    say("starting the node (indexer, API, dashboard)…");
    const nodeLog = join(config.dataDir, "node.log");
    node = await createNode({
      config: config.node,
      deployment,
      webDir: webDistDir,
      // Every JSON line to node.log; warnings and errors to the console as one readable line each.
      logDestination: {
        write: (line) => {
          appendLog(nodeLog, line);
          const entry = JSON.parse(line) as { level: number; component?: string; msg: string };
          if (entry.level >= pinoWarn) {
            const level = entry.level > pinoWarn ? "error" : "warn";
            console.error(`[node] ${level}: ${entry.component ? `${entry.component}: ` : ""}${entry.msg}`);
          }
        },
      },
    });
    let apiUrl: string;
    try {
      ({ url: apiUrl } = await node.start());
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "EADDRINUSE") {
        const gatewayPort = mqtt?.kind === "embedded" && (error as { port?: number }).port === mqtt.port;
        throw new StartError(
          gatewayPort
            ? `${mqtt.host}:${mqtt.port} (the node's MQTT broker) is already in use; choose another with --mqtt-port`
            : `${apiHost}:${apiPort} (the node's API) is already in use; choose another with --api-port`,
        );
      }
      throw error;
    }
    if (signalled) return 0;

    let demoParticipants: { manufacturers: number; customers: number } | undefined;
    if (config.demo) {
      say("starting the demo network (seeding what is missing, then the agents)…");
      const demoFile = fileLog(join(config.dataDir, "demo.log"));
      demoStarting = startDemo({
        node,
        nodeUrl: apiUrl,
        rate: config.demoRate,
        log: (level, message) => {
          demoFile(`${level} ${message}`);
          if (level !== "info") console.error(`[demo] ${level}: ${message}`);
          else if (message.startsWith("seed: ")) say(`demo ${message}`);
        },
      });
      const { network } = await demoStarting;
      demoParticipants = { manufacturers: network.manufacturers.length, customers: network.customers.length };
      if (signalled) return 0;
      summaryTimer = setInterval(() => {
        void ordersSummary(apiUrl).then((line) => {
          if (line && !stopping) say(line);
        });
      }, summaryIntervalMs);
    }

    console.log(
      formatBanner({
        config,
        deployment,
        deployed,
        deployer: account.address,
        cwd: process.cwd(),
        apiUrl,
        mqttUrl: node.gateway?.url(),
        ...(demoParticipants ? { demoParticipants } : {}),
      }),
    );

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
