// The manufacturer autopilot's bookings on the capacity ledger: it reserves the machine time of each
// order it won, once (an order that holds a reservation, even a released one, is not reserved
// again) — without the planner its nominal calendar's slot of it, with the planner where the plan
// puts it.
import { schedule } from "@dipnet/planner";
import { reserve } from "@dipnet/sdk";
import { type MakerPlanner, planJobs, slotsOf } from "../capacityPlan.ts";
import type { AgentReadModel, OrderRow } from "../readModel.ts";
import type { AgentTick } from "../runtime.ts";
import type { Maker } from "./context.ts";

/** What reserving reads. */
export type ReservationsReadModel = Pick<AgentReadModel, "machinesOf" | "reservations">;

/** The manufacturer's bookings of its won orders. */
export function createReservations(maker: Maker, readModel: ReservationsReadModel) {
  const { client, me, machines, policy, processes, guard } = maker;

  /** Ids of the orders among `orders` that hold a reservation (in any state). */
  const holdingReservations = async (orders: readonly OrderRow[]) =>
    new Set((await readModel.reservations({ orderIds: orders.map((o) => o.id) })).map((r) => Number(r.order_id)));

  /**
   * Reserves the nominal calendar's machine time of its awarded orders on the capacity ledger. Its
   * machines are the ledger's machines it owns, in registration order (as the seed registers them).
   * Jobs map to slots `[ceil(start), ceil(end))` so back-to-back jobs on one machine never overlap;
   * time already past is not reserved.
   */
  async function reserveWon(tick: AgentTick, orders: readonly OrderRow[]): Promise<void> {
    const ledgerMachines = await readModel.machinesOf([me]);
    if (ledgerMachines.length === 0) return;
    const ledgerIdOf = new Map(machines.map((m, i) => [m.id, ledgerMachines[i]]));
    const awarded = orders.filter((o) => o.status === "Awarded");
    if (awarded.length === 0) return;
    const holding = await holdingReservations(awarded);
    const jobs = new Map(schedule(machines, maker.jobsOf(orders, false)).map((j) => [j.key, j]));
    for (const o of awarded) {
      if (holding.has(o.id) || guard.busy(tick)) continue;
      const job = jobs.get(String(o.id));
      const target = job && ledgerIdOf.get(job.machineId);
      if (!job || !target) continue;
      const slot = Number(target.slot_seconds);
      let fromSlot = Math.max(Math.ceil(job.start / slot), Math.floor(tick.now / slot) + 1);
      const length = Math.min(Math.ceil(job.end / slot) - fromSlot, 16_384);
      if (length <= 0) continue;
      // The nominal calendar shifts as jobs finish early or late: move past what is already held.
      const held = (await readModel.reservations({ machineIds: [target.machine_id], status: "Live" }))
        .filter((h) => Number(h.to_slot) > fromSlot)
        .sort((a, b) => Number(a.from_slot) - Number(b.from_slot));
      for (const h of held)
        if (Number(h.from_slot) < fromSlot + length) fromSlot = Math.max(fromSlot, Number(h.to_slot));
      const toSlot = fromSlot + length;
      await guard.act(tick, `reserve:${o.id}`, `reserve machine ${target.machine_id} for order ${o.id}`, () =>
        reserve(client, {
          orderId: BigInt(o.id),
          requests: [{ machineId: BigInt(target.machine_id), fromSlot, toSlot }],
        }),
      );
    }
  }

  /** Reserves each won order that holds no reservation yet where the planner puts it. */
  async function reservePlanned(tick: AgentTick, planner: MakerPlanner, orders: readonly OrderRow[]): Promise<void> {
    const awarded = orders.filter((o) => o.status === "Awarded" && processes.has(o.process));
    if (awarded.length === 0) return;
    const holding = await holdingReservations(awarded);
    const jobs = awarded
      .filter((o) => !holding.has(o.id))
      .map((o) => ({
        key: String(o.id),
        process: o.process,
        hours: maker.hoursOf(o),
        releaseAt: tick.now,
        dueAt: (o.due_at ?? o.deadline) - policy.shippingSeconds,
      }));
    if (jobs.length === 0) return;
    const plan = await planJobs(planner, jobs, tick.now);
    for (const job of jobs) {
      const a = plan.get(job.key);
      if (!a || guard.busy(tick)) continue;
      const slots = slotsOf(planner.capacity, a);
      await guard.act(tick, `reserve:${job.key}`, `reserve machine ${a.machineId} for order ${job.key} (planned)`, () =>
        reserve(client, { orderId: BigInt(job.key), requests: [{ machineId: BigInt(a.machineId), ...slots }] }),
      );
    }
  }

  return { reserveWon, reservePlanned };
}
