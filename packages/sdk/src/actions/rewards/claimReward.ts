import { contributionRewardsAbi } from "../../generated/abis.ts";
import { eventOf } from "../../internal/write.ts";
import type { DipnetClient, WriteResult } from "../../types.ts";
import { dipTokenOf } from "../governance/dip.ts";
import { checkId, contributionRewardsAddress, writeContributionRewards } from "./rewards.ts";

/** Parameters of `claimReward`. */
export type ClaimRewardParameters = { epoch: bigint };
/** The transaction and the DIP paid (base units). */
export type ClaimRewardReturnType = WriteResult & { amount: bigint };

/**
 * Pays the signer its DIP reward for an ended epoch, once, within the claim window (180 days after
 * the epoch's end): `min(budget, totalPoints × cap) × points / totalPoints`.
 * @example const { amount } = await claimReward(client, { epoch: 3n });
 */
export async function claimReward(
  client: DipnetClient,
  { epoch }: ClaimRewardParameters,
): Promise<ClaimRewardReturnType> {
  const result = await writeContributionRewards(client, "claim", [checkId("epoch", epoch)], {
    action: "claimReward",
    token: dipTokenOf(client),
  });
  const log = eventOf(result.receipt, contributionRewardsAbi, contributionRewardsAddress(client), "RewardClaimed");
  return { ...result, amount: log.args.amount };
}
