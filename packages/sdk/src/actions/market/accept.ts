import { writeOrderMarket } from "../../internal/write.ts";
import type { DipnetClient } from "../../types.ts";
import { type SettlementResult, settlementOf } from "./settlement.ts";

/** Parameters of `accept`. */
export type AcceptParameters = { orderId: bigint };
/** The transaction, and the settlement when this action settled the order. */
export type AcceptReturnType = SettlementResult;

/** The customer accepts delivery: the rest of the price goes to the maker, the bond is released. */
export async function accept(client: DipnetClient, { orderId }: AcceptParameters): Promise<AcceptReturnType> {
  const result = await writeOrderMarket(client, "accept", [orderId], { orderId });
  return settlementOf(client, result);
}
