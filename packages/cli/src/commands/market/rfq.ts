import {
  cancelRfq,
  createRfq,
  formatTokenAmount,
  formatUtc,
  InvalidParameterError,
  listRfqs,
  type OrderStatus,
  orderStatuses,
} from "@dipnet/sdk";
import type { Context } from "../../context.ts";
import { type CommandOutput, table, txOutput } from "../../output.ts";
import {
  parseAmount,
  parseCertificationType,
  parseContentHash,
  parseCount,
  parseDate,
  parseId,
  parseMilestones,
} from "../../parse.ts";
import type { Register } from "../types.ts";
import { showOrder } from "./render.ts";
import { orderCommand } from "./terms.ts";

async function create(ctx: Context, o: Record<string, string | boolean | undefined>): Promise<CommandOutput> {
  const token = ctx.token(o.token as string | undefined);
  const [pay, stake, now] = await Promise.all([ctx.tokenInfo(token), ctx.stakeToken(), ctx.now()]);
  const biddingEnds = parseDate(o.biddingEnds as string, now, "--bidding-ends");
  if (!o.sealed && o.revealEnds !== undefined)
    throw new InvalidParameterError("--reveal-ends", "only applies with --sealed");
  const revealEnds = o.sealed
    ? o.revealEnds !== undefined
      ? parseDate(o.revealEnds as string, now, "--reveal-ends")
      : biddingEnds + 86_400n
    : 0n;
  const invitees = o.invite ? (o.invite as string).split(",").map((v) => ctx.address(v.trim(), "--invite")) : [];
  const params = {
    specHash: parseContentHash(o.spec as string, "--spec"),
    specURI: o.specUri as string,
    process: o.process as string,
    material: o.material as string,
    quantity: parseCount(o.quantity as string, "--quantity"),
    paymentToken: token,
    budget: parseAmount(o.budget as string, pay.decimals, "--budget"),
    bond: parseAmount(o.bond as string, stake.decimals, "--bond"),
    deadline: parseDate(o.deadline as string, now, "--deadline"),
    biddingEnds,
    revealEnds,
    invitees,
    milestoneBps: parseMilestones(o.milestones as string, "--milestones"),
    requiredCertification:
      o.requires === undefined ? undefined : parseCertificationType(o.requires as string, "--requires"),
    licenceId: o.licence === undefined ? undefined : parseId(o.licence as string, "--licence"),
  };
  const r = await createRfq(await ctx.signer(), params);
  return txOutput(
    `RFQ ${r.orderId} posted: ${params.quantity} × ${params.process}/${params.material}, budget ${formatTokenAmount(params.budget, pay)}, bids until ${formatUtc(biddingEnds)}${o.sealed ? ` (sealed, reveal until ${formatUtc(revealEnds)})` : ""}${params.requiredCertification ? `, bidders need ${params.requiredCertification}` : ""}${params.licenceId ? `, built under licence ${params.licenceId}` : ""}`,
    r,
    { orderId: r.orderId },
  );
}

async function list(ctx: Context, o: { status?: string; customer?: string }): Promise<CommandOutput> {
  const status = o.status?.split(",").map((s) => {
    const match = orderStatuses.find((name) => name.toLowerCase() === s.trim().toLowerCase());
    if (!match) throw new InvalidParameterError("--status", `unknown status "${s}"`);
    return match as OrderStatus;
  });
  const rfqs = await listRfqs(await ctx.reader(), {
    status,
    customer: o.customer ? ctx.address(o.customer, "--customer") : undefined,
  });
  const rows = await Promise.all(
    rfqs.map(async (r) => {
      const pay = await ctx.tokenInfo(r.paymentToken);
      return [
        `#${r.orderId}`,
        r.status,
        `${r.quantity} × ${r.process}/${r.material}`,
        `budget ${formatTokenAmount(r.budget, pay)}`,
        `bids until ${formatUtc(r.biddingEnds)}`,
        ctx.label(r.customer),
      ];
    }),
  );
  return { json: rfqs, human: rows.length ? table(rows) : "no RFQs" };
}

async function cancel(ctx: Context, orderId: bigint): Promise<CommandOutput> {
  return txOutput(`RFQ ${orderId} cancelled`, await cancelRfq(await ctx.signer(), { orderId }), { orderId });
}

export const registerRfq: Register = (rfq, act) => {
  rfq
    .command("create")
    .description("post an RFQ")
    .requiredOption("--spec <file|0xhash|text:…>", "specification package (hashed on chain)")
    .option("--spec-uri <uri>", "where the specification package is stored", "")
    .requiredOption("--process <process>", "e.g. cnc-milling")
    .requiredOption("--material <material>", "e.g. aluminium-6061")
    .requiredOption("--quantity <n>", "number of parts")
    .requiredOption("--budget <amount>", "highest acceptable price, in token units")
    .requiredOption("--bond <amount>", "bond the winner locks from its stake, in stake-token units")
    .requiredOption("--deadline <date>", "latest delivery: ISO date or +30d")
    .option("--bidding-ends <date>", "end of bidding: ISO date or +2d", "+1d")
    .option("--sealed", "sealed bidding (commit, then reveal)")
    .option("--reveal-ends <date>", "end of the reveal window (sealed only); default bidding end + 1d")
    .option("--invite <accounts>", "invite-only: comma-separated names or addresses")
    .option("--milestones <shares>", "milestone shares in percent, e.g. 30,50,20 (last released on acceptance)", "100")
    .option("--token <token>", "payment token address (default: tUSD)")
    .option("--requires <certification>", 'certification bidders must hold, e.g. "ISO 9001"')
    .option("--licence <id>", "design licence the parts are built under (only makers it allows can win)")
    .action(act(create));
  rfq
    .command("list")
    .description("list RFQs and orders")
    .option("--status <statuses>", `filter: ${orderStatuses.slice(1).join(",").toLowerCase()}`)
    .option("--customer <account>", "only this customer's")
    .action(act(list));
  orderCommand(rfq, "show").description("show an RFQ with its bids").action(act(showOrder));
  orderCommand(rfq, "cancel").description("withdraw an RFQ before award, at no cost").action(act(cancel));
};
