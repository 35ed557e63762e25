// Human rendering shared by the market's commands.
import {
  formatBps,
  formatDuration,
  formatTokenAmount,
  formatUtc,
  getOrder,
  listBids,
  type Settlement,
  type TokenInfo,
} from "@dipnet/sdk";
import { type Address, zeroAddress } from "viem";
import type { Context } from "../../context.ts";
import type { CommandOutput } from "../../output.ts";

/** The line of a settlement; none when the transaction settled nothing. */
export function settlementLines(s: Settlement | undefined, pay: TokenInfo, stake: TokenInfo): string[] {
  if (!s) return [];
  return [
    `  settled: maker ${formatTokenAmount(s.makerAmount, pay)}, customer refund ${formatTokenAmount(s.customerRefund, pay)}, fee ${formatTokenAmount(s.fee, pay)}, bond slashed ${formatTokenAmount(s.bondSlashed, stake)}`,
  ];
}

/** An order with its bids: `rfq show` and `order show`. */
export async function showOrder(ctx: Context, orderId: bigint): Promise<CommandOutput> {
  const reader = await ctx.reader();
  const order = await getOrder(reader, { orderId });
  const [pay, stake, bids] = await Promise.all([
    ctx.tokenInfo(order.paymentToken),
    ctx.stakeToken(),
    listBids(reader, { orderId }),
  ]);
  const lines = [
    `order ${orderId}: ${order.status}${order.inviteOnly ? " (invite-only)" : ""}${order.revealEnds ? " (sealed bidding)" : ""}`,
    `  customer   ${ctx.label(order.customer)}`,
    order.maker !== zeroAddress ? `  maker      ${ctx.label(order.maker)}` : "",
    order.price !== undefined
      ? `  price      ${formatTokenAmount(order.price, pay)} (fee ${formatBps(order.feeBps)})`
      : `  budget     ${formatTokenAmount(order.amount, pay)} (fee ${formatBps(order.feeBps)})`,
    `  bond       ${formatTokenAmount(order.bond, stake)}`,
    `  bidding    until ${formatUtc(order.biddingEnds)}${order.revealEnds ? `, reveal until ${formatUtc(order.revealEnds)}` : ""}`,
    `  deadline   ${formatUtc(order.deadline)}`,
    order.dueAt ? `  due        ${formatUtc(order.dueAt)}` : "",
    order.acceptanceEnds ? `  acceptance until ${formatUtc(order.acceptanceEnds)}` : "",
    order.rulingEnds ? `  arbiters rule until ${formatUtc(order.rulingEnds)}; then anyone may expire a dispute` : "",
    `  milestones ${order.milestoneBps.map((b) => formatBps(b)).join(" / ")} — released ${order.milestonesReleased}`,
    order.requiredCertification ? `  requires   ${order.requiredCertification} certification` : "",
    order.licenceId !== undefined
      ? `  licence    ${order.licenceId}${order.royalty !== undefined && order.royaltyRecipient ? `, royalty ${formatTokenAmount(order.royalty, pay)} to ${ctx.label(order.royaltyRecipient)}` : ""}`
      : "",
    ...(bids.length ? ["  bids:"] : []),
    ...bids.map(
      (b) =>
        `    ${ctx.label(b.maker)}: ${b.state}${b.state === "Committed" ? "" : ` ${formatTokenAmount(b.price, pay)}, lead time ${formatDuration(b.leadTime)}`}${b.counterOffer ? ` — counter-offer ${formatTokenAmount(b.counterOffer.price, pay)}, ${formatDuration(b.counterOffer.leadTime)}` : ""}`,
    ),
  ].filter((l) => l !== "");
  return { json: { ...order, bids }, human: lines };
}

const timeFields = new Set(["deadline", "biddingEnds", "revealEnds", "dueAt", "acceptanceEnds", "closedAt"]);
const payFields = new Set([
  "price",
  "budget",
  "fee",
  "amount",
  "makerAmount",
  "customerRefund",
  "compensation",
  "deposit",
  "royalty",
]);
const stakeFields = new Set(["bond", "bondSlashed", "released"]);

/** An order event's arguments as `name=value` pairs: names for addresses, amounts in token units. */
export function eventArgsText(
  ctx: Context,
  args: Record<string, unknown>,
  pay: TokenInfo,
  stake: TokenInfo,
  contract: string,
): string {
  const params = args.params as Record<string, unknown> | undefined;
  const shown = [
    "process",
    "material",
    "quantity",
    "budget",
    "bond",
    "deadline",
    "biddingEnds",
    "revealEnds",
    "specURI",
  ];
  const flat = params
    ? {
        ...args,
        ...Object.fromEntries(
          shown
            .filter((k) => params[k] !== undefined && params[k] !== 0 && params[k] !== "")
            .map((k) => [k, params[k]]),
        ),
      }
    : args;
  return Object.entries(flat)
    .filter(([k]) => k !== "orderId" && k !== "params")
    .map(([k, v]) => {
      if (typeof v === "string" && /^0x[0-9a-fA-F]{40}$/.test(v)) return `${k}=${ctx.label(v as Address)}`;
      if (timeFields.has(k)) return `${k}=${formatUtc(v as number)}`;
      if (k === "leadTime") return `${k}=${formatDuration(v as number)}`;
      if (k.endsWith("Bps")) return `${k}=${formatBps(v as number)}`;
      if (contract === "participantRegistry" && k === "amount") return `${k}=${formatTokenAmount(v as bigint, stake)}`;
      if (payFields.has(k)) return `${k}=${formatTokenAmount(v as bigint, pay)}`;
      if (stakeFields.has(k)) return `${k}=${formatTokenAmount(v as bigint, stake)}`;
      return `${k}=${String(v)}`;
    })
    .join(" ");
}
