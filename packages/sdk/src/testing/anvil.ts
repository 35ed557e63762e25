import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** A running anvil for tests. */
export type TestAnvil = {
  rpcUrl: string;
  port: number;
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

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

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

/** Starts anvil on a free port (11 funded dev accounts) and waits until it answers. */
export async function startAnvil(options: { accounts?: number } = {}): Promise<TestAnvil> {
  const port = await freePort();
  const rpcUrl = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(
    anvilBin,
    ["--port", String(port), "--silent", "--accounts", String(options.accounts ?? 11)],
    { stdio: "ignore" },
  );
  let exited = false;
  // A crashed or interrupted test run must not leave anvil behind.
  const killOnExit = () => child.kill("SIGTERM");
  process.once("exit", killOnExit);
  child.once("exit", () => {
    exited = true;
    process.off("exit", killOnExit);
  });
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (exited) throw new Error("anvil exited during start-up");
    try {
      await rpc(rpcUrl, "eth_chainId");
      break;
    } catch {
      if (Date.now() > deadline) {
        child.kill();
        throw new Error(`anvil did not answer on ${rpcUrl}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  return {
    rpcUrl,
    port,
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
