import type { Hex } from "viem";
import type { DipnetClient, WriteResult } from "../../types.ts";
import { checkHash32, checkText, maxCidBytes, writeConfidentialAccess } from "./registry.ts";

/** Parameters of `setPackage`. */
export type SetPackageParameters = {
  orderId: bigint;
  /** Hash of the NDA text readers must accept (`contentHashOf(text)`). */
  ndaHash: Hex;
  /** IPFS CID of the encrypted package, 1 to 128 bytes. */
  packageCid: string;
  /** IPFS CID of the public preview, at most 128 bytes. Default: none. */
  previewCid?: string | undefined;
};

/**
 * Attaches a confidential package to the signer's open RFQ (again: a new version, whose NDA must be
 * accepted anew).
 * @example await setPackage(client, { orderId: 7n, ndaHash: contentHashOf(nda), packageCid, previewCid });
 */
export async function setPackage(client: DipnetClient, p: SetPackageParameters): Promise<WriteResult> {
  const args = [
    p.orderId,
    checkHash32("ndaHash", p.ndaHash),
    checkText("packageCid", p.packageCid, maxCidBytes),
    checkText("previewCid", p.previewCid ?? "", maxCidBytes, true),
  ] as const;
  return writeConfidentialAccess(client, "setPackage", args, { orderId: p.orderId });
}
