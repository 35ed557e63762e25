import type { Hex } from "viem";
import type { DipnetClient, WriteResult } from "../../types.ts";
import { checkHash32, writeConfidentialAccess } from "./registry.ts";

/** Parameters of `acceptNda`. */
export type AcceptNdaParameters = {
  orderId: bigint;
  /** Hash of the NDA text the signer read and accepts; must be the package's current one. */
  ndaHash: Hex;
};

/**
 * Accepts an order's NDA on chain, so its customer may grant the signer access to the package.
 * @example await acceptNda(client, { orderId: 7n, ndaHash: contentHashOf(nda) });
 */
export async function acceptNda(client: DipnetClient, p: AcceptNdaParameters): Promise<WriteResult> {
  return writeConfidentialAccess(client, "acceptNda", [p.orderId, checkHash32("ndaHash", p.ndaHash)], {
    orderId: p.orderId,
  });
}
