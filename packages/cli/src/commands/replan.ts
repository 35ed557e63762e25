// `dipnet plan replan` and `machine down --replan`: re-plans the orders a downtime released, from
// chain state, and moves their reservations with one atomic `replan` per order and owner.
import { planDowntimeReplan, runPlanningJob } from "@dipnet/planner";
import { commitDowntimeReplan, getOrder, listDowntime, listMachines, listReservations, listRfqs } from "@dipnet/sdk";
import { type Address, formatUnits, getAddress, zeroAddress } from "viem";
import { type Context, rateToken } from "../context.ts";
import { ownerSigners } from "./planNetwork.ts";

/** What `plan replan` prints. */
export type ReplanOutput = {
  moves: {
    orderId: string;
    owner: Address;
    releaseIds: string[];
    requests: { machineId: string; fromSlot: number; toSlot: number }[];
    changes: {
      step: number;
      before: { machineId: string; start: number; end: number } | null;
      machineId: string;
      start: number;
      end: number;
      explanation: string;
    }[];
  }[];
  kept: number;
  shiftH: number;
  unplanned: { orderId: string; reason: string }[];
  committed?: { orderId: string; reservationIds: bigint[]; hash: string }[];
};

/**
 * Plans (and with `commit`, sends) the moves that give every order hit by a downtime — of
 * `machineId`, or of any machine — new machine time with as few changes as possible. Due dates:
 * an awarded order's due date, an open order's deadline.
 */
export async function replanAfterDowntime(
  ctx: Context,
  p: { machineId?: bigint | undefined; commit: boolean },
): Promise<ReplanOutput> {
  const reader = await ctx.reader();
  const [machines, reservations, downtimes, rfqs, token, now] = await Promise.all([
    listMachines(reader),
    listReservations(reader),
    listDowntime(reader),
    listRfqs(reader, { status: ["Open", "Awarded"] }),
    rateToken(ctx),
    ctx.now(),
  ]);
  const dueAt: Record<string, number> = {};
  for (const r of rfqs) {
    dueAt[r.orderId.toString()] =
      r.status === "Awarded" ? (await getOrder(reader, { orderId: r.orderId })).dueAt : r.deadline;
  }
  const plan = await planDowntimeReplan({
    snapshot: {
      now: Number(now),
      machines: machines.map((m) => ({
        id: m.machineId.toString(),
        owner: getAddress(m.owner),
        process: m.process,
        hourlyRate: Number(formatUnits(m.hourlyRate, token.decimals)),
        slotSeconds: m.slotSeconds,
      })),
      reservations: reservations
        .filter((r) => r.status !== "None")
        .map((r) => ({
          id: r.reservationId.toString(),
          orderId: r.orderId.toString(),
          machineId: r.machineId.toString(),
          fromSlot: r.fromSlot,
          toSlot: r.toSlot,
          status: r.status as "Live" | "Released" | "Completed",
          block: Number(r.blockNumber),
        })),
      downtimes: downtimes.map((d) => ({
        id: d.downtimeId.toString(),
        machineId: d.machineId.toString(),
        fromSlot: d.fromSlot,
        toSlot: d.toSlot,
        releasedReservationIds: d.releasedReservationIds.map(String),
        block: Number(d.blockNumber),
      })),
      dueAt,
    },
    machineId: p.machineId?.toString(),
    replan: async (job) => runPlanningJob("replan", job),
  });
  const out: ReplanOutput = {
    moves: plan.moves.map((m) => ({
      orderId: m.orderId,
      owner: getAddress(m.owner),
      releaseIds: m.releaseIds,
      requests: m.requests,
      changes: m.changes.map((c) => ({
        step: c.step,
        before: c.before ? { machineId: c.before.machineId, start: c.before.start, end: c.before.end } : null,
        machineId: c.after.machineId,
        start: c.after.start,
        end: c.after.end,
        explanation: c.after.explanation,
      })),
    })),
    kept: plan.kept,
    shiftH: plan.shiftH,
    unplanned: plan.unplanned,
  };
  if (p.commit) {
    const { signerFor } = await ownerSigners(ctx);
    out.committed = await commitDowntimeReplan(plan.moves, (owner) => signerFor(getAddress(owner)));
  }
  return out;
}

/** Human lines of a re-plan. */
export function replanLines(ctx: Context, r: ReplanOutput, formatUtc: (t: number) => string): string[] {
  if (r.moves.length === 0 && r.unplanned.length === 0) return ["nothing to re-plan"];
  return [
    `${r.moves.reduce((n, m) => n + m.changes.length, 0)} step(s) moved, ${r.kept} kept (starts shifted ${r.shiftH.toFixed(1)} h in all)`,
    ...r.moves.flatMap((m) =>
      m.changes.map(
        (c) =>
          `  #${m.orderId}.${c.step} → machine #${c.machineId} ${formatUtc(c.start)} – ${formatUtc(c.end)}  ${c.explanation}${m.releaseIds.length ? ` (releases ${m.releaseIds.join(", ")})` : ""}`,
      ),
    ),
    ...r.unplanned.map((u) => `  #${u.orderId} not re-planned: ${u.reason}`),
    ...(r.committed ?? []).map(
      (c) =>
        `  re-planned #${c.orderId} (${ctx.label(r.moves.find((m) => m.orderId === c.orderId)?.owner ?? zeroAddress)}): reservations ${c.reservationIds.join(", ")} (tx ${c.hash})`,
    ),
  ];
}
