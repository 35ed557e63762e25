import { participantRegistryAbi } from "../../generated/abis.ts";
import { writeAndWait } from "../../internal/write.ts";
import type { DipnetClient, WriteResult } from "../../types.ts";

/** Parameters of `grantRoles`: role bits to add. */
export type GrantRolesParameters = { roles: number };
/** The transaction. */
export type GrantRolesReturnType = WriteResult;

/** Adds roles to the signer's roles. */
export async function grantRoles(client: DipnetClient, { roles }: GrantRolesParameters): Promise<GrantRolesReturnType> {
  return writeAndWait(
    client,
    {
      address: client.deployment.contracts.participantRegistry,
      abi: participantRegistryAbi,
      functionName: "grantRoles",
      args: [roles],
    },
    { action: "grantRoles" },
  );
}
