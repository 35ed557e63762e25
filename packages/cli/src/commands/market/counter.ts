import { acceptCounterOffer, counterOffer, withdrawCounterOffer } from "@dipnet/sdk";
import type { Context } from "../../context.ts";
import { type CommandOutput, txOutput } from "../../output.ts";
import type { Register } from "../types.ts";
import { orderCommand, sendTerms, type TermsOptions } from "./terms.ts";

function offer(ctx: Context, orderId: bigint, o: TermsOptions & { maker: string }): Promise<CommandOutput> {
  const maker = ctx.address(o.maker, "--maker");
  return sendTerms(
    ctx,
    orderId,
    o,
    (client, terms) => counterOffer(client, { ...terms, maker }),
    `counter-offer to ${ctx.label(maker)} on RFQ ${orderId}`,
    { maker },
  );
}

function accept(ctx: Context, orderId: bigint, o: TermsOptions): Promise<CommandOutput> {
  return sendTerms(ctx, orderId, o, acceptCounterOffer, `counter-offer on RFQ ${orderId} accepted`);
}

async function withdraw(ctx: Context, orderId: bigint, o: { maker: string }): Promise<CommandOutput> {
  const maker = ctx.address(o.maker, "--maker");
  const r = await withdrawCounterOffer(await ctx.signer(), { orderId, maker });
  return txOutput(`counter-offer to ${ctx.label(maker)} on RFQ ${orderId} withdrawn`, r, { orderId, maker });
}

export const registerCounter: Register = (counter, act) => {
  orderCommand(counter, "offer")
    .description("offer a bidding manufacturer other terms (customer)")
    .requiredOption("--maker <account>", "the manufacturer")
    .requiredOption("--price <amount>", "in payment-token units")
    .requiredOption("--lead-time <duration>", "e.g. 12d")
    .action(act(offer));
  orderCommand(counter, "accept")
    .description("accept the customer's counter-offer of exactly these terms (manufacturer)")
    .requiredOption("--price <amount>", "the offered price, as you saw it (dipnet bid list)")
    .requiredOption("--lead-time <duration>", "the offered lead time, as you saw it")
    .action(act(accept));
  orderCommand(counter, "withdraw")
    .description("withdraw your counter-offer to a manufacturer (customer)")
    .requiredOption("--maker <account>", "the manufacturer")
    .action(act(withdraw));
};
