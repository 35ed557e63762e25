// Flexible job shop (FJSP) solver against best-known makespans: packages/planner/bench/fjsp.ts.
//   npm run bench -- planner --set <folder of .fjs files | one file> [--time-limit 10] [--seed 1] [--only <name>] [--limit <n>]
import { runFjspBench } from "../../packages/planner/bench/fjsp.ts";
import { runBench } from "../lib/bench.ts";

export const description =
  "FJSP scheduling: makespan and gap to the best known per instance (--set <dir|file.fjs> [--time-limit s])";

export function main(args: readonly string[]): Promise<number> {
  return runBench("planner", () => runFjspBench([...args]));
}
