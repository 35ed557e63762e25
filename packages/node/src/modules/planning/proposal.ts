// The planner's proposal for the open orders, served by GET /api/capacity/proposal: every Open or
// Awarded order without a live reservation, planned by the worker onto the ledger's machines around
// their live reservations and downtime. Computed on request, once per indexed block (concurrent
// requests share one computation).
import {
  jobHours,
  LOADING_H,
  type NetworkJob,
  type NetworkOrder,
  networkPlanWeights,
  roadTransportHours,
} from "@dipnet/planner";
import { type Kysely, sql } from "kysely";
import type { Schema } from "../../core/db/schema.ts";
import { unix, type View } from "../../core/http/schemas.ts";
import type { PlanningService } from "./service.ts";

/** The planner's proposal as `GET /api/capacity/proposal` answers it. */
export const proposalSchema = {
  type: "object",
  required: ["block", "now", "steps", "unplanned", "objective"],
  properties: {
    block: { type: "integer", description: "Indexed block the proposal was computed for" },
    now: { ...unix, description: "Chain time it plans from (rounded up to whole slots)" },
    steps: {
      type: "array",
      items: {
        type: "object",
        required: ["orderId", "step", "process", "machineId", "start", "end", "explanation"],
        properties: {
          orderId: { type: "integer" },
          step: { type: "integer", description: "Step of the order's route, from 1" },
          process: { type: "string" },
          machineId: { type: "integer" },
          start: unix,
          end: unix,
          explanation: { type: "string", description: "Why this machine" },
        },
      },
    },
    unplanned: {
      type: "array",
      items: {
        type: "object",
        properties: { orderId: { type: "integer" }, reason: { type: "string" } },
      },
    },
    objective: {
      type: ["object", "null"],
      properties: {
        tardinessH: { type: "number" },
        cost: { type: "number" },
        makespanH: { type: "number" },
        total: { type: "number" },
      },
    },
  },
} as const;

/** The planner's proposal as of an indexed block. */
export type Proposal = View<typeof proposalSchema>;
/** One proposed step: an open order's process on a machine, with why. */
export type ProposedStep = Proposal["steps"][number];

/** Serves the current proposal. */
export type ProposalSource = { current: () => Promise<Proposal> };

const ceilTo = (value: number, step: number) => Math.ceil(value / step) * step;

/** Orders one proposal plans at most, the oldest first: anyone can post RFQs for gas, and planning is superlinear. */
export const MAX_PROPOSAL_ORDERS = 200;

/** The network planning job for the read model's open orders (the oldest {@link MAX_PROPOSAL_ORDERS}) at chain time `now`. */
export async function proposalJob(db: Kysely<Schema>, now: number): Promise<NetworkJob> {
  const [machines, reservations, downtimes, orders] = await Promise.all([
    db.selectFrom("machines").selectAll().where("active", "=", 1).orderBy("machine_id").execute(),
    db.selectFrom("reservations").selectAll().where("status", "=", "Live").where("end_time", ">", now).execute(),
    db.selectFrom("downtimes").selectAll().where("end_time", ">", now).whereRef("to_slot", ">", "from_slot").execute(),
    db
      .selectFrom("orders")
      .selectAll()
      .where("status", "in", ["Open", "Awarded"])
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom("reservations")
              .select("reservation_id")
              .whereRef("reservations.order_id", "=", "orders.id")
              .where("reservations.status", "=", "Live"),
          ),
        ),
      )
      .orderBy("id")
      .limit(MAX_PROPOSAL_ORDERS)
      .execute(),
  ]);
  const align = Math.max(3600, ...machines.map((m) => Number(m.slot_seconds)));
  const start = ceilTo(now, align);
  const networkOrders: NetworkOrder[] = [];
  for (const o of orders) {
    const hours = jobHours(o.process, o.material, o.quantity);
    if (hours === undefined) continue;
    // An awarded order stays with its maker; an open one cannot start before bidding ends.
    const awarded = o.status === "Awarded" && o.maker;
    networkOrders.push({
      id: String(o.id),
      dueAt: awarded ? (o.due_at ?? o.deadline) : o.deadline,
      releaseAt: awarded ? start : Math.max(start, ceilTo(o.bidding_ends, align)),
      routes: [
        { process: awarded ? `${o.process}@${o.maker}` : o.process, durationH: ceilTo(hours * 3600, align) / 3600 },
      ],
    });
  }
  const sites = new Map(machines.map((m) => [m.owner, { latitude: m.latitude / 1e6, longitude: m.longitude / 1e6 }]));
  const hours: Record<string, Record<string, number>> = {};
  for (const [a, sa] of sites) {
    hours[a] = {};
    for (const [b, sb] of sites) {
      if (a !== b) (hours[a] as Record<string, number>)[b] = ceilTo(roadTransportHours(sa, sb) * 3600, align) / 3600;
    }
  }
  return {
    orders: networkOrders,
    machines: machines.map((m) => ({
      id: String(m.machine_id),
      factory: m.owner,
      processes: [m.process, `${m.process}@${m.owner}`],
      // Rates in whole tokens of 6 decimals (the test stablecoin's); only their ratios matter.
      hourlyRate: Number(m.hourly_rate) / 1e6,
    })),
    reservations: reservations.map((r) => ({
      machineId: String(r.machine_id),
      start: Number(r.start_time),
      end: Number(r.end_time),
    })),
    downtime: downtimes.map((d) => ({
      machineId: String(d.machine_id),
      start: Number(d.start_time),
      end: Number(d.end_time),
    })),
    transport: { hours, defaultH: LOADING_H },
    weights: networkPlanWeights,
    now: start,
  };
}

/** Chain time of the read model: its newest stored block, else its newest event, else the clock. */
async function chainNow(db: Kysely<Schema>): Promise<{ block: number; now: number }> {
  const cursor = await db.selectFrom("cursor").select("block_number").executeTakeFirst();
  const block = await db
    .selectFrom("blocks")
    .select(["number", "timestamp"])
    .orderBy("number", "desc")
    .executeTakeFirst();
  if (block) return { block: Number(cursor?.block_number ?? block.number), now: Number(block.timestamp) };
  const latest = await db.selectFrom("events").select(sql<number>`max(block_time)`.as("t")).executeTakeFirst();
  return { block: Number(cursor?.block_number ?? 0), now: Number(latest?.t ?? Math.floor(Date.now() / 1000)) };
}

/**
 * Creates the proposal source over the read model and the planning worker.
 * @example const proposals = createProposalSource({ db, planning }); const p = await proposals.current();
 */
export function createProposalSource(p: {
  db: Kysely<Schema>;
  planning: Pick<PlanningService, "planNetwork">;
}): ProposalSource {
  let cached: { block: number; value: Promise<Proposal> } | undefined;
  async function compute(block: number, now: number): Promise<Proposal> {
    const job = await proposalJob(p.db, now);
    if (job.orders.length === 0) return { block, now: job.now, steps: [], unplanned: [], objective: null };
    const plan = await p.planning.planNetwork(job);
    return {
      block,
      now: job.now,
      steps: plan.assignments.map((a) => ({
        orderId: Number(a.orderId),
        step: a.step,
        process: a.process.split("@")[0] as string,
        machineId: Number(a.machineId),
        start: a.start,
        end: a.end,
        explanation: a.explanation.replace(/0x[0-9a-f]{40}/g, (m) => `${m.slice(0, 8)}…`),
      })),
      unplanned: plan.unplanned.map((u) => ({
        orderId: Number(u.orderId),
        reason: u.reason.replace(/@0x[0-9a-f]{40}/g, " (awarded maker)"),
      })),
      objective: plan.objective,
    };
  }
  return {
    async current() {
      const { block, now } = await chainNow(p.db);
      if (cached?.block !== block) {
        const value = compute(block, now);
        cached = { block, value };
        // A failed computation is not kept: the next request tries again.
        value.catch(() => {
          if (cached?.value === value) cached = undefined;
        });
      }
      return cached.value;
    },
  };
}
