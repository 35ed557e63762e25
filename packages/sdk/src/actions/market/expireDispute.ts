import { orderMarketAbi } from "../../generated/abis.ts";
import { eventOf, writeOrderMarket } from "../../internal/write.ts";
import type { DipnetClient } from "../../types.ts";
import { type SettlementResult, settlementOf } from "./settlement.ts";

/** Parameters of `expireDispute`. */
export type ExpireDisputeParameters = { orderId: bigint };
/** The settlement, and the share of the unreleased price refunded to the customer (basis points). */
export type ExpireDisputeReturnType = SettlementResult & { refundBps: number };

/**
 * Anyone ends a dispute no arbiter ruled on by the order's `rulingEnds`: half of the unreleased
 * price goes back to the customer, half to the maker, and the bond is released.
 */
export async function expireDispute(
  client: DipnetClient,
  { orderId }: ExpireDisputeParameters,
): Promise<ExpireDisputeReturnType> {
  const address = client.deployment.contracts.orderMarket;
  const result = await writeOrderMarket(client, "expireDispute", [orderId], { orderId });
  const { refundBps } = eventOf(result.receipt, orderMarketAbi, address, "DisputeExpired").args;
  return { ...settlementOf(client, result), refundBps };
}
