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
import { table, txOutput } from "../../output.ts";
import { idArgument, parseAmount, parseDuration } from "../../parse.ts";
import type { Register } from "../types.ts";
import { termsText } from "./render.ts";
import { parseTerms, paymentTokenOf } from "./terms.ts";

/** A committed sealed bid's terms, kept in `<dataDir>/sealed-bids.json` for the reveal. */
type SealedBid = { price: string; leadTime: number; salt: Hex };

const sealedKey = (ctx: Context, orderId: bigint, maker: Address) =>
  `${ctx.deployment().chainId}:${ctx.deployment().contracts.orderMarket}:${orderId}:${maker}`;

export const registerBid: Register = (program, act) => {
  const b = program.command("bid").description("bids (manufacturer)");
  b.command("place")
    .description("place or revise an open bid")
    .addArgument(idArgument("orderId"))
    .requiredOption("--price <amount>", "in payment-token units, e.g. 1250.50")
    .requiredOption("--lead-time <duration>", "e.g. 10d")
    .action(
      act(async (ctx, orderId: bigint, o: { price: string; leadTime: string }) => {
        const t = await parseTerms(ctx, orderId, o);
        const r = await bid(await ctx.signer(), { orderId, price: t.price, leadTime: t.leadTime });
        return txOutput(`bid on RFQ ${orderId}: ${termsText(t)}`, r, {
          orderId,
          price: t.price,
          leadTime: t.leadTime,
        });
      }),
    );
  b.command("commit")
    .description("commit a sealed bid (the salt is kept in the data directory for the reveal)")
    .addArgument(idArgument("orderId"))
    .requiredOption("--price <amount>", "in payment-token units")
    .requiredOption("--lead-time <duration>", "e.g. 10d")
    .option("--salt <0x…>", "32-byte secret (default: random)")
    .action(
      act(async (ctx, orderId: bigint, o: { price: string; leadTime: string; salt?: string }) => {
        if (o.salt !== undefined && (!isHex(o.salt) || o.salt.length !== 66))
          throw new InvalidParameterError("--salt", "must be 0x + 64 hex digits");
        const t = await parseTerms(ctx, orderId, o);
        const client = await ctx.signer();
        const r = await commitBid(client, {
          orderId,
          price: t.price,
          leadTime: t.leadTime,
          salt: o.salt as Hex | undefined,
        });
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
      }),
    );
  b.command("reveal")
    .description("reveal your sealed bid (terms from the data directory unless given)")
    .addArgument(idArgument("orderId"))
    .option("--price <amount>", "committed price")
    .option("--lead-time <duration>", "committed lead time")
    .option("--salt <0x…>", "committed salt")
    .action(
      act(async (ctx, orderId: bigint, o: { price?: string; leadTime?: string; salt?: string }) => {
        const client = await ctx.signer();
        const saved = ctx.readJson<Record<string, SealedBid>>("sealed-bids.json", {})[
          sealedKey(ctx, orderId, client.account.address)
        ];
        const pay = await paymentTokenOf(ctx, orderId);
        const price =
          o.price !== undefined
            ? parseAmount(o.price, pay.decimals, "--price")
            : saved
              ? BigInt(saved.price)
              : undefined;
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
      }),
    );
  b.command("withdraw")
    .description("withdraw your bid while bidding is open")
    .addArgument(idArgument("orderId"))
    .action(
      act(async (ctx, orderId: bigint) =>
        txOutput(`bid on RFQ ${orderId} withdrawn`, await withdrawBid(await ctx.signer(), { orderId }), { orderId }),
      ),
    );
  b.command("settle-deposit")
    .description("settle the commit deposit of a sealed bid never revealed: to the customer (anyone)")
    .addArgument(idArgument("orderId"))
    .requiredOption("--maker <account>", "the manufacturer that committed")
    .action(
      act(async (ctx, orderId: bigint, o: { maker: string }) => {
        const maker = ctx.address(o.maker, "--maker");
        const r = await settleCommitDeposit(await ctx.signer(), { orderId, maker });
        const pay = await paymentTokenOf(ctx, orderId);
        return txOutput(
          `commit deposit of ${ctx.label(maker)} on RFQ ${orderId}: ${formatTokenAmount(r.deposit, pay)} ${r.forfeited ? "forfeited to the customer" : "returned to the manufacturer"}`,
          r,
          { orderId, maker, deposit: r.deposit, forfeited: r.forfeited },
        );
      }),
    );
  b.command("list")
    .description("list the bids on an RFQ")
    .addArgument(idArgument("orderId"))
    .action(
      act(async (ctx, orderId: bigint) => {
        const [bids, pay] = await Promise.all([
          listBids(await ctx.reader(), { orderId }),
          paymentTokenOf(ctx, orderId),
        ]);
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
      }),
    );
};
