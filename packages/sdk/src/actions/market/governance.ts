import type { Address } from "viem";
import { orderMarketAbi } from "../../generated/abis.ts";
import { writeAndWait } from "../../internal/write.ts";
import type { DipnetClient, WriteResult } from "../../types.ts";

/** Parameters of `setFee`: protocol fee in basis points (at most 1000). */
export type SetFeeParameters = { feeBps: number };
/** Parameters of `setTreasury`. */
export type SetTreasuryParameters = { treasury: Address };
/** Parameters of `setWindows`: both in seconds. */
export type SetWindowsParameters = { acceptanceWindow: number; lateGrace: number };
/** Parameters of `setMinBond`: stake-token base units. */
export type SetMinBondParameters = { minBond: bigint };
/** Parameters of `setPaymentToken`. */
export type SetPaymentTokenParameters = { token: Address; allowed: boolean };
/** Parameters of `setArbiter`. */
export type SetArbiterParameters = { arbiter: Address; allowed: boolean };

const market = (client: DipnetClient) => client.deployment.contracts.orderMarket;

/** Sets the protocol fee for new RFQs. Governance only. */
export async function setFee(client: DipnetClient, { feeBps }: SetFeeParameters): Promise<WriteResult> {
  return writeAndWait(
    client,
    { address: market(client), abi: orderMarketAbi, functionName: "setFee", args: [feeBps] },
    { action: "setFee" },
  );
}

/** Sets where protocol fees are credited. Governance only. */
export async function setTreasury(client: DipnetClient, { treasury }: SetTreasuryParameters): Promise<WriteResult> {
  return writeAndWait(
    client,
    { address: market(client), abi: orderMarketAbi, functionName: "setTreasury", args: [treasury] },
    { action: "setTreasury" },
  );
}

/** Sets the acceptance window and the late-delivery grace period. Governance only. */
export async function setWindows(client: DipnetClient, p: SetWindowsParameters): Promise<WriteResult> {
  return writeAndWait(
    client,
    {
      address: market(client),
      abi: orderMarketAbi,
      functionName: "setWindows",
      args: [p.acceptanceWindow, p.lateGrace],
    },
    { action: "setWindows" },
  );
}

/** Sets the minimum bond an RFQ must ask for. Governance only. */
export async function setMinBond(client: DipnetClient, { minBond }: SetMinBondParameters): Promise<WriteResult> {
  return writeAndWait(
    client,
    { address: market(client), abi: orderMarketAbi, functionName: "setMinBond", args: [minBond] },
    { action: "setMinBond" },
  );
}

/** Allows or disallows a payment token. Governance only. */
export async function setPaymentToken(
  client: DipnetClient,
  { token, allowed }: SetPaymentTokenParameters,
): Promise<WriteResult> {
  return writeAndWait(
    client,
    { address: market(client), abi: orderMarketAbi, functionName: "setPaymentToken", args: [token, allowed] },
    { action: "setPaymentToken", token },
  );
}

/** Admits or removes an arbiter. Governance only. */
export async function setArbiter(
  client: DipnetClient,
  { arbiter, allowed }: SetArbiterParameters,
): Promise<WriteResult> {
  return writeAndWait(
    client,
    { address: market(client), abi: orderMarketAbi, functionName: "setArbiter", args: [arbiter, allowed] },
    { action: "setArbiter" },
  );
}
