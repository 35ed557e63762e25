import { InvalidParameterError } from "../../errors/base.ts";
import type { DipnetClient, WriteResult } from "../../types.ts";
import { dipTokenOf } from "../governance/dip.ts";
import { approveIfNeeded } from "../token/approveIfNeeded.ts";
import { checkId, contributionRewardsAddress, writeContributionRewards } from "./rewards.ts";

/** Parameters of `fundRewardEpoch`. */
export type FundRewardEpochParameters = {
  /** An epoch that has not ended. */
  epoch: bigint;
  /** DIP base units (18 decimals), pulled from the signer (approved first when needed). */
  amount: bigint;
};

/**
 * Adds the signer's DIP to an epoch's reward budget. Governance funds epochs from the treasury by
 * proposal (`approve` and `fundEpoch` calls from the timelock); anyone else may add to a budget too.
 */
export async function fundRewardEpoch(client: DipnetClient, p: FundRewardEpochParameters): Promise<WriteResult> {
  if (typeof p.amount !== "bigint" || p.amount <= 0n) throw new InvalidParameterError("amount", "must be positive");
  const epoch = checkId("epoch", p.epoch);
  const token = dipTokenOf(client);
  await approveIfNeeded(client, { token, spender: contributionRewardsAddress(client), amount: p.amount });
  return writeContributionRewards(client, "fundEpoch", [epoch, p.amount], { action: "fundRewardEpoch", token });
}
