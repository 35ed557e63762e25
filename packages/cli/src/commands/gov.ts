import {
  formatBps,
  formatDuration,
  formatTokenAmount,
  InvalidParameterError,
  type MarketParameters,
  marketParameters,
  setArbiter,
  setMarket,
  setMinStake,
  setParameters,
  setPaymentToken,
  setStakeToken,
  setTreasury,
  type WriteResult,
} from "@dipnet/sdk";
import type { Context } from "../context.ts";
import { type CommandOutput, txLine } from "../output.ts";
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
            `ruling window     ${formatDuration(p.rulingWindow)} after the acceptance window`,
            `cancel floor      ${p.cancellationFloorPercent}% of the price at award, growing to 100% at the due date`,
            `commit deposit    ${formatBps(p.commitDepositBps)} of the budget per sealed bid`,
            `stake token       ${stake.symbol} (${p.stakeToken})`,
            `min stake         ${formatTokenAmount(p.minStake, stake)}`,
            `orders            ${p.orderCount}`,
          ],
        };
      }),
    );
  gov
    .command("set")
    .description("change market parameters; the others keep their values (bounds are checked on chain)")
    .option("--fee <share>", "protocol fee: 1% or 100bps (at most 10%)")
    .option("--acceptance <duration>", "acceptance window after shipping, e.g. 7d (1h to 30d)")
    .option("--grace <duration>", "late-delivery grace after the due date, e.g. 3d (at most 30d)")
    .option("--min-bond <amount>", "smallest bond an RFQ may ask, in stake-token units")
    .option("--ruling-window <duration>", "time for arbiters after the acceptance window, e.g. 14d (1d to 90d)")
    .option("--cancellation-floor <percent>", "share of the price a cancellation owes the maker at award: 10% (≤ 50%)")
    .option("--commit-deposit <share>", "deposit of a sealed bid, share of the budget: 1% or 100bps (≤ 10%)")
    .action(
      act(async (ctx, o: Record<string, string | undefined>) => {
        const client = await ctx.signer();
        const current = await marketParameters(client);
        const stake = await ctx.stakeToken();
        const floorBps =
          o.cancellationFloor === undefined ? undefined : parseBps(o.cancellationFloor, "--cancellation-floor");
        if (floorBps !== undefined && floorBps % 100 !== 0)
          throw new InvalidParameterError("--cancellation-floor", `"${o.cancellationFloor}" is not a whole percent`);
        const changes: Partial<MarketParameters> = {
          ...(o.fee !== undefined && { feeBps: parseBps(o.fee, "--fee") }),
          ...(o.acceptance !== undefined && { acceptanceWindow: parseDuration(o.acceptance, "--acceptance") }),
          ...(o.grace !== undefined && { lateGrace: parseDuration(o.grace, "--grace") }),
          ...(o.minBond !== undefined && { minBond: parseAmount(o.minBond, stake.decimals, "--min-bond") }),
          ...(o.rulingWindow !== undefined && { rulingWindow: parseDuration(o.rulingWindow, "--ruling-window") }),
          ...(floorBps !== undefined && { cancellationFloorPercent: floorBps / 100 }),
          ...(o.commitDeposit !== undefined && { commitDepositBps: parseBps(o.commitDeposit, "--commit-deposit") }),
        };
        if (Object.keys(changes).length === 0)
          throw new InvalidParameterError("options", "give at least one parameter to change (see --help)");
        const next: MarketParameters = {
          feeBps: current.feeBps,
          acceptanceWindow: current.acceptanceWindow,
          lateGrace: current.lateGrace,
          minBond: current.minBond,
          rulingWindow: current.rulingWindow,
          cancellationFloorPercent: current.cancellationFloorPercent,
          commitDepositBps: current.commitDepositBps,
          ...changes,
        };
        return done(
          `market parameters set: fee ${formatBps(next.feeBps)}, acceptance window ${formatDuration(next.acceptanceWindow)}, grace ${formatDuration(next.lateGrace)}, min bond ${formatTokenAmount(next.minBond, stake)}, ruling window ${formatDuration(next.rulingWindow)}, cancellation floor ${next.cancellationFloorPercent}%, commit deposit ${formatBps(next.commitDepositBps)}`,
          await setParameters(client, next),
          next,
        );
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
  /** `gov <name> <subject> [--<flag>]`: allows the subject, or with the flag disallows it. */
  const allowCommand = (
    name: string,
    argument: [name: string, description?: string],
    flag: [name: string, description: string],
    change: (ctx: Context, subject: string, allowed: boolean) => Promise<CommandOutput>,
  ) =>
    gov
      .command(name)
      .argument(...argument)
      .option(`--${flag[0]}`, flag[1])
      .action(act((ctx, subject: string, o: Record<string, boolean | undefined>) => change(ctx, subject, !o[flag[0]])));
  allowCommand(
    "allow-token",
    ["<token>", "token address"],
    ["disallow", "disallow instead"],
    async (ctx, text, allowed) => {
      const token = ctx.token(text, "token");
      return done(
        `payment token ${token} ${allowed ? "allowed" : "disallowed"}`,
        await setPaymentToken(await ctx.signer(), { token, allowed }),
        { token, allowed },
      );
    },
  );
  allowCommand("set-arbiter", ["<account>"], ["remove", "remove instead of admit"], async (ctx, text, allowed) => {
    const arbiter = ctx.address(text, "account");
    return done(
      `${ctx.label(arbiter)} ${allowed ? "admitted as" : "removed as"} arbiter`,
      await setArbiter(await ctx.signer(), { arbiter, allowed }),
      { arbiter, allowed },
    );
  });
  allowCommand(
    "set-market",
    ["<market>", "market address allowed to lock and slash bonds"],
    ["remove", "disallow instead"],
    async (ctx, text, allowed) => {
      const market = ctx.address(text, "market");
      return done(
        `market ${market} ${allowed ? "allowed" : "disallowed"}`,
        await setMarket(await ctx.signer(), { market, allowed }),
        { market, allowed },
      );
    },
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
