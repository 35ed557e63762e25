import type { FjspInstance, FjspSchedule, ScheduledOperation } from "./types.ts";

/** Options of {@link solveFjspExact}. */
export interface SolveFjspExactParameters {
  /** Refuse instances with more operations than this (the search is exponential). Default: 10. */
  maxOperations?: number;
}

/**
 * Exact minimum-makespan schedule for tiny instances, by depth-first branch and bound over dispatch
 * sequences: at each node any job's next operation is appended to any eligible machine and starts
 * as early as its job and machine allow. Every semi-active schedule is produced by appending its
 * operations in a topological order of its disjunctive graph, so an optimal one is among the leaves.
 * Shares no code with the heuristic solver; meant as the slow reference in tests.
 */
export function solveFjspExact(instance: FjspInstance, parameters: SolveFjspExactParameters = {}): FjspSchedule {
  const { maxOperations = 10 } = parameters;
  const jobs = instance.jobs;
  const total = jobs.reduce((s, j) => s + j.length, 0);
  if (total > maxOperations) {
    throw new Error(`exact solver: ${total} operations exceed maxOperations = ${maxOperations}`);
  }
  const nextOp = jobs.map(() => 0);
  const jobReady = jobs.map(() => 0);
  const machReady = Array.from({ length: instance.numMachines + 1 }, () => 0);
  // Remaining minimum work of each job, for the bound.
  const minRemaining = jobs.map((job) =>
    job.reduce((s, op) => s + Math.min(...op.alternatives.map((a) => a.duration)), 0),
  );
  const current: ScheduledOperation[] = [];
  let best: ScheduledOperation[] = [];
  let bestMakespan = Number.POSITIVE_INFINITY;

  const dfs = (placed: number, makespan: number): void => {
    if (placed === total) {
      if (makespan < bestMakespan) {
        bestMakespan = makespan;
        best = current.map((s) => ({ ...s }));
      }
      return;
    }
    let bound = makespan;
    for (let j = 0; j < jobs.length; j++) bound = Math.max(bound, (jobReady[j] ?? 0) + (minRemaining[j] ?? 0));
    if (bound >= bestMakespan) return;
    for (let j = 0; j < jobs.length; j++) {
      const o = nextOp[j] ?? 0;
      const op = jobs[j]?.[o];
      if (op === undefined) continue;
      const minP = Math.min(...op.alternatives.map((a) => a.duration));
      for (const { machine, duration } of op.alternatives) {
        const start = Math.max(jobReady[j] ?? 0, machReady[machine] ?? 0);
        const end = start + duration;
        const savedJob = jobReady[j] ?? 0;
        const savedMach = machReady[machine] ?? 0;
        nextOp[j] = o + 1;
        jobReady[j] = end;
        machReady[machine] = end;
        minRemaining[j] = (minRemaining[j] ?? 0) - minP;
        current.push({ job: j + 1, op: o + 1, machine, start, end });
        dfs(placed + 1, Math.max(makespan, end));
        current.pop();
        minRemaining[j] = (minRemaining[j] ?? 0) + minP;
        machReady[machine] = savedMach;
        jobReady[j] = savedJob;
        nextOp[j] = o;
      }
    }
  };
  dfs(0, 0);
  best.sort((a, b) => a.job - b.job || a.op - b.op);
  return { makespan: total === 0 ? 0 : bestMakespan, operations: best };
}
