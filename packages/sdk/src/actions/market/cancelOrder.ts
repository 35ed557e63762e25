import { toDipnetError } from "../../errors/normalize.ts";
import { orderMarketAbi } from "../../generated/abis.ts";
import { errorContext, eventOf, writeOrderMarket } from "../../internal/write.ts";
import type { DipnetClient, DipnetReadClient } from "../../types.ts";
import { type SettlementResult, settlementOf } from "./settlement.ts";

/** Parameters of `cancelOrder`. */
export type CancelOrderParameters = { orderId: bigint };
/** The transaction, the settlement, and the compensation credited to the maker beyond released milestones. */
export type CancelOrderReturnType = SettlementResult & { compensation: bigint };

/**
 * What cancelling awarded order `orderId` now would credit the maker beyond the milestones already
 * released: the price times a share growing from the cancellation floor at award to all of it at
 * the due date.
 */
export async function cancellationCompensation(
  client: DipnetReadClient,
  { orderId }: CancelOrderParameters,
): Promise<bigint> {
  try {
    return await client.publicClient.readContract({
      address: client.deployment.contracts.orderMarket,
      abi: orderMarketAbi,
      functionName: "cancellationCompensation",
      args: [orderId],
    });
  } catch (error) {
    throw toDipnetError(error, await errorContext(client, { action: "cancelOrder", orderId }));
  }
}

/**
 * The customer cancels an awarded, unshipped order: the maker keeps released milestones and is
 * credited `cancellationCompensation` for the work done; the rest is refunded.
 */
export async function cancelOrder(
  client: DipnetClient,
  { orderId }: CancelOrderParameters,
): Promise<CancelOrderReturnType> {
  const result = await writeOrderMarket(client, "cancelOrder", [orderId], { orderId });
  const { compensation } = eventOf(
    result.receipt,
    orderMarketAbi,
    client.deployment.contracts.orderMarket,
    "OrderCancelled",
  ).args;
  return { ...settlementOf(client, result), compensation };
}
