import { getScorecard, type Scorecard } from "@dipnet/sdk";
import type { Context } from "../context.ts";
import type { Register } from "./types.ts";

const pct = (r: number | null) => (r === null ? "—" : `${(r * 100).toFixed(1)} %`);
const dur = (s: number | null) =>
  s === null ? "—" : s >= 3600 ? `${(s / 3600).toFixed(1)} h` : `${Math.round(s / 60)} min`;

function human(ctx: Context, c: Scorecard): string[] {
  const value = Object.entries(c.completedValue)
    .map(([token, v]) => `${v} (${ctx.label(token as `0x${string}`)})`)
    .join(", ");
  return [
    `reputation of ${ctx.label(c.maker as `0x${string}`)}`,
    `  orders bid on      ${c.ordersBidOn} (won ${c.awarded}, ${pct(c.winRate)})`,
    `  on time            ${pct(c.onTimeRate)} (${c.shippedOnTime} on time, ${c.shippedLate} late, ${c.defaulted} defaulted)`,
    `  disputes           ${c.disputes.opened} (${pct(c.disputes.rate)}): maker favoured ${c.disputes.makerFavoured}, customer favoured ${c.disputes.customerFavoured}, split ${c.disputes.split}, slashed ${c.disputes.slashed}, expired unruled ${c.disputes.expired}, open ${c.disputes.open}`,
    `  completed          ${c.completedOrders}${value ? `, value ${value} base units` : ""}`,
    `  response time      mean ${dur(c.responseTime.meanSeconds)}, median ${dur(c.responseTime.medianSeconds)} over ${c.responseTime.samples} RFQs`,
  ];
}

export const registerReputation: Register = (program, act) => {
  program
    .command("reputation")
    .description("a manufacturer's scorecard computed directly from chain logs (no node needed)")
    .argument("<account>", "manufacturer: address or account name")
    .action(
      act(async (ctx, account: string) => {
        const maker = ctx.address(account, "account");
        const card = await getScorecard(await ctx.reader(), { maker });
        return { json: card, human: human(ctx, card) };
      }),
    );
};
