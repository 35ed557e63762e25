// `dipnet plan network`: open orders → routes → planNetwork against the capacity ledger → (optionally)
// reservations on chain.
import { readFileSync } from "node:fs";
import {
  jobHours,
  type NetworkMachine,
  type NetworkOrder,
  networkPlanWeights,
  type PlanNetworkReturnType,
  planNetwork,
  roadTransportHours,
} from "@dipnet/planner";
import {
  AccountError,
  createDipnetClient,
  type DipnetClient,
  getCalendar,
  getOrder,
  InvalidParameterError,
  listMachines,
  listReservations,
  listRfqs,
  type MachineInfo,
  type ReservationRequest,
  reserve,
  toSlotInterval,
} from "@dipnet/sdk";
import { devAccounts } from "@dipnet/sdk/node";
import { type Address, formatUnits, getAddress, zeroAddress } from "viem";
import { type Context, rateToken } from "../context.ts";

/** One planned step, with the slots it would reserve. */
export type PlannedStep = {
  orderId: string;
  step: number;
  process: string;
  machineId: string;
  owner: Address;
  start: number;
  end: number;
  fromSlot: number;
  toSlot: number;
  cost: number;
  explanation: string;
};
/** What `plan network` prints (and `--plan <file>` reads back). */
export type NetworkPlanOutput = {
  now: number;
  assignments: PlannedStep[];
  unplanned: PlanNetworkReturnType["unplanned"];
  objective: PlanNetworkReturnType["objective"];
  /** Orders skipped because they already hold live reservations. */
  alreadyReserved: string[];
  committed?: { orderId: string; owner: Address; reservationIds: bigint[]; hash: string }[];
};

/** Horizon read from the calendars beyond the latest due date. */
const HORIZON_MARGIN = 60 * 86_400;

const ceilTo = (value: number, step: number) => Math.ceil(value / step) * step;
type Site = MachineInfo["location"];

/**
 * Plans every Open or Awarded order without live reservations onto the ledger's machines. Each order
 * is one operation: its process for `jobHours(process, material, quantity)` machine hours (the planner's
 * public cost model). Awarded orders may only use the awarded maker's machines. Times are aligned to
 * the longest slot length so that planned steps map to whole slots.
 */
export async function planOpenOrders(ctx: Context): Promise<NetworkPlanOutput> {
  const reader = await ctx.reader();
  const [rfqs, machines, live, token, chainNow] = await Promise.all([
    listRfqs(reader, { status: ["Open", "Awarded"] }),
    listMachines(reader),
    listReservations(reader, { liveOnly: true }),
    rateToken(ctx),
    ctx.now(),
  ]);
  const align = Math.max(3600, ...machines.map((m) => m.slotSeconds));
  const now = ceilTo(Number(chainNow), align);
  const reservedOrders = new Set(live.map((r) => r.orderId.toString()));
  const pending = rfqs.filter((r) => !reservedOrders.has(r.orderId.toString()));

  const orders: NetworkOrder[] = [];
  const unplanned: NetworkPlanOutput["unplanned"] = [];
  for (const rfq of pending) {
    const hours = jobHours(rfq.process, rfq.material, rfq.quantity);
    if (hours === undefined) {
      unplanned.push({ orderId: rfq.orderId.toString(), reason: `no time model for process ${rfq.process}` });
      continue;
    }
    let process = rfq.process;
    if (rfq.status === "Awarded") {
      const { maker } = await getOrder(reader, { orderId: rfq.orderId });
      if (maker !== zeroAddress) process = `${rfq.process}@${getAddress(maker)}`;
    }
    orders.push({
      id: rfq.orderId.toString(),
      dueAt: rfq.deadline,
      routes: [{ process, durationH: ceilTo(hours * 3600, align) / 3600 }],
    });
  }

  const byId = new Map(machines.map((m) => [m.machineId.toString(), m]));
  const networkMachines: NetworkMachine[] = machines.map((m) => ({
    id: m.machineId.toString(),
    factory: m.owner,
    processes: [m.process, `${m.process}@${m.owner}`],
    hourlyRate: Number(formatUnits(m.hourlyRate, token.decimals)),
    location: m.location,
  }));
  const siteOf = new Map(machines.map((m) => [m.owner as string, m.location]));
  const horizon = Math.max(now, ...orders.map((o) => o.dueAt)) + HORIZON_MARGIN;
  const calendars = await Promise.all(
    machines.map((m) => getCalendar(reader, { machineId: m.machineId, from: now, to: horizon })),
  );
  const busy = (kind: "reserved" | "down") =>
    calendars.flatMap((c) => c[kind].map((i) => ({ machineId: c.machineId.toString(), start: i.start, end: i.end })));

  const plan = planNetwork({
    orders,
    machines: networkMachines,
    reservations: busy("reserved"),
    downtime: busy("down"),
    // Factories are machine owners, so every one has a site.
    transportTime: (a, b) =>
      ceilTo(roadTransportHours(siteOf.get(a) as Site, siteOf.get(b) as Site) * 3600, align) / 3600,
    weights: networkPlanWeights,
    now,
  });
  const assignments = plan.assignments.map((a) => {
    const machine = byId.get(a.machineId) as MachineInfo;
    return {
      orderId: a.orderId,
      step: a.step,
      process: machine.process,
      machineId: a.machineId,
      owner: machine.owner,
      start: a.start,
      end: a.end,
      ...toSlotInterval(a.start, a.end, machine.slotSeconds),
      cost: a.cost,
      explanation: a.explanation,
    };
  });
  return {
    now,
    assignments,
    unplanned: [
      ...unplanned,
      ...plan.unplanned.map((u) => ({ ...u, reason: u.reason.replace(/@0x[0-9a-fA-F]{40}/g, " (awarded maker)") })),
    ],
    objective: plan.objective,
    alreadyReserved: [...reservedOrders].filter((id) => rfqs.some((r) => r.orderId.toString() === id)),
  };
}

/**
 * Who signs for a machine owner: `--as` (the owner or an approved planner) or, on local chains
 * without `--as`, the owner's dev account.
 */
export async function ownerSigners(
  ctx: Context,
): Promise<{ chosen: DipnetClient | undefined; signerFor: (owner: Address) => DipnetClient }> {
  let chosen: DipnetClient | undefined;
  try {
    chosen = await ctx.signer();
  } catch (error) {
    if (!(error instanceof AccountError) || !ctx.isLocal()) throw error;
  }
  const dev = Object.values(devAccounts());
  const signerFor = (owner: Address): DipnetClient => {
    if (chosen) return chosen;
    const account = dev.find((a) => a.address === getAddress(owner));
    if (!account)
      throw new AccountError(`no dev key for machine owner ${ctx.label(owner)}: pass --as an approved planner`);
    return createDipnetClient({
      rpcUrl: ctx.rpcUrl,
      deployment: ctx.deployment(),
      account,
      pollingInterval: 200,
      nameOf: ctx.nameOf,
    });
  };
  return { chosen, signerFor };
}

/** Reads a plan printed by `plan network --json`. */
export function readPlanFile(file: string): NetworkPlanOutput {
  let plan: NetworkPlanOutput;
  try {
    plan = JSON.parse(readFileSync(file, "utf8")) as NetworkPlanOutput;
  } catch {
    throw new InvalidParameterError("--plan", `cannot read a plan from ${file}`);
  }
  if (!Array.isArray(plan.assignments)) throw new InvalidParameterError("--plan", `${file} has no assignments`);
  return plan;
}

/**
 * Reserves a plan on chain: one atomic `reserve` per order and signer. The signer is `--as` (a
 * machine owner or an approved planner) or, on local chains without `--as`, each machine owner's
 * dev account. The first conflict (e.g. CapacitySlotTaken) is thrown decoded; orders committed
 * before it stay reserved, and re-planning skips them.
 */
export async function commitPlan(
  ctx: Context,
  plan: NetworkPlanOutput,
): Promise<NonNullable<NetworkPlanOutput["committed"]>> {
  const { chosen, signerFor } = await ownerSigners(ctx);
  const groups = new Map<string, { orderId: string; owner: Address; requests: ReservationRequest[] }>();
  for (const a of plan.assignments) {
    const owner = chosen ? chosen.account.address : getAddress(a.owner);
    const key = `${a.orderId}/${owner}`;
    const group = groups.get(key) ?? { orderId: a.orderId, owner, requests: [] };
    group.requests.push({ machineId: BigInt(a.machineId), fromSlot: a.fromSlot, toSlot: a.toSlot });
    groups.set(key, group);
  }
  const committed: NonNullable<NetworkPlanOutput["committed"]> = [];
  for (const g of groups.values()) {
    const r = await reserve(signerFor(g.owner), { orderId: BigInt(g.orderId), requests: g.requests });
    committed.push({ orderId: g.orderId, owner: g.owner, reservationIds: [...r.reservationIds], hash: r.hash });
  }
  return committed;
}
