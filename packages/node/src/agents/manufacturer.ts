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
// With the node's planning service and machines on the ledger, the planner (in its worker) decides
// instead: a bid's lead time is where the job fits its machines' free capacity after their live
// reservations, downtime and its unreserved commitments (no fit before the deadline: no bid); a won
// order is reserved where the planner puts it; (demo) now and then a machine breaks down during or
// before a reservation, and the orders the breakdown released are re-planned (replan: release and
// reserve in one transaction) with as few changes as possible.
// The machine calendar is a pure function of chain state (awarded orders, in award order), so a
// restarted agent derives the same production state and never repeats a transaction: every action
// checks the state it would change (milestones submitted, status, own bid) first.
import { planDowntimeReplan } from "@dipnet/planner";
import {
  acceptCounterOffer,
  bid,
  type DipnetClient,
  declareDowntime,
  depositStake,
  faucet,
  hasValidCertification,
  replan,
  reserve,
  ship,
  submitEvidence,
  submitMilestone,
  withdraw,
} from "@dipnet/sdk";
import type { Kysely } from "kysely";
import type { Address, Hex } from "viem";
import type { Schema } from "../core/db/schema.ts";
import { createDocumentStore, type DocumentStore } from "../modules/documents/store.ts";
import { ledgerSnapshotFromReadModel } from "../modules/planning/replan.ts";
import type { PlanningService } from "../modules/planning/service.ts";
import { type CapacityJob, loadMakerCapacity, type MakerCapacity, planJobs, slotsOf } from "./capacityPlan.ts";
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
  deliveryEvents,
  deliveryTraced,
  orderItems,
  orderReadings,
  productionEvidenceDocument,
  traceEvent,
} from "./productionEvidence.ts";
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
  /**
   * The node's planning service. With it (and its machines on the ledger) bids, reservations and
   * re-plans come from the planner. Default: none — the nominal calendar only.
   */
  planning?: Pick<PlanningService, "planNetwork" | "replanNetwork"> | undefined;
  /**
   * Demo: share (0–1) of its reservations whose machine breaks down before they are over, for a
   * length drawn from `breakdownLength` (seconds). Needs `planning`. Default: 0, and 4 h to 1 day.
   */
  breakdownShare?: number | undefined;
  breakdownLength?: readonly [number, number] | undefined;
  /** Where production evidence documents are kept. Default: in memory (hash only). */
  documents?: DocumentStore | undefined;
  /**
   * (demo) With `simulateProduction` and an evidence registry: milestone and shipping evidence is a
   * production evidence document citing the anchored readings in which its machines reported working
   * on the order (when there are none yet, the plain production record as before). Default: false.
   */
  citeReadings?: boolean | undefined;
  /** With `citeReadings`: chain seconds shipping may wait for a finished job's readings to be anchored. Default: 0. */
  anchorWait?: number | undefined;
  /**
   * (demo) Share (0–1) of its shipped orders whose parts it traces with EPCIS events recorded on the
   * evidence registry: commissioned and packed on shipping, handed to the customer on acceptance. Default: 0.
   */
  traceShare?: number | undefined;
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

  const registry = client.deployment.contracts.evidenceRegistry;
  const chainId = client.chain.id;

  /**
   * A production evidence document citing the order's anchored readings, stored; its hash, and how
   * many of its readings are not anchored yet. No hash without anchored readings (or `citeReadings`).
   */
  async function citedEvidence(
    o: OrderRow,
    milestone: number,
    final: boolean,
    partsDone: number,
  ): Promise<{ hash: Hex | undefined; pending: number }> {
    if (!p.citeReadings || !registry) return { hash: undefined, pending: 0 };
    const readings = await orderReadings(db, { maker: me, orderId: o.id, chainId, registry });
    if (readings.anchored.length === 0) return { hash: undefined, pending: readings.pending };
    const document = productionEvidenceDocument({ order: o, milestone, final, partsDone, readings: readings.anchored });
    return { hash: documents.put(document), pending: readings.pending };
  }

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
        if (!guard.ready(tick, `ship:${o.id}`)) continue;
        const cited = await citedEvidence(o, shares - 1, true, o.quantity);
        // Readings still on their way to the chain: give them one anchoring, within the limit.
        if (!cited.hash && cited.pending > 0 && tick.now < job.end + (p.anchorWait ?? 0)) continue;
        const hash = cited.hash ?? evidence("shipment", o, job, { shippedParts: o.quantity });
        await guard.act(
          tick,
          `ship:${o.id}`,
          `ship order ${o.id}${cited.hash ? " (evidence cites machine readings)" : ""}`,
          () => ship(client, { orderId: BigInt(o.id), evidenceHash: hash }),
        );
        continue;
      }
      const next = o.milestones_submitted;
      // One milestone pending at a time; the last one is paid on acceptance, not submitted.
      if (next === o.milestones_released && next < shares - 1 && progress >= (next + 1) / shares) {
        const key = `milestone:${o.id}:${next}`;
        if (!guard.ready(tick, key)) continue;
        const partsDone = Math.floor((o.quantity * (next + 1)) / shares);
        const cited = await citedEvidence(o, next, false, partsDone);
        const hash = cited.hash ?? evidence("milestone", o, job, { milestone: next, partsDone });
        await guard.act(
          tick,
          key,
          `submit milestone ${next} of order ${o.id}${cited.hash ? " (evidence cites machine readings)" : ""}`,
          () => submitMilestone(client, { orderId: BigInt(o.id), evidenceHash: hash }),
        );
      }
    }
  }

  /** What is known on chain of each traced order's delivery events (read once per order, then kept). */
  const traced = new Map<number, { commissioned: boolean; packed: boolean; received: boolean }>();

  /**
   * (demo) Traces the parts of its shipped orders in `traceShare`: commissioned and packed into the
   * shipment, then custody of the shipment to the customer once accepted. What is on chain decides
   * what is still to record, so a restart records nothing twice.
   */
  async function traceDeliveries(tick: AgentTick, orders: OrderRow[]): Promise<void> {
    const share = p.traceShare ?? 0;
    if (share <= 0 || !registry) return;
    for (const o of orders) {
      if (o.shipped_at === null || !["Shipped", "Completed"].includes(o.status)) continue;
      if (unitHash(`trace:${me}:${o.id}`) >= share) continue;
      let state = traced.get(o.id);
      if (state?.received || (state?.packed && o.status !== "Completed")) continue;
      const key = `trace:${o.id}`;
      state ??= await deliveryTraced(client, { chainId, orderId: o.id, customer: o.customer });
      traced.set(o.id, state);
      const shipped = await db
        .selectFrom("events")
        .select("args")
        .where("order_id", "=", o.id)
        .where("name", "=", "OrderShipped")
        .where("contract", "=", market.toLowerCase())
        .executeTakeFirst();
      const shippingEvidence = shipped ? (JSON.parse(shipped.args) as { evidenceHash?: Hex }).evidenceHash : undefined;
      const events = deliveryEvents({ chainId, order: o, maker: client.account.address, shippingEvidence });
      const { lot, shipment } = orderItems(chainId, o.id);
      const steps = [
        {
          done: state.commissioned,
          mark: "commissioned",
          item: lot,
          event: events.commissioning,
          label: "commission the parts",
        },
        { done: state.packed, mark: "packed", item: shipment, event: events.packing, label: "pack the shipment" },
        ...(events.receiving
          ? [
              {
                done: state.received,
                mark: "received",
                item: shipment,
                event: events.receiving,
                label: "hand the shipment to the customer",
                custodyTo: o.customer as Address,
              },
            ]
          : []),
      ] as const;
      for (const s of steps) {
        if (s.done) continue;
        const sent = await guard.act(
          tick,
          `${key}:${s.mark}`,
          `${s.label} of order ${o.id} (EPCIS, traced on chain)`,
          () =>
            traceEvent(db, client, {
              orderId: o.id,
              item: s.item,
              event: s.event,
              custodyTo: "custodyTo" in s ? s.custodyTo : undefined,
            }),
        );
        if (!sent) break;
        state[s.mark as "commissioned" | "packed" | "received"] = true;
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
    if (p.simulateProduction) {
      await produce(tick, orders);
      await traceDeliveries(tick, orders);
    }
    await answerDisputes(tick, orders);

    const cap =
      p.planning && client.deployment.contracts.capacityLedger ? await loadMakerCapacity(db, me, machines) : undefined;
    if (cap && (p.breakdownShare ?? 0) > 0 && !guard.busy(tick)) await breakDown(tick);
    if (cap && !guard.busy(tick)) await replanBrokenDown(tick);

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
        // The terms it judged: an offer swapped in front of the acceptance makes it revert.
        () =>
          acceptCounterOffer(client, {
            orderId: BigInt(b.order_id),
            price: BigInt(b.counter_price ?? 0),
            leadTime: b.counter_lead_time ?? 0,
          }),
      );
    }

    // New bids: only on a view that includes all its own earlier transactions.
    if (!guard.busy(tick)) {
      const reserved = openBids.reduce((sum, b) => sum + BigInt(b.o.bond), 0n);
      if (cap) await bidOnPlannedRfqs(tick, cap, orders, openBids, reserved);
      else await bidOnRfqs(tick, booked, reserved);
    }

    if (cap && !guard.busy(tick)) await reservePlanned(tick, cap, orders);
    else if (client.deployment.contracts.capacityLedger && !guard.busy(tick)) await reserveWon(tick, orders);

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

  /** Free stake for new bids: stake − locked − bonds of its open bids (winning all must not fail). */
  async function freeStake(reservedBonds: bigint): Promise<bigint | undefined> {
    const row = await participantOf(db, me);
    if (!row || (row.roles & 2) === 0) return undefined;
    return BigInt(row.stake) - BigInt(row.locked) - reservedBonds;
  }

  /**
   * Whether it may bid on `o` at all: its process, public or invited, not its own, no bid yet, bond
   * within `free`, and any required certification held.
   */
  async function mayBid(o: OrderRow, free: bigint, now: number): Promise<boolean> {
    if (!processes.has(o.process) || o.sealed === 1 || o.customer === me) return false;
    const invitees = JSON.parse(o.invitees) as string[];
    if (invitees.length > 0 && !invitees.map((a) => a.toLowerCase()).includes(me)) return false;
    if (BigInt(o.bond) > free || (await hasBid(db, o.id, me))) return false;
    return !o.required_certification || (await holds(o.required_certification, now));
  }

  async function bidOnRfqs(tick: AgentTick, booked: CalendarJob[], reservedBonds: bigint): Promise<void> {
    let free = await freeStake(reservedBonds);
    if (free === undefined) return;
    const bidsPerStep = p.bidsPerStep ?? 4;
    let placed = 0;
    const margin = p.bidCloseMargin ?? 0;
    for (const o of await biddableRfqs(db, tick.now + margin)) {
      if (placed >= bidsPerStep) break;
      if (!(await mayBid(o, free, tick.now))) continue;
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

  /** Orders it must still make that hold no live reservation: awarded ones, and open bids as if won. */
  async function unreservedCommitments(orders: OrderRow[], openBids: Awaited<ReturnType<typeof bidsOf>>) {
    const awarded = orders.filter((o) => o.status === "Awarded" && processes.has(o.process));
    const ids = [...awarded.map((o) => o.id), ...openBids.map((b) => b.order_id)];
    const live = new Set(
      ids.length === 0
        ? []
        : (
            await db
              .selectFrom("reservations")
              .select("order_id")
              .where("order_id", "in", ids)
              .where("status", "=", "Live")
              .execute()
          ).map((r) => Number(r.order_id)),
    );
    const jobs: CapacityJob[] = [];
    for (const o of awarded) {
      if (live.has(o.id)) continue;
      const due = (o.due_at ?? o.deadline) - policy.shippingSeconds;
      jobs.push({ key: String(o.id), process: o.process, hours: hoursOf(o), releaseAt: o.awarded_at ?? 0, dueAt: due });
    }
    for (const b of openBids) {
      if (!processes.has(b.o.process)) continue;
      const due = b.o.bidding_ends + (b.lead_time ?? 0) - policy.shippingSeconds;
      jobs.push({
        key: String(b.order_id),
        process: b.o.process,
        hours: hoursOf(b.o),
        releaseAt: b.o.bidding_ends,
        dueAt: due,
      });
    }
    return jobs;
  }

  const declined = new Set<number>();

  /**
   * Bids with the planner: its commitments without reservations are planned first, then each RFQ
   * alone into what is left; the lead time runs from bidding end to the planned finish plus
   * shipping. No fit before the deadline (less shipping): no bid.
   */
  async function bidOnPlannedRfqs(
    tick: AgentTick,
    cap: MakerCapacity,
    orders: OrderRow[],
    openBids: Awaited<ReturnType<typeof bidsOf>>,
    reservedBonds: bigint,
  ): Promise<void> {
    let free = await freeStake(reservedBonds);
    if (free === undefined) return;
    const candidates = [];
    for (const o of await biddableRfqs(db, tick.now + (p.bidCloseMargin ?? 0))) {
      if (!declined.has(o.id) && (await mayBid(o, free, tick.now))) candidates.push(o);
    }
    if (candidates.length === 0) return;
    const committed = await planJobs(
      p.planning as PlanningService,
      cap,
      await unreservedCommitments(orders, openBids),
      tick.now,
    );
    const taken = [...committed.values()].map((a) => ({ machineId: a.machineId, start: a.start, end: a.end }));
    let placed = 0;
    for (const o of candidates) {
      if (placed >= (p.bidsPerStep ?? 4) || BigInt(o.bond) > free) break;
      // Price, material and budget from the cost model; time from the plan.
      const q = quote({ machines, materials: p.materials, policy }, rfqView(o), []);
      if (!q.ok) continue;
      const due = o.deadline - policy.shippingSeconds;
      const job = { key: String(o.id), process: o.process, hours: q.cost.hours, releaseAt: o.bidding_ends, dueAt: due };
      const a = (await planJobs(p.planning as PlanningService, cap, [job], tick.now, taken)).get(job.key);
      if (!a || a.end > due) {
        declined.add(o.id);
        log(
          "info",
          `${p.name}: no bid on order ${o.id}: its machines' free capacity cannot finish it before the deadline`,
        );
        continue;
      }
      const leadTime = a.end - o.bidding_ends + policy.shippingSeconds;
      const landed = await guard.act(
        tick,
        `bid:${o.id}`,
        `bid ${q.priceUsd} USD, lead time ${(leadTime / 3600).toFixed(1)} h (planned on machine ${a.machineId}) on order ${o.id} (${o.process}, ${o.quantity} × ${o.material})`,
        () => bid(client, { orderId: BigInt(o.id), price: usdToUnits(q.priceUsd), leadTime }),
      );
      if (landed) {
        placed++;
        free -= BigInt(o.bond);
        taken.push({ machineId: a.machineId, start: a.start, end: a.end });
      }
    }
  }

  /** Reserves each won order that holds no reservation yet where the planner puts it. */
  async function reservePlanned(tick: AgentTick, cap: MakerCapacity, orders: OrderRow[]): Promise<void> {
    const awarded = orders.filter((o) => o.status === "Awarded" && processes.has(o.process));
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
    const jobs = awarded
      .filter((o) => !holding.has(o.id))
      .map((o) => ({
        key: String(o.id),
        process: o.process,
        hours: hoursOf(o),
        releaseAt: tick.now,
        dueAt: (o.due_at ?? o.deadline) - policy.shippingSeconds,
      }));
    if (jobs.length === 0) return;
    const plan = await planJobs(p.planning as PlanningService, cap, jobs, tick.now);
    for (const job of jobs) {
      const a = plan.get(job.key);
      if (!a || guard.busy(tick)) continue;
      const slots = slotsOf(cap, a);
      await guard.act(tick, `reserve:${job.key}`, `reserve machine ${a.machineId} for order ${job.key} (planned)`, () =>
        reserve(client, { orderId: BigInt(job.key), requests: [{ machineId: BigInt(a.machineId), ...slots }] }),
      );
    }
  }

  /**
   * Demo: a machine breaks down during one of its reservations not yet over, or just before it (a
   * fixed function of the reservation id, so a restarted agent picks the same ones), releasing the
   * reservations in the way.
   */
  async function breakDown(tick: AgentTick): Promise<void> {
    const share = p.breakdownShare ?? 0;
    const [lo, hi] = p.breakdownLength ?? [4 * 3600, 86_400];
    const mine = await db
      .selectFrom("machines")
      .select(["machine_id", "slot_seconds"])
      .where("owner", "=", me)
      .where("active", "=", 1)
      .execute();
    const slotOf = new Map(mine.map((m) => [Number(m.machine_id), Number(m.slot_seconds)]));
    if (mine.length === 0) return;
    // Reservations not yet over: a breakdown can hit running work too (it is re-planned in full).
    const current = await db
      .selectFrom("reservations")
      .selectAll()
      .where(
        "machine_id",
        "in",
        mine.map((m) => m.machine_id),
      )
      .where("status", "=", "Live")
      .where("end_time", ">", tick.now + 2 * 3600)
      .orderBy("reservation_id")
      .execute();
    for (const r of current) {
      const rid = Number(r.reservation_id);
      if (unitHash(`breakdown:${me}:${rid}`) >= share) continue;
      const machineId = Number(r.machine_id);
      const slot = slotOf.get(machineId) ?? 3600;
      // From the next slot at the earliest: downtime cannot begin in the past.
      const fromSlot = Math.max(Number(r.from_slot), Math.floor(tick.now / slot) + 1);
      if (fromSlot >= Number(r.to_slot)) continue;
      const length = lo + unitHash(`breakdown-length:${me}:${rid}`) * (hi - lo);
      const toSlot = fromSlot + Math.max(1, Math.round(length / slot));
      const clash = await db
        .selectFrom("downtimes")
        .select("downtime_id")
        .where("machine_id", "=", machineId)
        .where("from_slot", "<", toSlot)
        .where("to_slot", ">", fromSlot)
        .executeTakeFirst();
      if (clash) continue;
      const inTheWay = await db
        .selectFrom("reservations")
        .select("reservation_id")
        .where("machine_id", "=", machineId)
        .where("status", "=", "Live")
        .where("from_slot", "<", toSlot)
        .where("to_slot", ">", fromSlot)
        .execute();
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

  /** Re-plans the orders its machines' downtime released (nothing when all are re-planned). */
  async function replanBrokenDown(tick: AgentTick): Promise<void> {
    // A cheap look first (the full snapshot reads the whole ledger): is any order its recent
    // downtimes released still to be made, with no reservation made since?
    const downtimes = await db
      .selectFrom("downtimes")
      .innerJoin("machines", "machines.machine_id", "downtimes.machine_id")
      .select(["downtimes.released_reservation_ids", "downtimes.declared_block"])
      .where("machines.owner", "=", me)
      .where("downtimes.released_reservation_ids", "!=", "[]")
      .where("downtimes.declared_at", ">", tick.now - CALENDAR_HORIZON)
      .execute();
    if (downtimes.length === 0) return;
    const releasedBy = new Map<number, number>();
    for (const d of downtimes)
      for (const id of JSON.parse(d.released_reservation_ids) as string[])
        releasedBy.set(Number(id), Number(d.declared_block));
    const released = await db
      .selectFrom("reservations")
      .innerJoin("orders", "orders.id", "reservations.order_id")
      .select(["reservations.reservation_id", "reservations.order_id"])
      .where("reservations.reservation_id", "in", [...releasedBy.keys()])
      .where("orders.status", "in", ["Open", "Awarded"])
      .execute();
    let pending = false;
    for (const r of released) {
      const since = await db
        .selectFrom("reservations")
        .select("reservation_id")
        .where("order_id", "=", r.order_id)
        .where("made_block", ">", releasedBy.get(Number(r.reservation_id)) ?? 0)
        .executeTakeFirst();
      if (!since) pending = true;
    }
    if (!pending) return;
    const planning = p.planning as PlanningService;
    const plan = await planDowntimeReplan({
      snapshot: await ledgerSnapshotFromReadModel(db, tick.now),
      owner: me,
      replan: (job) => planning.replanNetwork(job),
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
