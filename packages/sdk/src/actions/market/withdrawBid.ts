import { writeOrderMarket } from "../../internal/write.ts";
import type { DipnetClient } from "../../types.ts";
import { type SettlementResult, settlementOf } from "./settlement.ts";

/** Parameters of `withdrawBid`. */
export type WithdrawBidParameters = { orderId: bigint };
/** The transaction, and the settlement when this action settled the order. */
export type WithdrawBidReturnType = SettlementResult;

/** Withdraws the signer's bid while the bidding window is open. */
export async function withdrawBid(
  client: DipnetClient,
  { orderId }: WithdrawBidParameters,
): Promise<WithdrawBidReturnType> {
  const result = await writeOrderMarket(client, "withdrawBid", [orderId], { orderId });
  return settlementOf(client, result);
}
