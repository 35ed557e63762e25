/** One way to run an operation: on `machine` (numbered from 1) for `duration` time units. */
export interface FjspAlternative {
  machine: number;
  duration: number;
}

/** An operation lists the machines that can run it; a job's operations run in order. */
export interface FjspOperation {
  alternatives: FjspAlternative[];
}

/** A flexible job shop instance. Machines are numbered 1..numMachines. */
export interface FjspInstance {
  numMachines: number;
  jobs: FjspOperation[][];
}

/** One scheduled operation; `job`, `op` and `machine` are numbered from 1 as in the `.fjs` file. */
export interface ScheduledOperation {
  job: number;
  op: number;
  machine: number;
  start: number;
  end: number;
}

/** A complete schedule: every operation once, `makespan` = latest end. */
export interface FjspSchedule {
  makespan: number;
  operations: ScheduledOperation[];
}
