import type { DipnetClient, WriteResult } from "../../types.ts";
import { writeDesignRegistry } from "./registry.ts";

/** Parameters of `endLicence`. */
export type EndLicenceParameters = { licenceId: bigint };

/**
 * Ends a licence of a design the signer owns, for the future: units already recorded stand.
 * @example await endLicence(client, { licenceId: 3n });
 */
export async function endLicence(client: DipnetClient, p: EndLicenceParameters): Promise<WriteResult> {
  return writeDesignRegistry(client, "endLicence", [p.licenceId]);
}
