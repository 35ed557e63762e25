// The manufacturer's cost and time model and its machine calendar. Pure functions: no chain, no
// database. Money is in US dollars (floats, rounded to cents when priced); the agents convert to
// token base units. Times are unix seconds of chain time; machine work is in machine hours.

/** Machine time of one process: `setupHours + hoursPerPart × quantity × material factor`. */
export type ProcessModel = {
  /** Set-up (fixturing, programming, first-article check) per job. */
  setupHours: number;
  /** Machine time per part for a typical part in aluminium. */
  hoursPerPart: number;
  /** Fixed cost per job that is not machine time (e.g. an injection mould), USD. */
  fixedCost: number;
  /** Typical stock mass per part in kg (material cost = mass × price per kg × scrap factor). */
  massKg: number;
};

/** Machine time per process for a typical small part. Public reference values; makers may override. */
export const processModels: Record<string, ProcessModel> = {
  "cnc-milling": { setupHours: 2, hoursPerPart: 0.5, fixedCost: 0, massKg: 0.4 },
  "cnc-turning": { setupHours: 1, hoursPerPart: 0.2, fixedCost: 0, massKg: 0.3 },
  "sheet-metal": { setupHours: 1, hoursPerPart: 0.08, fixedCost: 0, massKg: 0.25 },
  "fdm-printing": { setupHours: 0.25, hoursPerPart: 1.5, fixedCost: 0, massKg: 0.06 },
  "sla-printing": { setupHours: 0.5, hoursPerPart: 1, fixedCost: 0, massKg: 0.04 },
  "sls-printing": { setupHours: 1.5, hoursPerPart: 0.3, fixedCost: 0, massKg: 0.05 },
  "injection-moulding": { setupHours: 6, hoursPerPart: 0.01, fixedCost: 3500, massKg: 0.03 },
};

/** A material: price per kg and how much slower than aluminium it machines. */
export type MaterialModel = { usdPerKg: number; machiningFactor: number };

/** Reference material prices (USD/kg) and machinability relative to aluminium 6061. */
export const materialModels: Record<string, MaterialModel> = {
  "aluminium-6061": { usdPerKg: 6, machiningFactor: 1 },
  "aluminium-5052": { usdPerKg: 5, machiningFactor: 1 },
  "steel-s235": { usdPerKg: 1.5, machiningFactor: 1.2 },
  "steel-4140": { usdPerKg: 3, machiningFactor: 1.4 },
  "stainless-316": { usdPerKg: 8, machiningFactor: 1.6 },
  "titanium-ti6al4v": { usdPerKg: 45, machiningFactor: 2.5 },
  "brass-c360": { usdPerKg: 9, machiningFactor: 0.9 },
  pla: { usdPerKg: 25, machiningFactor: 1 },
  petg: { usdPerKg: 28, machiningFactor: 1 },
  abs: { usdPerKg: 22, machiningFactor: 1 },
  "pa12-powder": { usdPerKg: 70, machiningFactor: 1 },
  "resin-standard": { usdPerKg: 120, machiningFactor: 1 },
  polypropylene: { usdPerKg: 2.5, machiningFactor: 1 },
  polycarbonate: { usdPerKg: 4, machiningFactor: 1 },
};

const machiningProcesses = new Set(["cnc-milling", "cnc-turning"]);
/** Scrap and offcut allowance on material. */
const SCRAP_FACTOR = 1.1;

/** A machine of a manufacturer's (simulated) machine park. */
export type Machine = {
  id: string;
  /** e.g. "DMG Mori DMU 50 (5-axis)". */
  type: string;
  process: string;
  /** USD per machine hour, labour and overhead included. */
  hourlyRate: number;
  /** Hours the machine runs per calendar day (two shifts = 16). */
  hoursPerDay: number;
};

/** Machine hours of a job, or undefined when the process is unknown. */
export function jobHours(process: string, material: string, quantity: number): number | undefined {
  const p = processModels[process];
  if (!p) return undefined;
  const factor = machiningProcesses.has(process) ? (materialModels[material]?.machiningFactor ?? 1.5) : 1;
  return p.setupHours + p.hoursPerPart * quantity * factor;
}

/** Material cost of a job in USD (unknown materials are priced at 20 USD/kg). */
export function materialCost(process: string, material: string, quantity: number): number {
  const mass = processModels[process]?.massKg ?? 0.2;
  return (materialModels[material]?.usdPerKg ?? 20) * mass * quantity * SCRAP_FACTOR;
}

/** Cost breakdown of a job on a machine with `hourlyRate`. */
export type JobCost = { hours: number; machineCost: number; materialCost: number; fixedCost: number; total: number };

/** Cost of a job: machine rate × hours + material + fixed costs. */
export function jobCost(p: { process: string; material: string; quantity: number; hourlyRate: number }): JobCost {
  const hours = jobHours(p.process, p.material, p.quantity);
  if (hours === undefined) throw new Error(`unknown process "${p.process}"`);
  const machine = p.hourlyRate * hours;
  const mat = materialCost(p.process, p.material, p.quantity);
  const fixed = processModels[p.process]?.fixedCost ?? 0;
  return { hours, machineCost: machine, materialCost: mat, fixedCost: fixed, total: machine + mat + fixed };
}

/** Rounds USD to cents. */
export const cents = (usd: number): number => Math.round(usd * 100) / 100;

/** USD to base units of a 6-decimals token. */
export const usdToUnits = (usd: number): bigint => BigInt(Math.round(usd * 1e6));
/** Base units of a 6-decimals token to USD. */
export const unitsToUsd = (units: bigint | string): number => Number(BigInt(units)) / 1e6;

// ------------------------------------------------------------------ machine calendar

/** A job on the calendar. `end` is set for jobs that already left the machine (shipped, cancelled). */
export type CalendarJob = {
  key: string;
  process: string;
  /** Machine hours. */
  hours: number;
  /** Earliest start (award time, or expected award time for a bid). */
  readyAt: number;
  /** Actual end, when known (the job left the machine then). */
  endedAt?: number | undefined;
  /** Calendar seconds the job is held up (a breakdown, a late supplier). Default: 0. */
  delaySeconds?: number | undefined;
};

/** Where a job landed: machine, start and end in chain seconds. */
export type ScheduledJob = CalendarJob & { machineId: string; start: number; end: number };

/** Calendar seconds a machine needs for `hours` of machine time. */
export const calendarSeconds = (hours: number, hoursPerDay: number): number =>
  Math.ceil((hours * 86_400) / Math.min(24, Math.max(1, hoursPerDay)));

/**
 * Schedules jobs in the given order (first come, first served) on the machines of their process:
 * each goes to the machine free earliest (ties: cheaper, then by id), starting at
 * `max(readyAt, machine free)`. Deterministic: the same jobs give the same calendar, so a restarted
 * agent derives the same production state from the chain.
 */
export function schedule(machines: readonly Machine[], jobs: readonly CalendarJob[]): ScheduledJob[] {
  const freeAt = new Map<string, number>(machines.map((m) => [m.id, 0]));
  const out: ScheduledJob[] = [];
  for (const job of jobs) {
    const candidates = machines.filter((m) => m.process === job.process);
    if (candidates.length === 0) continue;
    let best: Machine | undefined;
    let bestStart = Number.POSITIVE_INFINITY;
    for (const m of candidates) {
      const start = Math.max(job.readyAt, freeAt.get(m.id) ?? 0);
      if (
        start < bestStart ||
        (start === bestStart &&
          best &&
          (m.hourlyRate < best.hourlyRate || (m.hourlyRate === best.hourlyRate && m.id < best.id)))
      ) {
        best = m;
        bestStart = start;
      }
    }
    if (!best) continue;
    const planned = bestStart + calendarSeconds(job.hours, best.hoursPerDay) + (job.delaySeconds ?? 0);
    const end = job.endedAt !== undefined ? Math.max(bestStart, Math.min(job.endedAt, planned)) : planned;
    freeAt.set(best.id, end);
    out.push({ ...job, machineId: best.id, start: bestStart, end });
  }
  return out;
}

/** Machine hours booked vs. available on the machines of `process` between `from` and `until`. */
export function capacity(
  machines: readonly Machine[],
  scheduled: readonly ScheduledJob[],
  process: string,
  from: number,
  until: number,
): { bookedHours: number; availableHours: number; utilization: number } {
  const park = machines.filter((m) => m.process === process);
  let available = 0;
  let booked = 0;
  for (const m of park) {
    const perSecond = Math.min(24, m.hoursPerDay) / 86_400;
    available += Math.max(0, until - from) * perSecond;
    for (const j of scheduled) {
      if (j.machineId !== m.id) continue;
      const overlap = Math.max(0, Math.min(j.end, until) - Math.max(j.start, from));
      booked += overlap * perSecond;
    }
  }
  return { bookedHours: booked, availableHours: available, utilization: available > 0 ? booked / available : 1 };
}

// ------------------------------------------------------------------ quoting

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

/** Reference cost of a job on an average machine (customers budget from it). */
export function referenceCost(process: string, material: string, quantity: number): number {
  const averageRate: Record<string, number> = {
    "cnc-milling": 85,
    "cnc-turning": 70,
    "sheet-metal": 60,
    "fdm-printing": 12,
    "sla-printing": 25,
    "sls-printing": 45,
    "injection-moulding": 90,
  };
  return jobCost({ process, material, quantity, hourlyRate: averageRate[process] ?? 80 }).total;
}
