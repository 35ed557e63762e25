export {
  type CalendarJob,
  calendarSeconds,
  capacity,
  type ScheduledJob,
  schedule,
} from "./cost/calendar.ts";
export {
  cents,
  type JobCost,
  jobCost,
  jobHours,
  type Machine,
  type MaterialModel,
  materialCost,
  materialModels,
  type ProcessModel,
  processModels,
  referenceCost,
  unitsToUsd,
  usdToUnits,
} from "./cost/model.ts";
export { acceptsCounterOffer, type PricingPolicy, type Quote, quote, type RfqView } from "./cost/quote.ts";
export { type CheckFjspScheduleReturnType, checkFjspSchedule } from "./fjsp/check.ts";
export { type SolveFjspExactParameters, solveFjspExact } from "./fjsp/exact.ts";
export { FjspParseError, parseFjs } from "./fjsp/parse.ts";
export { FjspInstanceError, type SolveFjspParameters, type SolveFjspReturnType, solveFjsp } from "./fjsp/solve.ts";
export type { FjspAlternative, FjspInstance, FjspOperation, FjspSchedule, ScheduledOperation } from "./fjsp/types.ts";
export {
  type FjspJob,
  type NetworkJob,
  type PlanningJobKind,
  type PlanningJobs,
  type ReplanJob,
  runPlanningJob,
  type TransportTable,
} from "./jobs.ts";
export { type CheckNetworkPlanReturnType, checkNetworkPlan } from "./network/check.ts";
export { LOADING_H, networkPlanWeights, roadTransportHours } from "./network/defaults.ts";
export {
  type DowntimeReplan,
  type LedgerSnapshot,
  type PlanDowntimeReplanParameters,
  planDowntimeReplan,
  type ReplanMove,
} from "./network/downtime.ts";
export { PlanNetworkError, planNetwork, validateNetworkInput } from "./network/plan.ts";
export { defaultPerturbationWeights, replanNetwork } from "./network/replan.ts";
export type * from "./network/types.ts";
