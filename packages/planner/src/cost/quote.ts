// Quoting: what a manufacturer bids on an RFQ (price and lead time) from its cost model and its
// machine calendar, and whether a counter-offer still pays.
import { type CalendarJob, capacity, schedule } from "./calendar.ts";
import { cents, type JobCost, jobCost, jobHours, type Machine } from "./model.ts";

/** What a manufacturer's autopilot needs to price a job. */
export type PricingPolicy = {
  /** Margin on cost for a bid, e.g. 0.25. */
  margin: number;
  /** Least margin it accepts (counter-offers, budget caps), e.g. 0.08. */
  minMargin: number;
  /** Calendar seconds added to production for packing and transport. */
  shippingSeconds: number;
  /** Largest share of machine time it books before the deadline, e.g. 0.85. */
  maxUtilization: number;
};

/** An RFQ as the autopilot judges it (amounts in USD, times in chain seconds). */
export type RfqView = {
  key: string;
  process: string;
  material: string;
  quantity: number;
  budgetUsd: number;
  deadline: number;
  biddingEnds: number;
};

/** A bid the autopilot would place, or why it would not. */
export type Quote =
  | {
      ok: true;
      priceUsd: number;
      minPriceUsd: number;
      leadTime: number;
      machineId: string;
      cost: JobCost;
      utilization: number;
    }
  | { ok: false; reason: string };

/**
 * Prices an RFQ against the calendar `booked` (jobs already awarded or bid on, in order): cost on
 * the machine the job would go to, `margin` on top, capped at the budget but never below
 * `minMargin`; lead time from the expected award (bidding end) to shipment. Declines when the
 * process or material is not offered, the budget does not cover the minimum price, the machines
 * are too busy before the deadline, or the lead time misses the deadline.
 */
export function quote(
  maker: { machines: readonly Machine[]; materials: readonly string[]; policy: PricingPolicy },
  rfq: RfqView,
  booked: readonly CalendarJob[],
): Quote {
  const { machines, policy } = maker;
  if (!machines.some((m) => m.process === rfq.process)) return { ok: false, reason: `no ${rfq.process} machine` };
  if (!maker.materials.includes(rfq.material)) return { ok: false, reason: `does not stock ${rfq.material}` };
  const hours = jobHours(rfq.process, rfq.material, rfq.quantity);
  if (hours === undefined) return { ok: false, reason: `no time model for ${rfq.process}` };
  const job: CalendarJob = { key: rfq.key, process: rfq.process, hours, readyAt: rfq.biddingEnds };
  const scheduled = schedule(machines, [...booked, job]);
  const placed = scheduled[scheduled.length - 1];
  if (!placed || placed.key !== rfq.key) return { ok: false, reason: `no ${rfq.process} machine` };
  const machine = machines.find((m) => m.id === placed.machineId) as Machine;
  const cost = jobCost({ ...rfq, hourlyRate: machine.hourlyRate });
  const minPriceUsd = cents(cost.total * (1 + policy.minMargin));
  if (minPriceUsd > rfq.budgetUsd)
    return { ok: false, reason: `cost ${cents(cost.total)} USD leaves no margin in budget` };
  const priceUsd = Math.min(cents(cost.total * (1 + policy.margin)), rfq.budgetUsd);
  const leadTime = placed.end - rfq.biddingEnds + policy.shippingSeconds;
  if (rfq.biddingEnds + leadTime > rfq.deadline) return { ok: false, reason: "lead time misses the deadline" };
  const { utilization } = capacity(machines, scheduled, rfq.process, rfq.biddingEnds, rfq.deadline);
  if (utilization > policy.maxUtilization) return { ok: false, reason: "no free capacity before the deadline" };
  return { ok: true, priceUsd, minPriceUsd, leadTime, machineId: machine.id, cost, utilization };
}

/**
 * Whether a counter-offer still clears the minimum margin and the lead time still fits the
 * calendar (`feasibleLeadTime` = the lead time the autopilot would quote now).
 */
export function acceptsCounterOffer(p: {
  counterPriceUsd: number;
  counterLeadTime: number;
  minPriceUsd: number;
  feasibleLeadTime: number;
}): boolean {
  return p.counterPriceUsd + 1e-9 >= p.minPriceUsd && p.counterLeadTime >= p.feasibleLeadTime;
}
