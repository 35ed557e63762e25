import {
  accept,
  approveMilestone,
  award,
  awardWithPermit,
  cancelOrder,
  checkProductionEvidence,
  claimDefault,
  type DipnetClient,
  type DipnetReadClient,
  dispute,
  expireDispute,
  finalize,
  formatBps,
  formatTokenAmount,
  formatUtc,
  getOrder,
  getPackage,
  grantPackageToAwardedMaker,
  InvalidParameterError,
  orderTimeline,
  type ProductionEvidence,
  rule,
  type SettlementResult,
  ship,
  submitEvidence,
  submitMilestone,
  type TokenInfo,
} from "@dipnet/sdk";
import type { Hex } from "viem";
import type { Context } from "../../context.ts";
import { type CommandOutput, table, txOutput } from "../../output.ts";
import { parseBps, parseContentHash, productionEvidenceFile } from "../../parse.ts";
import type { Register } from "../types.ts";
import { nodeUrl, ownKeyPairs } from "../vault.ts";
import { eventArgsText, settlementLines, showOrder } from "./render.ts";
import { orderCommand, parseTerms, paymentTokenOf, type TermsOptions } from "./terms.ts";

/** Output of a transaction that may settle order `orderId`: the headline, the settlement, the tx line. */
async function settlementOutput(
  ctx: Context,
  orderId: bigint,
  r: SettlementResult,
  headline: (pay: TokenInfo) => string,
  fields: Record<string, unknown> = {},
): Promise<CommandOutput> {
  const [pay, stake] = await Promise.all([paymentTokenOf(ctx, orderId), ctx.stakeToken()]);
  return txOutput([headline(pay), ...settlementLines(r.settlement, pay, stake)], r, {
    orderId,
    ...fields,
    settlement: r.settlement,
  });
}

/**
 * The action of a command that sends `send` for `<orderId>`, which may settle the order; `headline`
 * and `fields` tell what else it did.
 */
const settle =
  <R extends SettlementResult>(
    send: (client: DipnetClient, p: { orderId: bigint }) => Promise<R>,
    headline: (orderId: bigint, r: R, pay: TokenInfo) => string,
    fields: (r: R) => Record<string, unknown> = () => ({}),
  ) =>
  async (ctx: Context, orderId: bigint) => {
    const r = await send(await ctx.signer(), { orderId });
    return settlementOutput(ctx, orderId, r, (pay) => headline(orderId, r, pay), fields(r));
  };

/**
 * The hash of `--evidence` for the next milestone of `orderId`. A production evidence document must
 * be for that order and milestone, and every reading it cites proven on chain.
 */
async function milestoneEvidenceHash(client: DipnetReadClient, orderId: bigint, evidence: string): Promise<Hex> {
  const document = productionEvidenceFile(evidence);
  if (document === undefined) return parseContentHash(evidence, "--evidence");
  const check = await checkProductionEvidence(client, document);
  const doc = document as ProductionEvidence;
  if (doc.orderId !== orderId.toString())
    throw new InvalidParameterError("--evidence", `the document is for order ${doc.orderId}, not ${orderId}`);
  const next = (await getOrder(client, { orderId })).milestonesReleased;
  if (doc.milestone !== next)
    throw new InvalidParameterError(
      "--evidence",
      `the document is for milestone ${doc.milestone}, the next is ${next}`,
    );
  if (check.unproven.length > 0)
    throw new InvalidParameterError(
      "--evidence",
      `cited readings not proven by an anchored root: ${check.unproven.join(", ")}`,
    );
  return check.hash;
}

async function awardOrder(
  ctx: Context,
  orderId: bigint,
  o: TermsOptions & { maker: string; permit?: boolean; node?: string },
): Promise<CommandOutput> {
  const maker = ctx.address(o.maker, "--maker");
  const { pay, price, leadTime } = await parseTerms(ctx, orderId, o);
  const client = await ctx.signer();
  const stake = await ctx.stakeToken();
  const named = { orderId, maker, price, leadTime };
  const r = o.permit ? await awardWithPermit(client, named) : await award(client, named);
  const awarded = txOutput(
    `order ${orderId} awarded to ${ctx.label(maker)}: ${formatTokenAmount(r.price, pay)} + fee ${formatTokenAmount(r.fee, pay)} in escrow, bond ${formatTokenAmount(r.bond, stake)}, due ${formatUtc(r.dueAt)}`,
    r,
    { orderId, maker, price: r.price, fee: r.fee, dueAt: r.dueAt, bond: r.bond },
  );
  const grant = await grantPackageAtAward(ctx, client, orderId, maker, o.node);
  return {
    json: { ...(awarded.json as Record<string, unknown>), packageGrant: grant.json },
    human: [awarded.human, grant.human].flat(),
  };
}

/**
 * The awarded maker — and only it — receives the key of the order's package, right after the award.
 * The award stands whatever happens here: a failed grant is reported with the command that retries it.
 */
async function grantPackageAtAward(
  ctx: Context,
  client: DipnetClient,
  orderId: bigint,
  maker: Hex,
  node: string | undefined,
): Promise<{ json: Record<string, unknown> | null; human: string[] }> {
  const pkg = await getPackage(client, { orderId }).catch(() => undefined);
  if (!pkg) return { json: null, human: [] };
  const retry = `dipnet vault grant ${orderId} ${pkg.packageCid} --to ${maker}`;
  try {
    const keys = await ownKeyPairs(ctx, client.account);
    const g = await grantPackageToAwardedMaker(client, { nodeUrl: nodeUrl(ctx, node), orderId, keys });
    if (g.status === "none") return { json: { status: "none", reason: g.reason }, human: [`package: ${g.reason}`] };
    return {
      json: { status: "granted", grantId: g.grantId, fileCid: g.fileCid, envelopeCid: g.envelopeCid, hash: g.hash },
      human: [
        `package ${g.fileCid} granted to ${ctx.label(maker)}: grant #${g.grantId}, key envelope ${g.envelopeCid}`,
        `  tx ${g.hash} (block ${g.blockNumber})`,
      ],
    };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      json: { status: "failed", error: message, retry },
      human: [
        `the award stands, but the package was NOT granted to ${ctx.label(maker)}: ${message}`,
        `  retry with: ${retry}`,
      ],
    };
  }
}

async function submitNextMilestone(ctx: Context, orderId: bigint, o: { evidence: string }): Promise<CommandOutput> {
  const client = await ctx.signer();
  const evidenceHash = await milestoneEvidenceHash(client, orderId, o.evidence);
  const r = await submitMilestone(client, { orderId, evidenceHash });
  return txOutput(`milestone ${r.index} of order ${orderId} submitted`, r, { orderId, index: r.index, evidenceHash });
}

async function approveNextMilestone(ctx: Context, orderId: bigint): Promise<CommandOutput> {
  const r = await approveMilestone(await ctx.signer(), { orderId });
  const pay = await paymentTokenOf(ctx, orderId);
  return txOutput(
    `milestone ${r.index} of order ${orderId} approved: ${formatTokenAmount(r.amount, pay)} released to the maker`,
    r,
    { orderId, index: r.index, amount: r.amount },
  );
}

async function shipOrder(ctx: Context, orderId: bigint, o: { evidence: string }): Promise<CommandOutput> {
  const r = await ship(await ctx.signer(), { orderId, evidenceHash: parseContentHash(o.evidence, "--evidence") });
  return txOutput(`order ${orderId} shipped; accept or dispute until ${formatUtc(r.acceptanceEnds)}`, r, {
    orderId,
    acceptanceEnds: r.acceptanceEnds,
  });
}

async function ruleDispute(
  ctx: Context,
  orderId: bigint,
  o: { refund: string; slash: string },
): Promise<CommandOutput> {
  const refundBps = parseBps(o.refund, "--refund");
  const slashBps = parseBps(o.slash, "--slash");
  const r = await rule(await ctx.signer(), { orderId, refundBps, slashBps });
  return settlementOutput(
    ctx,
    orderId,
    r,
    () => `order ${orderId} ruled: refund ${formatBps(refundBps)}, slash ${formatBps(slashBps)}`,
    { refundBps, slashBps },
  );
}

async function timeline(ctx: Context, orderId: bigint): Promise<CommandOutput> {
  const reader = await ctx.reader();
  const [events, pay, stake] = await Promise.all([
    orderTimeline(reader, { orderId }),
    paymentTokenOf(ctx, orderId),
    ctx.stakeToken(),
  ]);
  return {
    json: events,
    human: table(
      events.map((e) => [formatUtc(e.timestamp), e.eventName, eventArgsText(ctx, e.args, pay, stake, e.contract)]),
    ),
  };
}

export const registerOrder: Register = (order, act) => {
  orderCommand(order, "award")
    .description("award the order to a bid of exactly these terms and fund escrow (customer)")
    .requiredOption("--maker <account>", "the winning manufacturer")
    .requiredOption("--price <amount>", "the bid's price, as you saw it (dipnet bid list)")
    .requiredOption("--lead-time <duration>", "the bid's lead time, as you saw it")
    .option("--permit", "fund with an EIP-2612 permit signature instead of an approval transaction")
    .option(
      "--node <url>",
      "the node through which the order's package is granted to the maker (env DIPNET_API_URL, default http://127.0.0.1:8080)",
    )
    .action(act(awardOrder));
  const milestone = order.command("milestone").description("milestone payments");
  orderCommand(milestone, "submit")
    .description("report the next milestone done (manufacturer)")
    .requiredOption(
      "--evidence <file|0xhash|text:…>",
      "evidence (hashed on chain); a production evidence document (dipnet-production-evidence/v1) is checked first: its order, milestone and every cited reading against the chain",
    )
    .action(act(submitNextMilestone));
  orderCommand(milestone, "approve")
    .description("approve the next milestone (normally the one reported) and release its payment (customer)")
    .action(act(approveNextMilestone));
  orderCommand(order, "ship")
    .description("mark the order shipped (manufacturer)")
    .requiredOption("--evidence <file|0xhash|text:…>", "shipping evidence")
    .action(act(shipOrder));

  for (const [name, description, action] of [
    ["accept", "accept delivery (customer)", settle(accept, (id) => `order ${id} accepted`)],
    [
      "finalize",
      "accept on the customer's behalf after the acceptance window (anyone)",
      settle(finalize, (id) => `order ${id} finalised`),
    ],
    [
      "cancel",
      "cancel an awarded, unshipped order, compensating the maker for the lead time elapsed (customer)",
      settle(
        cancelOrder,
        (id, r, pay) =>
          `order ${id} cancelled; the maker is compensated ${formatTokenAmount(r.compensation, pay)} beyond released milestones`,
        (r) => ({ compensation: r.compensation }),
      ),
    ],
    [
      "default",
      "reclaim escrow from a late maker and slash its bond (customer)",
      settle(claimDefault, (id) => `order ${id} declared in default`),
    ],
  ] as const)
    orderCommand(order, name).description(description).action(act(action));

  for (const [name, description, fn, verb] of [
    ["dispute", "dispute a shipped order within the acceptance window", dispute, "disputed"],
    ["evidence", "add evidence to an open dispute", submitEvidence, "evidence added"],
  ] as const) {
    orderCommand(order, name)
      .description(description)
      .requiredOption("--evidence <file|0xhash|text:…>", "evidence (hashed on chain)")
      .action(
        act(async (ctx, orderId: bigint, o: { evidence: string }) => {
          const r = await fn(await ctx.signer(), { orderId, evidenceHash: parseContentHash(o.evidence, "--evidence") });
          return txOutput(`order ${orderId}: ${verb}`, r, { orderId });
        }),
      );
  }
  orderCommand(order, "rule")
    .description("rule a dispute (arbiter)")
    .requiredOption("--refund <share>", "share of the unreleased price refunded to the customer: 60% or 6000bps")
    .requiredOption("--slash <share>", "share of the bond slashed to the customer: 50% or 5000bps")
    .action(act(ruleDispute));
  orderCommand(order, "expire-dispute")
    .description("end a dispute no arbiter ruled on by its ruling end: half refunded, bond released (anyone)")
    .action(
      act(
        settle(
          expireDispute,
          (id, r) => `dispute on order ${id} expired unruled: refund ${formatBps(r.refundBps)}, bond released`,
          (r) => ({ refundBps: r.refundBps }),
        ),
      ),
    );
  orderCommand(order, "show").description("show an order").action(act(showOrder));
  orderCommand(order, "timeline").description("every event of an order, in chain order").action(act(timeline));
};
