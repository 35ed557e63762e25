import type { DipnetClient } from "../../types.ts";
import { checkId, type RecordPointsReturnType, recordedPoints, writeContributionRewards } from "./rewards.ts";

/** Parameters of `recordServicePoints`. */
export type RecordServicePointsParameters = { serviceId: bigint };

/**
 * Records the provider's points of a performed inspection or logistics leg of a Completed order
 * (its share of the order's 25 % services pool). Anyone may call it, once per service.
 */
export async function recordServicePoints(
  client: DipnetClient,
  { serviceId }: RecordServicePointsParameters,
): Promise<RecordPointsReturnType> {
  const result = await writeContributionRewards(client, "recordService", [checkId("serviceId", serviceId)], {
    action: "recordServicePoints",
  });
  return recordedPoints(client, result);
}
