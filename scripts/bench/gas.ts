// Gas per order-market action and for the full lifecycle scenario. The measurement itself lives with
// the contracts (contracts/scripts/bench-gas.ts, run on Hardhat's in-process chain); this entry only
// runs it, so the JSON lines it prints are the benchmark's output.

import { join } from "node:path";
import { binPath, repoRoot } from "../lib/paths.ts";
import { run } from "../lib/run.ts";

export const description = "gas per order-market action and for the full lifecycle (JSON lines)";

export async function main(args: readonly string[]): Promise<number> {
  if (args.length > 0) {
    console.error(`bench gas takes no arguments (got ${args.join(" ")})`);
    return 2;
  }
  const { code } = await run(binPath("hardhat"), ["run", "scripts/bench-gas.ts"], {
    cwd: join(repoRoot, "contracts"),
  });
  return code;
}
