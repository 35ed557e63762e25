import type { Hex } from "viem";
import { InvalidParameterError } from "../../errors/base.ts";
import type { DipnetClient } from "../../types.ts";
import { itemIdOf } from "../evidence/traces.ts";
import { checkId, type RecordPointsReturnType, recordedPoints, writeContributionRewards } from "./rewards.ts";

/** Parameters of `recordEvidencePoints`: a trace of the evidence registry, as `recordTrace` took it. */
export type RecordEvidencePointsParameters = {
  orderId: bigint;
  /** The item's EPC URI. */
  item: string;
  /** Hash of the EPCIS event. */
  eventHash: Hex;
};

/**
 * Records the points of whoever recorded the trace (15 % of the order's fee's DIP value): the
 * order must be Completed and the trace made no later than its acceptance deadline. Anyone may
 * call it, once per order.
 */
export async function recordEvidencePoints(
  client: DipnetClient,
  p: RecordEvidencePointsParameters,
): Promise<RecordPointsReturnType> {
  if (!/^0x[0-9a-fA-F]{64}$/.test(p.eventHash)) throw new InvalidParameterError("eventHash", "must be a 32-byte hash");
  const result = await writeContributionRewards(
    client,
    "recordEvidence",
    [checkId("orderId", p.orderId), itemIdOf(p.item), p.eventHash],
    { action: "recordEvidencePoints", orderId: p.orderId },
  );
  return recordedPoints(client, result);
}
