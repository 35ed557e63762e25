import { orderMarketAbi } from "../../generated/abis.ts";
import { writeAndWait } from "../../internal/write.ts";
import type { DipnetClient } from "../../types.ts";
import { type SettlementResult, settlementOf } from "./settlement.ts";

/** Parameters of `acceptCounterOffer`. */
export type AcceptCounterOfferParameters = { orderId: bigint };
/** The transaction, and the settlement when this action settled the order. */
export type AcceptCounterOfferReturnType = SettlementResult;

/** The maker accepts the customer's counter-offer; its bid takes those terms. */
export async function acceptCounterOffer(
  client: DipnetClient,
  { orderId }: AcceptCounterOfferParameters,
): Promise<AcceptCounterOfferReturnType> {
  const result = await writeAndWait(
    client,
    {
      address: client.deployment.contracts.orderMarket,
      abi: orderMarketAbi,
      functionName: "acceptCounterOffer",
      args: [orderId],
    },
    { action: "acceptCounterOffer", orderId },
  );
  return settlementOf(client, result);
}
