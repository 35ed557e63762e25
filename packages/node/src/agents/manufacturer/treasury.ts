// The manufacturer autopilot's treasury: it withdraws its earnings once they pass a threshold and
// (demo) tops its stake up from the test faucet after slashing.
import { unitsToUsd } from "@dipnet/planner";
import { depositStake, faucet, withdraw } from "@dipnet/sdk";
import type { AgentReadModel } from "../readModel.ts";
import type { AgentTick } from "../runtime.ts";
import type { Maker } from "./context.ts";

/** What the treasury reads. */
export type TreasuryReadModel = Pick<AgentReadModel, "owedOf" | "participantOf">;

/** Options of the manufacturer's treasury. */
export type TreasuryOptions = {
  /** Withdraw earnings once they reach this (base units). Default: 100 tUSD. */
  withdrawMin?: bigint | undefined;
  /** Demo: keep the stake at this level, topping up from the test faucet. Default: off. */
  stakeTarget?: bigint | undefined;
};

/** The test faucet's limit per call. */
const FAUCET_LIMIT = 10_000_000_000n;

/** The manufacturer's earnings and stake. */
export function createTreasury(maker: Maker, readModel: TreasuryReadModel, options: TreasuryOptions) {
  const { client, me, guard } = maker;
  const token = client.deployment.contracts.testStablecoin;
  const market = client.deployment.contracts.orderMarket;
  const withdrawMin = options.withdrawMin ?? 100_000_000n;

  async function withdrawEarnings(tick: AgentTick): Promise<void> {
    if (!token) return;
    const owed = await readModel.owedOf(market, token, me);
    if (owed >= withdrawMin) {
      await guard.act(tick, "withdraw", `withdraw ${unitsToUsd(owed)} tUSD`, () => withdraw(client, { token }));
    }
  }

  async function topUpStake(tick: AgentTick): Promise<void> {
    const target = options.stakeTarget;
    if (target === undefined) return;
    const row = await readModel.participantOf(me);
    if (!row || (row.roles & 2) === 0) return;
    const stake = BigInt(row.stake);
    if (stake * 2n >= target) return;
    const amount = target - stake > FAUCET_LIMIT ? FAUCET_LIMIT : target - stake;
    await guard.act(tick, "stake", `top up stake by ${unitsToUsd(target - stake)} tUSD`, async () => {
      await faucet(client, { amount });
      return depositStake(client, { amount });
    });
  }

  return { withdrawEarnings, topUpStake };
}
