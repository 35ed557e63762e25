import type { Address } from "viem";
import { writeOrderMarket } from "../../internal/write.ts";
import type { DipnetClient, WriteResult } from "../../types.ts";
import type { MarketParameters } from "../reads/marketParameters.ts";

/** Parameters of `setTreasury`. */
export type SetTreasuryParameters = { treasury: Address };
/** Parameters of `setParameters`: the whole set; read `marketParameters` to change only some. */
export type SetParametersParameters = MarketParameters;
/** Parameters of `setPaymentToken`. */
export type SetPaymentTokenParameters = { token: Address; allowed: boolean };
/** Parameters of `setArbiter`. */
export type SetArbiterParameters = { arbiter: Address; allowed: boolean };

/**
 * Sets every market parameter at once, each within its bounds, or reverts `MarketInvalidParameter`
 * naming the first one out of bounds. Governance only. RFQs keep the fee, windows and cancellation
 * floor of their creation; the ruling window applies from shipping, the deposit from commit.
 */
export async function setParameters(client: DipnetClient, parameters: SetParametersParameters): Promise<WriteResult> {
  return writeOrderMarket(client, "setParameters", [parameters]);
}

/** Sets where protocol fees are credited. Governance only. */
export async function setTreasury(client: DipnetClient, { treasury }: SetTreasuryParameters): Promise<WriteResult> {
  return writeOrderMarket(client, "setTreasury", [treasury]);
}

/** Allows or disallows a payment token. Governance only. */
export async function setPaymentToken(
  client: DipnetClient,
  { token, allowed }: SetPaymentTokenParameters,
): Promise<WriteResult> {
  return writeOrderMarket(client, "setPaymentToken", [token, allowed], { token });
}

/** Admits or removes an arbiter. Governance only. */
export async function setArbiter(
  client: DipnetClient,
  { arbiter, allowed }: SetArbiterParameters,
): Promise<WriteResult> {
  return writeOrderMarket(client, "setArbiter", [arbiter, allowed]);
}
