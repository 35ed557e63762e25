// Indexer catch-up benchmark: generates ≥ 100,000 real market events on anvil, then times a fresh
// indexer (SQLite in a temp dir, or Postgres with --database-url) catching up from the deploy block.
// Prints JSON lines: {"bench":"indexer","metric":…,"value":…,"unit":…}.
//   node packages/node/bench/indexer.ts [--events 100000] [--database-url postgres://…]
import { sql } from "kysely";
import { benchIndexer, benchOutput, flags, numberFlags, runAsScript, withBenchDatabase } from "./common.ts";
import { generateLoad, startBenchChain } from "./load.ts";

const { line, log } = benchOutput("indexer");

/** Runs the indexer benchmark. */
export async function run(args: string[]): Promise<void> {
  const f = flags(args);
  const { events } = numberFlags(f, { events: 100_000 });
  const chain = await startBenchChain();
  try {
    log(`generating ~${events} events on anvil …`);
    const load = await generateLoad(chain, { events, log });
    log(`generated ${load.transactions} transactions in ${load.seconds.toFixed(1)} s`);
    await withBenchDatabase(f.get("database-url"), async (database, config) => {
      const indexer = benchIndexer(database, chain.anvil.rpcUrl, chain.deployment, { finalityDepth: 12, pollMs: 50 });
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
    });
  } finally {
    await chain.stop();
  }
}

runAsScript(import.meta.url, run);
