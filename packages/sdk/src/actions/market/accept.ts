import { orderMarketAbi } from "../../generated/abis.ts";
import { writeAndWait } from "../../internal/write.ts";
import type { DipnetClient } from "../../types.ts";
import { type SettlementResult, settlementOf } from "./settlement.ts";

/** Parameters of `accept`. */
export type AcceptParameters = { orderId: bigint };
/** The transaction, and the settlement when this action settled the order. */
export type AcceptReturnType = SettlementResult;

/** The customer accepts delivery: the rest of the price goes to the maker, the bond is released. */
export async function accept(client: DipnetClient, { orderId }: AcceptParameters): Promise<AcceptReturnType> {
  const result = await writeAndWait(
    client,
    { address: client.deployment.contracts.orderMarket, abi: orderMarketAbi, functionName: "accept", args: [orderId] },
    { action: "accept", orderId },
  );
  return settlementOf(client, result);
}
