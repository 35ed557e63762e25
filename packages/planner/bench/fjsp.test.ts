import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { runFjspBench } from "./fjsp.ts";

// Two jobs of two operations on two machines.
const instance = "2 2 1.5\n2 2 1 2 2 3 1 2 3\n2 1 2 2 2 1 1 2 4\n";

describe("runFjspBench", () => {
  const dir = mkdtempSync(join(tmpdir(), "dipnet-fjsp-bench-"));
  after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, "tiny.fjs"), instance);

  it("prints {bench, metric, value, unit} lines: makespan and gap per instance, then the mean gap", () => {
    writeFileSync(join(dir, "best-known.json"), JSON.stringify({ tiny: { lb: 5, ub: 5 } }));
    const lines: Record<string, unknown>[] = [];
    runFjspBench(["--set", dir, "--time-limit", "0.2"], (line) => lines.push(JSON.parse(line)));
    assert.deepEqual(
      lines.map(({ bench, metric, unit }) => [bench, metric, unit]),
      [
        ["planner", "makespan", "time units"],
        ["planner", "gap_pct", "%"],
        ["planner", "mean_gap_pct", "%"],
      ],
    );
    for (const line of lines) assert.equal(typeof line.value, "number");
  });

  it("fails when an instance has no best-known makespan, after printing what it measured", () => {
    writeFileSync(join(dir, "best-known.json"), JSON.stringify({}));
    const lines: string[] = [];
    assert.throws(
      () => runFjspBench(["--set", dir, "--time-limit", "0.2"], (line) => lines.push(line)),
      /1 of 1 instances failed: tiny: no best-known makespan/,
    );
    assert.equal(lines.length, 2);
  });

  it("fails when no instance is selected", () => {
    assert.throws(() => runFjspBench(["--set", dir, "--only", "nope"], () => {}), /no \.fjs instance selected/);
  });
});
