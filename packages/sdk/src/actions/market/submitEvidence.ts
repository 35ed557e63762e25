import type { Hex } from "viem";
import { writeOrderMarket } from "../../internal/write.ts";
import type { DipnetClient, WriteResult } from "../../types.ts";

/** Parameters of `submitEvidence`: the hash of the evidence. */
export type SubmitEvidenceParameters = { orderId: bigint; evidenceHash: Hex };
/** The transaction. */
export type SubmitEvidenceReturnType = WriteResult;

/** The customer or the maker adds evidence to an open dispute. */
export async function submitEvidence(
  client: DipnetClient,
  p: SubmitEvidenceParameters,
): Promise<SubmitEvidenceReturnType> {
  return writeOrderMarket(client, "submitEvidence", [p.orderId, p.evidenceHash], { orderId: p.orderId });
}
