import { getOrder, InvalidParameterError, type TokenInfo } from "@dipnet/sdk";
import type { Context } from "../../context.ts";
import { parseAmount, parseDuration } from "../../parse.ts";

/** A bid's or counter-offer's terms, the price in base units of the order's payment token `pay`. */
export type Terms = { pay: TokenInfo; price: bigint; leadTime: number };

/** The payment token of order `orderId`. */
export async function paymentTokenOf(ctx: Context, orderId: bigint): Promise<TokenInfo> {
  const order = await getOrder(await ctx.reader(), { orderId });
  return ctx.tokenInfo(order.paymentToken);
}

/** Parses `--price` (in the order's payment token) and `--lead-time`. */
export async function parseTerms(
  ctx: Context,
  orderId: bigint,
  o: { price?: string; leadTime?: string },
): Promise<Terms> {
  if (o.price === undefined) throw new InvalidParameterError("--price", "required");
  if (o.leadTime === undefined) throw new InvalidParameterError("--lead-time", "required");
  const pay = await paymentTokenOf(ctx, orderId);
  return {
    pay,
    price: parseAmount(o.price, pay.decimals, "--price"),
    leadTime: parseDuration(o.leadTime, "--lead-time"),
  };
}
