// `npm run bench -- <name> [args]`: runs scripts/bench/<name>.ts, which prints one JSON line per figure,
// e.g. {"bench":"gas","metric":"lifecycle","value":612345,"unit":"gas"}.

import { readdirSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "./lib/paths.ts";

/** What every scripts/bench/<name>.ts exports. */
export interface Bench {
  /** One-line description shown by `npm run bench -- --help`. */
  description: string;
  /** Runs the benchmark with the remaining command-line arguments; resolves to the exit code. */
  main(args: readonly string[]): Promise<number>;
}

const benchDir = join(repoRoot, "scripts", "bench");

/** Names of the available benchmarks (scripts/bench/<name>.ts). */
function benchNames(): string[] {
  return readdirSync(benchDir)
    .filter((file) => file.endsWith(".ts") && !file.endsWith(".test.ts"))
    .map((file) => file.slice(0, -".ts".length))
    .sort();
}

async function load(name: string): Promise<Bench> {
  return (await import(join(benchDir, `${name}.ts`))) as Bench;
}

async function cli(args: readonly string[]): Promise<number> {
  const [name, ...rest] = args;
  const names = benchNames();
  if (name === undefined || name === "--help" || name === "-h") {
    console.log("usage: npm run bench -- <name> [args]\n\nbenchmarks:");
    for (const each of names) console.log(`  ${each.padEnd(12)} ${(await load(each)).description}`);
    return name === undefined ? 2 : 0;
  }
  if (!names.includes(name)) {
    console.error(`unknown benchmark "${name}"; available: ${names.join(", ") || "(none)"}`);
    return 2;
  }
  return (await load(name)).main(rest);
}

process.exitCode = await cli(process.argv.slice(2));
