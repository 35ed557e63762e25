// A manufacturer's view of its own capacity on the ledger, planned with the network planner (in the
// node's worker): its machines with their live reservations and downtime, its commitments not yet
// reserved, and where a new job would fit. Release times and durations are whole slots of its
// longest slot length, so plans map onto ledger slots.
import type { Machine, MachineInterval, NetworkAssignment, NetworkMachine, NetworkOrder } from "@dipnet/planner";
import type { PlanningService } from "../modules/planning/service.ts";
import type { AgentReadModel } from "./readModel.ts";

/** A maker's ledger machines (ids = ledger ids) and their busy time. */
export type MakerCapacity = {
  machines: NetworkMachine[];
  busy: MachineInterval[];
  downtime: MachineInterval[];
  /** Slot length every planned time is a multiple of (the longest of its machines'). */
  align: number;
  slotOf: Map<string, number>;
};

/** A job to plan: machine hours of `process`, not before `releaseAt`, due by `dueAt`. */
export type CapacityJob = { key: string; process: string; hours: number; releaseAt: number; dueAt: number };

/** Weights of the maker's own plans: lateness dominates; then an earlier finish; cost is its own. */
const WEIGHTS = { tardiness: 1000, cost: 0, makespan: 1 };

const alignUp = (t: number, align: number) => Math.ceil(t / align) * align;

/** The planning service (in the node's worker) and the maker's capacity it plans into. */
export type MakerPlanner = {
  planning: Pick<PlanningService, "planNetwork" | "replanNetwork">;
  capacity: MakerCapacity;
};

/**
 * Reads the maker's machines on the ledger (its `machines` in registration order, as the seed
 * registers them), their live reservations and downtime. Undefined when it has none there. A
 * machine's speed is its share of the day it runs (`hoursPerDay / 24`), so planned times are
 * calendar times.
 */
export async function loadMakerCapacity(
  readModel: Pick<AgentReadModel, "machinesOf" | "reservations" | "downtimes">,
  owner: string,
  machines: readonly Machine[],
): Promise<MakerCapacity | undefined> {
  const ledger = (await readModel.machinesOf([owner])).filter((m) => m.active === 1);
  if (ledger.length === 0) return undefined;
  const ids = ledger.map((m) => Number(m.machine_id));
  const networkMachines: NetworkMachine[] = [];
  ledger.forEach((m, i) => {
    const spec = machines[i];
    if (!spec) return;
    networkMachines.push({
      id: String(m.machine_id),
      factory: owner,
      processes: [spec.process],
      hourlyRate: spec.hourlyRate,
      speed: Math.min(24, Math.max(1, spec.hoursPerDay)) / 24,
    });
  });
  const [reservations, downtimes] = await Promise.all([
    readModel.reservations({ machineIds: ids, status: "Live" }),
    readModel.downtimes({ machineIds: ids }),
  ]);
  const interval = (r: { machine_id: number; start_time: number; end_time: number }) => ({
    machineId: String(r.machine_id),
    start: Number(r.start_time),
    end: Number(r.end_time),
  });
  return {
    machines: networkMachines,
    busy: reservations.map(interval),
    downtime: downtimes.map(interval),
    align: Math.max(...ledger.map((m) => Number(m.slot_seconds))),
    slotOf: new Map(ledger.map((m) => [String(m.machine_id), Number(m.slot_seconds)])),
  };
}

function toOrder(job: CapacityJob, cap: MakerCapacity): NetworkOrder {
  // Whole slots of calendar time on every machine (durations are machine hours / speed).
  const speed = Math.min(...cap.machines.filter((m) => m.processes.includes(job.process)).map((m) => m.speed ?? 1));
  const calendarSeconds = alignUp((job.hours / (Number.isFinite(speed) ? speed : 1)) * 3600, cap.align);
  return {
    id: job.key,
    dueAt: job.dueAt,
    releaseAt: alignUp(job.releaseAt, cap.align),
    routes: [{ process: job.process, durationH: Number.isFinite(speed) ? (calendarSeconds / 3600) * speed : 0 }],
  };
}

/**
 * Plans `jobs` into the maker's free capacity (after its live reservations and downtime, never
 * before `now`), in the planning worker. Returns each planned job's assignment.
 */
export async function planJobs(
  { planning, capacity: cap }: MakerPlanner,
  jobs: readonly CapacityJob[],
  now: number,
  extraBusy: readonly MachineInterval[] = [],
): Promise<Map<string, NetworkAssignment>> {
  const offered = new Set(cap.machines.flatMap((m) => m.processes));
  const orders = jobs.filter((j) => offered.has(j.process)).map((j) => toOrder(j, cap));
  if (orders.length === 0) return new Map();
  const plan = await planning.planNetwork({
    orders,
    machines: cap.machines,
    reservations: [...cap.busy, ...extraBusy],
    downtime: cap.downtime,
    transport: { hours: {} },
    weights: WEIGHTS,
    now: alignUp(now, cap.align),
    improvementPasses: 1,
  });
  return new Map(plan.assignments.map((a) => [a.orderId, a]));
}

/**
 * The ledger slots of an assignment: `[ceil(start), ceil(end))` in its machine's slots, so that
 * back-to-back jobs never share a slot even where a machine's speed leaves times off the grid.
 */
export function slotsOf(cap: MakerCapacity, a: NetworkAssignment): { fromSlot: number; toSlot: number } {
  const slot = cap.slotOf.get(a.machineId) ?? cap.align;
  const fromSlot = Math.ceil(a.start / slot);
  return { fromSlot, toSlot: Math.max(fromSlot + 1, Math.ceil(a.end / slot)) };
}
