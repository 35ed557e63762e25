// `npm test`: every check and test in the repository, ending with one line CI reads: `N passed, N failed`.
//
//   npm test                      all stages
//   npm test -- --only sol        one group: lint (typecheck, Biome, solhint) | sol | ts; repeatable
//
// Stages run one after another with their output streamed; a failing stage does not stop the rest.
// Exits non-zero when anything failed.

import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { binPath, repoRoot } from "./lib/paths.ts";
import { run } from "./lib/run.ts";
import {
  type Counts,
  formatSummaryLine,
  parseHardhatSummary,
  parseTapSummary,
  stageCounts,
} from "./lib/test-counts.ts";
import { testFiles, typecheckProjects } from "./lib/test-files.ts";

const groups = ["lint", "sol", "ts"] as const;
type Group = (typeof groups)[number];

interface Stage {
  name: string;
  /** The stage runs when any of these groups is selected. */
  groups: readonly Group[];
  /** Runs the stage; throwing counts as one failure (e.g. no files to run: a check of nothing proves nothing). */
  run: () => Promise<Counts>;
}

const contractsDir = join(repoRoot, "contracts");

/** No stage may hang CI: CI allows 90 minutes for everything, and the suite aims at under 30. */
const stageTimeoutMs = 30 * 60_000;
/** Longest a single TypeScript test may take before node:test fails it. */
const testTimeoutMs = 5 * 60_000;

const stages: Stage[] = [
  {
    // First: the typecheck needs the contract types Hardhat generates (contracts/artifacts/**/*.d.ts),
    // which a fresh clone does not have; the Solidity tests then reuse the compilation.
    name: "build contracts (hardhat build; compiler warnings fail)",
    groups: ["lint", "sol"],
    run: async () => {
      const built = await run(binPath("hardhat"), ["build"], { cwd: contractsDir });
      if (built.code !== 0) return stageCounts(built.code, undefined);
      const checked = await run(process.execPath, ["scripts/check-warnings.ts"], { cwd: contractsDir });
      return stageCounts(checked.code, undefined);
    },
  },
  {
    name: "typecheck",
    groups: ["lint"],
    run: async () => {
      const counts: Counts = { passed: 0, failed: 0, skipped: 0 };
      for (const project of typecheckProjects()) {
        console.log(`tsc --noEmit -p ${project}`);
        const { code } = await run(binPath("tsc"), ["--noEmit", "-p", project]);
        if (code === 0) counts.passed++;
        else counts.failed++;
      }
      return counts;
    },
  },
  {
    name: "lint TS/JS/JSON (biome)",
    groups: ["lint"],
    run: async () => stageCounts((await run(binPath("biome"), ["check", "."])).code, undefined),
  },
  {
    name: "lint Solidity (solhint)",
    groups: ["lint"],
    run: async () => stageCounts((await run("npm", ["run", "lint", "-w", "@dipnet/contracts"])).code, undefined),
  },
  {
    // --snapshot-check fails the stage when a gas figure differs from contracts/snapshots/*.json (the
    // named figures of test/gas/) or contracts/.gas-snapshot (each test's gas).
    name: "Solidity tests and gas snapshots (hardhat test solidity --snapshot-check)",
    groups: ["sol"],
    run: async () => {
      const { code, output } = await run(binPath("hardhat"), ["test", "solidity", "--snapshot-check"], {
        cwd: contractsDir,
        timeoutMs: stageTimeoutMs,
      });
      return stageCounts(code, parseHardhatSummary(output));
    },
  },
  {
    name: "Solidity branch coverage (market contracts ≥ 95 %)",
    groups: ["sol"],
    run: async () => {
      const { code } = await run(process.execPath, ["scripts/branch-coverage.ts", "--threshold", "95"], {
        cwd: contractsDir,
        timeoutMs: stageTimeoutMs,
      });
      return stageCounts(code, undefined);
    },
  },
  {
    name: "TypeScript tests (node --test)",
    groups: ["ts"],
    run: async () => {
      const files = testFiles(["packages/**/*.test.ts", "scripts/**/*.test.ts"]);
      const dir = mkdtempSync(join(tmpdir(), "dipnet-test-"));
      const tapFile = join(dir, "report.tap");
      try {
        const { code } = await run(
          process.execPath,
          [
            "--test",
            `--test-timeout=${testTimeoutMs}`,
            "--test-reporter=spec",
            "--test-reporter-destination=stdout",
            "--test-reporter=tap",
            `--test-reporter-destination=${tapFile}`,
            ...files,
          ],
          { timeoutMs: stageTimeoutMs },
        );
        let tap: string | undefined;
        try {
          tap = readFileSync(tapFile, "utf8");
        } catch {
          tap = undefined;
        }
        return stageCounts(code, tap === undefined ? undefined : parseTapSummary(tap));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  },
];

function parseCommandLine(): Set<Group> {
  const usage = `usage: npm test [-- --only ${groups.join("|")}] (repeatable)`;
  let values: { only?: string[]; help?: boolean };
  try {
    ({ values } = parseArgs({
      options: { only: { type: "string", multiple: true }, help: { type: "boolean", short: "h" } },
      strict: true,
    }));
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n${usage}`);
    process.exit(2);
  }
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }
  const selected = (values.only ?? []).flatMap((value) => value.split(","));
  const unknown = selected.filter((value) => !(groups as readonly string[]).includes(value));
  if (unknown.length > 0) {
    console.error(`--only: unknown group ${unknown.map((u) => `"${u}"`).join(", ")}; expected ${groups.join(", ")}`);
    process.exit(2);
  }
  return new Set(selected.length > 0 ? (selected as Group[]) : groups);
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

async function main(): Promise<void> {
  const only = parseCommandLine();
  const rows: { name: string; counts: Counts; ms: number }[] = [];
  for (const stage of stages.filter((s) => s.groups.some((group) => only.has(group)))) {
    console.log(`\n━━━ ${stage.name} ━━━`);
    const started = Date.now();
    let counts: Counts;
    try {
      counts = await stage.run();
    } catch (error) {
      console.error(`stage failed: ${error instanceof Error ? error.message : String(error)}`);
      counts = { passed: 0, failed: 1, skipped: 0 };
    }
    rows.push({ name: stage.name, counts, ms: Date.now() - started });
  }

  const total = { passed: 0, failed: 0 };
  console.log("\n━━━ summary ━━━");
  const width = Math.max(...rows.map((row) => row.name.length));
  for (const { name, counts, ms } of rows) {
    const status =
      `${counts.failed > 0 ? "FAIL" : "ok  "}  ${counts.passed} passed, ${counts.failed} failed` +
      (counts.skipped > 0 ? `, ${counts.skipped} skipped` : "");
    console.log(`${name.padEnd(width)}  ${status}  (${seconds(ms)})`);
    total.passed += counts.passed;
    total.failed += counts.failed;
  }
  console.log(formatSummaryLine(total));
  process.exitCode = total.failed > 0 ? 1 : 0;
}

await main();
