import type { PlanNetworkParameters, PlanNetworkReturnType } from "./types.ts";

/** Result of {@link checkNetworkPlan}: `ok` is true exactly when `errors` is empty. */
export interface CheckNetworkPlanReturnType {
  ok: boolean;
  errors: string[];
}

/**
 * Independent feasibility check of a network plan (shares no code with the planner): every order is
 * planned step by step or reported unplanned once, with a reason that holds against the input (it
 * names a process of the order's route that no machine offers), so dropping orders cannot pass for
 * a cheaper plan; each step on a machine offering its process for
 * exactly its duration, after release/now and after the previous step plus transport between
 * factories, with no overlap among planned work, reservations and downtime on any machine, and the
 * reported objective equal to the one recomputed here.
 */
export function checkNetworkPlan(
  input: PlanNetworkParameters,
  plan: PlanNetworkReturnType,
): CheckNetworkPlanReturnType {
  const errors: string[] = [];
  const unit = input.timeUnitsPerHour ?? 3600;
  const eps = 1e-6 * unit;
  const machines = new Map(input.machines.map((m) => [m.id, m]));
  const unplanned = new Set<string>();
  const offered = new Set(input.machines.flatMap((m) => m.processes));
  for (const { orderId, reason } of plan.unplanned) {
    const order = input.orders.find((o) => o.id === orderId);
    if (order === undefined) {
      errors.push(`unplanned: unknown order ${orderId}`);
      continue;
    }
    if (unplanned.has(orderId)) errors.push(`order ${orderId}: reported unplanned twice`);
    unplanned.add(orderId);
    const missing = [...new Set(order.routes.map((s) => s.process).filter((p) => !offered.has(p)))];
    if (missing.length === 0) {
      errors.push(`order ${orderId}: reported unplanned ("${reason}"), but machines offer every process of its route`);
    } else if (!missing.some((p) => reason.includes(`"${p}"`))) {
      errors.push(
        `order ${orderId}: reported unplanned ("${reason}") without naming a process no machine offers (${missing.map((p) => `"${p}"`).join(", ")})`,
      );
    }
  }
  let cost = 0;
  let tardinessH = 0;
  let lastEnd = input.now;
  for (const order of input.orders) {
    const steps = plan.assignments.filter((a) => a.orderId === order.id).sort((a, b) => a.step - b.step);
    if (unplanned.has(order.id)) {
      if (steps.length > 0) errors.push(`order ${order.id}: reported unplanned but has assignments`);
      continue;
    }
    if (steps.length !== order.routes.length || steps.some((a, i) => a.step !== i + 1)) {
      errors.push(
        `order ${order.id}: expected steps 1..${order.routes.length} once each, got [${steps.map((a) => a.step).join(",")}]`,
      );
      continue;
    }
    let prevEnd = Math.max(input.now, order.releaseAt ?? input.now);
    let prevFactory: string | undefined;
    for (const a of steps) {
      const route = order.routes[a.step - 1];
      const machine = machines.get(a.machineId);
      const name = `order ${order.id} step ${a.step}`;
      if (route === undefined || machine === undefined) {
        errors.push(`${name}: unknown machine ${a.machineId}`);
        continue;
      }
      if (!machine.processes.includes(route.process))
        errors.push(`${name}: machine ${machine.id} does not offer ${route.process}`);
      if (a.factory !== machine.factory)
        errors.push(`${name}: factory ${a.factory} is not machine ${machine.id}'s (${machine.factory})`);
      const hours = route.durationH / (machine.speed ?? 1);
      if (Math.abs(a.end - a.start - hours * unit) > eps)
        errors.push(`${name}: lasts ${(a.end - a.start) / unit} h, expected ${hours} h`);
      if (Math.abs(a.cost - hours * machine.hourlyRate) > 1e-6 * Math.max(1, a.cost))
        errors.push(`${name}: cost ${a.cost} != ${hours * machine.hourlyRate}`);
      const transport =
        prevFactory !== undefined && prevFactory !== machine.factory
          ? input.transportTime(prevFactory, machine.factory) * unit
          : 0;
      if (a.start < prevEnd + transport - eps) {
        errors.push(
          `${name}: starts at ${a.start}, before ${prevEnd + transport} (previous step or release, plus transport)`,
        );
      }
      prevEnd = a.end;
      prevFactory = machine.factory;
      cost += a.cost;
    }
    const end = Math.max(input.now, ...steps.map((a) => a.end));
    tardinessH += Math.max(0, end - order.dueAt) / unit;
    lastEnd = Math.max(lastEnd, end);
  }
  for (const a of plan.assignments) {
    if (!input.orders.some((o) => o.id === a.orderId)) errors.push(`assignment for unknown order ${a.orderId}`);
  }
  // Overlaps: planned work against planned work, reservations and downtime (empty intervals never overlap).
  const intervals = [
    ...plan.assignments.map((a) => ({
      machineId: a.machineId,
      start: a.start,
      end: a.end,
      what: `order ${a.orderId} step ${a.step}`,
      planned: true,
    })),
    ...input.reservations.map((r, i) => ({ ...r, what: `reservation ${i}`, planned: false })),
    ...input.downtime.map((r, i) => ({ ...r, what: `downtime ${i}`, planned: false })),
  ].filter((x) => x.end > x.start);
  const byMachine = new Map<string, typeof intervals>();
  for (const x of intervals) byMachine.set(x.machineId, [...(byMachine.get(x.machineId) ?? []), x]);
  for (const [machineId, list] of byMachine) {
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        const a = list[i];
        const b = list[j];
        if (a === undefined || b === undefined || (!a.planned && !b.planned)) continue;
        if (a.start < b.end && b.start < a.end) errors.push(`machine ${machineId}: ${a.what} overlaps ${b.what}`);
      }
    }
  }
  const makespanH = (lastEnd - input.now) / unit;
  const total = input.weights.tardiness * tardinessH + input.weights.cost * cost + input.weights.makespan * makespanH;
  const o = plan.objective;
  const close = (x: number, y: number): boolean => Math.abs(x - y) <= 1e-6 * Math.max(1, Math.abs(y));
  if (
    !close(o.cost, cost) ||
    !close(o.tardinessH, tardinessH) ||
    !close(o.makespanH, makespanH) ||
    !close(o.total, total)
  ) {
    errors.push(
      `objective ${JSON.stringify(o)} differs from recomputed ${JSON.stringify({ tardinessH, cost, makespanH, total })}`,
    );
  }
  return { ok: errors.length === 0, errors };
}
