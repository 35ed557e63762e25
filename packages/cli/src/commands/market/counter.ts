import { acceptCounterOffer, counterOffer, withdrawCounterOffer } from "@dipnet/sdk";
import { txOutput } from "../../output.ts";
import { idArgument } from "../../parse.ts";
import type { Register } from "../types.ts";
import { termsText } from "./render.ts";
import { parseTerms } from "./terms.ts";

export const registerCounter: Register = (program, act) => {
  const counter = program.command("counter").description("counter-offers");
  counter
    .command("offer")
    .description("offer a bidding manufacturer other terms (customer)")
    .addArgument(idArgument("orderId"))
    .requiredOption("--maker <account>", "the manufacturer")
    .requiredOption("--price <amount>", "in payment-token units")
    .requiredOption("--lead-time <duration>", "e.g. 12d")
    .action(
      act(async (ctx, orderId: bigint, o: { maker: string; price: string; leadTime: string }) => {
        const maker = ctx.address(o.maker, "--maker");
        const t = await parseTerms(ctx, orderId, o);
        const r = await counterOffer(await ctx.signer(), { orderId, maker, price: t.price, leadTime: t.leadTime });
        return txOutput(`counter-offer to ${ctx.label(maker)} on RFQ ${orderId}: ${termsText(t)}`, r, {
          orderId,
          maker,
          price: t.price,
          leadTime: t.leadTime,
        });
      }),
    );
  counter
    .command("accept")
    .description("accept the customer's counter-offer of exactly these terms (manufacturer)")
    .addArgument(idArgument("orderId"))
    .requiredOption("--price <amount>", "the offered price, as you saw it (dipnet bid list)")
    .requiredOption("--lead-time <duration>", "the offered lead time, as you saw it")
    .action(
      act(async (ctx, orderId: bigint, o: { price: string; leadTime: string }) => {
        const t = await parseTerms(ctx, orderId, o);
        const r = await acceptCounterOffer(await ctx.signer(), { orderId, price: t.price, leadTime: t.leadTime });
        return txOutput(`counter-offer on RFQ ${orderId} accepted: ${termsText(t)}`, r, {
          orderId,
          price: t.price,
          leadTime: t.leadTime,
        });
      }),
    );
  counter
    .command("withdraw")
    .description("withdraw your counter-offer to a manufacturer (customer)")
    .addArgument(idArgument("orderId"))
    .requiredOption("--maker <account>", "the manufacturer")
    .action(
      act(async (ctx, orderId: bigint, o: { maker: string }) => {
        const maker = ctx.address(o.maker, "--maker");
        const r = await withdrawCounterOffer(await ctx.signer(), { orderId, maker });
        return txOutput(`counter-offer to ${ctx.label(maker)} on RFQ ${orderId} withdrawn`, r, { orderId, maker });
      }),
    );
};
