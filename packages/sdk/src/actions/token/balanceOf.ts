import type { Address } from "viem";
import { erc20PermitAbi } from "../../generated/abis.ts";
import type { DipnetReadClient } from "../../types.ts";

/** Parameters of `balanceOf`. */
export type BalanceOfParameters = { token: Address; account: Address };
/** Balance in the token's base units. */
export type BalanceOfReturnType = bigint;

/** Reads `account`'s balance of `token`. */
export async function balanceOf(
  client: DipnetReadClient,
  { token, account }: BalanceOfParameters,
): Promise<BalanceOfReturnType> {
  return client.publicClient.readContract({
    address: token,
    abi: erc20PermitAbi,
    functionName: "balanceOf",
    args: [account],
  });
}
