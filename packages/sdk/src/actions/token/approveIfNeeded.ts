import type { Address } from "viem";
import { erc20PermitAbi } from "../../generated/abis.ts";
import { writeAndWait } from "../../internal/write.ts";
import type { DipnetClient, WriteResult } from "../../types.ts";

/** Parameters of `approveIfNeeded`. */
export type ApproveIfNeededParameters = { token: Address; spender: Address; amount: bigint };
/** The approval sent, or `undefined` when the allowance already sufficed. */
export type ApproveIfNeededReturnType = WriteResult | undefined;

/** Approves `spender` for exactly `amount` of `token` unless the current allowance already covers it. */
export async function approveIfNeeded(
  client: DipnetClient,
  { token, spender, amount }: ApproveIfNeededParameters,
): Promise<ApproveIfNeededReturnType> {
  const allowance = await client.publicClient.readContract({
    address: token,
    abi: erc20PermitAbi,
    functionName: "allowance",
    args: [client.account.address, spender],
  });
  if (allowance >= amount) return undefined;
  return writeAndWait(
    client,
    { address: token, abi: erc20PermitAbi, functionName: "approve", args: [spender, amount] },
    { action: "approve", token },
  );
}
