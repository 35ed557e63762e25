import {
  accept,
  approveMilestone,
  award,
  awardWithPermit,
  cancelOrder,
  checkProductionEvidence,
  claimDefault,
  type DipnetReadClient,
  dispute,
  expireDispute,
  finalize,
  formatBps,
  formatTokenAmount,
  formatUtc,
  getOrder,
  InvalidParameterError,
  orderTimeline,
  type ProductionEvidence,
  rule,
  type Settlement,
  ship,
  submitEvidence,
  submitMilestone,
  type TokenInfo,
  type WriteResult,
} from "@dipnet/sdk";
import type { Hex } from "viem";
import type { Context } from "../../context.ts";
import { type CommandOutput, table, txOutput } from "../../output.ts";
import { idArgument, parseBps, parseContentHash, productionEvidenceFile } from "../../parse.ts";
import type { Register } from "../types.ts";
import { eventArgsText, settlementLines, showOrder } from "./render.ts";
import { parseTerms, paymentTokenOf } from "./terms.ts";

/** Output of a transaction that may settle order `orderId`: the headline, the settlement, the tx line. */
async function settlementOutput(
  ctx: Context,
  orderId: bigint,
  r: WriteResult & { settlement?: Settlement | undefined },
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

export const registerOrder: Register = (program, act) => {
  const order = program.command("order").description("awarded orders: milestones, delivery, disputes, cancellation");
  order
    .command("award")
    .description("award the order to a bid of exactly these terms and fund escrow (customer)")
    .addArgument(idArgument("orderId"))
    .requiredOption("--maker <account>", "the winning manufacturer")
    .requiredOption("--price <amount>", "the bid's price, as you saw it (dipnet bid list)")
    .requiredOption("--lead-time <duration>", "the bid's lead time, as you saw it")
    .option("--permit", "fund with an EIP-2612 permit signature instead of an approval transaction")
    .action(
      act(async (ctx, orderId: bigint, o: { maker: string; price: string; leadTime: string; permit?: boolean }) => {
        const maker = ctx.address(o.maker, "--maker");
        const { pay, price, leadTime } = await parseTerms(ctx, orderId, o);
        const client = await ctx.signer();
        const stake = await ctx.stakeToken();
        const named = { orderId, maker, price, leadTime };
        const r = o.permit ? await awardWithPermit(client, named) : await award(client, named);
        return txOutput(
          `order ${orderId} awarded to ${ctx.label(maker)}: ${formatTokenAmount(r.price, pay)} + fee ${formatTokenAmount(r.fee, pay)} in escrow, bond ${formatTokenAmount(r.bond, stake)}, due ${formatUtc(r.dueAt)}`,
          r,
          { orderId, maker, price: r.price, fee: r.fee, dueAt: r.dueAt, bond: r.bond },
        );
      }),
    );
  const milestone = order.command("milestone").description("milestone payments");
  milestone
    .command("submit")
    .description("report the next milestone done (manufacturer)")
    .addArgument(idArgument("orderId"))
    .requiredOption(
      "--evidence <file|0xhash|text:…>",
      "evidence (hashed on chain); a production evidence document (dipnet-production-evidence/v1) is checked first: its order, milestone and every cited reading against the chain",
    )
    .action(
      act(async (ctx, orderId: bigint, o: { evidence: string }) => {
        const client = await ctx.signer();
        const evidenceHash = await milestoneEvidenceHash(client, orderId, o.evidence);
        const r = await submitMilestone(client, { orderId, evidenceHash });
        return txOutput(`milestone ${r.index} of order ${orderId} submitted`, r, {
          orderId,
          index: r.index,
          evidenceHash,
        });
      }),
    );
  milestone
    .command("approve")
    .description("approve the next milestone (normally the one reported) and release its payment (customer)")
    .addArgument(idArgument("orderId"))
    .action(
      act(async (ctx, orderId: bigint) => {
        const r = await approveMilestone(await ctx.signer(), { orderId });
        const pay = await paymentTokenOf(ctx, orderId);
        return txOutput(
          `milestone ${r.index} of order ${orderId} approved: ${formatTokenAmount(r.amount, pay)} released to the maker`,
          r,
          { orderId, index: r.index, amount: r.amount },
        );
      }),
    );
  order
    .command("ship")
    .description("mark the order shipped (manufacturer)")
    .addArgument(idArgument("orderId"))
    .requiredOption("--evidence <file|0xhash|text:…>", "shipping evidence")
    .action(
      act(async (ctx, orderId: bigint, o: { evidence: string }) => {
        const r = await ship(await ctx.signer(), { orderId, evidenceHash: parseContentHash(o.evidence, "--evidence") });
        return txOutput(`order ${orderId} shipped; accept or dispute until ${formatUtc(r.acceptanceEnds)}`, r, {
          orderId,
          acceptanceEnds: r.acceptanceEnds,
        });
      }),
    );

  const settle = (verb: string, fn: typeof accept) => async (ctx: Context, orderId: bigint) =>
    settlementOutput(ctx, orderId, await fn(await ctx.signer(), { orderId }), () => `order ${orderId} ${verb}`);
  order
    .command("accept")
    .description("accept delivery (customer)")
    .addArgument(idArgument("orderId"))
    .action(act(settle("accepted", accept)));
  order
    .command("finalize")
    .description("accept on the customer's behalf after the acceptance window (anyone)")
    .addArgument(idArgument("orderId"))
    .action(act(settle("finalised", finalize)));
  order
    .command("cancel")
    .description("cancel an awarded, unshipped order, compensating the maker for the lead time elapsed (customer)")
    .addArgument(idArgument("orderId"))
    .action(
      act(async (ctx, orderId: bigint) => {
        const r = await cancelOrder(await ctx.signer(), { orderId });
        return settlementOutput(
          ctx,
          orderId,
          r,
          (pay) =>
            `order ${orderId} cancelled; the maker is compensated ${formatTokenAmount(r.compensation, pay)} beyond released milestones`,
          { compensation: r.compensation },
        );
      }),
    );
  order
    .command("default")
    .description("reclaim escrow from a late maker and slash its bond (customer)")
    .addArgument(idArgument("orderId"))
    .action(act(settle("declared in default", claimDefault)));

  for (const [name, description, fn, verb] of [
    ["dispute", "dispute a shipped order within the acceptance window", dispute, "disputed"],
    ["evidence", "add evidence to an open dispute", submitEvidence, "evidence added"],
  ] as const) {
    order
      .command(name)
      .description(description)
      .addArgument(idArgument("orderId"))
      .requiredOption("--evidence <file|0xhash|text:…>", "evidence (hashed on chain)")
      .action(
        act(async (ctx, orderId: bigint, o: { evidence: string }) => {
          const r = await fn(await ctx.signer(), { orderId, evidenceHash: parseContentHash(o.evidence, "--evidence") });
          return txOutput(`order ${orderId}: ${verb}`, r, { orderId });
        }),
      );
  }
  order
    .command("rule")
    .description("rule a dispute (arbiter)")
    .addArgument(idArgument("orderId"))
    .requiredOption("--refund <share>", "share of the unreleased price refunded to the customer: 60% or 6000bps")
    .requiredOption("--slash <share>", "share of the bond slashed to the customer: 50% or 5000bps")
    .action(
      act(async (ctx, orderId: bigint, o: { refund: string; slash: string }) => {
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
      }),
    );
  order
    .command("expire-dispute")
    .description("end a dispute no arbiter ruled on by its ruling end: half refunded, bond released (anyone)")
    .addArgument(idArgument("orderId"))
    .action(
      act(async (ctx, orderId: bigint) => {
        const r = await expireDispute(await ctx.signer(), { orderId });
        return settlementOutput(
          ctx,
          orderId,
          r,
          () => `dispute on order ${orderId} expired unruled: refund ${formatBps(r.refundBps)}, bond released`,
          { refundBps: r.refundBps },
        );
      }),
    );
  order.command("show").description("show an order").addArgument(idArgument("orderId")).action(act(showOrder));
  order
    .command("timeline")
    .description("every event of an order, in chain order")
    .addArgument(idArgument("orderId"))
    .action(
      act(async (ctx, orderId: bigint) => {
        const reader = await ctx.reader();
        const [events, pay, stake] = await Promise.all([
          orderTimeline(reader, { orderId }),
          paymentTokenOf(ctx, orderId),
          ctx.stakeToken(),
        ]);
        return {
          json: events,
          human: table(
            events.map((e) => [
              formatUtc(e.timestamp),
              e.eventName,
              eventArgsText(ctx, e.args, pay, stake, e.contract),
            ]),
          ),
        };
      }),
    );
};
