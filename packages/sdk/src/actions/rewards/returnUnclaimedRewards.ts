import type { DipnetClient, WriteResult } from "../../types.ts";
import { checkId, writeContributionRewards } from "./rewards.ts";

/** Parameters of `returnUnclaimedRewards`. */
export type ReturnUnclaimedRewardsParameters = { epoch: bigint };

/** After an epoch's claim window, sends what nobody claimed back to the treasury (the timelock). Anyone may call it. */
export async function returnUnclaimedRewards(
  client: DipnetClient,
  { epoch }: ReturnUnclaimedRewardsParameters,
): Promise<WriteResult> {
  return writeContributionRewards(client, "returnUnclaimed", [checkId("epoch", epoch)], {
    action: "returnUnclaimedRewards",
  });
}
