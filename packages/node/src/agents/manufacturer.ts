// Manufacturer autopilot. Each step, from the read model:
//  1. production (demo): advances its awarded orders as its simulated machines finish them —
//     submits each non-final milestone when the job passes its share of the work (evidence: a
//     production record, hashed), ships when the job is done (manufacturer/production.ts);
//  2. answers disputes on its orders with its production record as evidence (same file);
//  3. (demo, with the planner) breaks a machine down now and then and re-plans what the breakdown
//     released (manufacturer/faults.ts);
//  4. accepts counter-offers that still clear its minimum margin and its quoted lead time, and bids
//     on open RFQs it fits (manufacturer/bidding.ts);
//  5. reserves on the capacity ledger the machine time of each order it won, once
//     (manufacturer/reservations.ts);
//  6. withdraws its earnings once they pass a threshold; (demo) tops its stake up after slashing
//     (manufacturer/treasury.ts).
// With the node's planning service and machines on the ledger, the planner (in its worker) decides
// bids' lead times, reservations and re-plans (capacityPlan.ts).
// The machine calendar is a pure function of chain state (awarded orders, in award order), so a
// restarted agent derives the same production state and never repeats a transaction: every action
// checks the state it would change (milestones submitted, status, own bid) first.
import { type Machine, type PricingPolicy, type ScheduledJob, schedule } from "@dipnet/planner";
import type { DipnetClient } from "@dipnet/sdk";
import type { PlanningService } from "../modules/planning/service.ts";
import { loadMakerCapacity, type MakerPlanner } from "./capacityPlan.ts";
import { type BiddingOptions, createBidding } from "./manufacturer/bidding.ts";
import { CALENDAR_HORIZON, type CreateMakerParameters, createMaker } from "./manufacturer/context.ts";
import { createFaults, type FaultsOptions } from "./manufacturer/faults.ts";
import { createProduction, type ProductionOptions } from "./manufacturer/production.ts";
import { createReservations } from "./manufacturer/reservations.ts";
import { createTreasury, type TreasuryOptions } from "./manufacturer/treasury.ts";
import type { AgentReadModel } from "./readModel.ts";
import { type Agent, type AgentLog, type AgentTick, createActionGuard } from "./runtime.ts";

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
  readModel: AgentReadModel;
  machines: readonly Machine[];
  /** Materials it stocks. */
  materials: readonly string[];
  /** Default: `defaultPricingPolicy`. */
  policy?: Partial<PricingPolicy> | undefined;
  /** Advance production (milestones, shipping) as the simulated machines finish. Default: false. */
  simulateProduction?: boolean | undefined;
  /**
   * The node's planning service. With it (and its machines on the ledger) bids, reservations and
   * re-plans come from the planner. Default: none — the nominal calendar only.
   */
  planning?: Pick<PlanningService, "planNetwork" | "replanNetwork"> | undefined;
  log?: AgentLog | undefined;
} & Pick<CreateMakerParameters, "slowShare" | "slowDelay"> &
  BiddingOptions &
  ProductionOptions &
  FaultsOptions &
  TreasuryOptions;

/** The manufacturer autopilot and its (pure) view of its calendar. */
export type ManufacturerAgent = Agent & {
  /** Production state of its open orders at `now`, from the read model. */
  production: (now: number) => Promise<ScheduledJob[]>;
};

/**
 * Creates a manufacturer autopilot.
 * @example const agent = createManufacturerAgent({ name: "stuttgart", client, readModel, machines, materials: ["aluminium-6061"] });
 */
export function createManufacturerAgent(p: CreateManufacturerAgentParameters): ManufacturerAgent {
  const { readModel } = p;
  const log = p.log ?? (() => {});
  const guard = createActionGuard(p.name, log);
  const maker = createMaker({ ...p, policy: { ...defaultPricingPolicy, ...p.policy }, guard, log });
  const production = createProduction(maker, readModel, p);
  const faults = createFaults(maker, readModel, p);
  const bidding = createBidding(maker, readModel, p);
  const reservations = createReservations(maker, readModel);
  const treasury = createTreasury(maker, readModel, p);
  const ledger = p.client.deployment.contracts.capacityLedger;

  /** The planner and its machines' capacity, when it plans (the planning service and machines on the ledger). */
  async function planner(): Promise<MakerPlanner | undefined> {
    if (!p.planning || !ledger) return undefined;
    const capacity = await loadMakerCapacity(readModel, maker.me, maker.machines);
    return capacity && { planning: p.planning, capacity };
  }

  async function step(tick: AgentTick): Promise<void> {
    const orders = await readModel.calendarOrders(maker.me, tick.now - CALENDAR_HORIZON);
    if (p.simulateProduction) {
      await production.produce(tick, orders);
      await production.traceDeliveries(tick, orders);
    }
    await production.answerDisputes(tick, orders);

    const planned = await planner();
    if (planned && !guard.busy(tick)) await faults.breakDown(tick);
    if (planned && !guard.busy(tick)) await faults.replanBrokenDown(tick, planned);

    await bidding.step(tick, orders, planned);

    if (planned && !guard.busy(tick)) await reservations.reservePlanned(tick, planned, orders);
    else if (ledger && !guard.busy(tick)) await reservations.reserveWon(tick, orders);

    if (!guard.busy(tick)) await treasury.withdrawEarnings(tick);
    if (!guard.busy(tick)) await treasury.topUpStake(tick);
  }

  async function productionState(now: number): Promise<ScheduledJob[]> {
    const orders = await readModel.calendarOrders(maker.me, now - CALENDAR_HORIZON);
    return schedule(maker.machines, maker.jobsOf(orders, true));
  }

  return { name: p.name, client: p.client, step, actions: guard.actions, production: productionState };
}
