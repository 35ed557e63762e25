import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { Rng } from "../src/fjsp/rng.ts";
import { checkNetworkPlan } from "../src/network/check.ts";
import { planNetwork } from "../src/network/plan.ts";
import type { MachineInterval, NetworkMachine, NetworkOrder, PlanNetworkParameters } from "../src/network/types.ts";

const PROCESSES = ["cnc-milling", "cnc-turning", "sheet-metal", "welding", "3d-printing", "painting", "inspection"];

/**
 * A seeded synthetic network: factories with machines, existing reservations, downtime and orders.
 * With `ledger`, it fits a capacity ledger of hour slots: one process per machine, speed 1, whole
 * transport hours, and no reservation overlapping another or a downtime on its machine.
 */
export function syntheticNetwork(options: {
  factories: number;
  operations: number;
  seed: number;
  /** Planning start (unix seconds). Default: 1,800,000,000. */
  now?: number;
  /** Default: false. */
  ledger?: boolean;
}): PlanNetworkParameters {
  const rng = new Rng(options.seed);
  const H = 3600;
  const now = options.now ?? 1_800_000_000;
  const ledger = options.ledger ?? false;
  const machines: NetworkMachine[] = [];
  for (let f = 0; f < options.factories; f++) {
    const count = 3 + rng.int(4);
    for (let i = 0; i < count; i++) {
      const processes = ledger ? [] : PROCESSES.filter(() => rng.float() < 0.3);
      if (processes.length === 0) processes.push(PROCESSES[rng.int(PROCESSES.length)] ?? "welding");
      const hourlyRate = 40 + rng.int(120);
      const speed = [0.75, 1, 1.25, 1.5][rng.int(4)] ?? 1;
      machines.push({ id: `f${f}-m${i}`, factory: `f${f}`, processes, hourlyRate, speed: ledger ? 1 : speed });
    }
  }
  const reservations: MachineInterval[] = [];
  const downtime: MachineInterval[] = [];
  const clear = (list: MachineInterval[], x: MachineInterval) =>
    !list.some((b) => b.machineId === x.machineId && b.start < x.end && x.start < b.end);
  for (const m of machines) {
    for (let i = 0; i < 4; i++) {
      const start = now + rng.int(200) * H;
      const r = { machineId: m.id, start, end: start + (1 + rng.int(10)) * H };
      if (!ledger || clear(reservations, r)) reservations.push(r);
    }
    if (rng.float() < 0.2) {
      const start = now + rng.int(100) * H;
      const d = { machineId: m.id, start, end: start + (4 + rng.int(24)) * H };
      if (!ledger || clear(reservations, d)) downtime.push(d);
    }
  }
  const orders: NetworkOrder[] = [];
  let ops = 0;
  while (ops < options.operations) {
    const steps = Math.min(options.operations - ops, 2 + rng.int(5));
    const routes = Array.from({ length: steps }, () => ({
      process: PROCESSES[rng.int(PROCESSES.length)] ?? "welding",
      durationH: 1 + rng.int(8),
    }));
    orders.push({ id: `o${orders.length}`, dueAt: now + (24 + rng.int(400)) * H, routes });
    ops += steps;
  }
  const coords = Array.from({ length: options.factories }, () => [rng.float() * 1000, rng.float() * 1000] as const);
  const transportTime = (a: string, b: string): number => {
    const pa = coords[Number(a.slice(1))] ?? [0, 0];
    const pb = coords[Number(b.slice(1))] ?? [0, 0];
    const hours = 2 + Math.hypot(pa[0] - pb[0], pa[1] - pb[1]) / 60; // km at 60 km/h plus handling
    return ledger ? Math.ceil(hours) : hours;
  };
  return {
    orders,
    machines,
    reservations,
    downtime,
    transportTime,
    weights: { tardiness: 100, cost: 1, makespan: 10 },
    now,
  };
}

/** The network benchmarks' `[--factories N] [--operations N] [--seed N]` (defaults 20, 1000, 1). */
export function networkBenchArgs(args: string[]): { factories: number; operations: number; seed: number } {
  const { values } = parseArgs({
    args,
    options: {
      factories: { type: "string", default: "20" },
      operations: { type: "string", default: "1000" },
      seed: { type: "string", default: "1" },
    },
    strict: true,
  });
  const factories = Number(values.factories);
  const operations = Number(values.operations);
  const seed = Number(values.seed);
  if (!Number.isInteger(factories) || factories < 1)
    throw new Error(`--factories must be a positive integer, got "${values.factories}"`);
  if (!Number.isInteger(operations) || operations < 1)
    throw new Error(`--operations must be a positive integer, got "${values.operations}"`);
  if (!Number.isInteger(seed)) throw new Error(`--seed must be an integer, got "${values.seed}"`);
  return { factories, operations, seed };
}

/**
 * Network planning benchmark: `[--factories N] [--operations N] [--seed N]`. Prints
 * `{"bench":"planner-network","metric","value","unit"}` JSON lines (plan time, planned operations,
 * unplanned orders, the objective and its parts).
 * @throws when the independent checker refuses the plan (an infeasible plan's figures mean nothing).
 */
export function runNetworkBench(args: string[], log: (line: string) => void = console.log): void {
  const { factories, operations, seed } = networkBenchArgs(args);
  const input = syntheticNetwork({ factories, operations, seed });
  const t0 = performance.now();
  const plan = planNetwork(input);
  const ms = performance.now() - t0;
  const check = checkNetworkPlan(input, plan);
  if (!check.ok) throw new Error(`the checker refused the plan: ${check.errors.slice(0, 5).join("; ")}`);
  const context = { factories, machines: input.machines.length, orders: input.orders.length };
  const metric = (name: string, value: number, unit: string) =>
    log(JSON.stringify({ bench: "planner-network", metric: name, value, unit, ...context }));
  metric("plan_time", Math.round(ms), "ms");
  metric("planned_operations", plan.assignments.length, "operations");
  metric("unplanned_orders", plan.unplanned.length, "orders");
  metric("objective_total", plan.objective.total, "weighted");
  metric("tardiness", plan.objective.tardinessH, "hours");
  metric("makespan", plan.objective.makespanH, "hours");
  metric("cost", plan.objective.cost, "cost units");
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) runNetworkBench(process.argv.slice(2));
