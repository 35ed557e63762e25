import { participantRegistryAbi } from "../../generated/abis.ts";
import { writeParticipantRegistry } from "../../internal/write.ts";
import type { DipnetClient, WriteResult } from "../../types.ts";
import { approveIfNeeded } from "../token/approveIfNeeded.ts";

/** Parameters of `depositStake`: `amount` in stake-token base units. */
export type DepositStakeParameters = {
  amount: bigint;
  /** Approve the registry first when the allowance is short. Default: true. */
  approve?: boolean | undefined;
};
/** The deposit (and the approval, if one was needed). */
export type DepositStakeReturnType = WriteResult & { approval: WriteResult | undefined };

/** Posts stake in the registry's stake token, approving it first if needed. */
export async function depositStake(
  client: DipnetClient,
  { amount, approve = true }: DepositStakeParameters,
): Promise<DepositStakeReturnType> {
  const registry = client.deployment.contracts.participantRegistry;
  let approval: WriteResult | undefined;
  if (approve) {
    const token = await client.publicClient.readContract({
      address: registry,
      abi: participantRegistryAbi,
      functionName: "stakeToken",
    });
    approval = await approveIfNeeded(client, { token, spender: registry, amount });
  }
  const result = await writeParticipantRegistry(client, "depositStake", [amount]);
  return { ...result, approval };
}
