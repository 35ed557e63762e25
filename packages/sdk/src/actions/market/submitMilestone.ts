import type { Hex } from "viem";
import { orderMarketAbi } from "../../generated/abis.ts";
import { eventOf, writeOrderMarket } from "../../internal/write.ts";
import type { DipnetClient, WriteResult } from "../../types.ts";

/** Parameters of `submitMilestone`: the hash of the evidence (report, photos, measurements). */
export type SubmitMilestoneParameters = { orderId: bigint; evidenceHash: Hex };
/** The transaction and the index of the milestone submitted. */
export type SubmitMilestoneReturnType = WriteResult & { index: number };

/** The maker reports the next milestone done; the final milestone is released on acceptance instead. */
export async function submitMilestone(
  client: DipnetClient,
  p: SubmitMilestoneParameters,
): Promise<SubmitMilestoneReturnType> {
  const address = client.deployment.contracts.orderMarket;
  const result = await writeOrderMarket(client, "submitMilestone", [p.orderId, p.evidenceHash], { orderId: p.orderId });
  const log = eventOf(result.receipt, orderMarketAbi, address, "MilestoneSubmitted");
  return { ...result, index: log.args.index };
}
