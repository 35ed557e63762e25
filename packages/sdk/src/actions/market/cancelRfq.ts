import { writeOrderMarket } from "../../internal/write.ts";
import type { DipnetClient } from "../../types.ts";
import { type SettlementResult, settlementOf } from "./settlement.ts";

/** Parameters of `cancelRfq`. */
export type CancelRfqParameters = { orderId: bigint };
/** The transaction, and the settlement when this action settled the order. */
export type CancelRfqReturnType = SettlementResult;

/** The customer withdraws an RFQ before award, at no cost. */
export async function cancelRfq(client: DipnetClient, { orderId }: CancelRfqParameters): Promise<CancelRfqReturnType> {
  const result = await writeOrderMarket(client, "cancelRfq", [orderId], { orderId });
  return settlementOf(client, result);
}
