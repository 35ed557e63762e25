// Re-planning after downtime: the orders whose reservations a downtime released get new machine
// time, changing as little as possible (replanNetwork's minimal perturbation), as one ledger update
// per order and owner (release the steps that must move, reserve the new ones). What needs
// re-planning is read from the ledger's state alone — an order with a reservation a downtime
// released and no reservation made in a later block — so a retry or a restart plans only what is
// still open, and a finished re-plan is never repeated.
import type { ReplanJob } from "../jobs.ts";
import { networkPlanWeights } from "./defaults.ts";
import type { ReplanNetworkReturnType, StepChange } from "./types.ts";

/** What re-planning needs from the capacity ledger (ids as decimal strings, times in unix seconds). */
export type LedgerSnapshot = {
  now: number;
  machines: { id: string; owner: string; process: string; hourlyRate: number; slotSeconds: number }[];
  reservations: {
    id: string;
    orderId: string;
    machineId: string;
    fromSlot: number;
    toSlot: number;
    status: "Live" | "Released" | "Completed";
    /** Block the reservation was made in. */
    block: number;
  }[];
  downtimes: {
    id: string;
    machineId: string;
    fromSlot: number;
    toSlot: number;
    releasedReservationIds: string[];
    /** Block the downtime was declared in. */
    block: number;
  }[];
  /** Due dates of the orders still to be made (Open or Awarded); other orders need no re-plan. */
  dueAt: Record<string, number>;
};

/** One order's atomic ledger update. */
export type ReplanMove = {
  orderId: string;
  /** Owner of the machines involved: it signs. */
  owner: string;
  /** Live reservations of steps that must move. */
  releaseIds: string[];
  requests: { machineId: string; fromSlot: number; toSlot: number }[];
  changes: StepChange[];
};

/** A re-plan: the moves and what the planner reported. */
export type DowntimeReplan = {
  moves: ReplanMove[];
  /** Steps of the re-planned orders that kept their reservation. */
  kept: number;
  shiftH: number;
  objective: ReplanNetworkReturnType["objective"] | undefined;
  unplanned: ReplanNetworkReturnType["unplanned"];
};

/** Parameters of `planDowntimeReplan`. */
export type PlanDowntimeReplanParameters = {
  snapshot: LedgerSnapshot;
  /** Only downtimes of this machine. Default: every machine's. */
  machineId?: string | undefined;
  /** Only downtimes of this owner's machines (lower-case address). Default: everyone's. */
  owner?: string | undefined;
  /** Runs `replanNetwork` (the node's worker, or in-thread in the CLI). */
  replan: (job: ReplanJob) => Promise<ReplanNetworkReturnType>;
  /** Default: `networkPlanWeights`. */
  weights?: ReplanJob["weights"] | undefined;
};

/**
 * Plans the ledger updates that give every order hit by a downtime new machine time. A step may
 * move only to a machine of the same owner, process and slot length (the owner can sign for it,
 * and slots stay aligned); steps that already started stay as they are.
 * @example const r = await planDowntimeReplan({ snapshot, machineId: "3", replan: (job) => planning.replanNetwork(job) });
 */
export async function planDowntimeReplan(p: PlanDowntimeReplanParameters): Promise<DowntimeReplan> {
  const { snapshot } = p;
  const machineOf = new Map(snapshot.machines.map((m) => [m.id, m]));
  const byOrder = new Map<string, LedgerSnapshot["reservations"]>();
  for (const r of snapshot.reservations) byOrder.set(r.orderId, [...(byOrder.get(r.orderId) ?? []), r]);
  const reservationOf = new Map(snapshot.reservations.map((r) => [r.id, r]));

  // Orders with a reservation a downtime released and no reservation made since (a re-plan).
  const hit = new Map<string, LedgerSnapshot["reservations"]>();
  for (const d of snapshot.downtimes) {
    if (p.machineId !== undefined && d.machineId !== p.machineId) continue;
    if (p.owner !== undefined && machineOf.get(d.machineId)?.owner.toLowerCase() !== p.owner.toLowerCase()) continue;
    for (const rid of d.releasedReservationIds) {
      const r = reservationOf.get(rid);
      if (r?.status !== "Released" || snapshot.dueAt[r.orderId] === undefined) continue;
      // Any reservation of the order made after the downtime is a re-plan (itself perhaps released
      // by a later downtime, which then is the one to answer).
      const since = (byOrder.get(r.orderId) ?? []).some((x) => x.block > d.block);
      if (!since) hit.set(r.orderId, [...(hit.get(r.orderId) ?? []), r]);
    }
  }
  if (hit.size === 0) return { moves: [], kept: 0, shiftH: 0, objective: undefined, unplanned: [] };

  const keyOf = (m: LedgerSnapshot["machines"][number]) => `${m.process}@${m.owner}/${m.slotSeconds}`;
  const slotOf = (r: { machineId: string }) => machineOf.get(r.machineId)?.slotSeconds ?? 3600;
  const span = (r: { machineId: string; fromSlot: number; toSlot: number }) => ({
    start: r.fromSlot * slotOf(r),
    end: r.toSlot * slotOf(r),
  });
  const align = Math.max(...snapshot.machines.map((m) => m.slotSeconds));
  const now = Math.ceil(snapshot.now / align) * align;

  const orders: ReplanJob["orders"] = [];
  const current: ReplanJob["current"] = [];
  const moving = new Set<string>(); // reservations whose steps the planner may move
  const stepReservation = new Map<string, LedgerSnapshot["reservations"][number]>();
  for (const [orderId, released] of hit) {
    const live = (byOrder.get(orderId) ?? []).filter((r) => r.status === "Live");
    const started = live.filter((r) => span(r).start < now);
    const steps = [...live.filter((r) => span(r).start >= now), ...released].sort(
      (a, b) => span(a).start - span(b).start || Number(BigInt(a.id) - BigInt(b.id)),
    );
    orders.push({
      id: orderId,
      dueAt: snapshot.dueAt[orderId] as number,
      releaseAt: Math.max(now, ...started.map((r) => span(r).end)),
      routes: steps.map((r) => {
        const m = machineOf.get(r.machineId);
        return {
          process: m ? keyOf(m) : `unknown machine ${r.machineId}`,
          durationH: (span(r).end - span(r).start) / 3600,
        };
      }),
    });
    steps.forEach((r, i) => {
      current.push({ orderId, step: i + 1, machineId: r.machineId, ...span(r), lost: r.status !== "Live" });
      moving.add(r.id);
      stepReservation.set(`${orderId}#${i + 1}`, r);
    });
  }
  const job: ReplanJob = {
    orders,
    current,
    machines: snapshot.machines.map((m) => ({
      id: m.id,
      factory: m.owner,
      processes: [keyOf(m)],
      hourlyRate: m.hourlyRate,
    })),
    reservations: snapshot.reservations
      .filter((r) => r.status === "Live" && !moving.has(r.id) && machineOf.has(r.machineId))
      .map((r) => ({ machineId: r.machineId, ...span(r) })),
    downtime: snapshot.downtimes
      .filter((d) => machineOf.has(d.machineId))
      .map((d) => ({ machineId: d.machineId, ...span(d) })),
    transport: { hours: {} },
    weights: p.weights ?? networkPlanWeights,
    now,
  };
  const result = await p.replan(job);

  const moves: ReplanMove[] = [];
  for (const order of orders) {
    // One move per order and owner: an owner signs only for its own machines.
    const byOwner = new Map<string, StepChange[]>();
    for (const c of result.changes.filter((x) => x.orderId === order.id)) {
      const owner = machineOf.get(c.after.machineId)?.owner as string;
      byOwner.set(owner, [...(byOwner.get(owner) ?? []), c]);
    }
    for (const [owner, changes] of byOwner) {
      moves.push({
        orderId: order.id,
        owner,
        releaseIds: changes
          .map((c) => stepReservation.get(`${c.orderId}#${c.step}`))
          .filter((r) => r !== undefined && r.status === "Live")
          .map((r) => (r as { id: string }).id),
        requests: changes.map((c) => {
          const slot = machineOf.get(c.after.machineId)?.slotSeconds ?? 3600;
          const fromSlot = Math.floor(c.after.start / slot);
          return {
            machineId: c.after.machineId,
            fromSlot,
            toSlot: Math.max(fromSlot + 1, Math.ceil(c.after.end / slot)),
          };
        }),
        changes,
      });
    }
  }
  return { moves, kept: result.kept, shiftH: result.shiftH, objective: result.objective, unplanned: result.unplanned };
}
