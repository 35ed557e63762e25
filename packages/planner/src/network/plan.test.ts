import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { checkNetworkPlan } from "./check.ts";
import { PlanNetworkError, planNetwork } from "./plan.ts";
import { networkArbitrary } from "./testing.ts";
import type { PlanNetworkParameters, PlanNetworkReturnType } from "./types.ts";

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
        // Dropping any planned order, with a plan that is otherwise consistent, must not pass.
        for (const dropped of new Set(plan.assignments.map((a) => a.orderId))) {
          assert.notDeepEqual(checkNetworkPlan(input, dropOrder(input, dropped)).errors, []);
        }
        assert.deepEqual(planNetwork(input), plan, "deterministic");
      }),
      { numRuns: 200, seed: 5 },
    );
  });
});

/** The plan of `input` without `orderId`, reported unplanned with a made-up reason: a consistent plan otherwise. */
function dropOrder(input: PlanNetworkParameters, orderId: string): PlanNetworkReturnType {
  const rest = planNetwork({ ...input, orders: input.orders.filter((o) => o.id !== orderId) });
  return { ...rest, unplanned: [...rest.unplanned, { orderId, reason: "no free window before its deadline" }] };
}

describe("checkNetworkPlan", () => {
  it("refuses a plan that reports a plannable order unplanned, whatever its objective", () => {
    const input = base({
      orders: [
        { id: "o1", dueAt: 10 * H, routes: [{ process: "mill", durationH: 2 }] },
        { id: "o2", dueAt: 1 * H, routes: [{ process: "mill", durationH: 8 }] },
      ],
    });
    const plan = planNetwork(input);
    const dropped = dropOrder(input, "o2");
    assert.ok(dropped.objective.total < plan.objective.total, "dropping o2 looks like a better plan");
    assert.deepEqual(checkNetworkPlan(input, dropped).errors, [
      'order o2: reported unplanned ("no free window before its deadline"), but machines offer every process of its route',
    ]);
  });

  it("accepts an unplanned order only with the process no machine offers, once", () => {
    const input = base({ orders: [{ id: "x", dueAt: 0, routes: [{ process: "anodise", durationH: 1 }] }] });
    const plan = planNetwork(input);
    assert.deepEqual(checkNetworkPlan(input, plan).errors, []);
    const vague = { ...plan, unplanned: [{ orderId: "x", reason: "cannot be planned" }] };
    assert.deepEqual(checkNetworkPlan(input, vague).errors, [
      'order x: reported unplanned ("cannot be planned") without naming a process no machine offers ("anodise")',
    ]);
    const twice = { ...plan, unplanned: [...plan.unplanned, ...plan.unplanned] };
    assert.deepEqual(checkNetworkPlan(input, twice).errors, ["order x: reported unplanned twice"]);
    const unknown = {
      ...plan,
      unplanned: [...plan.unplanned, { orderId: "y", reason: 'no machine offers process "anodise"' }],
    };
    assert.deepEqual(checkNetworkPlan(input, unknown).errors, ["unplanned: unknown order y"]);
  });

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
