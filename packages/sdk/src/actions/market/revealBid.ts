import type { Hex } from "viem";
import { orderMarketAbi } from "../../generated/abis.ts";
import { writeAndWait } from "../../internal/write.ts";
import type { DipnetClient, WriteResult } from "../../types.ts";

/** Parameters of `revealBid`: exactly the committed terms and salt. */
export type RevealBidParameters = { orderId: bigint; price: bigint; leadTime: number; salt: Hex };
/** The transaction. */
export type RevealBidReturnType = WriteResult;

/** Reveals a sealed bid during the reveal window; unrevealed bids cannot win. */
export async function revealBid(client: DipnetClient, p: RevealBidParameters): Promise<RevealBidReturnType> {
  return writeAndWait(
    client,
    {
      address: client.deployment.contracts.orderMarket,
      abi: orderMarketAbi,
      functionName: "revealBid",
      args: [p.orderId, p.price, p.leadTime, p.salt],
    },
    { action: "revealBid", orderId: p.orderId },
  );
}
