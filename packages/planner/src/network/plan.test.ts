import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { checkNetworkPlan } from "./check.ts";
import { PlanNetworkError, planNetwork } from "./plan.ts";
import type { NetworkMachine, PlanNetworkParameters } from "./types.ts";

const H = 3600;
const base = (over: Partial<PlanNetworkParameters> = {}): PlanNetworkParameters => ({
  orders: [{ id: "o1", dueAt: 10 * H, routes: [{ process: "mill", durationH: 2 }] }],
  machines: [
    { id: "fast", factory: "A", processes: ["mill"], hourlyRate: 100, speed: 2 },
    { id: "cheap", factory: "B", processes: ["mill"], hourlyRate: 30 },
  ],
  reservations: [],
  downtime: [],
  transportTime: () => 5,
  weights: { tardiness: 1000, cost: 1, makespan: 1 },
  now: 0,
  ...over,
});

const networkArbitrary = fc
  .record({
    factories: fc.integer({ min: 1, max: 5 }),
    machines: fc.array(
      fc.record({
        factory: fc.integer({ min: 0, max: 4 }),
        processes: fc.subarray(["mill", "turn", "print", "weld"], { minLength: 1 }),
        hourlyRate: fc.integer({ min: 0, max: 200 }),
        speed: fc.constantFrom(0.5, 1, 1.5, 2),
      }),
      { minLength: 1, maxLength: 8 },
    ),
    orders: fc.array(
      fc.record({
        dueH: fc.integer({ min: 0, max: 100 }),
        releaseH: fc.option(fc.integer({ min: 0, max: 20 }), { nil: undefined }),
        routes: fc.array(
          fc.record({
            process: fc.constantFrom("mill", "turn", "print", "weld", "paint"),
            durationH: fc.integer({ min: 0, max: 12 }),
          }),
          { minLength: 1, maxLength: 4 },
        ),
      }),
      { minLength: 1, maxLength: 12 },
    ),
    busy: fc.array(
      fc.record({
        machine: fc.nat(),
        startH: fc.integer({ min: 0, max: 60 }),
        lengthH: fc.integer({ min: 0, max: 15 }),
        down: fc.boolean(),
      }),
      {
        maxLength: 10,
      },
    ),
    weights: fc.record({
      tardiness: fc.integer({ min: 0, max: 1000 }),
      cost: fc.integer({ min: 0, max: 5 }),
      makespan: fc.integer({ min: 0, max: 50 }),
    }),
  })
  .map(({ factories, machines, orders, busy, weights }): PlanNetworkParameters => {
    const ms: NetworkMachine[] = machines.map((m, i) => ({
      id: `m${i}`,
      factory: `f${m.factory % factories}`,
      processes: m.processes,
      hourlyRate: m.hourlyRate,
      speed: m.speed,
    }));
    const intervals = busy.map((b) => ({
      machineId: `m${b.machine % ms.length}`,
      start: b.startH * H,
      end: (b.startH + b.lengthH) * H,
      down: b.down,
    }));
    return {
      orders: orders.map((o, i) => ({
        id: `o${i}`,
        dueAt: o.dueH * H,
        releaseAt: o.releaseH === undefined ? undefined : o.releaseH * H,
        routes: o.routes,
      })),
      machines: ms,
      reservations: intervals.filter((x) => !x.down).map(({ machineId, start, end }) => ({ machineId, start, end })),
      downtime: intervals.filter((x) => x.down).map(({ machineId, start, end }) => ({ machineId, start, end })),
      transportTime: (a, b) => (a.charCodeAt(1) + b.charCodeAt(1)) % 7,
      weights,
      now: 0,
    };
  });

describe("planNetwork", () => {
  it("explains the choice: the fast machine when lateness dominates, the cheap one when cost does", () => {
    const urgent = planNetwork(
      base({ orders: [{ id: "o1", dueAt: 1 * H, routes: [{ process: "mill", durationH: 2 }] }] }),
    );
    assert.equal(urgent.assignments[0]?.machineId, "fast");
    assert.equal(
      urgent.assignments[0]?.explanation,
      "earliest finish of 2 capable machines; 67 % dearer than cheap; on time, 0 h before due",
    );
    const relaxed = planNetwork(base());
    assert.equal(relaxed.assignments[0]?.machineId, "cheap");
    assert.equal(
      relaxed.assignments[0]?.explanation,
      "finishes 1 h after the earliest (fast); 40 % cheaper than next (fast); on time, 8 h before due",
    );
    assert.deepEqual(checkNetworkPlan(base(), relaxed).errors, []);
  });

  it("never overlaps reservations or downtime and adds transport between factories", () => {
    const input = base({
      orders: [
        {
          id: "o1",
          dueAt: 0,
          routes: [
            { process: "mill", durationH: 2 },
            { process: "weld", durationH: 1 },
          ],
        },
      ],
      machines: [
        { id: "m1", factory: "A", processes: ["mill"], hourlyRate: 10 },
        { id: "m2", factory: "B", processes: ["weld"], hourlyRate: 10 },
      ],
      reservations: [{ machineId: "m1", start: 0, end: 3 * H }],
      downtime: [{ machineId: "m2", start: 9 * H, end: 11 * H }],
    });
    const plan = planNetwork(input);
    assert.deepEqual(checkNetworkPlan(input, plan).errors, []);
    assert.deepEqual(
      plan.assignments.map((a) => [a.machineId, a.start / H, a.end / H]),
      [
        ["m1", 3, 5],
        ["m2", 11, 12], // 5 h transport reaches B at 10, inside the downtime [9, 11)
      ],
    );
    assert.match(
      plan.assignments[1]?.explanation ?? "",
      /only capable machine; 5 h transport from the previous factory; late by 12 h/,
    );
  });

  it("reports orders whose process no machine offers", () => {
    const plan = planNetwork(base({ orders: [{ id: "x", dueAt: 0, routes: [{ process: "anodise", durationH: 1 }] }] }));
    assert.deepEqual(plan.unplanned, [{ orderId: "x", reason: 'no machine offers process "anodise" (step 1)' }]);
    assert.equal(plan.assignments.length, 0);
  });

  const bad: [string, Partial<PlanNetworkParameters>, string][] = [
    [
      "a negative duration",
      { orders: [{ id: "o", dueAt: 0, routes: [{ process: "mill", durationH: -1 }] }] },
      "orders[0].routes[0].durationH",
    ],
    ["an empty route", { orders: [{ id: "o", dueAt: 0, routes: [] }] }, "orders[0].routes"],
    [
      "a duplicate machine",
      {
        machines: [
          { id: "a", factory: "A", processes: [], hourlyRate: 1 },
          { id: "a", factory: "A", processes: [], hourlyRate: 1 },
        ],
      },
      "machines[1].id",
    ],
    [
      "a reservation on an unknown machine",
      { reservations: [{ machineId: "nope", start: 0, end: 1 }] },
      "reservations[0].machineId",
    ],
    ["inverted downtime", { downtime: [{ machineId: "fast", start: 5, end: 1 }] }, "downtime[0]"],
    ["a negative weight", { weights: { tardiness: -1, cost: 0, makespan: 0 } }, "weights.tardiness"],
  ];
  for (const [what, over, field] of bad) {
    it(`rejects ${what}, naming the field`, () => {
      assert.throws(
        () => planNetwork(base(over)),
        (e: unknown) => e instanceof PlanNetworkError && e.field === field,
      );
    });
  }

  it("emits plans the independent checker accepts, never worse than plain list scheduling (property)", () => {
    fc.assert(
      fc.property(networkArbitrary, (input) => {
        const plan = planNetwork(input);
        assert.deepEqual(checkNetworkPlan(input, plan).errors, []);
        const list = planNetwork({ ...input, improvementPasses: 0 });
        assert.deepEqual(checkNetworkPlan(input, list).errors, []);
        assert.ok(plan.objective.total <= list.objective.total + 1e-9);
        assert.deepEqual(planNetwork(input), plan, "deterministic");
      }),
      { numRuns: 200, seed: 5 },
    );
  });
});

describe("checkNetworkPlan", () => {
  it("reports overlaps with reservations, wrong durations and broken transport", () => {
    const input = base({ reservations: [{ machineId: "cheap", start: 0, end: 4 * H }] });
    const plan = planNetwork(input);
    const moved = structuredClone(plan);
    Object.assign(moved.assignments[0] ?? {}, { machineId: "cheap", factory: "B", start: 1 * H, end: 3 * H, cost: 60 });
    assert.ok(
      checkNetworkPlan(input, moved).errors.some((e) => /cheap: order o1 step 1 overlaps reservation 0/.test(e)),
    );
    const shortened = structuredClone(plan);
    Object.assign(shortened.assignments[0] ?? {}, { end: (shortened.assignments[0]?.start ?? 0) + 1 });
    assert.ok(checkNetworkPlan(input, shortened).errors.some((e) => /expected/.test(e)));
  });
});
