import { orderMarketAbi } from "../../generated/abis.ts";
import { writeAndWait } from "../../internal/write.ts";
import type { DipnetClient } from "../../types.ts";
import { type SettlementResult, settlementOf } from "./settlement.ts";

/** Parameters of `finalize`. */
export type FinalizeParameters = { orderId: bigint };
/** The transaction, and the settlement when this action settled the order. */
export type FinalizeReturnType = SettlementResult;

/** Anyone accepts on the customer's behalf once the acceptance window has passed. */
export async function finalize(client: DipnetClient, { orderId }: FinalizeParameters): Promise<FinalizeReturnType> {
  const result = await writeAndWait(
    client,
    {
      address: client.deployment.contracts.orderMarket,
      abi: orderMarketAbi,
      functionName: "finalize",
      args: [orderId],
    },
    { action: "finalize", orderId },
  );
  return settlementOf(client, result);
}
