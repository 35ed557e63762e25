import type { Address } from "viem";
import { contributionRewardsAbi } from "../../generated/abis.ts";
import type { DipnetReadClient } from "../../types.ts";
import { checkId, contributionRewardsAddress } from "./rewards.ts";

/** An account's standing in one reward epoch. */
export type RewardAccount = {
  epoch: bigint;
  account: Address;
  /** Points earned in the epoch (one point is one DIP base unit of fee value). */
  points: bigint;
  claimed: boolean;
  /** DIP (base units) a claim pays, at the budget known now; zero once claimed or after the claim window. */
  claimable: bigint;
};

/** Reads `account`'s points, claim and claimable reward in `epoch`. */
export async function getRewardAccount(
  client: DipnetReadClient,
  p: { epoch: bigint; account: Address },
): Promise<RewardAccount> {
  const address = contributionRewardsAddress(client);
  const epoch = checkId("epoch", p.epoch);
  const read = client.publicClient;
  const [state, claimable] = await Promise.all([
    read.readContract({ address, abi: contributionRewardsAbi, functionName: "getAccount", args: [epoch, p.account] }),
    read.readContract({ address, abi: contributionRewardsAbi, functionName: "claimable", args: [epoch, p.account] }),
  ]);
  return { epoch, account: p.account, points: state.points, claimed: state.claimed, claimable };
}
