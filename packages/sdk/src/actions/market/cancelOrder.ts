import { orderMarketAbi } from "../../generated/abis.ts";
import { writeAndWait } from "../../internal/write.ts";
import type { DipnetClient } from "../../types.ts";
import { type SettlementResult, settlementOf } from "./settlement.ts";

/** Parameters of `cancelOrder`. */
export type CancelOrderParameters = { orderId: bigint };
/** The transaction, and the settlement when this action settled the order. */
export type CancelOrderReturnType = SettlementResult;

/** The customer cancels an awarded, unshipped order; the maker keeps released milestones. */
export async function cancelOrder(
  client: DipnetClient,
  { orderId }: CancelOrderParameters,
): Promise<CancelOrderReturnType> {
  const result = await writeAndWait(
    client,
    {
      address: client.deployment.contracts.orderMarket,
      abi: orderMarketAbi,
      functionName: "cancelOrder",
      args: [orderId],
    },
    { action: "cancelOrder", orderId },
  );
  return settlementOf(client, result);
}
