// IoT ingest: signed readings verified, stored durably and batched into Merkle trees on one core,
// plus anchoring gas per batch: packages/node/bench/ingest.ts.
//   npm run bench -- ingest [--messages 20000] [--readings 10] [--devices 8] [--database-url postgres://…]
import { run } from "../../packages/node/bench/ingest.ts";
import { runBench } from "../lib/bench.ts";

export const description =
  "IoT ingest readings/s (verify + store + Merkle batch, one core) and anchor gas per batch ([--messages n] [--readings n] [--devices n] [--database-url url])";

export function main(args: readonly string[]): Promise<number> {
  return runBench("ingest", () => run([...args]));
}
