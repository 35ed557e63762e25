import type { Address } from "viem";
import { InvalidParameterError } from "../../errors/base.ts";
import { orderMarketAbi } from "../../generated/abis.ts";
import { eventOf, writeOrderMarket } from "../../internal/write.ts";
import type { DipnetClient, WriteResult } from "../../types.ts";

/** Parameters of `withdraw`. */
export type WithdrawParameters = {
  /** Token to pull. Default: the deployment's test stablecoin. */
  token?: Address | undefined;
};
/** The transaction and the amount paid out. */
export type WithdrawReturnType = WriteResult & { token: Address; amount: bigint };

/** Pulls everything of `token` the market owes the signer (payments, refunds, fees). */
export async function withdraw(client: DipnetClient, p: WithdrawParameters = {}): Promise<WithdrawReturnType> {
  const token = p.token ?? client.deployment.contracts.testStablecoin;
  if (!token) throw new InvalidParameterError("token", "required: this deployment has no test stablecoin");
  const address = client.deployment.contracts.orderMarket;
  const result = await writeOrderMarket(client, "withdraw", [token], { token });
  const log = eventOf(result.receipt, orderMarketAbi, address, "Withdrawn");
  return { ...result, token, amount: log.args.amount };
}
