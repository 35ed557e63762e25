// The capacity ledger's read model as a fold over its events. Every capacity event names a
// machine, and reservations and downtimes belong to one machine, so the machine is the entity:
// its rows (machine, reservations, downtimes) are a pure function of its stored events. Forward
// indexing folds a batch onto the affected machines' rows; a reorg re-folds the machines the
// orphaned events touched from the events that remain, exactly as a re-index would.
import { capacityLedgerAbi } from "@dipnet/sdk";
import type { Kysely, Transaction } from "kysely";
import type { DowntimesTable, MachinesTable, ReservationsTable, Schema } from "../../core/db/schema.ts";
import type { ArgValue, DecodedEvent } from "../../core/indexer/decode.ts";
import type { Projection } from "../../core/indexer/projection.ts";
import { storedEvents } from "../../core/indexer/storedEvents.ts";

type Db = Kysely<Schema> | Transaction<Schema>;

/** `ICapacityLedger.DowntimeReason` names. */
const downtimeReasonNames = ["Breakdown", "Maintenance", "Other"] as const;

type MachineState = {
  machine: MachinesTable | null;
  reservations: Map<number, ReservationsTable>;
  downtimes: Map<number, DowntimesTable>;
};

const num = (v: ArgValue | undefined): number => Number(v ?? 0);
const str = (v: ArgValue | undefined): string => (v === undefined ? "" : String(v));
const bytes32Text = (hex: string): string =>
  Buffer.from(hex.replace(/^0x/, ""), "hex").toString("utf8").replace(/\0+$/, "");

/** Machine id of a capacity event; undefined for planner events, which the read model does not hold. */
function machineOf(e: DecodedEvent): number | undefined {
  return e.args.machineId === undefined ? undefined : num(e.args.machineId);
}

function fold(state: Map<number, MachineState>, e: DecodedEvent): void {
  const id = machineOf(e);
  if (id === undefined) return;
  const s = state.get(id);
  if (!s) return; // out of scope
  const a = e.args;
  const slot = s.machine?.slot_seconds ?? 1;
  switch (e.name) {
    case "MachineRegistered": {
      const spec = a.spec as Record<string, ArgValue>;
      s.machine = {
        machine_id: id,
        owner: str(a.owner).toLowerCase(),
        active: 1,
        process: bytes32Text(str(spec.process)),
        materials: JSON.stringify(((spec.materials as ArgValue[]) ?? []).map((m) => bytes32Text(str(m)))),
        envelope_x: num(spec.envelopeX),
        envelope_y: num(spec.envelopeY),
        envelope_z: num(spec.envelopeZ),
        hourly_rate: str(spec.hourlyRate),
        latitude: num(spec.latitude),
        longitude: num(spec.longitude),
        slot_seconds: num(spec.slotSeconds),
        registered_block: e.blockNumber,
        registered_at: e.blockTime,
        updated_block: e.blockNumber,
      };
      return;
    }
    case "MachineRateSet":
      if (s.machine) Object.assign(s.machine, { hourly_rate: str(a.hourlyRate), updated_block: e.blockNumber });
      return;
    case "MachineDeactivated":
      if (s.machine) Object.assign(s.machine, { active: 0, updated_block: e.blockNumber });
      return;
    case "ReservationMade": {
      const rid = num(a.reservationId);
      s.reservations.set(rid, {
        reservation_id: rid,
        machine_id: id,
        order_id: num(a.orderId),
        from_slot: num(a.fromSlot),
        to_slot: num(a.toSlot),
        start_time: num(a.fromSlot) * slot,
        end_time: num(a.toSlot) * slot,
        agent: str(a.agent).toLowerCase(),
        status: "Live",
        made_block: e.blockNumber,
        made_at: e.blockTime,
        updated_block: e.blockNumber,
      });
      return;
    }
    case "ReservationReleased":
    case "ReservationCompleted": {
      const r = s.reservations.get(num(a.reservationId));
      if (r) {
        r.status = e.name === "ReservationReleased" ? "Released" : "Completed";
        r.updated_block = e.blockNumber;
      }
      return;
    }
    case "DowntimeDeclared": {
      const did = num(a.downtimeId);
      const released = ((a.releasedReservationIds as ArgValue[]) ?? []).map(str);
      s.downtimes.set(did, {
        downtime_id: did,
        machine_id: id,
        from_slot: num(a.fromSlot),
        to_slot: num(a.toSlot),
        start_time: num(a.fromSlot) * slot,
        end_time: num(a.toSlot) * slot,
        reason: downtimeReasonNames[num(a.reason)] ?? "Other",
        ended: 0,
        released_reservation_ids: JSON.stringify(released),
        declared_block: e.blockNumber,
        declared_at: e.blockTime,
      });
      for (const rid of released) {
        const r = s.reservations.get(Number(rid));
        if (r) Object.assign(r, { status: "Released", updated_block: e.blockNumber });
      }
      return;
    }
    case "DowntimeEnded": {
      const d = s.downtimes.get(num(a.downtimeId));
      if (d) {
        d.ended = 1;
        d.to_slot = Math.max(d.from_slot, Math.min(d.to_slot, num(a.endSlot)));
        d.end_time = d.to_slot * slot;
      }
      return;
    }
  }
}

async function load(db: Db, ids: readonly number[]): Promise<Map<number, MachineState>> {
  const state = new Map<number, MachineState>();
  for (const id of ids) state.set(id, { machine: null, reservations: new Map(), downtimes: new Map() });
  if (ids.length === 0) return state;
  for (const m of await db.selectFrom("machines").selectAll().where("machine_id", "in", ids).execute())
    (state.get(Number(m.machine_id)) as MachineState).machine = { ...m, machine_id: Number(m.machine_id) };
  for (const r of await db.selectFrom("reservations").selectAll().where("machine_id", "in", ids).execute())
    state.get(Number(r.machine_id))?.reservations.set(Number(r.reservation_id), r);
  for (const d of await db.selectFrom("downtimes").selectAll().where("machine_id", "in", ids).execute())
    state.get(Number(d.machine_id))?.downtimes.set(Number(d.downtime_id), d);
  return state;
}

async function write(db: Db, state: Map<number, MachineState>): Promise<void> {
  const ids = [...state.keys()];
  if (ids.length === 0) return;
  await db.deleteFrom("machines").where("machine_id", "in", ids).execute();
  await db.deleteFrom("reservations").where("machine_id", "in", ids).execute();
  await db.deleteFrom("downtimes").where("machine_id", "in", ids).execute();
  const machines = [...state.values()].flatMap((s) => (s.machine ? [s.machine] : []));
  const reservations = [...state.values()].flatMap((s) => [...s.reservations.values()]);
  const downtimes = [...state.values()].flatMap((s) => [...s.downtimes.values()]);
  for (let i = 0; i < machines.length; i += 500)
    await db
      .insertInto("machines")
      .values(machines.slice(i, i + 500))
      .execute();
  for (let i = 0; i < reservations.length; i += 1000)
    await db
      .insertInto("reservations")
      .values(reservations.slice(i, i + 1000))
      .execute();
  for (let i = 0; i < downtimes.length; i += 1000)
    await db
      .insertInto("downtimes")
      .values(downtimes.slice(i, i + 1000))
      .execute();
}

/** Machines, their reservations and their downtimes, per machine. */
export const capacityProjection: Projection<number[]> = {
  abis: { capacityLedger: capacityLedgerAbi },
  tables: ["machines", "reservations", "downtimes"],
  async apply({ db }, events) {
    const ids = [...new Set(events.flatMap((e) => machineOf(e) ?? []))];
    if (ids.length === 0) return;
    const state = await load(db, ids);
    for (const e of events) fold(state, e);
    await write(db, state);
  },
  async keysAbove({ db, chainId, addresses }, ancestor) {
    const orphaned = await storedEvents(db, chainId, addresses.capacityLedger as string, ancestor);
    return [...new Set(orphaned.flatMap((e) => machineOf(e) ?? []))];
  },
  async refold({ db, chainId, addresses }, machineIds) {
    if (machineIds.length === 0) return;
    const state = new Map<number, MachineState>();
    for (const id of machineIds) state.set(id, { machine: null, reservations: new Map(), downtimes: new Map() });
    for (const event of await storedEvents(db, chainId, addresses.capacityLedger as string)) fold(state, event);
    await write(db, state);
  },
};
