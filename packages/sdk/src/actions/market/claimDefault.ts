import { writeOrderMarket } from "../../internal/write.ts";
import type { DipnetClient } from "../../types.ts";
import { type SettlementResult, settlementOf } from "./settlement.ts";

/** Parameters of `claimDefault`. */
export type ClaimDefaultParameters = { orderId: bigint };
/** The transaction, and the settlement when this action settled the order. */
export type ClaimDefaultReturnType = SettlementResult;

/** The customer reclaims escrow of an order late past due date plus grace; the bond is slashed. */
export async function claimDefault(
  client: DipnetClient,
  { orderId }: ClaimDefaultParameters,
): Promise<ClaimDefaultReturnType> {
  const result = await writeOrderMarket(client, "claimDefault", [orderId], { orderId });
  return settlementOf(client, result);
}
