import { writeOrderMarket } from "../../internal/write.ts";
import type { DipnetClient } from "../../types.ts";
import { type SettlementResult, settlementOf } from "./settlement.ts";

/** Parameters of `finalize`. */
export type FinalizeParameters = { orderId: bigint };
/** The transaction, and the settlement when this action settled the order. */
export type FinalizeReturnType = SettlementResult;

/** Anyone accepts on the customer's behalf once the acceptance window has passed. */
export async function finalize(client: DipnetClient, { orderId }: FinalizeParameters): Promise<FinalizeReturnType> {
  const result = await writeOrderMarket(client, "finalize", [orderId], { orderId });
  return settlementOf(client, result);
}
