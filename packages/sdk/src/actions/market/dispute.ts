import type { Hex } from "viem";
import { writeOrderMarket } from "../../internal/write.ts";
import type { DipnetClient, WriteResult } from "../../types.ts";

/** Parameters of `dispute`: the hash of the evidence. */
export type DisputeParameters = { orderId: bigint; evidenceHash: Hex };
/** The transaction. */
export type DisputeReturnType = WriteResult;

/** The customer or the maker disputes a shipped order within the acceptance window. */
export async function dispute(client: DipnetClient, p: DisputeParameters): Promise<DisputeReturnType> {
  return writeOrderMarket(client, "dispute", [p.orderId, p.evidenceHash], { orderId: p.orderId });
}
