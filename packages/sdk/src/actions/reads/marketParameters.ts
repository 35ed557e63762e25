import type { Address } from "viem";
import { orderMarketAbi, participantRegistryAbi } from "../../generated/abis.ts";
import type { DipnetReadClient } from "../../types.ts";

/**
 * The market's governance parameters (`IOrderMarket.MarketParameters`), set all at once by
 * `setParameters`. An RFQ keeps the fee, windows and cancellation floor of its creation.
 */
export type MarketParameters = {
  /** Protocol fee in basis points (at most 1000). */
  feeBps: number;
  /** Seconds after shipping for the customer to accept or dispute (1 hour to 30 days). */
  acceptanceWindow: number;
  /** Seconds after the due date before the maker is in default (at most 30 days). */
  lateGrace: number;
  /** Smallest bond an RFQ may ask, in stake-token base units (at most the registry's minimum stake). */
  minBond: bigint;
  /** Seconds after the acceptance window for arbiters to rule a dispute (1 to 90 days). */
  rulingWindow: number;
  /** Percent of the price a cancellation owes the maker right after award (at most 50). */
  cancellationFloorPercent: number;
  /** Commit deposit of a sealed bid, in basis points of the budget (at most 1000). */
  commitDepositBps: number;
};

/** The market's parameters with the treasury, the registry's stake settings and the order count. */
export type MarketParametersReturnType = MarketParameters & {
  treasury: Address;
  stakeToken: Address;
  minStake: bigint;
  orderCount: bigint;
};

/** Reads every governance parameter in one go. */
export async function marketParameters(client: DipnetReadClient): Promise<MarketParametersReturnType> {
  const market = { address: client.deployment.contracts.orderMarket, abi: orderMarketAbi } as const;
  const registry = { address: client.deployment.contracts.participantRegistry, abi: participantRegistryAbi } as const;
  const read = client.publicClient;
  const [parameters, treasury, stakeToken, minStake, orderCount] = await Promise.all([
    read.readContract({ ...market, functionName: "parameters" }),
    read.readContract({ ...market, functionName: "treasury" }),
    read.readContract({ ...registry, functionName: "stakeToken" }),
    read.readContract({ ...registry, functionName: "minStake" }),
    read.readContract({ ...market, functionName: "orderCount" }),
  ]);
  return { ...parameters, treasury, stakeToken, minStake, orderCount };
}
