import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { checkFjspSchedule } from "./check.ts";
import { parseFjs } from "./parse.ts";
import type { FjspSchedule } from "./types.ts";

// Job 1: op1 on m1 (3) or m2 (5); op2 on m2 (2). Job 2: op1 on m1 (4).
const instance = parseFjs("2 2\n2 2 1 3 2 5 1 2 2\n1 1 1 4\n");
const valid = (): FjspSchedule => ({
  makespan: 7,
  operations: [
    { job: 1, op: 1, machine: 1, start: 0, end: 3 },
    { job: 1, op: 2, machine: 2, start: 3, end: 5 },
    { job: 2, op: 1, machine: 1, start: 3, end: 7 },
  ],
});

describe("checkFjspSchedule", () => {
  it("accepts a feasible schedule", () => {
    assert.deepEqual(checkFjspSchedule(instance, valid()), { ok: true, errors: [] });
  });

  const broken: [string, (s: FjspSchedule) => void, RegExp][] = [
    ["a missing operation", (s) => s.operations.pop(), /job 2 op 1: not scheduled/],
    [
      "a duplicate operation",
      (s) => s.operations.push({ job: 2, op: 1, machine: 1, start: 7, end: 11 }),
      /more than once/,
    ],
    [
      "an unknown operation",
      (s) => s.operations.push({ job: 1, op: 3, machine: 1, start: 9, end: 10 }),
      /no such operation/,
    ],
    ["an ineligible machine", (s) => Object.assign(s.operations[2] ?? {}, { machine: 2 }), /machine 2 cannot run it/],
    [
      "a wrong duration",
      (s) => Object.assign(s.operations[0] ?? {}, { machine: 2 }),
      /lasts 3 on machine 2, expected 5/,
    ],
    [
      "a precedence violation",
      (s) => Object.assign(s.operations[1] ?? {}, { start: 2, end: 4 }),
      /job 1 op 2: starts at 2 before op 1 ends at 3/,
    ],
    ["a machine overlap", (s) => Object.assign(s.operations[2] ?? {}, { start: 2, end: 6 }), /machine 1: .* overlaps/],
    ["a wrong makespan", (s) => Object.assign(s, { makespan: 6 }), /makespan 6 differs from the latest end 7/],
    ["a negative start", (s) => Object.assign(s.operations[0] ?? {}, { start: -1, end: 2 }), /invalid interval/],
  ];
  for (const [what, mutate, message] of broken) {
    it(`reports ${what}`, () => {
      const schedule = valid();
      mutate(schedule);
      const result = checkFjspSchedule(instance, schedule);
      assert.equal(result.ok, false);
      assert.ok(
        result.errors.some((e) => message.test(e)),
        result.errors.join("; "),
      );
    });
  }

  it("lets zero-length operations share a machine instant", () => {
    const zero = parseFjs("2 1\n1 1 1 0\n1 1 1 0\n");
    const schedule: FjspSchedule = {
      makespan: 0,
      operations: [
        { job: 1, op: 1, machine: 1, start: 0, end: 0 },
        { job: 2, op: 1, machine: 1, start: 0, end: 0 },
      ],
    };
    assert.equal(checkFjspSchedule(zero, schedule).ok, true);
  });
});
