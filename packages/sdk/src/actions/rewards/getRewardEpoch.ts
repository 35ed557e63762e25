import { contributionRewardsAbi } from "../../generated/abis.ts";
import type { DipnetReadClient } from "../../types.ts";
import { checkId, contributionRewardsAddress } from "./rewards.ts";

/** One reward epoch: when it runs, its cap, and its totals. Times in unix seconds, amounts in DIP base units. */
export type RewardEpoch = {
  epoch: bigint;
  start: number;
  end: number;
  /** Most a claim pays of its points, in basis points. */
  capBps: number;
  totalPoints: bigint;
  budget: bigint;
  claimed: bigint;
  /** What nobody claimed went back to the treasury. */
  returned: boolean;
};

/** The current reward epoch's number. */
export async function getCurrentRewardEpoch(client: DipnetReadClient): Promise<bigint> {
  return client.publicClient.readContract({
    address: contributionRewardsAddress(client),
    abi: contributionRewardsAbi,
    functionName: "currentEpoch",
  });
}

/**
 * Reads an epoch (default: the current one). Bounds come from the schedule; an epoch that has
 * points keeps its own copy of its end and cap.
 */
export async function getRewardEpoch(client: DipnetReadClient, p: { epoch?: bigint } = {}): Promise<RewardEpoch> {
  const address = contributionRewardsAddress(client);
  const epoch = p.epoch === undefined ? await getCurrentRewardEpoch(client) : checkId("epoch", p.epoch);
  const read = client.publicClient;
  const [[start, end, capBps], totals] = await Promise.all([
    read.readContract({ address, abi: contributionRewardsAbi, functionName: "epochBounds", args: [epoch] }),
    read.readContract({ address, abi: contributionRewardsAbi, functionName: "getEpoch", args: [epoch] }),
  ]);
  return {
    epoch,
    start,
    end: totals.endsAt === 0 ? end : totals.endsAt,
    capBps: totals.endsAt === 0 ? capBps : totals.capBps,
    totalPoints: totals.totalPoints,
    budget: totals.budget,
    claimed: totals.claimed,
    returned: totals.returned,
  };
}
