// Manufacturer autopilot. Each step, from the read model:
//  1. production (demo): advances its awarded orders as its simulated machines finish them —
//     submits each non-final milestone when the job passes its share of the work (evidence: a
//     production record, hashed), ships when the job is done;
//  2. answers disputes on its orders with its production record as evidence;
//  3. accepts counter-offers that still clear its minimum margin and its quoted lead time;
//  4. bids on open RFQs it fits (process, material, free stake, machine capacity before the
//     deadline) at cost × (1 + margin), never above budget, skipping those it cannot deliver in time
//     and those requiring a certification it does not validly hold (the market would refuse the bid);
//  5. reserves on the capacity ledger the machine time of each order it won (the nominal calendar's
//     slot of it), once: an order that holds a reservation is not reserved again;
//  6. withdraws its earnings once they pass a threshold; (demo) tops its stake up after slashing.
// The machine calendar is a pure function of chain state (awarded orders, in award order), so a
// restarted agent derives the same production state and never repeats a transaction: every action
// checks the state it would change (milestones submitted, status, own bid) first.
import {
  acceptCounterOffer,
  bid,
  type DipnetClient,
  depositStake,
  faucet,
  hasValidCertification,
  reserve,
  ship,
  submitEvidence,
  submitMilestone,
  withdraw,
} from "@dipnet/sdk";
import type { Kysely } from "kysely";
import type { Schema } from "../db/schema.ts";
import { createDocumentStore, type DocumentStore } from "../documents.ts";
import {
  type CalendarJob,
  jobHours,
  type Machine,
  type PricingPolicy,
  quote,
  type ScheduledJob,
  schedule,
  unitsToUsd,
  usdToUnits,
} from "./costModel.ts";
import {
  biddableRfqs,
  bidsOf,
  calendarOrders,
  disputeEvidence,
  hasBid,
  type OrderRow,
  owedOf,
  participantOf,
} from "./readModel.ts";
import { type Agent, type AgentLog, type AgentTick, createActionGuard, unitHash } from "./runtime.ts";

/** Default pricing: 25 % margin, 8 % least, one day to ship, at most 85 % of machine time booked. */
export const defaultPricingPolicy: PricingPolicy = {
  margin: 0.25,
  minMargin: 0.08,
  shippingSeconds: 86_400,
  maxUtilization: 0.85,
};

/** Parameters of `createManufacturerAgent`. */
export type CreateManufacturerAgentParameters = {
  name: string;
  client: DipnetClient;
  db: Kysely<Schema>;
  machines: readonly Machine[];
  /** Materials it stocks. */
  materials: readonly string[];
  /** Default: `defaultPricingPolicy`. */
  policy?: Partial<PricingPolicy> | undefined;
  /** Advance production (milestones, shipping) as the simulated machines finish. Default: false. */
  simulateProduction?: boolean | undefined;
  /**
   * Demo: share (0–1) of its orders held up by a breakdown, and the range of the hold-up in
   * seconds (drawn per order). Beyond the due date plus the market's grace the customer claims a
   * default; within it the delivery is merely late. Default: 0, and 1 to 6 days.
   */
  slowShare?: number | undefined;
  slowDelay?: readonly [number, number] | undefined;
  /** Withdraw earnings once they reach this (base units). Default: 100 tUSD. */
  withdrawMin?: bigint | undefined;
  /** Demo: keep the stake at this level, topping up from the test faucet. Default: off. */
  stakeTarget?: bigint | undefined;
  /** Most new bids per step. Default: 4. */
  bidsPerStep?: number | undefined;
  /** Chain seconds before bidding closes below which it does not start a bid. Default: 0. */
  bidCloseMargin?: number | undefined;
  /** Where production evidence documents are kept. Default: in memory (hash only). */
  documents?: DocumentStore | undefined;
  log?: AgentLog | undefined;
};

/** The manufacturer autopilot and its (pure) view of its calendar. */
export type ManufacturerAgent = Agent & {
  /** Production state of its open orders at `now`, from the read model. */
  production: (now: number) => Promise<ScheduledJob[]>;
};

const CALENDAR_HORIZON = 60 * 86_400;

/**
 * Creates a manufacturer autopilot.
 * @example const agent = createManufacturerAgent({ name: "stuttgart", client, db, machines, materials: ["aluminium-6061"] });
 */
export function createManufacturerAgent(p: CreateManufacturerAgentParameters): ManufacturerAgent {
  const { client, db, machines } = p;
  const me = client.account.address.toLowerCase();
  const log = p.log ?? (() => {});
  const policy: PricingPolicy = { ...defaultPricingPolicy, ...p.policy };
  const guard = createActionGuard(p.name, log);
  const documents = p.documents ?? createDocumentStore();
  const token = client.deployment.contracts.testStablecoin ?? "";
  const market = client.deployment.contracts.orderMarket;
  const withdrawMin = p.withdrawMin ?? 100_000_000n;
  const processes = new Set(machines.map((m) => m.process));
  const slowShare = p.slowShare ?? 0;
  const [delayMin, delayMax] = p.slowDelay ?? [86_400, 6 * 86_400];

  /** The (demo) hold-up of an order: a fixed function of the order id, so restart-safe. */
  const delayOf = (orderId: number) =>
    slowShare > 0 && unitHash(`slow:${me}:${orderId}`) < slowShare
      ? Math.round(delayMin + unitHash(`delay:${me}:${orderId}`) * (delayMax - delayMin))
      : 0;

  /**
   * Whether it holds a valid certification of `type` (the market refuses its bid otherwise), asked of
   * the chain's certifier registry and remembered for an hour of chain time: certifications expire
   * or are revoked, so the answer is not kept for good.
   */
  const certified = new Map<string, { valid: boolean; checkedAt: number }>();
  async function holds(type: string, now: number): Promise<boolean> {
    const known = certified.get(type);
    if (known && now < known.checkedAt + 3600) return known.valid;
    const valid = await hasValidCertification(client, { subject: client.account.address, type });
    certified.set(type, { valid, checkedAt: now });
    return valid;
  }

  const hoursOf = (o: OrderRow) => jobHours(o.process, o.material, o.quantity) ?? 0;

  /** Calendar jobs of its orders, in award order; `actual` adds the demo hold-ups it did not plan for. */
  function jobsOf(orders: readonly OrderRow[], actual: boolean): CalendarJob[] {
    return orders
      .filter((o) => o.awarded_at !== null && processes.has(o.process))
      .map((o) => ({
        key: String(o.id),
        process: o.process,
        hours: hoursOf(o),
        readyAt: o.awarded_at as number,
        delaySeconds: actual ? delayOf(o.id) : 0,
        endedAt: o.status === "Awarded" ? undefined : (o.shipped_at ?? o.closed_at ?? undefined),
      }));
  }

  async function production(now: number): Promise<ScheduledJob[]> {
    const orders = await calendarOrders(db, me, now - CALENDAR_HORIZON);
    return schedule(machines, jobsOf(orders, true));
  }

  const evidence = (kind: string, o: OrderRow, job: ScheduledJob | undefined, extra: Record<string, unknown>) =>
    documents.put({
      schema: "dipnet/evidence@1",
      kind,
      orderId: o.id,
      maker: me,
      process: o.process,
      material: o.material,
      quantity: o.quantity,
      machine: job?.machineId ?? null,
      jobStart: job?.start ?? null,
      jobEnd: job?.end ?? null,
      ...extra,
    });

  async function produce(tick: AgentTick, orders: OrderRow[]): Promise<void> {
    const scheduled = schedule(machines, jobsOf(orders, true));
    const byKey = new Map(scheduled.map((j) => [j.key, j]));
    for (const o of orders) {
      if (o.status !== "Awarded") continue;
      const job = byKey.get(String(o.id));
      if (!job) continue;
      const shares = (JSON.parse(o.milestone_bps) as number[]).length;
      const progress = job.end > job.start ? (tick.now - job.start) / (job.end - job.start) : 1;
      if (progress >= 1) {
        const hash = evidence("shipment", o, job, { shippedParts: o.quantity });
        await guard.act(tick, `ship:${o.id}`, `ship order ${o.id}`, () =>
          ship(client, { orderId: BigInt(o.id), evidenceHash: hash }),
        );
        continue;
      }
      const next = o.milestones_submitted;
      // One milestone pending at a time; the last one is paid on acceptance, not submitted.
      if (next === o.milestones_released && next < shares - 1 && progress >= (next + 1) / shares) {
        const partsDone = Math.floor((o.quantity * (next + 1)) / shares);
        const hash = evidence("milestone", o, job, { milestone: next, partsDone });
        await guard.act(tick, `milestone:${o.id}:${next}`, `submit milestone ${next} of order ${o.id}`, () =>
          submitMilestone(client, { orderId: BigInt(o.id), evidenceHash: hash }),
        );
      }
    }
  }

  async function answerDisputes(tick: AgentTick, orders: OrderRow[]): Promise<void> {
    for (const o of orders) {
      if (o.status !== "Disputed") continue;
      const { parties } = await disputeEvidence(db, o.id);
      if (parties.has(me)) continue;
      const hash = evidence("production-record", o, undefined, {
        awardedAt: o.awarded_at,
        shippedAt: o.shipped_at,
        dueAt: o.due_at,
        milestonesSubmitted: o.milestones_submitted,
      });
      await guard.act(tick, `evidence:${o.id}`, `submit evidence on order ${o.id}`, () =>
        submitEvidence(client, { orderId: BigInt(o.id), evidenceHash: hash }),
      );
    }
  }

  async function step(tick: AgentTick): Promise<void> {
    const orders = await calendarOrders(db, me, tick.now - CALENDAR_HORIZON);
    if (p.simulateProduction) await produce(tick, orders);
    await answerDisputes(tick, orders);

    const openBids = (await bidsOf(db, me, "Open")).filter((b) => b.state === "Active");
    // The nominal calendar (what it believes when quoting): awarded jobs, then its open bids as if won.
    const booked: CalendarJob[] = [
      ...jobsOf(orders, false),
      ...openBids.map((b) => ({
        key: String(b.order_id),
        process: b.o.process,
        hours: hoursOf(b.o),
        readyAt: b.o.bidding_ends,
      })),
    ];

    // Counter-offers: accept when the price clears the minimum margin and the lead time is no shorter than quoted.
    for (const b of openBids) {
      if (b.counter_price === null || b.counter_lead_time === null) continue;
      const others = booked.filter((j) => j.key !== String(b.order_id));
      const q = quote({ machines, materials: p.materials, policy }, rfqView(b.o), others);
      const counterUsd = unitsToUsd(b.counter_price);
      if (!q.ok || counterUsd + 1e-9 < q.minPriceUsd || b.counter_lead_time < Math.min(q.leadTime, b.lead_time ?? 0)) {
        continue; // not worth it: the original bid stands
      }
      await guard.act(
        tick,
        `counter:${b.order_id}`,
        `accept counter-offer on order ${b.order_id} at ${counterUsd} USD`,
        () => acceptCounterOffer(client, { orderId: BigInt(b.order_id) }),
      );
    }

    // New bids: only on a view that includes all its own earlier transactions.
    if (!guard.busy(tick)) {
      const reserved = openBids.reduce((sum, b) => sum + BigInt(b.o.bond), 0n);
      await bidOnRfqs(tick, booked, reserved);
    }

    if (client.deployment.contracts.capacityLedger && !guard.busy(tick)) await reserveWon(tick, orders);

    // Earnings.
    if (token && !guard.busy(tick)) {
      const owed = await owedOf(db, market, token, me);
      if (owed >= withdrawMin) {
        await guard.act(tick, "withdraw", `withdraw ${unitsToUsd(owed)} tUSD`, () => withdraw(client, { token }));
      }
    }
    if (p.stakeTarget !== undefined && !guard.busy(tick)) await topUpStake(tick, p.stakeTarget);
  }

  const rfqView = (o: OrderRow) => ({
    key: String(o.id),
    process: o.process,
    material: o.material,
    quantity: o.quantity,
    budgetUsd: unitsToUsd(o.budget),
    deadline: o.deadline,
    biddingEnds: o.bidding_ends,
  });

  async function bidOnRfqs(tick: AgentTick, booked: CalendarJob[], reservedBonds: bigint): Promise<void> {
    const me_ = await participantOf(db, me);
    if (!me_ || (me_.roles & 2) === 0) return;
    // Bonds of its open bids are reserved too: winning all of them must not fail for lack of stake.
    let free = BigInt(me_.stake) - BigInt(me_.locked) - reservedBonds;
    const bidsPerStep = p.bidsPerStep ?? 4;
    let placed = 0;
    const margin = p.bidCloseMargin ?? 0;
    for (const o of await biddableRfqs(db, tick.now + margin)) {
      if (placed >= bidsPerStep) break;
      if (!processes.has(o.process) || o.sealed === 1) continue;
      if (o.customer === me) continue;
      const invitees = JSON.parse(o.invitees) as string[];
      if (invitees.length > 0 && !invitees.map((a) => a.toLowerCase()).includes(me)) continue;
      if (await hasBid(db, o.id, me)) continue;
      if (o.required_certification && !(await holds(o.required_certification, tick.now))) continue;
      if (BigInt(o.bond) > free) continue;
      const q = quote({ machines, materials: p.materials, policy }, rfqView(o), booked);
      if (!q.ok) continue;
      const landed = await guard.act(
        tick,
        `bid:${o.id}`,
        `bid ${q.priceUsd} USD, lead time ${(q.leadTime / 3600).toFixed(1)} h on order ${o.id} (${o.process}, ${o.quantity} × ${o.material})`,
        () => bid(client, { orderId: BigInt(o.id), price: usdToUnits(q.priceUsd), leadTime: q.leadTime }),
      );
      if (landed) {
        placed++;
        free -= BigInt(o.bond);
        booked.push({ key: String(o.id), process: o.process, hours: q.cost.hours, readyAt: o.bidding_ends });
      }
    }
  }

  /**
   * Reserves the nominal calendar's machine time of its awarded orders on the capacity ledger. Its
   * machines are the ledger's machines it owns, in registration order (as the seed registers them).
   * Jobs map to slots `[ceil(start), ceil(end))` so back-to-back jobs on one machine never overlap;
   * time already past is not reserved.
   */
  async function reserveWon(tick: AgentTick, orders: OrderRow[]): Promise<void> {
    const ledgerMachines = await db
      .selectFrom("machines")
      .select(["machine_id", "slot_seconds"])
      .where("owner", "=", me)
      .orderBy("machine_id")
      .execute();
    if (ledgerMachines.length === 0) return;
    const ledgerIdOf = new Map(machines.map((m, i) => [m.id, ledgerMachines[i]]));
    const awarded = orders.filter((o) => o.status === "Awarded");
    if (awarded.length === 0) return;
    const holding = new Set(
      (
        await db
          .selectFrom("reservations")
          .select("order_id")
          .where(
            "order_id",
            "in",
            awarded.map((o) => o.id),
          )
          .execute()
      ).map((r) => Number(r.order_id)),
    );
    const jobs = new Map(schedule(machines, jobsOf(orders, false)).map((j) => [j.key, j]));
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
      const held = await db
        .selectFrom("reservations")
        .select(["from_slot", "to_slot"])
        .where("machine_id", "=", target.machine_id)
        .where("status", "=", "Live")
        .where("to_slot", ">", fromSlot)
        .orderBy("from_slot")
        .execute();
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

  async function topUpStake(tick: AgentTick, target: bigint): Promise<void> {
    const row = await participantOf(db, me);
    if (!row || (row.roles & 2) === 0) return;
    const stake = BigInt(row.stake);
    if (stake * 2n >= target) return;
    const amount = target - stake;
    await guard.act(tick, "stake", `top up stake by ${unitsToUsd(amount)} tUSD`, async () => {
      await faucet(client, { amount: amount > 10_000_000_000n ? 10_000_000_000n : amount });
      return depositStake(client, { amount: amount > 10_000_000_000n ? 10_000_000_000n : amount });
    });
  }

  return { name: p.name, client, step, actions: guard.actions, production };
}
