// What the commands on an order share: the `<orderId>` argument, the order's payment token, and
// the terms bid or offered on it.
import {
  type DipnetClient,
  formatDuration,
  formatTokenAmount,
  getOrder,
  InvalidParameterError,
  type TokenInfo,
  type WriteResult,
} from "@dipnet/sdk";
import type { Command } from "commander";
import type { Context } from "../../context.ts";
import { type CommandOutput, txOutput } from "../../output.ts";
import { parseAmount, parseDuration, parseId } from "../../parse.ts";

/** A bid's or counter-offer's terms, the price in base units of the order's payment token `pay`. */
export type Terms = { pay: TokenInfo; price: bigint; leadTime: number };

/** The options naming terms. */
export type TermsOptions = { price?: string; leadTime?: string };

/** Adds command `name <orderId>` to `group`; its action gets the id parsed. */
export function orderCommand(group: Command, name: string): Command {
  return group.command(name).argument("<orderId>", "", (value) => parseId(value, "orderId"));
}

/** The payment token of order `orderId`. */
export async function paymentTokenOf(ctx: Context, orderId: bigint): Promise<TokenInfo> {
  const order = await getOrder(await ctx.reader(), { orderId });
  return ctx.tokenInfo(order.paymentToken);
}

/** Parses `--price` (in the order's payment token) and `--lead-time`. */
export async function parseTerms(ctx: Context, orderId: bigint, o: TermsOptions): Promise<Terms> {
  if (o.price === undefined) throw new InvalidParameterError("--price", "required");
  if (o.leadTime === undefined) throw new InvalidParameterError("--lead-time", "required");
  const pay = await paymentTokenOf(ctx, orderId);
  return {
    pay,
    price: parseAmount(o.price, pay.decimals, "--price"),
    leadTime: parseDuration(o.leadTime, "--lead-time"),
  };
}

/**
 * Sends the terms of `o` for order `orderId` with `send`; the output is `<headline>: <terms>` and the
 * terms with `fields`.
 */
export async function sendTerms(
  ctx: Context,
  orderId: bigint,
  o: TermsOptions,
  send: (client: DipnetClient, p: { orderId: bigint; price: bigint; leadTime: number }) => Promise<WriteResult>,
  headline: string,
  fields: Record<string, unknown> = {},
): Promise<CommandOutput> {
  const t = await parseTerms(ctx, orderId, o);
  const r = await send(await ctx.signer(), { orderId, price: t.price, leadTime: t.leadTime });
  return txOutput(`${headline}: ${termsText(t)}`, r, { orderId, ...fields, price: t.price, leadTime: t.leadTime });
}

/** A bid's or counter-offer's terms: `<price>, lead time <duration>`. */
export function termsText({ pay, price, leadTime }: Terms): string {
  return `${formatTokenAmount(price, pay)}, lead time ${formatDuration(leadTime)}`;
}
