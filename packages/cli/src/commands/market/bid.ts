import {
  bid,
  commitBid,
  formatDuration,
  formatTokenAmount,
  InvalidParameterError,
  listBids,
  revealBid,
  settleCommitDeposit,
  withdrawBid,
} from "@dipnet/sdk";
import { type Address, type Hex, isHex } from "viem";
import type { Context } from "../../context.ts";
import { type CommandOutput, table, txOutput } from "../../output.ts";
import { parseAmount, parseDuration } from "../../parse.ts";
import type { Register } from "../types.ts";
import { orderCommand, parseTerms, paymentTokenOf, sendTerms, type TermsOptions, termsText } from "./terms.ts";

/** A committed sealed bid's terms, kept in `<dataDir>/sealed-bids.json` for the reveal. */
type SealedBid = { price: string; leadTime: number; salt: Hex };

const sealedKey = (ctx: Context, orderId: bigint, maker: Address) =>
  `${ctx.deployment().chainId}:${ctx.deployment().contracts.orderMarket}:${orderId}:${maker}`;

function place(ctx: Context, orderId: bigint, o: TermsOptions): Promise<CommandOutput> {
  return sendTerms(ctx, orderId, o, bid, `bid on RFQ ${orderId}`);
}

async function commit(ctx: Context, orderId: bigint, o: TermsOptions & { salt?: string }): Promise<CommandOutput> {
  if (o.salt !== undefined && (!isHex(o.salt) || o.salt.length !== 66))
    throw new InvalidParameterError("--salt", "must be 0x + 64 hex digits");
  const t = await parseTerms(ctx, orderId, o);
  const client = await ctx.signer();
  const r = await commitBid(client, { orderId, price: t.price, leadTime: t.leadTime, salt: o.salt as Hex | undefined });
  const store = ctx.readJson<Record<string, SealedBid>>("sealed-bids.json", {});
  store[sealedKey(ctx, orderId, client.account.address)] = {
    price: t.price.toString(),
    leadTime: t.leadTime,
    salt: r.salt,
  };
  ctx.writeJson("sealed-bids.json", store, 0o600);
  return txOutput(
    [
      `sealed bid committed on RFQ ${orderId}; reveal it with: dipnet bid reveal ${orderId}`,
      `  deposit ${formatTokenAmount(r.deposit, t.pay)} held until the reveal (forfeited to the customer if never revealed)`,
      `  salt ${r.salt} (saved in ${ctx.dataDir}/sealed-bids.json)`,
    ],
    r,
    { orderId, commitment: r.commitment, salt: r.salt, deposit: r.deposit },
  );
}

async function reveal(ctx: Context, orderId: bigint, o: TermsOptions & { salt?: string }): Promise<CommandOutput> {
  const client = await ctx.signer();
  const saved = ctx.readJson<Record<string, SealedBid>>("sealed-bids.json", {})[
    sealedKey(ctx, orderId, client.account.address)
  ];
  const pay = await paymentTokenOf(ctx, orderId);
  const price =
    o.price !== undefined ? parseAmount(o.price, pay.decimals, "--price") : saved ? BigInt(saved.price) : undefined;
  const leadTime = o.leadTime !== undefined ? parseDuration(o.leadTime, "--lead-time") : saved?.leadTime;
  const salt = (o.salt ?? saved?.salt) as Hex | undefined;
  if (price === undefined || leadTime === undefined || salt === undefined) {
    throw new InvalidParameterError(
      "--price/--lead-time/--salt",
      `no saved sealed bid for RFQ ${orderId}; give the committed terms`,
    );
  }
  const r = await revealBid(client, { orderId, price, leadTime, salt });
  return txOutput(`bid revealed on RFQ ${orderId}: ${termsText({ pay, price, leadTime })}`, r, {
    orderId,
    price,
    leadTime,
  });
}

async function withdraw(ctx: Context, orderId: bigint): Promise<CommandOutput> {
  return txOutput(`bid on RFQ ${orderId} withdrawn`, await withdrawBid(await ctx.signer(), { orderId }), { orderId });
}

async function settleDeposit(ctx: Context, orderId: bigint, o: { maker: string }): Promise<CommandOutput> {
  const maker = ctx.address(o.maker, "--maker");
  const r = await settleCommitDeposit(await ctx.signer(), { orderId, maker });
  const pay = await paymentTokenOf(ctx, orderId);
  return txOutput(
    `commit deposit of ${ctx.label(maker)} on RFQ ${orderId}: ${formatTokenAmount(r.deposit, pay)} ${r.forfeited ? "forfeited to the customer" : "returned to the manufacturer"}`,
    r,
    { orderId, maker, deposit: r.deposit, forfeited: r.forfeited },
  );
}

async function list(ctx: Context, orderId: bigint): Promise<CommandOutput> {
  const [bids, pay] = await Promise.all([listBids(await ctx.reader(), { orderId }), paymentTokenOf(ctx, orderId)]);
  return {
    json: bids,
    human: bids.length
      ? table(
          bids.map((x) => [
            ctx.label(x.maker),
            x.state,
            x.state === "Committed" ? "sealed" : formatTokenAmount(x.price, pay),
            x.state === "Committed" ? "" : formatDuration(x.leadTime),
            x.counterOffer
              ? `counter-offer ${formatTokenAmount(x.counterOffer.price, pay)} / ${formatDuration(x.counterOffer.leadTime)}`
              : "",
          ]),
        )
      : `no bids on RFQ ${orderId}`,
  };
}

export const registerBid: Register = (b, act) => {
  orderCommand(b, "place")
    .description("place or revise an open bid")
    .requiredOption("--price <amount>", "in payment-token units, e.g. 1250.50")
    .requiredOption("--lead-time <duration>", "e.g. 10d")
    .action(act(place));
  orderCommand(b, "commit")
    .description("commit a sealed bid (the salt is kept in the data directory for the reveal)")
    .requiredOption("--price <amount>", "in payment-token units")
    .requiredOption("--lead-time <duration>", "e.g. 10d")
    .option("--salt <0x…>", "32-byte secret (default: random)")
    .action(act(commit));
  orderCommand(b, "reveal")
    .description("reveal your sealed bid (terms from the data directory unless given)")
    .option("--price <amount>", "committed price")
    .option("--lead-time <duration>", "committed lead time")
    .option("--salt <0x…>", "committed salt")
    .action(act(reveal));
  orderCommand(b, "withdraw").description("withdraw your bid while bidding is open").action(act(withdraw));
  orderCommand(b, "settle-deposit")
    .description("settle the commit deposit of a sealed bid never revealed: to the customer (anyone)")
    .requiredOption("--maker <account>", "the manufacturer that committed")
    .action(act(settleDeposit));
  orderCommand(b, "list").description("list the bids on an RFQ").action(act(list));
};
