import type { Address } from "viem";
import { writeOrderMarket } from "../../internal/write.ts";
import type { DipnetClient, WriteResult } from "../../types.ts";

/** Parameters of `withdrawCounterOffer`. */
export type WithdrawCounterOfferParameters = { orderId: bigint; maker: Address };

/** The customer withdraws its counter-offer to `maker` while the RFQ is open; the maker's bid stands. */
export async function withdrawCounterOffer(
  client: DipnetClient,
  { orderId, maker }: WithdrawCounterOfferParameters,
): Promise<WriteResult> {
  return writeOrderMarket(client, "withdrawCounterOffer", [orderId, maker], { orderId });
}
