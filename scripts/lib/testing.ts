// Helpers for tests that run `npm start` (scripts/start.ts) as a child process: free ports, a clean
// environment, the child in its own process group, and reading the node's API.
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import { join } from "node:path";
import { repoRoot } from "./paths.ts";

export const startScript = join(repoRoot, "scripts", "start.ts");

/** The last line `npm start` prints once everything runs. */
export const readyLine = "Press Ctrl-C to stop";

/** A TCP port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

/** Environment without the DIPNET_* and DATABASE_URL variables of the person running the tests. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith("DIPNET_") && name !== "DATABASE_URL"),
  );
  return { ...env, ...extra };
}

/** A running `npm start`. */
export interface Started {
  child: ChildProcess;
  output: () => string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Milliseconds since it was spawned. */
  elapsed: () => number;
}

/** Every `npm start` a test started and that has not exited yet. */
export const running = new Set<Started>();

/** Runs `npm start`'s script in its own process group, as a terminal would (the chain runs in another). */
export function start(args: string[], env: NodeJS.ProcessEnv = cleanEnv()): Started {
  const began = Date.now();
  // The embedded MQTT broker on a free port unless the test chose, so parallel starts do not collide on 1884.
  const mqtt = args.some((a) => a.startsWith("--mqtt")) ? [] : ["--mqtt-port", "0"];
  const child = spawn(process.execPath, ["--disable-warning=ExperimentalWarning", startScript, ...args, ...mqtt], {
    cwd: repoRoot,
    env,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let text = "";
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
    text += chunk;
  });
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    text += chunk;
  });
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("close", (code, signal) => resolve({ code, signal })),
  );
  const started: Started = { child, output: () => text, exit, elapsed: () => Date.now() - began };
  running.add(started);
  void exit.then(() => running.delete(started));
  return started;
}

/** Stops every `npm start` still running (SIGTERM, SIGKILL to its group after 30 s). */
export async function stopAll(): Promise<void> {
  for (const started of running) {
    started.child.kill("SIGTERM");
    const timer = setTimeout(() => {
      if (started.child.pid) process.kill(-started.child.pid, "SIGKILL");
    }, 30_000);
    await started.exit;
    clearTimeout(timer);
  }
}

export async function waitForOutput(started: Started, needle: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void started.exit.then(() => {
    exited = true;
  });
  while (!started.output().includes(needle)) {
    if (exited) assert.fail(`npm start exited before printing "${needle}":\n${started.output()}`);
    if (Date.now() > deadline) assert.fail(`npm start did not print "${needle}" in time:\n${started.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export async function rpc(url: string, method: string, params: unknown[]): Promise<unknown> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  return ((await response.json()) as { result: unknown }).result;
}

export interface OrderRow {
  id: string;
  status: string;
}

/** Every order `GET /api/orders` lists, following its cursor. */
export async function listOrders(apiUrl: string): Promise<OrderRow[]> {
  const orders: OrderRow[] = [];
  let cursor: string | null = null;
  do {
    const query: string = cursor === null ? "" : `&cursor=${encodeURIComponent(cursor)}`;
    const response = await fetch(`${apiUrl}/api/orders?limit=200${query}`);
    assert.equal(response.status, 200, `GET /api/orders: ${response.status}`);
    const page = (await response.json()) as { items: { id: string | number; status: string }[]; next: string | null };
    orders.push(...page.items.map((item) => ({ id: String(item.id), status: item.status })));
    cursor = page.next;
  } while (cursor !== null);
  return orders;
}

/** Polls until `check` returns a value (not undefined), or fails with `what` after `timeoutMs`. */
export async function eventually<T>(
  what: string,
  timeoutMs: number,
  check: () => Promise<T | undefined>,
  intervalMs = 1_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      assert.fail(`${what}: not within ${timeoutMs / 1000} s${lastError ? ` (last error: ${String(lastError)})` : ""}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
