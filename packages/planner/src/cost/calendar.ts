// A manufacturer's machine calendar: its jobs scheduled first come, first served on the machines of
// their process, and the machine time they book. Times are unix seconds of chain time.
import type { Machine } from "./model.ts";

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
