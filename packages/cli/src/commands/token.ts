import { delegateVotes, formatTokenAmount, getDipAccount, transferDip } from "@dipnet/sdk";
import { zeroAddress } from "viem";
import { txOutput } from "../output.ts";
import { parseAmount } from "../parse.ts";
import { daoOf } from "./proposalCalls.ts";
import type { Register } from "./types.ts";

const DIP = { symbol: "DIP", decimals: 18 } as const;

export const registerToken: Register = (program, act) => {
  const token = program.command("token").description("DIP, the governance token: balances, delegation, transfers");

  token
    .command("balance")
    .description("DIP held, votes delegated to the account, and its delegate (default: the signer)")
    .argument("[account]", "name or address")
    .action(
      act(async (ctx, account: string | undefined) => {
        daoOf(ctx);
        const address = account ? ctx.address(account, "account") : (await ctx.signerAccount()).address;
        const dip = await getDipAccount(await ctx.reader(), address);
        const delegate =
          dip.delegate === zeroAddress
            ? "nobody: its DIP does not vote (dipnet token delegate self)"
            : dip.delegate === address
              ? "itself"
              : ctx.label(dip.delegate);
        return {
          json: { account: address, ...dip },
          human: [
            ctx.label(address),
            `  DIP        ${formatTokenAmount(dip.balance, DIP)}`,
            `  votes      ${formatTokenAmount(dip.votes, DIP)}`,
            `  delegate   ${delegate}`,
          ],
        };
      }),
    );

  token
    .command("delegate")
    .description("let an account vote with all your DIP, now and later; `self` to vote yourself")
    .argument("<account>", "name, address, or self")
    .action(
      act(async (ctx, account: string) => {
        daoOf(ctx);
        const client = await ctx.signer();
        const delegatee = account === "self" ? client.account.address : ctx.address(account, "account");
        const r = await delegateVotes(client, { delegatee });
        const whom = delegatee === client.account.address ? "itself" : ctx.label(delegatee);
        return txOutput(`${ctx.label(client.account.address)} delegates its votes to ${whom}`, r, {
          delegator: client.account.address,
          delegatee,
        });
      }),
    );

  token
    .command("transfer")
    .description("send DIP; its votes follow to the recipient's delegate")
    .argument("<to>", "name or address")
    .argument("<amount>", "in DIP, e.g. 1000")
    .action(
      act(async (ctx, toText: string, amountText: string) => {
        daoOf(ctx);
        const to = ctx.address(toText, "to");
        const amount = parseAmount(amountText, DIP.decimals, "amount");
        const r = await transferDip(await ctx.signer(), { to, amount });
        return txOutput(`sent ${formatTokenAmount(amount, DIP)} to ${ctx.label(to)}`, r, { to, amount });
      }),
    );
};
