import { writeOrderMarket } from "../../internal/write.ts";
import type { DipnetClient } from "../../types.ts";
import { type SettlementResult, settlementOf } from "./settlement.ts";

/** Parameters of `rule`: shares in basis points (10000 = 100 %). */
export type RuleParameters = {
  orderId: bigint;
  /** Share of the unreleased price refunded to the customer; the rest goes to the maker. */
  refundBps: number;
  /** Share of the bond slashed to the customer. */
  slashBps: number;
};
/** The transaction and the resulting settlement. */
export type RuleReturnType = SettlementResult;

/** An admitted arbiter rules a dispute; funds and bond split accordingly. */
export async function rule(client: DipnetClient, p: RuleParameters): Promise<RuleReturnType> {
  const result = await writeOrderMarket(client, "rule", [p.orderId, p.refundBps, p.slashBps], { orderId: p.orderId });
  return settlementOf(client, result);
}
