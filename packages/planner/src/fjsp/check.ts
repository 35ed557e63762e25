import type { FjspInstance, ScheduledOperation } from "./types.ts";

/** Result of {@link checkFjspSchedule}: `ok` is true exactly when `errors` is empty. */
export interface CheckFjspScheduleReturnType {
  ok: boolean;
  errors: string[];
}

/**
 * Independent feasibility check of a schedule against an instance (written apart from the solver, it
 * shares no code with it): every operation exactly once, on an eligible machine for exactly its
 * processing time, after its job predecessor, no two operations overlapping on a machine, and the
 * reported makespan equal to the latest end.
 */
export function checkFjspSchedule(
  instance: FjspInstance,
  schedule: { makespan: number; operations: ScheduledOperation[] },
): CheckFjspScheduleReturnType {
  const errors: string[] = [];
  const seen = new Map<string, ScheduledOperation>();
  for (const s of schedule.operations) {
    const name = `job ${s.job} op ${s.op}`;
    const job = instance.jobs[s.job - 1];
    const op = job?.[s.op - 1];
    if (!Number.isInteger(s.job) || !Number.isInteger(s.op) || op === undefined) {
      errors.push(`${name}: no such operation in the instance`);
      continue;
    }
    if (seen.has(`${s.job}/${s.op}`)) {
      errors.push(`${name}: scheduled more than once`);
      continue;
    }
    seen.set(`${s.job}/${s.op}`, s);
    if (!Number.isFinite(s.start) || !Number.isFinite(s.end) || s.start < 0) {
      errors.push(`${name}: invalid interval [${s.start}, ${s.end})`);
    }
    const alternative = op.alternatives.find((a) => a.machine === s.machine);
    if (alternative === undefined) {
      errors.push(`${name}: machine ${s.machine} cannot run it`);
    } else if (s.end - s.start !== alternative.duration) {
      errors.push(`${name}: lasts ${s.end - s.start} on machine ${s.machine}, expected ${alternative.duration}`);
    }
  }
  instance.jobs.forEach((job, j) => {
    for (let o = 0; o < job.length; o++) {
      const s = seen.get(`${j + 1}/${o + 1}`);
      if (s === undefined) {
        errors.push(`job ${j + 1} op ${o + 1}: not scheduled`);
        continue;
      }
      const prev = o > 0 ? seen.get(`${j + 1}/${o}`) : undefined;
      if (prev !== undefined && s.start < prev.end) {
        errors.push(`job ${j + 1} op ${o + 1}: starts at ${s.start} before op ${o} ends at ${prev.end}`);
      }
    }
  });
  const byMachine = new Map<number, ScheduledOperation[]>();
  for (const s of seen.values()) {
    const list = byMachine.get(s.machine) ?? [];
    list.push(s);
    byMachine.set(s.machine, list);
  }
  for (const [machine, list] of byMachine) {
    // Zero-length operations occupy no time, so they cannot overlap anything.
    const busy = list.filter((s) => s.end > s.start).sort((a, b) => a.start - b.start);
    for (let i = 1; i < busy.length; i++) {
      const a = busy[i - 1] as ScheduledOperation;
      const b = busy[i] as ScheduledOperation;
      if (b.start < a.end) {
        errors.push(
          `machine ${machine}: job ${a.job} op ${a.op} [${a.start}, ${a.end}) overlaps job ${b.job} op ${b.op} [${b.start}, ${b.end})`,
        );
      }
    }
  }
  let maxEnd = 0;
  for (const s of seen.values()) maxEnd = Math.max(maxEnd, s.end);
  if (schedule.makespan !== maxEnd) errors.push(`makespan ${schedule.makespan} differs from the latest end ${maxEnd}`);
  return { ok: errors.length === 0, errors };
}
