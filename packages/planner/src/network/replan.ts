import { PlanNetworkError, validateNetworkInput } from "./plan.ts";
import type {
  CurrentStep,
  NetworkAssignment,
  NetworkMachine,
  PlanNetworkReturnType,
  ReplanNetworkParameters,
  ReplanNetworkReturnType,
  StepChange,
} from "./types.ts";

const isFiniteNumber = (x: unknown): x is number => typeof x === "number" && Number.isFinite(x);

/** Default minimal-perturbation weights: a moved step costs as much as 10 h of lateness, a shifted hour as one. */
export const defaultPerturbationWeights = { move: 10_000, shiftH: 1_000 } as const;

interface Busy {
  start: number;
  end: number;
}

const overlaps = (list: readonly Busy[], start: number, end: number): boolean =>
  end > start && list.some((b) => b.end > b.start && b.start < end && start < b.end);

/** Earliest start >= `from` where [start, start + duration) meets none of `list`. */
function earliestFit(list: readonly Busy[], from: number, duration: number): number {
  const sorted = list.filter((b) => b.end > b.start).sort((a, b) => a.start - b.start);
  let s = from;
  for (const b of sorted) {
    if (b.start >= s + duration) break;
    if (b.end > s) s = b.end;
  }
  return s;
}

/**
 * Re-plans after a disruption (e.g. a machine declared down) with as few changes as possible: every
 * step of `current` that is still feasible — its machine free of downtime and reservations there,
 * precedence and transport after the (possibly moved) previous step still met — keeps its machine
 * and times. Only the others move: each to the capable machine and time (the earliest there, or
 * the earliest not before its old start) with the lowest
 * weighted lateness, cost and makespan growth plus the perturbation (`perturbation.move` per moved
 * step and `perturbation.shiftH` per hour its start moves), never over downtime, reservations or
 * steps kept or already placed. Orders are taken earliest due date first. Deterministic.
 * @example replanNetwork({ ...planInput, downtime: [...downtime, broken], current: plan.assignments })
 */
export function replanNetwork(parameters: ReplanNetworkParameters): ReplanNetworkReturnType {
  validateNetworkInput(parameters);
  const { orders, machines, weights, now, transportTime } = parameters;
  const unit = parameters.timeUnitsPerHour ?? 3600;
  const perturbation = { ...defaultPerturbationWeights, ...parameters.perturbation };
  for (const key of ["move", "shiftH"] as const) {
    if (!isFiniteNumber(perturbation[key]) || perturbation[key] < 0)
      throw new PlanNetworkError(`perturbation.${key}`, "must be a non-negative number");
  }
  const machineById = new Map(machines.map((m) => [m.id, m]));
  const orderIds = new Set(orders.map((o) => o.id));
  const currentOf = new Map<string, CurrentStep>();
  parameters.current.forEach((a, i) => {
    if (!orderIds.has(a.orderId)) throw new PlanNetworkError(`current[${i}].orderId`, `unknown order "${a.orderId}"`);
    if (!machineById.has(a.machineId))
      throw new PlanNetworkError(`current[${i}].machineId`, `unknown machine "${a.machineId}"`);
    if (!isFiniteNumber(a.start) || !isFiniteNumber(a.end) || a.end < a.start)
      throw new PlanNetworkError(`current[${i}]`, "start and end must be finite numbers with start <= end");
    const key = `${a.orderId}#${a.step}`;
    if (currentOf.has(key))
      throw new PlanNetworkError(`current[${i}].step`, `duplicate step ${a.step} of ${a.orderId}`);
    currentOf.set(key, a);
  });

  const fixed = new Map<string, Busy[]>();
  for (const m of machines) fixed.set(m.id, []);
  for (const b of [...parameters.reservations, ...parameters.downtime]) fixed.get(b.machineId)?.push(b);
  // Placed work per machine: kept steps enter first (tentatively), moved steps as they are placed.
  const placed = new Map<string, (Busy & { key: string })[]>();
  for (const m of machines) placed.set(m.id, []);
  for (const [key, a] of currentOf) {
    if (!a.lost && !overlaps(fixed.get(a.machineId) ?? [], a.start, a.end))
      placed.get(a.machineId)?.push({ ...a, key });
  }
  const unplace = (key: string, machineId: string): void => {
    const list = placed.get(machineId) ?? [];
    const i = list.findIndex((b) => b.key === key);
    if (i >= 0) list.splice(i, 1);
  };
  const busyOf = (machineId: string, except: string): Busy[] => [
    ...(fixed.get(machineId) ?? []),
    ...(placed.get(machineId) ?? []).filter((b) => b.key !== except),
  ];

  const byProcess = new Map<string, NetworkMachine[]>();
  for (const m of machines) for (const proc of m.processes) byProcess.set(proc, [...(byProcess.get(proc) ?? []), m]);

  const sorted = [...orders].sort((a, b) => a.dueAt - b.dueAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const assignments = new Map<string, NetworkAssignment[]>();
  const unplanned: { orderId: string; reason: string }[] = [];
  const changes: StepChange[] = [];
  let horizon = now;
  for (const a of currentOf.values()) horizon = Math.max(horizon, a.end);

  for (const order of sorted) {
    const missing = order.routes.findIndex((s) => !byProcess.has(s.process));
    if (missing >= 0) {
      unplanned.push({
        orderId: order.id,
        reason: `no machine offers process "${order.routes[missing]?.process}" (step ${missing + 1})`,
      });
      continue;
    }
    const result: NetworkAssignment[] = [];
    let ready = Math.max(now, order.releaseAt ?? now);
    let prevFactory: string | undefined;
    order.routes.forEach((step, k) => {
      const key = `${order.id}#${k + 1}`;
      const before = currentOf.get(key);
      const transport = (factory: string): number => {
        const h = prevFactory !== undefined && prevFactory !== factory ? transportTime(prevFactory, factory) : 0;
        if (!isFiniteNumber(h) || h < 0)
          throw new PlanNetworkError("transportTime", `returned ${h} for ${prevFactory} -> ${factory}`);
        return h;
      };
      if (before !== undefined) {
        const machine = machineById.get(before.machineId) as NetworkMachine;
        const duration = (step.durationH / (machine.speed ?? 1)) * unit;
        const keep =
          !before.lost &&
          machine.processes.includes(step.process) &&
          Math.abs(before.end - before.start - duration) <= 1e-9 * Math.max(1, duration) &&
          before.start >= ready + transport(machine.factory) * unit &&
          !overlaps(busyOf(machine.id, key), before.start, before.end);
        if (keep) {
          result.push({
            orderId: order.id,
            step: k + 1,
            process: step.process,
            machineId: machine.id,
            factory: machine.factory,
            start: before.start,
            end: before.end,
            cost: (step.durationH / (machine.speed ?? 1)) * machine.hourlyRate,
            explanation: "unchanged",
          });
          ready = before.end;
          prevFactory = machine.factory;
          return;
        }
        unplace(key, before.machineId);
      }
      let chosen: { machine: NetworkMachine; start: number; end: number; cost: number; score: number } | undefined;
      for (const machine of byProcess.get(step.process) ?? []) {
        const hours = step.durationH / (machine.speed ?? 1);
        const duration = hours * unit;
        const busy = busyOf(machine.id, key);
        const from = ready + transport(machine.factory) * unit;
        // The earliest start, and the earliest not before the step's old start (the smallest shift later).
        const starts = [earliestFit(busy, from, duration)];
        if (before !== undefined && before.start > from) starts.push(earliestFit(busy, before.start, duration));
        for (const start of starts) {
          const end = start + duration;
          const cost = hours * machine.hourlyRate;
          const lateH = k === order.routes.length - 1 ? Math.max(0, end - order.dueAt) / unit : 0;
          const shiftH = before === undefined ? 0 : Math.abs(start - before.start) / unit;
          const moved = before !== undefined && before.machineId !== machine.id ? 1 : 0;
          const score =
            weights.tardiness * lateH +
            weights.cost * cost +
            weights.makespan * (Math.max(0, end - horizon) / unit) +
            perturbation.move * moved +
            perturbation.shiftH * shiftH;
          if (chosen === undefined || score < chosen.score || (score === chosen.score && end < chosen.end))
            chosen = { machine, start, end, cost, score };
        }
      }
      const c = chosen as NonNullable<typeof chosen>;
      placed.get(c.machine.id)?.push({ start: c.start, end: c.end, key });
      const after: NetworkAssignment = {
        orderId: order.id,
        step: k + 1,
        process: step.process,
        machineId: c.machine.id,
        factory: c.machine.factory,
        start: c.start,
        end: c.end,
        cost: c.cost,
        explanation: explainMove(before, c, order.dueAt, k === order.routes.length - 1, unit),
      };
      result.push(after);
      changes.push({ orderId: order.id, step: k + 1, before, after });
      ready = c.end;
      prevFactory = c.machine.factory;
      horizon = Math.max(horizon, c.end);
    });
    assignments.set(order.id, result);
  }

  const all: NetworkAssignment[] = [];
  for (const order of orders) all.push(...(assignments.get(order.id) ?? []));
  return {
    assignments: all,
    unplanned,
    objective: objectiveOf(parameters, all),
    changes,
    kept: all.length - changes.length,
    shiftH: changes.reduce((s, c) => s + (c.before ? Math.abs(c.after.start - c.before.start) / unit : 0), 0),
  };
}

const fmt = (x: number): string => (Math.round(x * 10) / 10).toString();

function explainMove(
  before: CurrentStep | undefined,
  chosen: { machine: NetworkMachine; start: number; end: number },
  dueAt: number,
  isLast: boolean,
  unit: number,
): string {
  const parts: string[] = [];
  if (before === undefined) parts.push("newly planned");
  else if (before.machineId === chosen.machine.id)
    parts.push(`stays on ${chosen.machine.id}, ${fmt((chosen.start - before.start) / unit)} h later`);
  else
    parts.push(
      `moved from ${before.machineId} to ${chosen.machine.id}, ${fmt((chosen.start - before.start) / unit)} h shift`,
    );
  if (isLast) {
    const slack = (dueAt - chosen.end) / unit;
    parts.push(slack >= 0 ? `on time, ${fmt(slack)} h before due` : `late by ${fmt(-slack)} h`);
  }
  return parts.join("; ");
}

function objectiveOf(p: ReplanNetworkParameters, all: NetworkAssignment[]): PlanNetworkReturnType["objective"] {
  const unit = p.timeUnitsPerHour ?? 3600;
  let tardinessH = 0;
  let cost = 0;
  let lastEnd = p.now;
  for (const order of p.orders) {
    const list = all.filter((a) => a.orderId === order.id);
    if (list.length === 0) continue;
    let end = p.now;
    for (const a of list) {
      cost += a.cost;
      end = Math.max(end, a.end);
    }
    tardinessH += Math.max(0, end - order.dueAt) / unit;
    lastEnd = Math.max(lastEnd, end);
  }
  const makespanH = (lastEnd - p.now) / unit;
  const w = p.weights;
  return { tardinessH, cost, makespanH, total: w.tardiness * tardinessH + w.cost * cost + w.makespan * makespanH };
}
