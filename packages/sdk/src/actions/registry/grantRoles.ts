import { writeParticipantRegistry } from "../../internal/write.ts";
import type { DipnetClient, WriteResult } from "../../types.ts";

/** Parameters of `grantRoles`: role bits to add. */
export type GrantRolesParameters = { roles: number };
/** The transaction. */
export type GrantRolesReturnType = WriteResult;

/** Adds roles to the signer's roles. */
export async function grantRoles(client: DipnetClient, { roles }: GrantRolesParameters): Promise<GrantRolesReturnType> {
  return writeParticipantRegistry(client, "grantRoles", [roles]);
}
