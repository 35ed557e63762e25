// What every part of the manufacturer autopilot shares: who it is, its machines and pricing, its
// action guard, and its machine calendar — a pure function of chain state (its awarded orders, in
// award order), so a restarted agent derives the same production state.
import { type CalendarJob, jobHours, type Machine, type PricingPolicy } from "@dipnet/planner";
import type { DipnetClient } from "@dipnet/sdk";
import type { OrderRow } from "../readModel.ts";
import { type ActionGuard, type AgentLog, unitHash } from "../runtime.ts";

/** How far back (chain seconds) closed orders still matter to its calendar and re-plans. */
export const CALENDAR_HORIZON = 60 * 86_400;

/** The manufacturer autopilot's shared state. */
export type Maker = {
  name: string;
  client: DipnetClient;
  /** Its account, lowercase. */
  me: string;
  machines: readonly Machine[];
  /** Materials it stocks. */
  materials: readonly string[];
  policy: PricingPolicy;
  /** The processes its machines offer. */
  processes: ReadonlySet<string>;
  guard: ActionGuard;
  log: AgentLog;
  /** Machine hours of an order's job (0 without a time model for its process). */
  hoursOf: (o: OrderRow) => number;
  /** Calendar jobs of its orders, in award order; `actual` adds the demo hold-ups it did not plan for. */
  jobsOf: (orders: readonly OrderRow[], actual: boolean) => CalendarJob[];
};

/** Parameters of `createMaker`. */
export type CreateMakerParameters = Pick<
  Maker,
  "name" | "client" | "machines" | "materials" | "policy" | "guard" | "log"
> & {
  /**
   * Demo: share (0–1) of its orders held up by a breakdown, and the range of the hold-up in
   * seconds (drawn per order). Beyond the due date plus the market's grace the customer claims a
   * default; within it the delivery is merely late. Default: 0, and 1 to 6 days.
   */
  slowShare?: number | undefined;
  slowDelay?: readonly [number, number] | undefined;
};

export function createMaker(p: CreateMakerParameters): Maker {
  const me = p.client.account.address.toLowerCase();
  const processes = new Set(p.machines.map((m) => m.process));
  const slowShare = p.slowShare ?? 0;
  const [delayMin, delayMax] = p.slowDelay ?? [86_400, 6 * 86_400];

  /** The (demo) hold-up of an order: a fixed function of the order id, so restart-safe. */
  const delayOf = (orderId: number) =>
    slowShare > 0 && unitHash(`slow:${me}:${orderId}`) < slowShare
      ? Math.round(delayMin + unitHash(`delay:${me}:${orderId}`) * (delayMax - delayMin))
      : 0;

  const hoursOf = (o: OrderRow) => jobHours(o.process, o.material, o.quantity) ?? 0;

  return {
    name: p.name,
    client: p.client,
    me,
    machines: p.machines,
    materials: p.materials,
    policy: p.policy,
    processes,
    guard: p.guard,
    log: p.log,
    hoursOf,
    jobsOf: (orders, actual) =>
      orders
        .filter((o) => o.awarded_at !== null && processes.has(o.process))
        .map((o) => ({
          key: String(o.id),
          process: o.process,
          hours: hoursOf(o),
          readyAt: o.awarded_at as number,
          delaySeconds: actual ? delayOf(o.id) : 0,
          endedAt: o.status === "Awarded" ? undefined : (o.shipped_at ?? o.closed_at ?? undefined),
        })),
  };
}
