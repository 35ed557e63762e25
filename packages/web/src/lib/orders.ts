// Order helpers shared by the pages: escrow, bidding, figures' wording, timeline sentences.
import type { Order, OrderStatus, Scorecard } from "./api.ts";
import {
  formatAmount,
  formatBps,
  formatDateTime,
  formatDuration,
  humanize,
  leadTimeDays,
  type TokenMeta,
} from "./format.ts";

/** Statuses in which the customer's money sits in escrow. */
export const escrowStatuses: readonly OrderStatus[] = ["Awarded", "Shipped", "Disputed"];

/** Whether an order still takes bids at chain time `now` (sealed: commits until `biddingEnds`). */
export function biddingOpen(o: Pick<Order, "status" | "biddingEnds">, now: number): boolean {
  return o.status === "Open" && now <= o.biddingEnds;
}

/** A manufacturer's (or every manufacturer's) deliveries, as the node's scorecard counts them. */
export type Deliveries = Pick<Scorecard, "shippedOnTime" | "shippedLate" | "defaulted" | "onTimeRate">;

/** What "on time" means on every page: the node's scorecard definition. */
export const onTimeMeaning =
  "shipped by the due date, of deliveries decided (shipped on time, shipped late or defaulted)";

/** A 0–1 ratio as a percentage with at most one decimal, or a dash when there is none. */
export const percent = (ratio: number | null | undefined) =>
  ratio === null || ratio === undefined ? "—" : `${Math.round(ratio * 1000) / 10}%`;

/** The on-time rate, or a dash while no delivery is decided. */
export const onTimeText = (d: Deliveries | undefined) => percent(d?.onTimeRate);

/** `2 of 3 deliveries · 1 late · 0 defaulted` */
export function deliveriesText(d: Deliveries): string {
  const decided = d.shippedOnTime + d.shippedLate + d.defaulted;
  return `${d.shippedOnTime} of ${decided} deliveries · ${d.shippedLate} late · ${d.defaulted} defaulted`;
}

/** Orders of a status count as active (Open or in escrow), completed (Completed, Resolved), disputed (Disputed, Resolved). */
export function statusSums(byStatus: Partial<Record<OrderStatus, number>>) {
  const sum = (statuses: readonly OrderStatus[]) => statuses.reduce((n, s) => n + (byStatus[s] ?? 0), 0);
  return {
    active: sum(["Open", ...escrowStatuses]),
    inProduction: sum(escrowStatuses),
    completed: sum(["Completed", "Resolved"]),
    disputes: sum(["Disputed", "Resolved"]),
  };
}

/** Progress of the happy path, for the order stepper. */
export const lifecycle = ["Open", "Awarded", "Shipped", "Completed"] as const;

export function lifecycleIndex(status: OrderStatus): number {
  switch (status) {
    case "Open":
      return 0;
    case "Awarded":
      return 1;
    case "Shipped":
    case "Disputed":
      return 2;
    default:
      return 3;
  }
}

/** What a timeline step needs to know of a capacity-ledger machine. */
export type MachineInfo = { id: number; process: string; slotSeconds: number };

type StepContext = {
  token: TokenMeta | undefined;
  stakeToken: TokenMeta | undefined;
  nameOf: (address: string | null | undefined) => string | undefined;
  /** The capacity ledger's machine `id`, when known: reservations then read as times. */
  machineOf?: ((id: number) => MachineInfo | undefined) | undefined;
};

/** `Machine #3 (CNC milling)` and the reserved interval in words. */
function machineTime(ctx: StepContext, args: Record<string, unknown>): { machine: string; span?: string } {
  const id = Number(args.machineId);
  const m = ctx.machineOf?.(id);
  const machine = m ? `machine #${id} (${humanize(m.process)})` : `machine #${id}`;
  if (args.fromSlot === undefined || args.toSlot === undefined) return { machine };
  const from = Number(args.fromSlot);
  const to = Number(args.toSlot);
  if (!m) return { machine, span: `calendar slots ${from}–${to}` };
  const start = from * m.slotSeconds;
  const end = to * m.slotSeconds;
  return { machine, span: `${formatDateTime(start)} – ${formatDateTime(end)} (${formatDuration(end - start)})` };
}

const who = (ctx: StepContext, a: unknown) => {
  const s = typeof a === "string" ? a : "";
  return ctx.nameOf(s) ?? (s ? `${s.slice(0, 6)}…${s.slice(-4)}` : "someone");
};

/** A timeline step in words: a title and a detail line. */
/** The first bytes of a hash, enough to tell it apart on screen. */
function shortHash(value: unknown): string {
  const hash = String(value);
  return hash.length > 12 ? `${hash.slice(0, 10)}…` : hash;
}

export function describeStep(
  name: string,
  args: Record<string, unknown>,
  ctx: StepContext,
): { title: string; detail?: string | undefined; tone?: "ok" | "warn" | "bad" | "accent" | undefined } {
  const pay = (v: unknown) => formatAmount(v as string, ctx.token);
  const stake = (v: unknown) => formatAmount(v as string, ctx.stakeToken);
  switch (name) {
    case "RfqCreated":
      return { title: `RFQ posted by ${who(ctx, args.customer)}`, tone: "accent" };
    case "BidderInvited":
      return { title: `${who(ctx, args.maker)} invited to bid` };
    case "BidPlaced":
      return {
        title: `Bid from ${who(ctx, args.maker)}`,
        detail: `${pay(args.price)} · lead time ${leadTimeDays(args.leadTime as number)}`,
      };
    case "BidCommitted":
      return {
        title: `Sealed bid committed by ${who(ctx, args.maker)}`,
        detail: `deposit ${pay(args.deposit)} held until the reveal`,
      };
    case "CommitDepositReturned":
      return { title: `Commit deposit of ${pay(args.deposit)} returned to ${who(ctx, args.maker)}` };
    case "CommitDepositForfeited":
      return {
        title: `${who(ctx, args.maker)} never revealed: deposit of ${pay(args.deposit)} forfeited`,
        detail: `credited to ${who(ctx, args.to)}`,
        tone: "warn",
      };
    case "BidRevealed":
      return {
        title: `Sealed bid revealed by ${who(ctx, args.maker)}`,
        detail: `${pay(args.price)} · lead time ${leadTimeDays(args.leadTime as number)}`,
      };
    case "BidWithdrawn":
      return { title: `${who(ctx, args.maker)} withdrew the bid` };
    case "CounterOffered":
      return {
        title: `Counter-offer to ${who(ctx, args.maker)}`,
        detail: `${pay(args.price)} · lead time ${leadTimeDays(args.leadTime as number)}`,
      };
    case "CounterOfferWithdrawn":
      return { title: `Counter-offer to ${who(ctx, args.maker)} withdrawn` };
    case "CounterOfferAccepted":
      return {
        title: `${who(ctx, args.maker)} accepted the counter-offer`,
        detail: `${pay(args.price)} · lead time ${leadTimeDays(args.leadTime as number)}`,
      };
    case "OrderAwarded":
      return {
        title: `Awarded to ${who(ctx, args.maker)}; escrow funded`,
        detail: `${pay(args.price)} + fee ${pay(args.fee)} in escrow · due ${formatDateTime(args.dueAt as number)} · bond ${stake(args.bond)}`,
        tone: "accent",
      };
    case "BondLocked":
      return { title: `Bond of ${stake(args.amount)} locked from ${who(ctx, args.account)}'s stake` };
    case "BondReleased":
      return { title: `Bond of ${stake(args.amount)} released to ${who(ctx, args.account)}` };
    case "BondSlashed":
      return { title: `${stake(args.amount)} of ${who(ctx, args.account)}'s bond slashed`, tone: "bad" };
    case "MilestoneSubmitted":
      return { title: `Milestone ${Number(args.index) + 1} reported done` };
    case "MilestoneReleased":
      return {
        title: `Milestone ${Number(args.index) + 1} approved and paid`,
        detail: `${pay(args.amount)} credited to the manufacturer`,
        tone: "ok",
      };
    case "OrderShipped":
      return {
        title: "Shipped",
        detail: `acceptance window until ${formatDateTime(args.acceptanceEnds as number)}`,
        tone: "accent",
      };
    case "OrderAccepted":
      return { title: `Delivery accepted by ${who(ctx, args.by)}`, tone: "ok" };
    case "DisputeOpened":
      return { title: `Dispute opened by ${who(ctx, args.by)}`, tone: "warn" };
    case "EvidenceSubmitted":
      return { title: `Evidence added by ${who(ctx, args.by)}` };
    case "DisputeResolved":
      return {
        title: `Ruled by ${who(ctx, args.arbiter)}`,
        detail: `refund ${formatBps(args.refundBps as number)} of the unreleased price · slash ${formatBps(args.slashBps as number)} of the bond`,
        tone: "warn",
      };
    case "RfqCancelled":
      return { title: "RFQ withdrawn by the customer", tone: "bad" };
    case "DisputeExpired":
      return {
        title: `No arbiter ruled in time; dispute ended by ${who(ctx, args.by)}`,
        detail: `refund ${formatBps(args.refundBps as number)} of the unreleased price · bond released`,
        tone: "warn",
      };
    case "OrderCancelled":
      return {
        title: "Order cancelled by the customer",
        detail: `${pay(args.compensation)} compensation to the manufacturer for the lead time elapsed`,
        tone: "bad",
      };
    case "OrderDefaulted":
      return { title: `Declared in default by ${who(ctx, args.by)}`, tone: "bad" };
    case "TraceRecorded":
      return {
        title: `Part event recorded by ${who(ctx, args.recorder)}`,
        detail: `GS1 EPCIS event ${shortHash(args.eventHash)} anchored on chain`,
      };
    case "CustodyTransferred":
      return {
        title: `Custody of a part passed from ${who(ctx, args.from)} to ${who(ctx, args.to)}`,
        detail: `with GS1 EPCIS event ${shortHash(args.eventHash)}`,
      };
    case "ReservationMade": {
      const t = machineTime(ctx, args);
      return {
        title: `Machine time reserved on ${t.machine}`,
        detail: `${t.span} · booked by ${who(ctx, args.agent)}`,
      };
    }
    case "ReservationReleased":
      return {
        title: `Machine time on ${machineTime(ctx, args).machine} released`,
        detail: `by ${who(ctx, args.by)}; the slots are free again`,
      };
    case "ReservationCompleted":
      return {
        title: `Machine time on ${machineTime(ctx, args).machine} used`,
        detail: `marked done by ${who(ctx, args.by)}`,
        tone: "ok",
      };
    case "OrderSettled":
      return {
        title: "Escrow settled",
        detail: `manufacturer ${pay(args.makerAmount)} · refund ${pay(args.customerRefund)} · fee ${pay(args.fee)}${args.bondSlashed && args.bondSlashed !== "0" ? ` · bond slashed ${stake(args.bondSlashed)}` : ""}`,
        tone: "ok",
      };
    case "LicenceRecorded":
      return {
        title: `Units metered against design licence #${args.licenceId}`,
        detail: `royalty ${pay(args.royalty)} to ${who(ctx, args.royaltyRecipient)}, shared from each payment to the maker`,
      };
    case "CreditSpent":
      return {
        title:
          args.subOrderId && args.subOrderId !== "0"
            ? `${pay(args.amount)} of the maker's credit funds sub-order #${args.subOrderId}`
            : `${pay(args.amount)} of the maker's credit pays a booked service`,
        detail: `spent from this order so far: ${pay(args.spent)}`,
      };
    case "RoyaltyPaid":
      return { title: `Royalty of ${pay(args.amount)} credited to ${who(ctx, args.recipient)}`, tone: "ok" };
    case "PackageSet":
      return {
        title: `Confidential package attached (version ${args.version})`,
        detail: "encrypted; readers accept its NDA first",
      };
    case "NdaAccepted":
      return { title: `${who(ctx, args.account)} accepted the NDA` };
    case "AccessGranted":
      return {
        title: `${who(ctx, args.grantor)} granted ${who(ctx, args.grantee)} a file's key`,
        detail: "wrapped to the grantee's registered key",
        tone: "ok",
      };
    case "AccessRevoked":
      return { title: `Grant to ${who(ctx, args.grantee)} revoked`, detail: "no keys for new versions", tone: "warn" };
    default:
      return { title: name.replace(/([a-z])([A-Z])/g, "$1 $2") };
  }
}

/** Order id carried by a live event (the node sends ids as decimal strings inside `args`). */
export function orderIdOfEvent(e: { orderId: number | null; args: Record<string, unknown> }): number | null {
  if (typeof e.orderId === "number") return e.orderId;
  const raw = e.args.orderId;
  if (typeof raw === "number") return raw;
  if (typeof raw === "string" && /^\d+$/.test(raw)) return Number(raw);
  return null;
}
