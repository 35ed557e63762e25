import { orderMarketAbi } from "../../generated/abis.ts";
import { writeAndWait } from "../../internal/write.ts";
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
  const result = await writeAndWait(
    client,
    {
      address: client.deployment.contracts.orderMarket,
      abi: orderMarketAbi,
      functionName: "rule",
      args: [p.orderId, p.refundBps, p.slashBps],
    },
    { action: "rule", orderId: p.orderId },
  );
  return settlementOf(client, result);
}
