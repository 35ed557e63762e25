import {
  formatBps,
  formatDuration,
  formatTokenAmount,
  marketParameters,
  setArbiter,
  setFee,
  setMarket,
  setMinBond,
  setMinStake,
  setPaymentToken,
  setStakeToken,
  setTreasury,
  setWindows,
  type WriteResult,
} from "@dipnet/sdk";
import type { Context } from "../context.ts";
import { txLine } from "../output.ts";
import { parseAmount, parseBps, parseDuration } from "../parse.ts";
import type { Register } from "./types.ts";

const done = (what: string, r: WriteResult, json: Record<string, unknown> = {}) => ({
  json: { ...json, hash: r.hash, blockNumber: r.blockNumber },
  human: [what, txLine(r)],
});

export const registerGov: Register = (program, act) => {
  const gov = program.command("gov").description("protocol parameters (governance only)");
  gov
    .command("show")
    .description("show every governance parameter")
    .action(
      act(async (ctx: Context) => {
        const p = await marketParameters(await ctx.reader());
        const stake = await ctx.stakeToken();
        return {
          json: p,
          human: [
            `fee               ${formatBps(p.feeBps)}`,
            `treasury          ${ctx.label(p.treasury)}`,
            `acceptance window ${formatDuration(p.acceptanceWindow)}`,
            `late grace        ${formatDuration(p.lateGrace)}`,
            `min bond          ${formatTokenAmount(p.minBond, stake)}`,
            `stake token       ${stake.symbol} (${p.stakeToken})`,
            `min stake         ${formatTokenAmount(p.minStake, stake)}`,
            `orders            ${p.orderCount}`,
          ],
        };
      }),
    );
  gov
    .command("set-fee")
    .argument("<share>", "protocol fee: 1% or 100bps (at most 10%)")
    .action(
      act(async (ctx, share: string) => {
        const feeBps = parseBps(share, "share");
        return done(`fee set to ${formatBps(feeBps)}`, await setFee(await ctx.signer(), { feeBps }), { feeBps });
      }),
    );
  gov
    .command("set-treasury")
    .argument("<account>")
    .action(
      act(async (ctx, account: string) => {
        const treasury = ctx.address(account, "account");
        return done(`treasury set to ${ctx.label(treasury)}`, await setTreasury(await ctx.signer(), { treasury }), {
          treasury,
        });
      }),
    );
  gov
    .command("set-windows")
    .requiredOption("--acceptance <duration>", "acceptance window, e.g. 7d")
    .requiredOption("--grace <duration>", "late-delivery grace, e.g. 3d")
    .action(
      act(async (ctx, o: { acceptance: string; grace: string }) => {
        const acceptanceWindow = parseDuration(o.acceptance, "--acceptance");
        const lateGrace = parseDuration(o.grace, "--grace");
        return done(
          `acceptance window ${formatDuration(acceptanceWindow)}, grace ${formatDuration(lateGrace)}`,
          await setWindows(await ctx.signer(), { acceptanceWindow, lateGrace }),
          { acceptanceWindow, lateGrace },
        );
      }),
    );
  gov
    .command("set-min-bond")
    .argument("<amount>", "in stake-token units")
    .action(
      act(async (ctx, amount: string) => {
        const stake = await ctx.stakeToken();
        const minBond = parseAmount(amount, stake.decimals, "amount");
        return done(
          `minimum bond set to ${formatTokenAmount(minBond, stake)}`,
          await setMinBond(await ctx.signer(), { minBond }),
          { minBond },
        );
      }),
    );
  gov
    .command("set-min-stake")
    .argument("<amount>", "in stake-token units")
    .action(
      act(async (ctx, amount: string) => {
        const stake = await ctx.stakeToken();
        const minStake = parseAmount(amount, stake.decimals, "amount");
        return done(
          `minimum stake set to ${formatTokenAmount(minStake, stake)}`,
          await setMinStake(await ctx.signer(), { minStake }),
          { minStake },
        );
      }),
    );
  gov
    .command("allow-token")
    .argument("<token>", "token address")
    .option("--disallow", "disallow instead")
    .action(
      act(async (ctx, tokenText: string, o: { disallow?: boolean }) => {
        const token = ctx.token(tokenText, "token");
        const allowed = !o.disallow;
        return done(
          `payment token ${token} ${allowed ? "allowed" : "disallowed"}`,
          await setPaymentToken(await ctx.signer(), { token, allowed }),
          { token, allowed },
        );
      }),
    );
  gov
    .command("set-arbiter")
    .argument("<account>")
    .option("--remove", "remove instead of admit")
    .action(
      act(async (ctx, account: string, o: { remove?: boolean }) => {
        const arbiter = ctx.address(account, "account");
        const allowed = !o.remove;
        return done(
          `${ctx.label(arbiter)} ${allowed ? "admitted as" : "removed as"} arbiter`,
          await setArbiter(await ctx.signer(), { arbiter, allowed }),
          { arbiter, allowed },
        );
      }),
    );
  gov
    .command("set-market")
    .argument("<market>", "market address allowed to lock and slash bonds")
    .option("--remove", "disallow instead")
    .action(
      act(async (ctx, marketText: string, o: { remove?: boolean }) => {
        const market = ctx.address(marketText, "market");
        const allowed = !o.remove;
        return done(
          `market ${market} ${allowed ? "allowed" : "disallowed"}`,
          await setMarket(await ctx.signer(), { market, allowed }),
          { market, allowed },
        );
      }),
    );
  gov
    .command("set-stake-token")
    .argument("<token>", "token address (only while nothing is staked)")
    .action(
      act(async (ctx, tokenText: string) => {
        const token = ctx.token(tokenText, "token");
        return done(`stake token set to ${token}`, await setStakeToken(await ctx.signer(), { token }), { token });
      }),
    );
};
