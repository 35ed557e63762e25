import { orderMarketAbi } from "../../generated/abis.ts";
import { eventOf, writeOrderMarket } from "../../internal/write.ts";
import type { DipnetClient, WriteResult } from "../../types.ts";

/** Parameters of `approveMilestone`. */
export type ApproveMilestoneParameters = { orderId: bigint };
/** The transaction, the milestone index released and the amount credited to the maker. */
export type ApproveMilestoneReturnType = WriteResult & { index: number; amount: bigint };

/** The customer approves the submitted milestone, crediting its share to the maker. */
export async function approveMilestone(
  client: DipnetClient,
  { orderId }: ApproveMilestoneParameters,
): Promise<ApproveMilestoneReturnType> {
  const address = client.deployment.contracts.orderMarket;
  const result = await writeOrderMarket(client, "approveMilestone", [orderId], { orderId });
  const log = eventOf(result.receipt, orderMarketAbi, address, "MilestoneReleased");
  return { ...result, index: log.args.index, amount: log.args.amount };
}
