import type { Address } from "viem";
import { InvalidParameterError } from "../../errors/base.ts";
import { contributionRewardsAbi } from "../../generated/abis.ts";
import { contractWriter, eventsOf } from "../../internal/write.ts";
import type { DipnetReadClient, WriteResult } from "../../types.ts";

/** Address of the deployment's contribution rewards; throws when it has none (no DAO, or older). */
export function contributionRewardsAddress(client: DipnetReadClient): Address {
  const address = client.deployment.contracts.contributionRewards;
  if (!address)
    throw new InvalidParameterError(
      "deployment.contracts.contributionRewards",
      "this deployment has no contribution rewards: deploy with a DAO",
    );
  return address;
}

/** Writes to the contribution rewards. */
export const writeContributionRewards = contractWriter(contributionRewardsAbi, contributionRewardsAddress);

/** What a recording did: the points `account` earned in `epoch`, or none for self-dealing. */
export type RecordPointsReturnType = WriteResult & {
  /** Who the contribution belongs to. */
  account: Address;
  /** Points earned (zero for self-dealing); one point is one DIP base unit of fee value. */
  points: bigint;
  /** The epoch the points went to; undefined for self-dealing. */
  epoch: bigint | undefined;
  /** The account is linked to `counterparty`, so the contribution earned nothing (and counts as recorded). */
  selfDealing: { counterparty: Address } | undefined;
};

/** Reads the `PointsRecorded` or `SelfDealingIgnored` event of a recording. */
export function recordedPoints(client: DipnetReadClient, result: WriteResult): RecordPointsReturnType {
  const address = contributionRewardsAddress(client);
  const [recorded] = eventsOf(result.receipt, contributionRewardsAbi, address, "PointsRecorded");
  if (recorded)
    return {
      ...result,
      account: recorded.args.account,
      points: recorded.args.points,
      epoch: recorded.args.epoch,
      selfDealing: undefined,
    };
  const [ignored] = eventsOf(result.receipt, contributionRewardsAbi, address, "SelfDealingIgnored");
  if (!ignored) throw new InvalidParameterError("receipt", "holds no recording of contribution rewards");
  return {
    ...result,
    account: ignored.args.account,
    points: 0n,
    epoch: undefined,
    selfDealing: { counterparty: ignored.args.counterparty },
  };
}

/** Checks an id the contracts take as uint256; throws naming `field`. */
export function checkId(field: string, value: bigint): bigint {
  if (typeof value !== "bigint" || value < 0n || value >= 2n ** 256n)
    throw new InvalidParameterError(field, "must be a uint256");
  return value;
}
