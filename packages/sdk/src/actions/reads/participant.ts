import type { Address, Hex } from "viem";
import { participantRegistryAbi } from "../../generated/abis.ts";
import type { DipnetReadClient } from "../../types.ts";
import { type RoleName, roles } from "../../types.ts";

/** Parameters of `participant`. */
export type ParticipantParameters = { account: Address };
/** The participant record with role names and stake split into free and locked. */
export type ParticipantReturnType = {
  account: Address;
  registered: boolean;
  roles: number;
  roleNames: RoleName[];
  registeredAt: number;
  profileHash: Hex;
  encryptionKey: Hex;
  stake: bigint;
  locked: bigint;
  free: bigint;
  slashed: bigint;
};

/** Reads `account`'s registry record (zero roles when unregistered) and claimable slashed stake. */
export async function participant(
  client: DipnetReadClient,
  { account }: ParticipantParameters,
): Promise<ParticipantReturnType> {
  const address = client.deployment.contracts.participantRegistry;
  const [p, slashed] = await Promise.all([
    client.publicClient.readContract({
      address,
      abi: participantRegistryAbi,
      functionName: "participant",
      args: [account],
    }),
    client.publicClient.readContract({
      address,
      abi: participantRegistryAbi,
      functionName: "slashedOf",
      args: [account],
    }),
  ]);
  return {
    account,
    registered: p.roles !== 0,
    roles: p.roles,
    roleNames: (Object.keys(roles) as RoleName[]).filter((name) => (p.roles & roles[name]) !== 0),
    registeredAt: p.registeredAt,
    profileHash: p.profileHash,
    encryptionKey: p.encryptionKey,
    stake: p.stake,
    locked: p.locked,
    free: p.stake - p.locked,
    slashed,
  };
}
