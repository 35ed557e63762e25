import type { Address } from "viem";
import { orderMarketAbi } from "../../generated/abis.ts";
import type { DipnetReadClient } from "../../types.ts";

/** Parameters of `owed`. */
export type OwedParameters = { account: Address; token?: Address | undefined };
/** Base units of `token` the market owes `account`. */
export type OwedReturnType = bigint;

/** What `account` can withdraw of `token` (default: the test stablecoin). */
export async function owed(client: DipnetReadClient, { account, token }: OwedParameters): Promise<OwedReturnType> {
  const t = token ?? client.deployment.contracts.testStablecoin;
  if (!t) return 0n;
  return client.publicClient.readContract({
    address: client.deployment.contracts.orderMarket,
    abi: orderMarketAbi,
    functionName: "owed",
    args: [t, account],
  });
}
