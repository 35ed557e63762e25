import type { Hex } from "viem";
import { orderMarketAbi } from "../../generated/abis.ts";
import { writeAndWait } from "../../internal/write.ts";
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
  return writeAndWait(
    client,
    {
      address: client.deployment.contracts.orderMarket,
      abi: orderMarketAbi,
      functionName: "submitEvidence",
      args: [p.orderId, p.evidenceHash],
    },
    { action: "submitEvidence", orderId: p.orderId },
  );
}
