// The manufacturer autopilot's faults (demo, with the planner): now and then a machine breaks down
// during or before a reservation, releasing the reservations in the way; the orders a breakdown
// released are re-planned (replan: release and reserve in one transaction) with as few changes as
// possible. Both are fixed functions of chain state, so a restarted agent repeats neither.
import { planDowntimeReplan } from "@dipnet/planner";
import { declareDowntime, replan } from "@dipnet/sdk";
import type { MakerPlanner } from "../capacityPlan.ts";
import type { AgentReadModel } from "../readModel.ts";
import { type AgentTick, unitHash } from "../runtime.ts";
import { CALENDAR_HORIZON, type Maker } from "./context.ts";

/** What breakdowns and re-plans read. */
export type FaultsReadModel = Pick<
  AgentReadModel,
  "machinesOf" | "reservations" | "downtimes" | "ordersOf" | "ledgerSnapshot"
>;

/** Options of the manufacturer's (demo) breakdowns. */
export type FaultsOptions = {
  /**
   * Demo: share (0–1) of its reservations whose machine breaks down before they are over, for a
   * length drawn from `breakdownLength` (seconds). Needs `planning`. Default: 0, and 4 h to 1 day.
   */
  breakdownShare?: number | undefined;
  breakdownLength?: readonly [number, number] | undefined;
};

/** The manufacturer's breakdowns and re-plans. */
export function createFaults(maker: Maker, readModel: FaultsReadModel, options: FaultsOptions) {
  const { client, me, guard } = maker;
  const share = options.breakdownShare ?? 0;
  const [lo, hi] = options.breakdownLength ?? [4 * 3600, 86_400];

  /**
   * Demo: a machine breaks down during one of its reservations not yet over, or just before it (a
   * fixed function of the reservation id, so a restarted agent picks the same ones), releasing the
   * reservations in the way.
   */
  async function breakDown(tick: AgentTick): Promise<void> {
    if (share <= 0) return;
    const mine = (await readModel.machinesOf([me])).filter((m) => m.active === 1);
    const slotOf = new Map(mine.map((m) => [Number(m.machine_id), Number(m.slot_seconds)]));
    if (mine.length === 0) return;
    const live = await readModel.reservations({ machineIds: mine.map((m) => m.machine_id), status: "Live" });
    // Reservations not yet over: a breakdown can hit running work too (it is re-planned in full).
    for (const r of live.filter((x) => x.end_time > tick.now + 2 * 3600)) {
      const rid = Number(r.reservation_id);
      if (unitHash(`breakdown:${me}:${rid}`) >= share) continue;
      const machineId = Number(r.machine_id);
      const slot = slotOf.get(machineId) ?? 3600;
      // From the next slot at the earliest: downtime cannot begin in the past.
      const fromSlot = Math.max(Number(r.from_slot), Math.floor(tick.now / slot) + 1);
      if (fromSlot >= Number(r.to_slot)) continue;
      const length = lo + unitHash(`breakdown-length:${me}:${rid}`) * (hi - lo);
      const toSlot = fromSlot + Math.max(1, Math.round(length / slot));
      const overlaps = (x: { from_slot: number; to_slot: number }) => x.from_slot < toSlot && x.to_slot > fromSlot;
      if ((await readModel.downtimes({ machineIds: [machineId] })).some(overlaps)) continue;
      const inTheWay = live.filter((x) => Number(x.machine_id) === machineId && overlaps(x));
      await guard.act(
        tick,
        `breakdown:${rid}`,
        `machine ${machineId} breaks down for ${((toSlot - fromSlot) * slot) / 3600} h, releasing ${inTheWay.length} reservation(s)`,
        () =>
          declareDowntime(client, {
            machineId: BigInt(machineId),
            fromSlot,
            toSlot,
            reason: "Breakdown",
            releaseIds: inTheWay.map((x) => BigInt(x.reservation_id)),
          }),
      );
      return;
    }
  }

  /**
   * Whether an order its recent downtimes released is still to be made (Open or Awarded) with no
   * reservation made since: a cheap look before the full snapshot, which reads the whole ledger.
   */
  async function replanPending(now: number): Promise<boolean> {
    const mine = (await readModel.machinesOf([me])).map((m) => m.machine_id);
    const downtimes = await readModel.downtimes({ machineIds: mine, declaredAfter: now - CALENDAR_HORIZON });
    const releasedBy = new Map<number, number>();
    for (const d of downtimes)
      for (const id of JSON.parse(d.released_reservation_ids) as string[])
        releasedBy.set(Number(id), Number(d.declared_block));
    if (releasedBy.size === 0) return false;
    const released = await readModel.reservations({ reservationIds: [...releasedBy.keys()] });
    const open = await readModel.ordersOf({ ids: released.map((r) => r.order_id) }, ["Open", "Awarded"]);
    const since = await readModel.reservations({ orderIds: open.map((o) => o.id) });
    return released.some(
      (r) =>
        open.some((o) => o.id === r.order_id) &&
        !since.some((s) => s.order_id === r.order_id && s.made_block > (releasedBy.get(r.reservation_id) ?? 0)),
    );
  }

  /** Re-plans the orders its machines' downtime released (nothing when all are re-planned). */
  async function replanBrokenDown(tick: AgentTick, planner: MakerPlanner): Promise<void> {
    if (!(await replanPending(tick.now))) return;
    const plan = await planDowntimeReplan({
      snapshot: await readModel.ledgerSnapshot(tick.now),
      owner: me,
      replan: (job) => planner.planning.replanNetwork(job),
    });
    for (const m of plan.moves) {
      if (m.owner.toLowerCase() !== me || guard.busy(tick)) continue;
      const where = m.requests.map((r) => `machine ${r.machineId} slots ${r.fromSlot}–${r.toSlot}`).join(", ");
      await guard.act(tick, `replan:${m.orderId}`, `re-plan order ${m.orderId} after a breakdown: ${where}`, () =>
        replan(client, {
          orderId: BigInt(m.orderId),
          releaseIds: m.releaseIds.map(BigInt),
          requests: m.requests.map((r) => ({ machineId: BigInt(r.machineId), fromSlot: r.fromSlot, toSlot: r.toSlot })),
        }),
      );
    }
  }

  return { breakDown, replanBrokenDown };
}
