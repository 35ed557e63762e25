import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import fc from "fast-check";
import { checkFjspSchedule } from "./check.ts";
import { solveFjspExact } from "./exact.ts";
import { parseFjs } from "./parse.ts";
import { FjspInstanceError, solveFjsp } from "./solve.ts";
import { fjspInstanceArbitrary } from "./testing.ts";

const BENCH = new URL("../../bench/instances/", import.meta.url);
const load = (path: string) => parseFjs(readFileSync(new URL(path, BENCH), "utf8"));

describe("solveFjsp", () => {
  for (const [path, best] of [
    ["kacem/kacem1.fjs", 11],
    ["kacem/kacem2.fjs", 11],
    ["hurink/edata/la01.fjs", 609],
    ["hurink/vdata/mt06.fjs", 47],
    ["hurink/sdata/la01.fjs", 666],
  ] as const) {
    it(`finds a feasible schedule for ${path} within 5 % of the best known ${best}`, () => {
      const instance = load(path);
      const result = solveFjsp(instance, { timeLimitMs: 2000, maxIterations: 20_000, seed: 7 });
      assert.deepEqual(checkFjspSchedule(instance, result).errors, []);
      assert.ok(result.makespan >= best, `makespan ${result.makespan} beats the proven optimum ${best}?`);
      assert.ok(result.makespan <= best * 1.05, `makespan ${result.makespan} vs best known ${best}`);
    });
  }

  it("is deterministic for a seed and an iteration budget", () => {
    const instance = load("hurink/edata/mt10.fjs");
    const a = solveFjsp(instance, { timeLimitMs: 60_000, maxIterations: 3000, seed: 42 });
    const b = solveFjsp(instance, { timeLimitMs: 60_000, maxIterations: 3000, seed: 42 });
    assert.deepEqual(a, b);
    assert.equal(a.iterations, 3000);
  });

  it("emits feasible schedules on random instances (property)", () => {
    fc.assert(
      fc.property(
        fjspInstanceArbitrary({ maxJobs: 6, maxOpsPerJob: 5, maxMachines: 4, maxDuration: 20 }),
        fc.integer({ min: 0, max: 1000 }),
        (instance, seed) => {
          const result = solveFjsp(instance, { timeLimitMs: 10_000, maxIterations: 1000, seed });
          assert.deepEqual(checkFjspSchedule(instance, result).errors, []);
          assert.ok(result.makespan >= result.lowerBound);
        },
      ),
      { numRuns: 150, seed: 1 },
    );
  });

  it("matches the exact optimum on tiny random instances (property)", () => {
    fc.assert(
      fc.property(
        fjspInstanceArbitrary({ maxJobs: 3, maxOpsPerJob: 3, maxMachines: 3, maxDuration: 9 }),
        (instance) => {
          const exact = solveFjspExact(instance);
          assert.deepEqual(checkFjspSchedule(instance, exact).errors, []);
          const result = solveFjsp(instance, { timeLimitMs: 10_000, maxIterations: 2000, seed: 3 });
          assert.equal(result.makespan, exact.makespan);
        },
      ),
      { numRuns: 150, seed: 2 },
    );
  });

  it("keeps path relinking's operation sequence a permutation (regression: overlapping output)", () => {
    // Found by the property below: relinking swapped with a position outside the mismatched set.
    const instance = parseFjs("2 3\n1 1 2 1\n3 3 1 5 2 4 3 9 2 2 1 3 2 3 1 6 2 0 3 5\n");
    const result = solveFjsp(instance, { timeLimitMs: 10_000, maxIterations: 2000, seed: 3 });
    assert.deepEqual(checkFjspSchedule(instance, result).errors, []);
    assert.equal(result.makespan, 6);
  });

  it("rejects an operation without alternatives", () => {
    assert.throws(
      () => solveFjsp({ numMachines: 1, jobs: [[{ alternatives: [] }]] }, { maxIterations: 10 }),
      (e: unknown) => e instanceof FjspInstanceError && /job 1 operation 1: no machine can run it/.test(e.message),
    );
  });
});

describe("solveFjspExact", () => {
  it("finds the optimum of kacem1-sized toy by enumeration", () => {
    // Two jobs competing for the fast machine: optimum puts one on the slow machine.
    const instance = parseFjs("2 2\n1 2 1 2 2 3\n1 2 1 2 2 3\n");
    assert.equal(solveFjspExact(instance).makespan, 3);
  });
  it("refuses instances above its size limit", () => {
    assert.throws(() => solveFjspExact(load("kacem/kacem1.fjs")), /exceed maxOperations/);
  });
});
