import type { DipnetClient } from "../../types.ts";
import { checkId, type RecordPointsReturnType, recordedPoints, writeContributionRewards } from "./rewards.ts";

/** Parameters of `recordRulingPoints`. */
export type RecordRulingPointsParameters = { orderId: bigint };

/**
 * Records the points of the arbiter who ruled a Resolved order (20 % of its fee's DIP value).
 * Anyone may call it, once per order.
 */
export async function recordRulingPoints(
  client: DipnetClient,
  { orderId }: RecordRulingPointsParameters,
): Promise<RecordPointsReturnType> {
  const result = await writeContributionRewards(client, "recordRuling", [checkId("orderId", orderId)], {
    action: "recordRulingPoints",
    orderId,
  });
  return recordedPoints(client, result);
}
