import type { Address } from "viem";
import { orderMarketAbi, participantRegistryAbi } from "../../generated/abis.ts";
import type { DipnetReadClient } from "../../types.ts";

/** Governance-owned parameters of the market and the registry. */
export type MarketParametersReturnType = {
  feeBps: number;
  treasury: Address;
  acceptanceWindow: number;
  lateGrace: number;
  minBond: bigint;
  stakeToken: Address;
  minStake: bigint;
  orderCount: bigint;
};

/** Reads every governance parameter in one go. */
export async function marketParameters(client: DipnetReadClient): Promise<MarketParametersReturnType> {
  const market = { address: client.deployment.contracts.orderMarket, abi: orderMarketAbi } as const;
  const registry = { address: client.deployment.contracts.participantRegistry, abi: participantRegistryAbi } as const;
  const read = client.publicClient;
  const [feeBps, treasury, acceptanceWindow, lateGrace, minBond, stakeToken, minStake, orderCount] = await Promise.all([
    read.readContract({ ...market, functionName: "feeBps" }),
    read.readContract({ ...market, functionName: "treasury" }),
    read.readContract({ ...market, functionName: "acceptanceWindow" }),
    read.readContract({ ...market, functionName: "lateGrace" }),
    read.readContract({ ...market, functionName: "minBond" }),
    read.readContract({ ...registry, functionName: "stakeToken" }),
    read.readContract({ ...registry, functionName: "minStake" }),
    read.readContract({ ...market, functionName: "orderCount" }),
  ]);
  return { feeBps, treasury, acceptanceWindow, lateGrace, minBond, stakeToken, minStake, orderCount };
}
