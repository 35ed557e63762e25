import { orderMarketAbi } from "../../generated/abis.ts";
import { writeAndWait } from "../../internal/write.ts";
import type { DipnetClient } from "../../types.ts";
import { type SettlementResult, settlementOf } from "./settlement.ts";

/** Parameters of `acceptCounterOffer`: the offer's terms as the maker saw them. */
export type AcceptCounterOfferParameters = { orderId: bigint; price: bigint; leadTime: number };
/** The transaction, and the settlement when this action settled the order. */
export type AcceptCounterOfferReturnType = SettlementResult;

/**
 * The maker accepts the customer's counter-offer of exactly `price` and `leadTime`; its bid takes
 * those terms. Reverts `MarketTermsChanged` if the customer replaced the offer in the meantime.
 */
export async function acceptCounterOffer(
  client: DipnetClient,
  { orderId, price, leadTime }: AcceptCounterOfferParameters,
): Promise<AcceptCounterOfferReturnType> {
  const result = await writeAndWait(
    client,
    {
      address: client.deployment.contracts.orderMarket,
      abi: orderMarketAbi,
      functionName: "acceptCounterOffer",
      args: [orderId, price, leadTime],
    },
    { action: "acceptCounterOffer", orderId },
  );
  return settlementOf(client, result);
}
