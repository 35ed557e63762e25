// Network planner against a real chain: packages/node/bench/network.ts. Puts a seeded network of
// factories, machines, reservations and downtime on a fresh anvil, plans the open orders in the
// node's planning worker and commits the plan's reservations on chain.
//   npm run bench -- network [--factories 20] [--operations 1000] [--seed 1]
import { runNetworkChainBench } from "../../packages/node/bench/network.ts";
import { runBench } from "../lib/bench.ts";

export const description =
  "network planner on anvil: plan time, objective, checker verdict, and the plan's reservations committed without conflict ([--factories n] [--operations n])";

export async function main(args: readonly string[]): Promise<number> {
  let conflicts = 0;
  const code = await runBench("network", async () => {
    conflicts = await runNetworkChainBench([...args]);
  });
  return code !== 0 ? code : conflicts === 0 ? 0 : 1;
}
