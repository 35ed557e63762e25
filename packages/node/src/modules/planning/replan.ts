// The capacity ledger as the read model holds it, for downtime re-plans (`planDowntimeReplan` of
// @dipnet/planner).
import type { LedgerSnapshot } from "@dipnet/planner";
import type { Kysely } from "kysely";
import type { Schema } from "../../core/db/schema.ts";

/** The ledger as the read model holds it; due dates of Open (deadline) and Awarded (due date) orders. */
export async function ledgerSnapshotFromReadModel(db: Kysely<Schema>, now: number): Promise<LedgerSnapshot> {
  const [machines, reservations, downtimes, orders] = await Promise.all([
    db.selectFrom("machines").selectAll().where("active", "=", 1).orderBy("machine_id").execute(),
    db.selectFrom("reservations").selectAll().execute(),
    db.selectFrom("downtimes").selectAll().whereRef("to_slot", ">", "from_slot").execute(),
    db.selectFrom("orders").select(["id", "deadline", "due_at"]).where("status", "in", ["Open", "Awarded"]).execute(),
  ]);
  return {
    now,
    machines: machines.map((m) => ({
      id: String(m.machine_id),
      owner: m.owner,
      process: m.process,
      // Hourly rates in whole tokens of 6 decimals (the test stablecoin's): only their ratios matter here.
      hourlyRate: Number(m.hourly_rate) / 1e6,
      slotSeconds: Number(m.slot_seconds),
    })),
    reservations: reservations.map((r) => ({
      id: String(r.reservation_id),
      orderId: String(r.order_id),
      machineId: String(r.machine_id),
      fromSlot: Number(r.from_slot),
      toSlot: Number(r.to_slot),
      status: r.status as "Live" | "Released" | "Completed",
      block: Number(r.made_block),
    })),
    downtimes: downtimes.map((d) => ({
      id: String(d.downtime_id),
      machineId: String(d.machine_id),
      fromSlot: Number(d.from_slot),
      toSlot: Number(d.to_slot),
      releasedReservationIds: JSON.parse(d.released_reservation_ids) as string[],
      block: Number(d.declared_block),
    })),
    dueAt: Object.fromEntries(orders.map((o) => [String(o.id), Number(o.due_at ?? o.deadline)])),
  };
}
