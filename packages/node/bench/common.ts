// What the node's benchmarks share: their flags, their output lines, the database they fill and the
// indexer that fills it.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Deployment } from "@dipnet/sdk";
import { http } from "viem";
import { createIndexer, openDatabase } from "../src/compose.ts";
import type { Database, DatabaseConfig } from "../src/core/db/index.ts";
import type { CreateIndexerParameters, Indexer } from "../src/core/indexer/indexer.ts";
import { createChainReader } from "../src/core/indexer/rpc.ts";

/** Parses `--name value` flags. */
export function flags(args: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (!a.startsWith("--")) continue;
    const [k, v] = a.includes("=")
      ? [a.slice(2, a.indexOf("=")), a.slice(a.indexOf("=") + 1)]
      : [a.slice(2), args[i + 1]];
    if (!a.includes("=")) i++;
    out.set(k, v ?? "");
  }
  return out;
}

/** The flags named in `defaults` as numbers, each the default where the command line gives none. */
export function numberFlags<Name extends string>(
  given: Map<string, string>,
  defaults: Record<Name, number>,
): Record<Name, number> {
  const entries = Object.entries<number>(defaults).map(([name, fallback]) => [
    name,
    Number(given.get(name) ?? fallback),
  ]);
  return Object.fromEntries(entries) as Record<Name, number>;
}

/** Writes one result of benchmark `bench` as a JSON line to stdout, progress to stderr. */
export function benchOutput(bench: string) {
  return {
    line: (metric: string, value: number, unit: string, extra: Record<string, unknown> = {}) =>
      process.stdout.write(`${JSON.stringify({ bench, metric, value, unit, ...extra })}\n`),
    log: (message: string) => process.stderr.write(`[bench ${bench}] ${message}\n`),
  };
}

/**
 * Runs `use` on a fresh database: PostgreSQL at `databaseUrl`, else SQLite in a temporary directory,
 * removed afterwards with the database closed.
 */
export async function withBenchDatabase<T>(
  databaseUrl: string | undefined,
  use: (database: Database, config: DatabaseConfig) => Promise<T>,
): Promise<T> {
  const dir = mkdtempSync(path.join(tmpdir(), "dipnet-bench-"));
  const config: DatabaseConfig = databaseUrl
    ? { kind: "postgres", url: databaseUrl }
    : { kind: "sqlite", file: path.join(dir, "bench.sqlite") };
  try {
    const database = await openDatabase(config);
    try {
      return await use(database, config);
    } finally {
      await database.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** An indexer of the chain at `rpcUrl` into `database`, patient with a loaded anvil. */
export function benchIndexer(
  database: Database,
  rpcUrl: string,
  deployment: Deployment,
  options: Partial<CreateIndexerParameters> = {},
): Indexer {
  return createIndexer({
    db: database.db,
    chain: createChainReader(http(rpcUrl, { retryCount: 0, timeout: 60_000 })),
    deployment,
    ...options,
  });
}

/** Runs `run` with the command line's arguments when `moduleUrl` is the script node was started with. */
export function runAsScript(moduleUrl: string, run: (args: string[]) => Promise<void>): void {
  if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(moduleUrl)) {
    run(process.argv.slice(2)).catch((error: unknown) => {
      process.stderr.write(`${(error as Error).stack ?? error}\n`);
      process.exitCode = 1;
    });
  }
}
