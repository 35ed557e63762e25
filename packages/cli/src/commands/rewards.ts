import {
  claimReward,
  formatTokenAmount,
  formatUtc,
  InvalidParameterError,
  type RecordPointsReturnType,
  recordEvidencePoints,
  recordOrderPoints,
  recordRulingPoints,
  recordServicePoints,
} from "@dipnet/sdk";
import type { Context } from "../context.ts";
import { table, txOutput } from "../output.ts";
import { parseContentHash, parseId } from "../parse.ts";
import { apiOf, callNode } from "./evidenceBundle.ts";
import { daoOf } from "./proposalCalls.ts";
import type { Register } from "./types.ts";

const DIP = { symbol: "DIP", decimals: 18 } as const;
const dip = (amount: bigint | string) => formatTokenAmount(BigInt(amount), DIP);
const apiOption = ["--api <url>", "the node's API (env DIPNET_API_URL, default http://127.0.0.1:8080)"] as const;

/** One epoch of `GET /api/rewards/:address`. */
type RewardEpoch = {
  epoch: number;
  start: number;
  end: number;
  capBps: number;
  points: Record<"maker" | "ruling" | "service" | "evidence", string>;
  accountPoints: string;
  totalPoints: string;
  budget: string;
  claimable: string;
  claimed: { amount: string; at: number; txHash: string } | null;
};

/** An epoch number (epoch 0 starts at deployment). */
function parseEpoch(value: string): bigint {
  if (!/^\d+$/.test(value.trim())) throw new InvalidParameterError("epoch", `"${value}" is not an epoch (0, 1, 2, …)`);
  return BigInt(value);
}

/** What a recording printed: the points and whose they are, or why it earned nothing. */
function recordOutput(ctx: Context, what: string, r: RecordPointsReturnType) {
  const human = r.selfDealing
    ? `${what}: ${ctx.label(r.account)} earns nothing, linked to ${ctx.label(r.selfDealing.counterparty)} (self-dealing; counted as recorded)`
    : `${what}: ${ctx.label(r.account)} earns ${dip(r.points)} points in epoch ${r.epoch}`;
  return txOutput(human, r, {
    account: r.account,
    points: r.points,
    epoch: r.epoch,
    selfDealingWith: r.selfDealing?.counterparty ?? null,
  });
}

export const registerRewards: Register = (program, act) => {
  const rewards = program
    .command("rewards")
    .description("contribution rewards: DIP for makers, arbiters, services and evidence of settled orders, per epoch");

  rewards
    .command("show")
    .description("an account's points per epoch, the epoch's budget, what it can claim (from a node)")
    .argument("[account]", "name or address (default: the signer)")
    .option(...apiOption)
    .action(
      act(async (ctx, account: string | undefined, o: { api?: string }) => {
        const address = account ? ctx.address(account, "account") : (await ctx.signerAccount()).address;
        const response = await callNode(apiOf(ctx, o.api), `/api/rewards/${address}`);
        const answer = (await response.json()) as { epochs: RewardEpoch[]; contributions: unknown[] };
        const now = Number((await (await ctx.reader()).publicClient.getBlock()).timestamp);
        const rows = answer.epochs.map((e) => [
          String(e.epoch),
          `${formatUtc(BigInt(e.start))} – ${formatUtc(BigInt(e.end))}`,
          `${dip(e.accountPoints)} of ${dip(e.totalPoints)}`,
          `maker ${dip(e.points.maker)} · ruling ${dip(e.points.ruling)} · service ${dip(e.points.service)} · evidence ${dip(e.points.evidence)}`,
          dip(e.budget),
          e.claimed
            ? `claimed ${dip(e.claimed.amount)} on ${formatUtc(BigInt(e.claimed.at))}`
            : e.end > now
              ? "claimable after the epoch"
              : `claimable ${dip(e.claimable)}`,
        ]);
        return {
          json: answer,
          human: rows.length
            ? [ctx.label(address), ...table([["epoch", "runs", "points", "by kind", "budget", "reward"], ...rows])]
            : `${ctx.label(address)} has no contribution points yet`,
        };
      }),
    );

  rewards
    .command("claim")
    .description("claim your DIP for an ended epoch (within 180 days of its end)")
    .argument("<epoch>", "the epoch, as rewards show lists it")
    .action(
      act(async (ctx, epochText: string) => {
        const epoch = parseEpoch(epochText);
        daoOf(ctx);
        const client = await ctx.signer();
        const r = await claimReward(client, { epoch });
        return txOutput(`${ctx.label(client.account.address)} claimed ${dip(r.amount)} for epoch ${epoch}`, r, {
          epoch,
          amount: r.amount,
        });
      }),
    );

  const record = rewards
    .command("record")
    .description("record a contribution's points (anyone may; each contribution once)");
  record
    .command("order")
    .description("the maker's points of a completed order")
    .argument("<orderId>")
    .action(
      act(async (ctx, id: string) => {
        const orderId = parseId(id, "orderId");
        return recordOutput(ctx, `order ${orderId}`, await recordOrderPoints(await ctx.signer(), { orderId }));
      }),
    );
  record
    .command("ruling")
    .description("the points of the arbiter who ruled a resolved order")
    .argument("<orderId>")
    .action(
      act(async (ctx, id: string) => {
        const orderId = parseId(id, "orderId");
        return recordOutput(
          ctx,
          `ruling of order ${orderId}`,
          await recordRulingPoints(await ctx.signer(), { orderId }),
        );
      }),
    );
  record
    .command("service")
    .description("the provider's points of a performed service (inspection, logistics leg)")
    .argument("<serviceId>")
    .action(
      act(async (ctx, id: string) => {
        const serviceId = parseId(id, "serviceId");
        return recordOutput(ctx, `service ${serviceId}`, await recordServicePoints(await ctx.signer(), { serviceId }));
      }),
    );
  record
    .command("evidence")
    .description("the points of whoever recorded a trace of a completed order, by its acceptance deadline")
    .argument("<orderId>")
    .argument("<item>", "the item's EPC URI")
    .argument("<eventHash>", "the trace's event hash (0x…, as trace record printed it)")
    .action(
      act(async (ctx, id: string, item: string, hashText: string) => {
        const orderId = parseId(id, "orderId");
        const eventHash = parseContentHash(hashText, "eventHash");
        const r = await recordEvidencePoints(await ctx.signer(), { orderId, item, eventHash });
        return recordOutput(ctx, `evidence of order ${orderId}`, r);
      }),
    );
};
