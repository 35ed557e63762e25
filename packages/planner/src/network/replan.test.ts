import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { checkNetworkPlan } from "./check.ts";
import { PlanNetworkError, planNetwork } from "./plan.ts";
import { replanNetwork } from "./replan.ts";
import { networkArbitrary } from "./testing.ts";
import type { CurrentStep, MachineInterval, PlanNetworkParameters } from "./types.ts";

const H = 3600;
const input: PlanNetworkParameters = {
  orders: [
    { id: "a", dueAt: 20 * H, routes: [{ process: "mill", durationH: 2 }] },
    {
      id: "b",
      dueAt: 30 * H,
      routes: [
        { process: "mill", durationH: 3 },
        { process: "weld", durationH: 1 },
      ],
    },
    { id: "c", dueAt: 40 * H, routes: [{ process: "mill", durationH: 4 }] },
  ],
  machines: [
    { id: "m1", factory: "A", processes: ["mill"], hourlyRate: 10 },
    { id: "m2", factory: "A", processes: ["mill"], hourlyRate: 12 },
    { id: "w1", factory: "B", processes: ["weld"], hourlyRate: 10 },
  ],
  reservations: [],
  downtime: [],
  transportTime: () => 1,
  weights: { tardiness: 1000, cost: 1, makespan: 1 },
  now: 0,
};
const current: CurrentStep[] = [
  { orderId: "a", step: 1, machineId: "m1", start: 0, end: 2 * H },
  { orderId: "b", step: 1, machineId: "m1", start: 2 * H, end: 5 * H },
  { orderId: "b", step: 2, machineId: "w1", start: 10 * H, end: 11 * H },
  { orderId: "c", step: 1, machineId: "m2", start: 0, end: 4 * H },
];
const sameAs = (a: { machineId: string; start: number; end: number }, c: CurrentStep) =>
  a.machineId === c.machineId && a.start === c.start && a.end === c.end;

describe("replanNetwork", () => {
  it("moves only the step hit by the downtime, keeping every other step where it was", () => {
    const broken = { ...input, downtime: [{ machineId: "m1", start: 2 * H, end: 6 * H }] };
    const r = replanNetwork({ ...broken, current });
    assert.deepEqual(checkNetworkPlan(broken, r).errors, []);
    assert.deepEqual(
      r.changes.map((c) => [c.orderId, c.step, c.after.machineId, c.after.start / H]),
      // Waiting 4 h for m1 costs less than moving to m2 (free from 4 h); welding at 10 h still follows 9 h + 1 h transport.
      [["b", 1, "m1", 6]],
    );
    assert.equal(r.kept, 3);
    assert.equal(r.changes[0]?.after.explanation, "stays on m1, 4 h later");
    // Free of the price of change, the (here cheaper) machine that is free earlier wins.
    const machines = input.machines.map((m) => (m.id === "m2" ? { ...m, hourlyRate: 8 } : m));
    const eager = replanNetwork({ ...broken, machines, current, perturbation: { move: 0, shiftH: 0 } });
    assert.deepEqual(
      eager.changes.map((c) => [c.orderId, c.step, c.after.machineId, c.after.start / H]),
      [["b", 1, "m2", 4]],
    );
    assert.equal(eager.changes[0]?.after.explanation, "moved from m1 to m2, 2 h shift");
  });

  it("moves a later step only when the moved one no longer leaves it time", () => {
    const broken = { ...input, downtime: [{ machineId: "m1", start: 2 * H, end: 8 * H }] };
    // Without m2, b's milling waits for m1 to come back at 8 h, ends at 11 h: welding must follow.
    const alone = { ...broken, machines: input.machines.filter((m) => m.id !== "m2") };
    const currentAlone = current.filter((c) => c.orderId !== "c");
    const r = replanNetwork({ ...alone, orders: alone.orders.filter((o) => o.id !== "c"), current: currentAlone });
    assert.deepEqual(
      r.changes.map((c) => [c.orderId, c.step, c.after.machineId, c.after.start / H, c.after.end / H]),
      [
        ["b", 1, "m1", 8, 11],
        ["b", 2, "w1", 12, 13],
      ],
    );
    assert.ok(sameAs(r.assignments.find((a) => a.orderId === "a") as CurrentStep, currentAlone[0] as CurrentStep));
    assert.equal(r.shiftH, 6 + 2);
  });

  it("changes fewer steps than planning from scratch", () => {
    const broken = { ...input, downtime: [{ machineId: "m1", start: 0, end: 1 * H }] };
    const r = replanNetwork({ ...broken, current });
    const scratch = planNetwork(broken);
    const moved = (list: { orderId: string; step: number; machineId: string; start: number; end: number }[]) =>
      list.filter((a) => {
        const c = current.find((x) => x.orderId === a.orderId && x.step === a.step);
        return !c || !sameAs(a, c);
      }).length;
    assert.equal(r.changes.length, moved(r.assignments));
    assert.ok(r.changes.length < moved(scratch.assignments), `${r.changes.length} vs ${moved(scratch.assignments)}`);
  });

  it("rejects a current step of an unknown order, naming the field", () => {
    assert.throws(
      () => replanNetwork({ ...input, current: [{ orderId: "zz", step: 1, machineId: "m1", start: 0, end: 1 }] }),
      (e: unknown) => e instanceof PlanNetworkError && e.field === "current[0].orderId",
    );
    assert.throws(
      () => replanNetwork({ ...input, current, perturbation: { move: -1 } }),
      (e: unknown) => e instanceof PlanNetworkError && e.field === "perturbation.move",
    );
  });

  it("after random downtime: feasible, and only the hit steps and their successors move (property)", () => {
    fc.assert(
      fc.property(
        networkArbitrary,
        fc.record({
          machine: fc.nat(),
          startH: fc.integer({ min: 0, max: 60 }),
          lengthH: fc.integer({ min: 1, max: 20 }),
        }),
        (base, d) => {
          const plan = planNetwork(base);
          const before: CurrentStep[] = plan.assignments.map(({ orderId, step, machineId, start, end }) => ({
            orderId,
            step,
            machineId,
            start,
            end,
          }));
          const machineId = base.machines[d.machine % base.machines.length]?.id as string;
          const down: MachineInterval = { machineId, start: d.startH * H, end: (d.startH + d.lengthH) * H };
          const broken = { ...base, downtime: [...base.downtime, down] };
          const r = replanNetwork({ ...broken, current: before });
          assert.deepEqual(checkNetworkPlan(broken, r).errors, []);
          // First step of each order the downtime hits: nothing before it may change.
          const firstHit = new Map<string, number>();
          for (const c of before) {
            if (c.machineId === machineId && c.start < down.end && down.start < c.end && c.end > c.start)
              firstHit.set(c.orderId, Math.min(firstHit.get(c.orderId) ?? c.step, c.step));
          }
          for (const change of r.changes) {
            const hit = firstHit.get(change.orderId);
            assert.ok(hit !== undefined && change.step >= hit, `order ${change.orderId} step ${change.step} moved`);
          }
          for (const c of before) {
            const now = r.assignments.find((a) => a.orderId === c.orderId && a.step === c.step);
            const changed = r.changes.some((x) => x.orderId === c.orderId && x.step === c.step);
            assert.equal(!changed, now !== undefined && sameAs(now, c));
          }
          assert.deepEqual(replanNetwork({ ...broken, current: before }), r, "deterministic");
        },
      ),
      { numRuns: 200, seed: 11 },
    );
  });
});
