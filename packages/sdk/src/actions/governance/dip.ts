import type { Address } from "viem";
import { InvalidParameterError } from "../../errors/base.ts";
import { dipTokenAbi } from "../../generated/abis.ts";
import { contractWriter } from "../../internal/write.ts";
import type { DipnetClient, DipnetReadClient, WriteResult } from "../../types.ts";

/** DIP, the governance token of a deployment; throws when the deployment has none. */
export function dipTokenOf(client: DipnetReadClient): Address {
  const token = client.deployment.contracts.dipToken;
  if (!token) throw new InvalidParameterError("deployment.contracts.dipToken", "this deployment has no DIP token");
  return token;
}

const writeDip = contractWriter(dipTokenAbi, dipTokenOf);

/** An account's DIP: what it holds, whom it delegates to, and the votes delegated to it now. */
export type DipAccount = { balance: bigint; delegate: Address; votes: bigint };

/** Reads an account's DIP balance, delegate and current votes. */
export async function getDipAccount(client: DipnetReadClient, account: Address): Promise<DipAccount> {
  const address = dipTokenOf(client);
  const [balance, delegate, votes] = await Promise.all([
    client.publicClient.readContract({ address, abi: dipTokenAbi, functionName: "balanceOf", args: [account] }),
    client.publicClient.readContract({ address, abi: dipTokenAbi, functionName: "delegates", args: [account] }),
    client.publicClient.readContract({ address, abi: dipTokenAbi, functionName: "getVotes", args: [account] }),
  ]);
  return { balance, delegate, votes };
}

/**
 * Delegates the caller's votes (all its DIP, now and later) to `delegatee`, itself included: DIP
 * counts in votes only once delegated.
 */
export async function delegateVotes(client: DipnetClient, { delegatee }: { delegatee: Address }): Promise<WriteResult> {
  return writeDip(client, "delegate", [delegatee], { action: "delegateVotes" });
}

/** Sends `amount` DIP (base units, 18 decimals) to `to`; the votes move with it to `to`'s delegate. */
export async function transferDip(
  client: DipnetClient,
  { to, amount }: { to: Address; amount: bigint },
): Promise<WriteResult> {
  return writeDip(client, "transfer", [to, amount], { token: dipTokenOf(client) });
}
