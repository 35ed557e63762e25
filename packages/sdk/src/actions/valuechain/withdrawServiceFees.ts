import type { Address } from "viem";
import { InvalidParameterError } from "../../errors/base.ts";
import { orderServicesAbi } from "../../generated/abis.ts";
import { eventOf } from "../../internal/write.ts";
import type { DipnetClient, WriteResult } from "../../types.ts";
import { orderServicesAddress, writeOrderServices } from "./services.ts";

/** Parameters of `withdrawServiceFees`. */
export type WithdrawServiceFeesParameters = { token?: Address | undefined };
/** The transaction and the amount paid out. */
export type WithdrawServiceFeesReturnType = WriteResult & { amount: bigint };

/**
 * Pulls everything the services contract owes the signer in `token` (default: the test stablecoin):
 * fees of performed services, or fees of cancelled ones back to their booker.
 * @example await withdrawServiceFees(client, {});
 */
export async function withdrawServiceFees(
  client: DipnetClient,
  p: WithdrawServiceFeesParameters = {},
): Promise<WithdrawServiceFeesReturnType> {
  const token = p.token ?? client.deployment.contracts.testStablecoin;
  if (!token) throw new InvalidParameterError("token", "required: this deployment has no test stablecoin");
  const result = await writeOrderServices(client, "withdraw", [token], { action: "withdrawServiceFees", token });
  const log = eventOf(result.receipt, orderServicesAbi, orderServicesAddress(client), "Withdrawn");
  return { ...result, amount: log.args.amount };
}
