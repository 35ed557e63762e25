import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { checkFjspSchedule } from "../src/fjsp/check.ts";
import { parseFjs } from "../src/fjsp/parse.ts";
import { solveFjsp } from "../src/fjsp/solve.ts";

interface BestKnown {
  lb: number;
  ub: number;
}

/** Finds best-known.json in the set directory or one of its parents; keys are paths relative to it. */
function loadBestKnown(dir: string): { root: string; table: Record<string, BestKnown> } | undefined {
  let d = resolve(dir);
  for (;;) {
    const file = join(d, "best-known.json");
    if (existsSync(file))
      return { root: d, table: JSON.parse(readFileSync(file, "utf8")) as Record<string, BestKnown> };
    const up = dirname(d);
    if (up === d) return undefined;
    d = up;
  }
}

function listInstances(set: string): string[] {
  if (statSync(set).isFile()) return [resolve(set)];
  const out: string[] = [];
  for (const entry of readdirSync(set).sort()) {
    const full = join(set, entry);
    if (statSync(full).isDirectory()) out.push(...listInstances(full));
    else if (entry.endsWith(".fjs")) out.push(resolve(full));
  }
  return out;
}

/**
 * Runs the FJSP benchmark: `--set <dir|file> --time-limit <s> [--seed N] [--only a,b] [--limit N]`.
 * Prints `{"bench":"planner","metric","value","unit"}` JSON lines: per instance its makespan and gap
 * to the best known (with `instance` and the checker's `feasible`), then the mean gap; returns the mean gap.
 * @throws when no instance matches, or once all ran, when a schedule is infeasible or an instance has
 * no best-known makespan (a mean over fewer instances than asked for would flatter the solver).
 * @example runFjspBench(["--set", "packages/planner/bench/instances/hurink/edata", "--time-limit", "10"])
 */
export function runFjspBench(args: string[], log: (line: string) => void = console.log): number {
  const { values } = parseArgs({
    args,
    options: {
      set: { type: "string" },
      "time-limit": { type: "string", default: "10" },
      seed: { type: "string", default: "1" },
      only: { type: "string" },
      limit: { type: "string" },
    },
    strict: true,
  });
  if (values.set === undefined) throw new Error("--set <dir> is required (a folder of .fjs files or one file)");
  if (!existsSync(values.set)) throw new Error(`--set: no such file or folder "${values.set}"`);
  const timeLimit = Number(values["time-limit"]);
  if (!(timeLimit > 0))
    throw new Error(`--time-limit must be a positive number of seconds, got "${values["time-limit"]}"`);
  const seed = Number(values.seed);
  if (!Number.isInteger(seed)) throw new Error(`--seed must be an integer, got "${values.seed}"`);
  let files = listInstances(values.set);
  if (values.only !== undefined) {
    const only = new Set(values.only.split(","));
    files = files.filter((f) => only.has(basename(f, ".fjs")));
  }
  if (values.limit !== undefined) files = files.slice(0, Number(values.limit));
  if (files.length === 0) throw new Error(`--set/--only/--limit: no .fjs instance selected in "${values.set}"`);
  const known = loadBestKnown(statSync(values.set).isFile() ? dirname(values.set) : values.set);
  const gaps: number[] = [];
  const problems: string[] = [];
  for (const file of files) {
    const instance = parseFjs(readFileSync(file, "utf8"));
    const t0 = performance.now();
    const result = solveFjsp(instance, { timeLimitMs: timeLimit * 1000, seed });
    const seconds = (performance.now() - t0) / 1000;
    const check = checkFjspSchedule(instance, result);
    const key = known === undefined ? undefined : relative(known.root, file).replace(/\.fjs$/, "");
    const bk = key === undefined ? undefined : known?.table[key];
    const gap = bk === undefined ? null : (100 * (result.makespan - bk.ub)) / bk.ub;
    const name = key ?? basename(file, ".fjs");
    if (gap === null) problems.push(`${name}: no best-known makespan in best-known.json`);
    else gaps.push(gap);
    if (!check.ok) problems.push(`${name}: infeasible schedule: ${check.errors[0]}`);
    const details = {
      instance: name,
      best_known: bk?.ub ?? null,
      lower_bound: bk?.lb ?? null,
      feasible: check.ok,
      iterations: result.iterations,
      seconds: Number(seconds.toFixed(2)),
    };
    log(
      JSON.stringify({ bench: "planner", metric: "makespan", value: result.makespan, unit: "time units", ...details }),
    );
    if (gap !== null) {
      log(
        JSON.stringify({ bench: "planner", metric: "gap_pct", value: Number(gap.toFixed(3)), unit: "%", ...details }),
      );
    }
  }
  const mean = gaps.length === 0 ? Number.NaN : gaps.reduce((s, g) => s + g, 0) / gaps.length;
  log(
    JSON.stringify({
      bench: "planner",
      metric: "mean_gap_pct",
      value: Number(mean.toFixed(3)),
      unit: "%",
      instances: gaps.length,
    }),
  );
  if (problems.length > 0)
    throw new Error(`${problems.length} of ${files.length} instances failed: ${problems.join("; ")}`);
  return mean;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  try {
    runFjspBench(process.argv.slice(2));
  } catch (error) {
    console.error(`bench: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
