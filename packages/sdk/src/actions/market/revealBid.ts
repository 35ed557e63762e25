import type { Hex } from "viem";
import { writeOrderMarket } from "../../internal/write.ts";
import type { DipnetClient, WriteResult } from "../../types.ts";

/** Parameters of `revealBid`: exactly the committed terms and salt. */
export type RevealBidParameters = { orderId: bigint; price: bigint; leadTime: number; salt: Hex };
/** The transaction. */
export type RevealBidReturnType = WriteResult;

/** Reveals a sealed bid during the reveal window; unrevealed bids cannot win. */
export async function revealBid(client: DipnetClient, p: RevealBidParameters): Promise<RevealBidReturnType> {
  return writeOrderMarket(client, "revealBid", [p.orderId, p.price, p.leadTime, p.salt], { orderId: p.orderId });
}
