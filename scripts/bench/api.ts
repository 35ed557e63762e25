// Load on the node's HTTP API (autocannon): packages/node/bench/api.ts.
//   npm run bench -- api [--duration 10] [--connections 10] [--orders 2000] [--path /api/orders]
import { run } from "../../packages/node/bench/api.ts";
import { runBench } from "../lib/bench.ts";

export const description = "GET /api/orders requests/s and latency percentiles ([--duration s] [--connections n])";

export function main(args: readonly string[]): Promise<number> {
  return runBench("api", () => run([...args]));
}
