// The manufacturer autopilot's bidding: accepts counter-offers that still clear its minimum margin
// and its quoted lead time, and bids on open RFQs it fits (process, material, free stake, machine
// capacity before the deadline) at cost × (1 + margin), never above budget, skipping those it
// cannot deliver in time and those requiring a certification it does not validly hold (the market
// would refuse the bid). Without the planner it quotes from its nominal calendar; with it, the lead
// time is where the planner fits the job into its machines' free capacity (no fit: no bid).
import { acceptsCounterOffer, type CalendarJob, quote, type RfqView, unitsToUsd, usdToUnits } from "@dipnet/planner";
import { acceptCounterOffer, bid, hasValidCertification } from "@dipnet/sdk";
import { type CapacityJob, type MakerPlanner, planJobs } from "../capacityPlan.ts";
import type { AgentReadModel, BidRow, OrderRow } from "../readModel.ts";
import type { AgentTick } from "../runtime.ts";
import type { Maker } from "./context.ts";

/** What bidding reads. */
export type BiddingReadModel = Pick<
  AgentReadModel,
  "bidsOf" | "biddableRfqs" | "hasBid" | "participantOf" | "reservations"
>;

/** Options of the manufacturer's bidding. */
export type BiddingOptions = {
  /** Most new bids per step. Default: 4. */
  bidsPerStep?: number | undefined;
  /** Chain seconds before bidding closes below which it does not start a bid. Default: 0. */
  bidCloseMargin?: number | undefined;
};

type OpenBid = BidRow & { o: OrderRow };

const rfqView = (o: OrderRow): RfqView => ({
  key: String(o.id),
  process: o.process,
  material: o.material,
  quantity: o.quantity,
  budgetUsd: unitsToUsd(o.budget),
  deadline: o.deadline,
  biddingEnds: o.bidding_ends,
});

/** The manufacturer's bidding; `bid` is its step. */
export function createBidding(maker: Maker, readModel: BiddingReadModel, options: BiddingOptions) {
  const { client, me, machines, materials, policy, processes, guard, log } = maker;
  const bidsPerStep = options.bidsPerStep ?? 4;
  const bidCloseMargin = options.bidCloseMargin ?? 0;
  const quoteOf = (o: OrderRow, booked: readonly CalendarJob[]) =>
    quote({ machines, materials, policy }, rfqView(o), booked);

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

  /** Free stake for new bids: stake − locked − bonds of its open bids (winning all must not fail). */
  async function freeStake(reservedBonds: bigint): Promise<bigint | undefined> {
    const row = await readModel.participantOf(me);
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
    if (BigInt(o.bond) > free || (await readModel.hasBid(o.id, me))) return false;
    return !o.required_certification || (await holds(o.required_certification, now));
  }

  /** Accepts a counter-offer when the price clears the minimum margin and the lead time is no shorter than quoted. */
  async function answerCounterOffers(tick: AgentTick, openBids: readonly OpenBid[], booked: readonly CalendarJob[]) {
    for (const b of openBids) {
      if (b.counter_price === null || b.counter_lead_time === null) continue;
      const q = quoteOf(
        b.o,
        booked.filter((j) => j.key !== String(b.order_id)),
      );
      const counterUsd = unitsToUsd(b.counter_price);
      const worth =
        q.ok &&
        acceptsCounterOffer({
          counterPriceUsd: counterUsd,
          counterLeadTime: b.counter_lead_time,
          minPriceUsd: q.minPriceUsd,
          feasibleLeadTime: Math.min(q.leadTime, b.lead_time ?? 0),
        });
      if (!worth) continue; // the original bid stands
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
  }

  /** Bids on the RFQs it fits, quoting from `booked` (its nominal calendar, grown by each bid that lands). */
  async function bidOnRfqs(tick: AgentTick, booked: CalendarJob[], reservedBonds: bigint): Promise<void> {
    let free = await freeStake(reservedBonds);
    if (free === undefined) return;
    let placed = 0;
    for (const o of await readModel.biddableRfqs(tick.now + bidCloseMargin)) {
      if (placed >= bidsPerStep) break;
      if (!(await mayBid(o, free, tick.now))) continue;
      const q = quoteOf(o, booked);
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

  /** Orders it must still make that hold no live reservation: awarded ones, and open bids as if won. */
  async function unreservedCommitments(orders: readonly OrderRow[], openBids: readonly OpenBid[]) {
    const awarded = orders.filter((o) => o.status === "Awarded" && processes.has(o.process));
    const live = new Set(
      (
        await readModel.reservations({
          orderIds: [...awarded.map((o) => o.id), ...openBids.map((b) => b.order_id)],
          status: "Live",
        })
      ).map((r) => Number(r.order_id)),
    );
    const jobs: CapacityJob[] = [];
    for (const o of awarded) {
      if (live.has(o.id)) continue;
      const due = (o.due_at ?? o.deadline) - policy.shippingSeconds;
      jobs.push({
        key: String(o.id),
        process: o.process,
        hours: maker.hoursOf(o),
        releaseAt: o.awarded_at ?? 0,
        dueAt: due,
      });
    }
    for (const b of openBids) {
      if (!processes.has(b.o.process)) continue;
      const due = b.o.bidding_ends + (b.lead_time ?? 0) - policy.shippingSeconds;
      jobs.push({
        key: String(b.order_id),
        process: b.o.process,
        hours: maker.hoursOf(b.o),
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
    planner: MakerPlanner,
    orders: readonly OrderRow[],
    openBids: readonly OpenBid[],
    reservedBonds: bigint,
  ): Promise<void> {
    let free = await freeStake(reservedBonds);
    if (free === undefined) return;
    const candidates = [];
    for (const o of await readModel.biddableRfqs(tick.now + bidCloseMargin)) {
      if (!declined.has(o.id) && (await mayBid(o, free, tick.now))) candidates.push(o);
    }
    if (candidates.length === 0) return;
    const committed = await planJobs(planner, await unreservedCommitments(orders, openBids), tick.now);
    const taken = [...committed.values()].map((a) => ({ machineId: a.machineId, start: a.start, end: a.end }));
    let placed = 0;
    for (const o of candidates) {
      if (placed >= bidsPerStep || BigInt(o.bond) > free) break;
      // Price, material and budget from the cost model; time from the plan.
      const q = quoteOf(o, []);
      if (!q.ok) continue;
      const due = o.deadline - policy.shippingSeconds;
      const job = { key: String(o.id), process: o.process, hours: q.cost.hours, releaseAt: o.bidding_ends, dueAt: due };
      const a = (await planJobs(planner, [job], tick.now, taken)).get(job.key);
      if (!a || a.end > due) {
        declined.add(o.id);
        log(
          "info",
          `${maker.name}: no bid on order ${o.id}: its machines' free capacity cannot finish it before the deadline`,
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

  /**
   * One step of bidding on the view of `orders` (its calendar's orders): counter-offers first, then
   * new bids — only on a view that includes all its own earlier transactions.
   */
  async function step(tick: AgentTick, orders: readonly OrderRow[], planner: MakerPlanner | undefined): Promise<void> {
    const openBids = (await readModel.bidsOf(me, "Open")).filter((b) => b.state === "Active");
    // The nominal calendar (what it believes when quoting): awarded jobs, then its open bids as if won.
    const booked: CalendarJob[] = [
      ...maker.jobsOf(orders, false),
      ...openBids.map((b) => ({
        key: String(b.order_id),
        process: b.o.process,
        hours: maker.hoursOf(b.o),
        readyAt: b.o.bidding_ends,
      })),
    ];
    await answerCounterOffers(tick, openBids, booked);
    if (guard.busy(tick)) return;
    const reserved = openBids.reduce((sum, b) => sum + BigInt(b.o.bond), 0n);
    if (planner) await bidOnPlannedRfqs(tick, planner, orders, openBids, reserved);
    else await bidOnRfqs(tick, booked, reserved);
  }

  return { step };
}
