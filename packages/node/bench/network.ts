// Network planning against a real chain: a seeded synthetic network (packages/planner/bench/network.ts,
// ledger mode) is put on a fresh anvil — factories as registered manufacturers, their machines on the
// capacity ledger, existing reservations and downtime — then the calendars are read back from the
// chain, the open orders are planned in the node's planning worker, and the plan is committed: one
// atomic `reserve` per order (all its steps, across factories) by a governance-admitted planner every
// factory approved. Prints {"bench":"network","metric","value","unit"} JSON lines: setup transactions,
// plan time, planned operations, objective (with the checker's verdict), committed reservations and
// commit rate. Exits non-zero on an infeasible plan, a conflict or a missing reservation.
//   node packages/node/bench/network.ts [--factories 20] [--operations 1000] [--seed 1]
import { pathToFileURL } from "node:url";
import { checkNetworkPlan, type MachineInterval, type NetworkOrder } from "@dipnet/planner";
import {
  approvePlanner,
  ContractRevertError,
  createDipnetClient,
  type DipnetClient,
  declareDowntime,
  getCalendar,
  register,
  registerMachine,
  reserve,
  roles,
  setPlanner,
} from "@dipnet/sdk";
import { devMnemonic } from "@dipnet/sdk/node";
import { deployTestNetwork } from "@dipnet/sdk/testing";
import { keccak256, toHex } from "viem";
import { type HDAccount, mnemonicToAccount } from "viem/accounts";
import { networkBenchArgs, syntheticNetwork } from "../../planner/bench/network.ts";
import { createPlanningService } from "../src/modules/planning/service.ts";

const HOUR = 3600;
/** Anvil's first 11 accounts are the SDK's named dev accounts; factories use the ones after. */
const FIRST_FACTORY_ACCOUNT = 11;

/**
 * Runs the benchmark; resolves to the number of conflicts the chain reported (0 when every
 * reservation was accepted).
 */
export async function runNetworkChainBench(args: string[], log: (line: string) => void = console.log): Promise<number> {
  const { factories, operations, seed } = networkBenchArgs(args);

  const t0 = performance.now();
  const { anvil, deployment, clients } = await deployTestNetwork({ accounts: FIRST_FACTORY_ACCOUNT + factories });
  const planning = createPlanningService();
  try {
    const client = (account: HDAccount): DipnetClient =>
      createDipnetClient({ rpcUrl: anvil.rpcUrl, deployment, account, pollingInterval: 20 });
    const { deployer: governance, alice: planner } = clients;

    const start = (Math.ceil(Number(await anvil.now()) / HOUR) + 2) * HOUR;
    const input = syntheticNetwork({ factories, operations, seed, now: start, ledger: true });
    let transactions = 0;

    // Factories, their machines, reservations and downtime.
    await setPlanner(governance, { planner: planner.account.address, allowed: true });
    transactions++;
    const ledgerId = new Map<string, bigint>();
    const owners: DipnetClient[] = [];
    for (let f = 0; f < factories; f++) {
      const owner = client(mnemonicToAccount(devMnemonic, { addressIndex: FIRST_FACTORY_ACCOUNT + f }));
      owners.push(owner);
      await register(owner, {
        roles: roles.manufacturer,
        profileURI: `ipfs://factory-${f}`,
        profileHash: keccak256(toHex(`factory-${f}`)),
      });
      await approvePlanner(owner, { planner: planner.account.address, allowed: true });
      transactions += 2;
      for (const m of input.machines.filter((x) => x.factory === `f${f}`)) {
        const r = await registerMachine(owner, {
          process: m.processes[0] as string,
          materials: ["steel-s235"],
          envelope: { x: 600, y: 400, z: 300 },
          hourlyRate: BigInt(m.hourlyRate) * 1_000_000n,
          slotSeconds: HOUR,
        });
        ledgerId.set(m.id, r.machineId);
        transactions++;
      }
      const slots = (x: MachineInterval) => ({
        machineId: ledgerId.get(x.machineId) as bigint,
        fromSlot: x.start / HOUR,
        toSlot: x.end / HOUR,
      });
      const mine = (x: MachineInterval) => x.machineId.startsWith(`f${f}-`);
      const existing = input.reservations.filter(mine);
      if (existing.length > 0) {
        await reserve(owner, { orderId: 0n, requests: existing.map(slots) });
        transactions++;
      }
      for (const d of input.downtime.filter(mine)) {
        await declareDowntime(owner, { ...slots(d), reason: "Maintenance" });
        transactions++;
      }
    }
    const setupSeconds = (performance.now() - t0) / 1000;
    const figure = (metric: string, value: number, unit: string, details: object = {}): void =>
      log(JSON.stringify({ bench: "network", metric, value, unit, ...details }));
    figure("setup_transactions", transactions, "transactions", {
      factories,
      machines: input.machines.length,
      existing_reservations: input.reservations.length,
      downtimes: input.downtime.length,
      seconds: Math.round(setupSeconds * 10) / 10,
    });

    // The planner's input from the chain: every machine's calendar over the horizon.
    const horizon = Math.max(...input.orders.map((o) => o.dueAt)) + 90 * 86_400;
    const reservations: MachineInterval[] = [];
    const downtime: MachineInterval[] = [];
    for (const m of input.machines) {
      const cal = await getCalendar(governance, { machineId: ledgerId.get(m.id) as bigint, from: start, to: horizon });
      for (const i of cal.reserved) reservations.push({ machineId: m.id, start: i.start, end: i.end });
      for (const i of cal.down) downtime.push({ machineId: m.id, start: i.start, end: i.end });
    }
    const factoryNames = [...new Set(input.machines.map((m) => m.factory))];
    const hours: Record<string, Record<string, number>> = {};
    for (const a of factoryNames) {
      hours[a] = {};
      for (const b of factoryNames) if (a !== b) (hours[a] as Record<string, number>)[b] = input.transportTime(a, b);
    }
    const { transportTime, ...rest } = input;
    const job = { ...rest, reservations, downtime, transport: { hours } };
    const p0 = performance.now();
    const plan = await planning.planNetwork(job);
    const planMs = performance.now() - p0;
    const check = checkNetworkPlan({ ...input, reservations, downtime }, plan);
    const planDetails = {
      orders: input.orders.length,
      unplanned_orders: plan.unplanned.length,
      feasible: check.ok,
      ...(check.ok ? {} : { errors: check.errors.slice(0, 5) }),
    };
    figure("plan_time", Math.round(planMs), "ms", planDetails);
    figure("planned_operations", plan.assignments.length, "operations", planDetails);
    figure("objective_total", plan.objective.total, "weighted", { objective: plan.objective });

    // Commit: one atomic reserve per order, all its steps, as the approved planner.
    const c0 = performance.now();
    const byOrder = new Map<string, typeof plan.assignments>();
    for (const a of plan.assignments) byOrder.set(a.orderId, [...(byOrder.get(a.orderId) ?? []), a]);
    let committedReservations = 0;
    let commitTransactions = 0;
    const conflicts: string[] = [];
    const orderIds = new Map(input.orders.map((o: NetworkOrder, i) => [o.id, BigInt(i + 1)]));
    for (const [orderId, steps] of byOrder) {
      try {
        const r = await reserve(planner, {
          orderId: orderIds.get(orderId) as bigint,
          requests: steps.map((a) => ({
            machineId: ledgerId.get(a.machineId) as bigint,
            fromSlot: a.start / HOUR,
            toSlot: a.end / HOUR,
          })),
        });
        committedReservations += r.reservationIds.length;
      } catch (error) {
        if (!(error instanceof ContractRevertError)) throw error;
        conflicts.push(`order ${orderId}: ${error.errorName} ${error.message.split("\n")[0]}`);
      }
      commitTransactions++;
    }
    const commitSeconds = (performance.now() - c0) / 1000;
    const commitDetails = {
      transactions: commitTransactions,
      conflicts: conflicts.length,
      seconds: Math.round(commitSeconds * 10) / 10,
      ...(conflicts.length ? { first_conflicts: conflicts.slice(0, 5) } : {}),
    };
    figure("committed_reservations", committedReservations, "reservations", commitDetails);
    figure("commit_rate", Math.round((commitTransactions / commitSeconds) * 10) / 10, "transactions/s", commitDetails);
    log(
      conflicts.length === 0
        ? `the chain accepted all ${committedReservations} reservations of ${commitTransactions} orders without a conflict`
        : `the chain refused ${conflicts.length} of ${commitTransactions} orders: ${conflicts[0]}`,
    );
    // A planned step without its reservation is a short count; unplanned orders the checker verified are not.
    const missing = plan.assignments.length - committedReservations;
    return conflicts.length + (check.ok ? 0 : 1) + missing;
  } finally {
    await planning.stop();
    await anvil.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  process.exitCode = (await runNetworkChainBench(process.argv.slice(2))) === 0 ? 0 : 1;
}
