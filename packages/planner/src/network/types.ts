/**
 * Instants (`now`, `dueAt`, interval `start`/`end`) share one unit chosen by the caller — by default
 * seconds, as block timestamps are; `timeUnitsPerHour` converts the hour-based durations into it.
 */

/** One process step of an order's route; steps run in the listed order. */
export interface NetworkRouteStep {
  process: string;
  /** Processing time in hours on a machine of speed 1. */
  durationH: number;
}

export interface NetworkOrder {
  id: string;
  /** Instant the last step should end by. */
  dueAt: number;
  /** Earliest instant the first step may start. Default: `now`. */
  releaseAt?: number;
  routes: NetworkRouteStep[];
}

export interface NetworkMachine {
  id: string;
  factory: string;
  processes: string[];
  hourlyRate: number;
  location?: unknown;
  /** Work rate relative to nominal: a step takes `durationH / speed` hours here. Default: 1. */
  speed?: number;
}

/** A busy interval [start, end) on a machine (an existing reservation or declared downtime). */
export interface MachineInterval {
  machineId: string;
  start: number;
  end: number;
}

export interface PlanNetworkWeights {
  /** Weight per hour of lateness, summed over orders. */
  tardiness: number;
  /** Weight per unit of machine cost (hours × hourly rate). */
  cost: number;
  /** Weight per hour from `now` to the end of the last planned step. */
  makespan: number;
}

export interface PlanNetworkParameters {
  orders: NetworkOrder[];
  machines: NetworkMachine[];
  reservations: MachineInterval[];
  downtime: MachineInterval[];
  /** Hours to move a part from factory a to factory b (called with a !== b only). */
  transportTime: (factoryA: string, factoryB: string) => number;
  weights: PlanNetworkWeights;
  now: number;
  /** Time units per hour. Default: 3600 (instants in seconds). */
  timeUnitsPerHour?: number;
  /** Remove-and-reinsert passes over the orders after list scheduling. Default: 3. */
  improvementPasses?: number;
}

export interface NetworkAssignment {
  orderId: string;
  /** Index of the step in the order's route, from 1. */
  step: number;
  process: string;
  machineId: string;
  factory: string;
  start: number;
  end: number;
  cost: number;
  /** Why this machine, in a short sentence. */
  explanation: string;
}

export interface NetworkObjective {
  tardinessH: number;
  cost: number;
  makespanH: number;
  /** Weighted sum minimised by the planner. */
  total: number;
}

export interface PlanNetworkReturnType {
  assignments: NetworkAssignment[];
  /** Orders that cannot be planned at all (e.g. no machine offers a process), with the reason. */
  unplanned: { orderId: string; reason: string }[];
  objective: NetworkObjective;
}

/** A step of the plan in force: `step` counts from 1 in the order's route. */
export interface CurrentStep {
  orderId: string;
  step: number;
  machineId: string;
  start: number;
  end: number;
  /** The step lost its place (e.g. its reservation was released): it moves, its old start only prices the shift. Default: false. */
  lost?: boolean;
}

export interface ReplanNetworkParameters extends PlanNetworkParameters {
  /** The plan in force for `orders` (e.g. their reservations); steps missing here are planned anew. */
  current: CurrentStep[];
  /** Price of change. Default: `{ move: 10000, shiftH: 1000 }` (see `defaultPerturbationWeights`). */
  perturbation?: {
    /** Per step moved to another machine. */
    move?: number;
    /** Per hour a moved step's start shifts, earlier or later. */
    shiftH?: number;
  };
}

/** One step that re-planning moved (`before` undefined: it had no place in the plan in force). */
export interface StepChange {
  orderId: string;
  step: number;
  before: CurrentStep | undefined;
  after: NetworkAssignment;
}

export interface ReplanNetworkReturnType extends PlanNetworkReturnType {
  /** Only the steps that changed; every other step kept its machine and times. */
  changes: StepChange[];
  /** Steps kept as they were. */
  kept: number;
  /** Total hours moved steps' starts shifted by. */
  shiftH: number;
}
