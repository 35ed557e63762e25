import type { Address } from "viem";
import { erc20PermitAbi } from "../../generated/abis.ts";
import type { DipnetReadClient, TokenInfo } from "../../types.ts";

/** Parameters of `getTokenInfo`: the token's address. */
export type GetTokenInfoParameters = Address;
/** Symbol and decimals of the token. */
export type GetTokenInfoReturnType = TokenInfo;

const cache = new WeakMap<object, Map<string, TokenInfo>>();

/** Reads (once per client, then cached) a token's symbol and decimals. */
export async function getTokenInfo(
  client: DipnetReadClient,
  token: GetTokenInfoParameters,
): Promise<GetTokenInfoReturnType> {
  let known = cache.get(client.publicClient);
  if (!known) {
    known = new Map();
    cache.set(client.publicClient, known);
  }
  const hit = known.get(token.toLowerCase());
  if (hit) return hit;
  const [symbol, decimals] = await Promise.all([
    client.publicClient.readContract({ address: token, abi: erc20PermitAbi, functionName: "symbol" }),
    client.publicClient.readContract({ address: token, abi: erc20PermitAbi, functionName: "decimals" }),
  ]);
  const info = { address: token, symbol, decimals };
  known.set(token.toLowerCase(), info);
  return info;
}
