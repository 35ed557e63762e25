import { formatTokenAmount, withdraw } from "@dipnet/sdk";
import { txOutput } from "../../output.ts";
import type { Register } from "../types.ts";

export const registerWithdraw: Register = (program, act) => {
  program
    .command("withdraw")
    .description("pull everything the market owes you (payments, refunds, fees)")
    .option("--token <token>", "payment token (default: tUSD)")
    .action(
      act(async (ctx, o: { token?: string }) => {
        const token = ctx.token(o.token);
        const r = await withdraw(await ctx.signer(), { token });
        const info = await ctx.tokenInfo(token);
        return txOutput(`withdrew ${formatTokenAmount(r.amount, info)}`, r, { token, amount: r.amount });
      }),
    );
};
