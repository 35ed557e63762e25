import type { Address } from "viem";
import { orderMarketAbi } from "../../generated/abis.ts";
import { bidStates } from "../../generated/enums.ts";
import type { DipnetReadClient } from "../../types.ts";

/** Parameters of `commitDeposit`. */
export type CommitDepositParameters = { orderId: bigint; maker: Address };
/**
 * The deposit `maker`'s commitment holds (or its first commitment would pull now) and whether that
 * commitment is already made (then revising it pulls nothing more).
 */
export type CommitDepositReturnType = { deposit: bigint; token: Address; committed: boolean };

/**
 * What a sealed bid on `orderId` holds as its commit deposit: the market's `commitDepositBps` at
 * the first commitment times the budget, in the order's payment token.
 */
export async function commitDeposit(
  client: DipnetReadClient,
  { orderId, maker }: CommitDepositParameters,
): Promise<CommitDepositReturnType> {
  const market = { address: client.deployment.contracts.orderMarket, abi: orderMarketAbi } as const;
  const read = client.publicClient;
  const [order, bid, parameters] = await Promise.all([
    read.readContract({ ...market, functionName: "getOrder", args: [orderId] }),
    read.readContract({ ...market, functionName: "getBid", args: [orderId, maker] }),
    read.readContract({ ...market, functionName: "parameters" }),
  ]);
  if (bidStates[bid.state] === "Committed") return { deposit: bid.deposit, token: order.paymentToken, committed: true };
  return {
    deposit: (order.amount * BigInt(parameters.commitDepositBps)) / 10_000n,
    token: order.paymentToken,
    committed: false,
  };
}
