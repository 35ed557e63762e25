import type { DipnetClient } from "../../types.ts";
import { checkId, type RecordPointsReturnType, recordedPoints, writeContributionRewards } from "./rewards.ts";

/** Parameters of `recordOrderPoints`. */
export type RecordOrderPointsParameters = { orderId: bigint };

/**
 * Records the maker's points of a Completed order (60 % of its fee's DIP value, halved when it
 * shipped late; nothing for self-dealing). Anyone may call it, once per order.
 * @example const { points, epoch } = await recordOrderPoints(client, { orderId: 7n });
 */
export async function recordOrderPoints(
  client: DipnetClient,
  { orderId }: RecordOrderPointsParameters,
): Promise<RecordPointsReturnType> {
  const result = await writeContributionRewards(client, "recordOrder", [checkId("orderId", orderId)], {
    action: "recordOrderPoints",
    orderId,
  });
  return recordedPoints(client, result);
}
