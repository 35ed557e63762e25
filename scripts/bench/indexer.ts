// Indexer catch-up over ≥ 100,000 real market events on anvil: packages/node/bench/indexer.ts.
//   npm run bench -- indexer [--events 100000] [--database-url postgres://…]
import { run } from "../../packages/node/bench/indexer.ts";
import { runBench } from "../lib/bench.ts";

export const description = "indexer catch-up events/s on SQLite or Postgres ([--events n] [--database-url url])";

export function main(args: readonly string[]): Promise<number> {
  return runBench("indexer", () => run([...args]));
}
