import { writeOrderMarket } from "../../internal/write.ts";
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
  const result = await writeOrderMarket(client, "acceptCounterOffer", [orderId, price, leadTime], { orderId });
  return settlementOf(client, result);
}
