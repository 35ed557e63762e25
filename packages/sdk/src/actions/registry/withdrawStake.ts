import { writeParticipantRegistry } from "../../internal/write.ts";
import type { DipnetClient, WriteResult } from "../../types.ts";

/** Parameters of `withdrawStake`: `amount` of free stake in base units. */
export type WithdrawStakeParameters = { amount: bigint };
/** The transaction. */
export type WithdrawStakeReturnType = WriteResult;

/** Takes back free (unlocked) stake. */
export async function withdrawStake(
  client: DipnetClient,
  { amount }: WithdrawStakeParameters,
): Promise<WithdrawStakeReturnType> {
  return writeParticipantRegistry(client, "withdrawStake", [amount]);
}
