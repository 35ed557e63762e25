import type { Hex } from "viem";
import { orderMarketAbi } from "../../generated/abis.ts";
import { writeAndWait } from "../../internal/write.ts";
import type { DipnetClient, WriteResult } from "../../types.ts";

/** Parameters of `dispute`: the hash of the evidence. */
export type DisputeParameters = { orderId: bigint; evidenceHash: Hex };
/** The transaction. */
export type DisputeReturnType = WriteResult;

/** The customer or the maker disputes a shipped order within the acceptance window. */
export async function dispute(client: DipnetClient, p: DisputeParameters): Promise<DisputeReturnType> {
  return writeAndWait(
    client,
    {
      address: client.deployment.contracts.orderMarket,
      abi: orderMarketAbi,
      functionName: "dispute",
      args: [p.orderId, p.evidenceHash],
    },
    { action: "dispute", orderId: p.orderId },
  );
}
