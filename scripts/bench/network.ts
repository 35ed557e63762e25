// Network planner on a seeded synthetic network of factories: packages/planner/bench/network.ts.
//   npm run bench -- network [--factories 20] [--operations 1000] [--seed 1]
import { runNetworkBench } from "../../packages/planner/bench/network.ts";
import { runBench } from "../lib/bench.ts";

export const description =
  "network planner: plan time, objective and checker verdict ([--factories n] [--operations n])";

export function main(args: readonly string[]): Promise<number> {
  return runBench("network", () => runNetworkBench([...args]));
}
