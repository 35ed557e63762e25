import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, readlinkSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type Address, createTestClient, type Hex, http, publicActions } from "viem";

/**
 * viem's test client for anvil (`mine`, `increaseTime`, `snapshot`, `revert`, `setBalance`, …) with
 * the public actions, plus `reorg`, which viem has no action for.
 */
export function createAnvilClient(rpcUrl: string) {
  // cacheTime 0: a test that mines and then asks the block number must see the new block.
  return createTestClient({ mode: "anvil", transport: http(rpcUrl, { retryCount: 0 }), cacheTime: 0 })
    .extend(publicActions)
    .extend((client) => ({
      /** Replaces the last `depth` blocks with new ones holding `transactions` ([transaction, block offset]). */
      reorg: async (
        depth: number,
        transactions: [{ from: Address; to: Address; value?: Hex; data?: Hex }, number][] = [],
      ) => {
        await client.request({ method: "anvil_reorg", params: [depth, transactions] } as never);
      },
    }));
}

/** The client {@link createAnvilClient} returns. */
export type AnvilClient = ReturnType<typeof createAnvilClient>;

/** A running anvil for tests. */
export type TestAnvil = {
  rpcUrl: string;
  port: number;
  /** The anvil process, which itself bound `port`. */
  pid: number;
  client: AnvilClient;
  /** Advances chain time and mines a block at the new time. */
  increaseTime: (seconds: number | bigint) => Promise<void>;
  /** Latest block timestamp. */
  now: () => Promise<bigint>;
  stop: () => Promise<void>;
};

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../..");
// The platform binary itself, not the npm launcher: killing the launcher would orphan anvil.
const arch = process.arch === "x64" ? "amd64" : process.arch;
const platformBin = path.join(root, "node_modules/@foundry-rs", `anvil-${process.platform}-${arch}`, "bin/anvil");
const anvilBin = existsSync(platformBin) ? platformBin : path.join(root, "node_modules/.bin/anvil");

/** The TCP port `pid` listens on, from /proc (Linux); undefined while it listens on none. */
function listeningPort(pid: number): number | undefined {
  const sockets = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const link = readlinkSync(`/proc/${pid}/fd/${fd}`);
      if (link.startsWith("socket:[")) sockets.add(link.slice(8, -1));
    } catch {} // closed meanwhile
  }
  for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    if (!existsSync(table)) continue;
    for (const line of readFileSync(table, "utf8").split("\n").slice(1)) {
      const fields = line.trim().split(/\s+/);
      // local address (hex ip:port), state 0A = LISTEN, inode
      if (fields[3] === "0A" && sockets.has(fields[9] ?? ""))
        return Number.parseInt(fields[1]?.split(":")[1] ?? "", 16);
    }
  }
  return undefined;
}

/**
 * Starts anvil on a port it picks itself (`--port 0`), so it can never be mistaken for another
 * test's chain that took a port between a check and the spawn. The port is read from /proc where
 * there is one (anvil stays `--silent`: its request log would cost ~25 % of a test's transaction
 * rate), else from anvil's "Listening on" line. CORS is off, as on the node's embedded chain: no
 * web page can call it.
 *
 * @param options.accounts Funded accounts of anvil's default mnemonic. Default: 11, the SDK's dev accounts.
 * @param options.chainId The chain id anvil reports. Default: 31337.
 * @param options.args More anvil arguments (e.g. `--base-fee 0`).
 */
export async function startAnvil(
  options: { accounts?: number | undefined; chainId?: number | undefined; args?: string[] } = {},
): Promise<TestAnvil> {
  const proc = existsSync("/proc/self/fd");
  const child: ChildProcess = spawn(
    anvilBin,
    [
      "--port",
      "0",
      "--no-cors",
      ...(proc ? ["--silent"] : []),
      "--accounts",
      String(options.accounts ?? 11),
      "--chain-id",
      String(options.chainId ?? 31337),
      ...(options.args ?? []),
    ],
    { stdio: ["ignore", proc ? "ignore" : "pipe", "ignore"] },
  );
  let exited = false;
  // A crashed or interrupted test run must not leave anvil behind.
  const killOnExit = () => child.kill("SIGTERM");
  process.once("exit", killOnExit);
  child.once("exit", () => {
    exited = true;
    process.off("exit", killOnExit);
  });
  if (child.pid === undefined) throw new Error("anvil started without a process id");
  const pid = child.pid;
  const port = await new Promise<number>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`anvil exited during start-up (${code})`)));
    if (proc) {
      const poll = () => {
        if (exited) return;
        const found = listeningPort(pid);
        if (found) resolve(found);
        else setTimeout(poll, 20);
      };
      poll();
      return;
    }
    let output = "";
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const listening = /Listening on [^\s]+:(\d+)/.exec(output);
      if (!listening) return;
      child.stdout?.off("data", onData);
      child.stdout?.resume(); // keep draining anvil's log
      resolve(Number(listening[1]));
    };
    child.stdout?.on("data", onData);
  });
  const rpcUrl = `http://127.0.0.1:${port}`;
  const client = createAnvilClient(rpcUrl);
  await client.getChainId(); // its own port: it answers once it accepts
  return {
    rpcUrl,
    port,
    pid,
    client,
    increaseTime: async (seconds) => {
      await client.increaseTime({ seconds: Number(seconds) });
      await client.mine({ blocks: 1 });
    },
    now: async () => (await client.getBlock()).timestamp,
    stop: async () => {
      if (exited) return;
      await new Promise<void>((resolve) => {
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      });
    },
  };
}
