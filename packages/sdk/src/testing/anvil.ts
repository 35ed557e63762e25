import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, readlinkSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** A running anvil for tests. */
export type TestAnvil = {
  rpcUrl: string;
  port: number;
  /** The anvil process, which itself bound `port`. */
  pid: number;
  /** Advances chain time (anvil-only RPC; tests only) and mines a block. */
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

async function rpc(url: string, method: string, params: unknown[] = []): Promise<unknown> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  const body = (await response.json()) as { result?: unknown; error?: { message: string } };
  if (body.error) throw new Error(`${method}: ${body.error.message}`);
  return body.result;
}

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
 */
export async function startAnvil(options: { accounts?: number } = {}): Promise<TestAnvil> {
  const proc = existsSync("/proc/self/fd");
  const child: ChildProcess = spawn(
    anvilBin,
    ["--port", "0", "--no-cors", ...(proc ? ["--silent"] : []), "--accounts", String(options.accounts ?? 11)],
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
  await rpc(rpcUrl, "eth_chainId"); // its own port: it answers once it accepts
  return {
    rpcUrl,
    port,
    pid,
    increaseTime: async (seconds) => {
      await rpc(rpcUrl, "evm_increaseTime", [Number(seconds)]);
      await rpc(rpcUrl, "evm_mine");
    },
    now: async () => {
      const block = (await rpc(rpcUrl, "eth_getBlockByNumber", ["latest", false])) as { timestamp: string };
      return BigInt(block.timestamp);
    },
    stop: async () => {
      if (exited) return;
      await new Promise<void>((resolve) => {
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      });
    },
  };
}
