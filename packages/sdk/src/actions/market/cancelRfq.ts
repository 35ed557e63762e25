import { orderMarketAbi } from "../../generated/abis.ts";
import { writeAndWait } from "../../internal/write.ts";
import type { DipnetClient } from "../../types.ts";
import { type SettlementResult, settlementOf } from "./settlement.ts";

/** Parameters of `cancelRfq`. */
export type CancelRfqParameters = { orderId: bigint };
/** The transaction, and the settlement when this action settled the order. */
export type CancelRfqReturnType = SettlementResult;

/** The customer withdraws an RFQ before award, at no cost. */
export async function cancelRfq(client: DipnetClient, { orderId }: CancelRfqParameters): Promise<CancelRfqReturnType> {
  const result = await writeAndWait(
    client,
    {
      address: client.deployment.contracts.orderMarket,
      abi: orderMarketAbi,
      functionName: "cancelRfq",
      args: [orderId],
    },
    { action: "cancelRfq", orderId },
  );
  return settlementOf(client, result);
}
