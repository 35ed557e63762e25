// Nodes of the vault's multi-node tests, each a child process (`vaultNode.ts`) over its own data
// dir, database and Helia node: stopping one is a real restart.
import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import type { TestBackend } from "./index.ts";

const script = new URL("./vaultNode.ts", import.meta.url);

/** A node process: its API's URL, the multiaddrs its IPFS node listens on, the process. */
export type RunningVaultNode = { url: string; multiaddrs: string[]; child: ChildProcess };

/** Starts a node process over `dataDir` and `backend` (opened once before), with `env` added; resolves once it serves. */
export async function startVaultNode(
  dataDir: string,
  backend: TestBackend,
  env: Record<string, string> = {},
): Promise<RunningVaultNode> {
  const database = backend.config();
  const child = spawn(process.execPath, [script.pathname], {
    env: {
      ...process.env,
      DIPNET_DATA_DIR: dataDir,
      ...(database.kind === "postgres" ? { DATABASE_URL: database.url } : {}),
      ...env,
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const line = await new Promise<string>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`vault node exited with ${code} before serving`)));
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).once("line", resolve);
  });
  child.removeAllListeners("exit");
  return { ...(JSON.parse(line) as { url: string; multiaddrs: string[] }), child };
}

/** Stops a node process (SIGTERM: it closes its API, IPFS node and database) and waits for it to exit. */
export async function stopVaultNode(node: RunningVaultNode | undefined): Promise<void> {
  if (!node || node.child.exitCode !== null) return;
  const exited = new Promise((resolve) => node.child.once("exit", resolve));
  node.child.kill("SIGTERM");
  await exited;
}
