import { type Address, isAddress } from "viem";
import { InvalidParameterError } from "../../errors/base.ts";
import { evidenceRegistryAbi } from "../../generated/abis.ts";
import type { DipnetClient, DipnetReadClient, WriteResult } from "../../types.ts";
import { evidenceRegistryAddress, writeEvidenceRegistry } from "./registry.ts";

/** Parameters of `setAnchorer`. */
export type SetAnchorerParameters = {
  /** The account (e.g. a node's anchoring key) that anchors batches of the caller's devices' readings. */
  anchorer: Address;
  /** Allow (true) or stop allowing (false; also voids the readings it anchored before). */
  allowed: boolean;
};

/**
 * Allows an account to anchor the caller's devices' readings: readings under roots anchored by any
 * account other than their manufacturer or an allowed one verify as invalid.
 * @example await setAnchorer(maker, { anchorer: nodeAnchorAddress, allowed: true });
 */
export async function setAnchorer(client: DipnetClient, p: SetAnchorerParameters): Promise<WriteResult> {
  if (!isAddress(p.anchorer)) throw new InvalidParameterError("anchorer", "must be an address");
  return writeEvidenceRegistry(client, "setAnchorer", [p.anchorer, p.allowed]);
}

/** True when `anchorer` is `manufacturer` itself or allowed by it. */
export async function isAnchorerOf(
  client: DipnetReadClient,
  p: { manufacturer: Address; anchorer: Address },
): Promise<boolean> {
  return client.publicClient.readContract({
    address: evidenceRegistryAddress(client),
    abi: evidenceRegistryAbi,
    functionName: "isAnchorerOf",
    args: [p.manufacturer, p.anchorer],
  });
}
