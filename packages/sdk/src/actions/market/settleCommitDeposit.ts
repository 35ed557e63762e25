import type { Address } from "viem";
import { orderMarketAbi } from "../../generated/abis.ts";
import { eventsOf, writeOrderMarket } from "../../internal/write.ts";
import type { DipnetClient, WriteResult } from "../../types.ts";

/** Parameters of `settleCommitDeposit`. */
export type SettleCommitDepositParameters = { orderId: bigint; maker: Address };
/**
 * The deposit settled and where it went: `forfeited` to the customer (never revealed), or back to
 * the maker (the RFQ was cancelled before it could reveal).
 */
export type SettleCommitDepositReturnType = WriteResult & { deposit: bigint; forfeited: boolean };

/**
 * Settles the commit deposit of `maker`'s sealed bid that was never revealed; anyone may send it
 * once the reveal window has closed.
 */
export async function settleCommitDeposit(
  client: DipnetClient,
  { orderId, maker }: SettleCommitDepositParameters,
): Promise<SettleCommitDepositReturnType> {
  const address = client.deployment.contracts.orderMarket;
  const result = await writeOrderMarket(client, "settleCommitDeposit", [orderId, maker], { orderId });
  const [forfeited] = eventsOf(result.receipt, orderMarketAbi, address, "CommitDepositForfeited");
  if (forfeited) return { ...result, deposit: forfeited.args.deposit, forfeited: true };
  const [returned] = eventsOf(result.receipt, orderMarketAbi, address, "CommitDepositReturned");
  return { ...result, deposit: returned?.args.deposit ?? 0n, forfeited: false };
}
