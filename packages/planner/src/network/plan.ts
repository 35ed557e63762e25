import type {
  MachineInterval,
  NetworkAssignment,
  NetworkMachine,
  NetworkObjective,
  NetworkOrder,
  PlanNetworkParameters,
  PlanNetworkReturnType,
  PlanNetworkWeights,
} from "./types.ts";

/** Thrown for invalid planner input; `field` is a path such as `orders[2].routes[0].durationH`. */
export class PlanNetworkError extends Error {
  override name = "PlanNetworkError";
  readonly field: string;
  readonly reason: string;
  constructor(field: string, reason: string) {
    super(`${field}: ${reason}`);
    this.field = field;
    this.reason = reason;
  }
}

const isFiniteNumber = (x: unknown): x is number => typeof x === "number" && Number.isFinite(x);

/** Throws `PlanNetworkError` naming the first invalid field of a planner input. */
export function validateNetworkInput(p: PlanNetworkParameters): void {
  const fail = (field: string, reason: string): never => {
    throw new PlanNetworkError(field, reason);
  };
  if (!isFiniteNumber(p.now)) fail("now", "must be a finite number");
  const unit = p.timeUnitsPerHour ?? 3600;
  if (!isFiniteNumber(unit) || unit <= 0) fail("timeUnitsPerHour", "must be a positive number");
  for (const key of ["tardiness", "cost", "makespan"] as const) {
    const w = p.weights?.[key];
    if (!isFiniteNumber(w) || w < 0) fail(`weights.${key}`, "must be a non-negative number");
  }
  if (typeof p.transportTime !== "function") fail("transportTime", "must be a function (factoryA, factoryB) => hours");
  const machineIds = new Set<string>();
  p.machines.forEach((m, i) => {
    if (typeof m.id !== "string" || m.id === "") fail(`machines[${i}].id`, "must be a non-empty string");
    if (machineIds.has(m.id)) fail(`machines[${i}].id`, `duplicate machine id "${m.id}"`);
    machineIds.add(m.id);
    if (typeof m.factory !== "string" || m.factory === "") fail(`machines[${i}].factory`, "must be a non-empty string");
    if (!Array.isArray(m.processes)) fail(`machines[${i}].processes`, "must be an array of process names");
    if (!isFiniteNumber(m.hourlyRate) || m.hourlyRate < 0)
      fail(`machines[${i}].hourlyRate`, "must be a non-negative number");
    if (m.speed !== undefined && (!isFiniteNumber(m.speed) || m.speed <= 0))
      fail(`machines[${i}].speed`, "must be a positive number");
  });
  const orderIds = new Set<string>();
  p.orders.forEach((o, i) => {
    if (typeof o.id !== "string" || o.id === "") fail(`orders[${i}].id`, "must be a non-empty string");
    if (orderIds.has(o.id)) fail(`orders[${i}].id`, `duplicate order id "${o.id}"`);
    orderIds.add(o.id);
    if (!isFiniteNumber(o.dueAt)) fail(`orders[${i}].dueAt`, "must be a finite number");
    if (o.releaseAt !== undefined && !isFiniteNumber(o.releaseAt))
      fail(`orders[${i}].releaseAt`, "must be a finite number");
    if (!Array.isArray(o.routes) || o.routes.length === 0) fail(`orders[${i}].routes`, "must list at least one step");
    o.routes.forEach((s, k) => {
      if (typeof s.process !== "string" || s.process === "")
        fail(`orders[${i}].routes[${k}].process`, "must be a non-empty string");
      if (!isFiniteNumber(s.durationH) || s.durationH < 0) {
        fail(`orders[${i}].routes[${k}].durationH`, "must be a non-negative number of hours");
      }
    });
  });
  for (const [name, list] of [
    ["reservations", p.reservations],
    ["downtime", p.downtime],
  ] as const) {
    list.forEach((r, i) => {
      if (!machineIds.has(r.machineId)) fail(`${name}[${i}].machineId`, `unknown machine "${r.machineId}"`);
      if (!isFiniteNumber(r.start) || !isFiniteNumber(r.end) || r.end < r.start) {
        fail(`${name}[${i}]`, "start and end must be finite numbers with start <= end");
      }
    });
  }
}

interface Busy {
  start: number;
  end: number;
  /** Order id for planned work; undefined for fixed reservations and downtime. */
  order: string | undefined;
}

/** Busy intervals of one machine, sorted by start. */
class Calendar {
  readonly busy: Busy[] = [];

  add(b: Busy): void {
    let i = this.busy.length;
    while (i > 0 && (this.busy[i - 1]?.start ?? 0) > b.start) i--;
    this.busy.splice(i, 0, b);
  }

  removeOrder(order: string): void {
    for (let i = this.busy.length - 1; i >= 0; i--) if (this.busy[i]?.order === order) this.busy.splice(i, 1);
  }

  /** Earliest start >= `from` where [start, start + duration) meets no busy interval. */
  earliestFit(from: number, duration: number): number {
    let s = from;
    // Sorted by start, and s only grows: once an interval starts at or after s + duration, all later do.
    for (const b of this.busy) {
      if (b.end <= b.start) continue; // empty intervals block nothing
      if (b.start >= s + duration) break;
      if (b.end > s) s = b.end;
    }
    return s;
  }
}

interface Candidate {
  machine: NetworkMachine;
  start: number;
  end: number;
  cost: number;
  transportH: number;
  score: number;
}

const fmt = (x: number): string => (Math.round(x * 10) / 10).toString();

function explain(chosen: Candidate, all: Candidate[], isLast: boolean, order: NetworkOrder, unit: number): string {
  const parts: string[] = [];
  const others = all.filter((c) => c !== chosen);
  if (others.length === 0) {
    parts.push("only capable machine");
  } else {
    const earliest = all.reduce((a, b) => (b.end < a.end ? b : a));
    if (earliest.end >= chosen.end) parts.push(`earliest finish of ${all.length} capable machines`);
    else
      parts.push(`finishes ${fmt((chosen.end - earliest.end) / unit)} h after the earliest (${earliest.machine.id})`);
    const cheapestOther = others.reduce((a, b) => (b.cost < a.cost ? b : a));
    if (chosen.cost < cheapestOther.cost && cheapestOther.cost > 0) {
      parts.push(
        `${Math.round((100 * (cheapestOther.cost - chosen.cost)) / cheapestOther.cost)} % cheaper than next (${cheapestOther.machine.id})`,
      );
    } else if (chosen.cost > cheapestOther.cost && cheapestOther.cost > 0) {
      parts.push(
        `${Math.round((100 * (chosen.cost - cheapestOther.cost)) / cheapestOther.cost)} % dearer than ${cheapestOther.machine.id}`,
      );
    }
  }
  if (chosen.transportH > 0) parts.push(`${fmt(chosen.transportH)} h transport from the previous factory`);
  if (isLast) {
    const slack = (order.dueAt - chosen.end) / unit;
    parts.push(slack >= 0 ? `on time, ${fmt(slack)} h before due` : `late by ${fmt(-slack)} h`);
  }
  return parts.join("; ");
}

/** Recomputes the objective of a set of assignments (shared with nothing else: the checker has its own). */
function objectiveOf(
  orders: NetworkOrder[],
  byOrder: Map<string, NetworkAssignment[]>,
  weights: PlanNetworkWeights,
  now: number,
  unit: number,
): NetworkObjective {
  let tardinessH = 0;
  let cost = 0;
  let lastEnd = now;
  for (const order of orders) {
    const list = byOrder.get(order.id);
    if (list === undefined || list.length === 0) continue;
    let end = now;
    for (const a of list) {
      cost += a.cost;
      end = Math.max(end, a.end);
    }
    tardinessH += Math.max(0, end - order.dueAt) / unit;
    lastEnd = Math.max(lastEnd, end);
  }
  const makespanH = (lastEnd - now) / unit;
  const total = weights.tardiness * tardinessH + weights.cost * cost + weights.makespan * makespanH;
  return { tardinessH, cost, makespanH, total };
}

/**
 * Plans open orders onto capable machines across factories: earliest-due-date list scheduling into
 * each machine's free time (never over existing reservations or downtime), choosing per step the
 * machine that minimises weighted estimated lateness, cost and makespan growth, followed by
 * remove-and-reinsert passes over orders that keep only improvements. Deterministic.
 * @example planNetwork({ orders, machines, reservations, downtime, transportTime: () => 4, weights: { tardiness: 100, cost: 1, makespan: 1 }, now })
 */
export function planNetwork(parameters: PlanNetworkParameters): PlanNetworkReturnType {
  validateNetworkInput(parameters);
  const { orders, machines, weights, now, transportTime } = parameters;
  const unit = parameters.timeUnitsPerHour ?? 3600;
  const passes = parameters.improvementPasses ?? 3;

  const calendars = new Map<string, Calendar>();
  for (const m of machines) calendars.set(m.id, new Calendar());
  const fixed: MachineInterval[] = [...parameters.reservations, ...parameters.downtime];
  for (const b of fixed) calendars.get(b.machineId)?.add({ start: b.start, end: b.end, order: undefined });

  const byProcess = new Map<string, NetworkMachine[]>();
  for (const m of machines) {
    for (const proc of m.processes) {
      const list = byProcess.get(proc) ?? [];
      list.push(m);
      byProcess.set(proc, list);
    }
  }
  const maxSpeed = new Map<string, number>();
  for (const [proc, list] of byProcess) maxSpeed.set(proc, Math.max(...list.map((m) => m.speed ?? 1)));

  const unplanned: { orderId: string; reason: string }[] = [];
  const plannable: NetworkOrder[] = [];
  for (const order of orders) {
    const missing = order.routes.findIndex((s) => !byProcess.has(s.process));
    if (missing >= 0) {
      unplanned.push({
        orderId: order.id,
        reason: `no machine offers process "${order.routes[missing]?.process}" (step ${missing + 1})`,
      });
    } else {
      plannable.push(order);
    }
  }
  // Earliest due date first; ties by id keep the plan deterministic.
  plannable.sort((a, b) => a.dueAt - b.dueAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  const byOrder = new Map<string, NetworkAssignment[]>();
  let horizon = now;

  const insert = (order: NetworkOrder): NetworkAssignment[] => {
    const result: NetworkAssignment[] = [];
    let ready = Math.max(now, order.releaseAt ?? now);
    let prevFactory: string | undefined;
    // Remaining nominal work after each step at the best speed available, for the lateness estimate.
    const tailH: number[] = [];
    let acc = 0;
    for (let k = order.routes.length - 1; k >= 0; k--) {
      tailH[k] = acc;
      const s = order.routes[k];
      if (s !== undefined) acc += s.durationH / (maxSpeed.get(s.process) ?? 1);
    }
    order.routes.forEach((step, k) => {
      const candidates: Candidate[] = [];
      for (const machine of byProcess.get(step.process) ?? []) {
        const transportH =
          prevFactory !== undefined && prevFactory !== machine.factory
            ? transportTime(prevFactory, machine.factory)
            : 0;
        if (!isFiniteNumber(transportH) || transportH < 0) {
          throw new PlanNetworkError(
            "transportTime",
            `returned ${transportH} for ${prevFactory} -> ${machine.factory}`,
          );
        }
        const hours = step.durationH / (machine.speed ?? 1);
        const duration = hours * unit;
        const start = (calendars.get(machine.id) as Calendar).earliestFit(ready + transportH * unit, duration);
        const end = start + duration;
        const cost = hours * machine.hourlyRate;
        const lateH = Math.max(0, end + (tailH[k] ?? 0) * unit - order.dueAt) / unit;
        const growthH = Math.max(0, end - horizon) / unit;
        const score = weights.tardiness * lateH + weights.cost * cost + weights.makespan * growthH;
        candidates.push({ machine, start, end, cost, transportH, score });
      }
      let chosen = candidates[0] as Candidate;
      for (const c of candidates) {
        if (c.score < chosen.score || (c.score === chosen.score && c.end < chosen.end)) chosen = c;
      }
      (calendars.get(chosen.machine.id) as Calendar).add({ start: chosen.start, end: chosen.end, order: order.id });
      result.push({
        orderId: order.id,
        step: k + 1,
        process: step.process,
        machineId: chosen.machine.id,
        factory: chosen.machine.factory,
        start: chosen.start,
        end: chosen.end,
        cost: chosen.cost,
        explanation: explain(chosen, candidates, k === order.routes.length - 1, order, unit),
      });
      ready = chosen.end;
      prevFactory = chosen.machine.factory;
      horizon = Math.max(horizon, chosen.end);
    });
    return result;
  };

  for (const order of plannable) byOrder.set(order.id, insert(order));

  let current = objectiveOf(plannable, byOrder, weights, now, unit);
  const recomputeHorizon = (): void => {
    horizon = now;
    for (const list of byOrder.values()) for (const a of list) horizon = Math.max(horizon, a.end);
  };
  for (let pass = 0; pass < passes; pass++) {
    let improved = false;
    // Latest-finishing / most-late orders first: they have the most to gain from a freed slot.
    for (const order of plannable) {
      const old = byOrder.get(order.id) ?? [];
      for (const a of old) calendars.get(a.machineId)?.removeOrder(order.id);
      recomputeHorizon();
      byOrder.set(order.id, insert(order));
      const candidate = objectiveOf(plannable, byOrder, weights, now, unit);
      if (candidate.total < current.total - 1e-9) {
        current = candidate;
        improved = true;
      } else {
        for (const a of byOrder.get(order.id) ?? []) calendars.get(a.machineId)?.removeOrder(order.id);
        for (const a of old) calendars.get(a.machineId)?.add({ start: a.start, end: a.end, order: order.id });
        byOrder.set(order.id, old);
      }
      recomputeHorizon();
    }
    if (!improved) break;
  }

  const assignments: NetworkAssignment[] = [];
  for (const order of orders) assignments.push(...(byOrder.get(order.id) ?? []));
  return { assignments, unplanned, objective: current };
}
