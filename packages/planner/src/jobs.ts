// Planner calls as plain, structured-cloneable jobs (no functions), so that they can cross to a
// worker thread (the node's planning service) or run in-thread (`runPlanningJob`, the CLI).
import { type SolveFjspParameters, type SolveFjspReturnType, solveFjsp } from "./fjsp/solve.ts";
import type { FjspInstance } from "./fjsp/types.ts";
import { planNetwork } from "./network/plan.ts";
import { replanNetwork } from "./network/replan.ts";
import type {
  PlanNetworkParameters,
  PlanNetworkReturnType,
  ReplanNetworkParameters,
  ReplanNetworkReturnType,
} from "./network/types.ts";

/** Hours to move parts between factories: `hours[a][b]`; pairs not listed take `defaultH` (default 0). */
export type TransportTable = { hours: Record<string, Record<string, number>>; defaultH?: number | undefined };

/** A network plan job: `planNetwork`'s input with a transport table instead of a function. */
export type NetworkJob = Omit<PlanNetworkParameters, "transportTime"> & { transport: TransportTable };
/** A re-planning job: `replanNetwork`'s input with a transport table instead of a function. */
export type ReplanJob = Omit<ReplanNetworkParameters, "transportTime"> & { transport: TransportTable };
/** An FJSP job. */
export type FjspJob = { instance: FjspInstance; options: SolveFjspParameters };

/** Every job kind with its input and result. */
export type PlanningJobs = {
  network: { input: NetworkJob; result: PlanNetworkReturnType };
  replan: { input: ReplanJob; result: ReplanNetworkReturnType };
  fjsp: { input: FjspJob; result: SolveFjspReturnType };
};
export type PlanningJobKind = keyof PlanningJobs;

const transportTime =
  (t: TransportTable) =>
  (a: string, b: string): number =>
    t.hours[a]?.[b] ?? t.defaultH ?? 0;

/** Runs one job synchronously. */
export function runPlanningJob<K extends PlanningJobKind>(
  kind: K,
  input: PlanningJobs[K]["input"],
): PlanningJobs[K]["result"] {
  switch (kind) {
    case "network": {
      const { transport, ...rest } = input as NetworkJob;
      return planNetwork({ ...rest, transportTime: transportTime(transport) }) as PlanningJobs[K]["result"];
    }
    case "replan": {
      const { transport, ...rest } = input as ReplanJob;
      return replanNetwork({ ...rest, transportTime: transportTime(transport) }) as PlanningJobs[K]["result"];
    }
    case "fjsp": {
      const { instance, options } = input as FjspJob;
      return solveFjsp(instance, options) as PlanningJobs[K]["result"];
    }
    default:
      throw new Error(`unknown planning job "${String(kind)}"`);
  }
}
