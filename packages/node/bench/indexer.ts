// Indexer catch-up benchmark: generates ≥ 100,000 real market events on anvil, then times a fresh
// indexer (SQLite in a temp dir, or Postgres with --database-url) catching up from the deploy block.
// Prints JSON lines: {"bench":"indexer","metric":…,"value":…,"unit":…}.
//   node packages/node/bench/indexer.ts [--events 100000] [--database-url postgres://…]
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { sql } from "kysely";
import { http } from "viem";
import { createIndexer, openDatabase } from "../src/compose.ts";
import type { DatabaseConfig } from "../src/core/db/index.ts";
import { createChainReader } from "../src/core/indexer/rpc.ts";
import { generateLoad, startBenchChain } from "./load.ts";

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

const line = (metric: string, value: number, unit: string, extra: Record<string, unknown> = {}) =>
  process.stdout.write(`${JSON.stringify({ bench: "indexer", metric, value, unit, ...extra })}\n`);

/** Runs the indexer benchmark. */
export async function run(args: string[]): Promise<void> {
  const f = flags(args);
  const events = Number(f.get("events") ?? 100_000);
  const log = (m: string) => process.stderr.write(`[bench indexer] ${m}\n`);
  const chain = await startBenchChain();
  const dir = mkdtempSync(path.join(tmpdir(), "dipnet-bench-"));
  try {
    log(`generating ~${events} events on anvil …`);
    const load = await generateLoad(chain, { events, log });
    log(`generated ${load.transactions} transactions in ${load.seconds.toFixed(1)} s`);
    const url = f.get("database-url");
    const config: DatabaseConfig = url
      ? { kind: "postgres", url }
      : { kind: "sqlite", file: path.join(dir, "bench.sqlite") };
    const database = await openDatabase(config);
    try {
      const indexer = createIndexer({
        db: database.db,
        chain: createChainReader(http(chain.anvil.rpcUrl, { retryCount: 0, timeout: 60_000 })),
        deployment: chain.deployment,
        finalityDepth: 12,
        pollMs: 50,
      });
      const t0 = performance.now();
      await indexer.syncOnce();
      const seconds = (performance.now() - t0) / 1000;
      const indexed = Number(
        (await sql<{ n: number }>`select count(*) as n from events`.execute(database.db)).rows[0]?.n ?? 0,
      );
      const backend = config.kind;
      line("events", indexed, "events", { backend });
      line("catchup_seconds", Number(seconds.toFixed(3)), "s", { backend });
      line("catchup_events_per_s", Math.round(indexed / seconds), "events/s", { backend });
      if (indexed < events) log(`warning: indexed ${indexed} events, fewer than the ${events} asked for`);
    } finally {
      await database.close();
    }
  } finally {
    await chain.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  run(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? error}\n`);
    process.exitCode = 1;
  });
}
