import type { DipnetClient, WriteResult } from "../../types.ts";
import { writeConfidentialAccess } from "./registry.ts";

/** Parameters of `revokeAccess`. */
export type RevokeAccessParameters = { grantId: bigint };

/**
 * Revokes a grant the signer made: the grantee gets no envelopes for new versions. A key already
 * downloaded cannot be clawed back.
 * @example await revokeAccess(client, { grantId: 4n });
 */
export async function revokeAccess(client: DipnetClient, p: RevokeAccessParameters): Promise<WriteResult> {
  return writeConfidentialAccess(client, "revoke", [p.grantId], { action: "revokeAccess" });
}
