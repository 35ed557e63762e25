import type { Address } from "viem";
import { writeParticipantRegistry } from "../../internal/write.ts";
import type { DipnetClient, WriteResult } from "../../types.ts";

/** Parameters of `setMarket`. */
export type SetMarketParameters = { market: Address; allowed: boolean };
/** Parameters of `setStakeToken`. */
export type SetStakeTokenParameters = { token: Address };
/** Parameters of `setMinStake`: base units of the stake token. */
export type SetMinStakeParameters = { minStake: bigint };

/** Allows or disallows a market to lock and slash bonds. Governance only. */
export async function setMarket(client: DipnetClient, { market, allowed }: SetMarketParameters): Promise<WriteResult> {
  return writeParticipantRegistry(client, "setMarket", [market, allowed]);
}

/** Chooses the stake token (only while nothing is staked). Governance only. */
export async function setStakeToken(client: DipnetClient, { token }: SetStakeTokenParameters): Promise<WriteResult> {
  return writeParticipantRegistry(client, "setStakeToken", [token]);
}

/** Sets the minimum stake a manufacturer needs to bid. Governance only. */
export async function setMinStake(client: DipnetClient, { minStake }: SetMinStakeParameters): Promise<WriteResult> {
  return writeParticipantRegistry(client, "setMinStake", [minStake]);
}
