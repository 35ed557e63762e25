import { type Address, type Hex, isAddress, isHex, sha256 } from "viem";
import { InvalidParameterError } from "../../errors/base.ts";
import { toDipnetError } from "../../errors/normalize.ts";
import { confidentialAccessAbi, designRegistryAbi } from "../../generated/abis.ts";
import { contractWriter } from "../../internal/write.ts";
import type { DipnetReadClient } from "../../types.ts";

/** Address of the deployment's design registry; throws when the deployment predates it. */
export function designRegistryAddress(client: DipnetReadClient): Address {
  const address = client.deployment.contracts.designRegistry;
  if (!address) throw new InvalidParameterError("designRegistry", "this deployment has no design registry: redeploy");
  return address;
}

/** Address of the deployment's confidential-access contract; throws when the deployment predates it. */
export function confidentialAccessAddress(client: DipnetReadClient): Address {
  const address = client.deployment.contracts.confidentialAccess;
  if (!address)
    throw new InvalidParameterError("confidentialAccess", "this deployment has no confidential access: redeploy");
  return address;
}

/** Writes to the design registry. */
export const writeDesignRegistry = contractWriter(designRegistryAbi, designRegistryAddress);
/** Writes to the confidential-access contract. */
export const writeConfidentialAccess = contractWriter(confidentialAccessAbi, confidentialAccessAddress);

/** The most bytes a CID, a title may have on chain. */
export const maxCidBytes = 128;
export const maxTitleBytes = 200;

/** Checks a text of 1 to `max` UTF-8 bytes (0 allowed when `optional`); throws naming `field`. */
export function checkText(field: string, text: string, max: number, optional = false): string {
  const bytes = new TextEncoder().encode(text).length;
  if (bytes === 0 && !optional) throw new InvalidParameterError(field, "must not be empty");
  if (bytes > max) throw new InvalidParameterError(field, `must be at most ${max} bytes, got ${bytes}`);
  return text;
}

/** Checks a 32-byte non-zero hash (hex with `0x`); throws naming `field`. */
export function checkHash32(field: string, hash: string): Hex {
  if (!isHex(hash) || hash.length !== 66)
    throw new InvalidParameterError(field, "must be 32 bytes hex (0x + 64 digits)");
  if (/^0x0+$/.test(hash)) throw new InvalidParameterError(field, "must not be zero");
  return hash.toLowerCase() as Hex;
}

/** Checks an address that is not zero; throws naming `field`. */
export function checkAccount(field: string, address: string): Address {
  if (!isAddress(address, { strict: false })) throw new InvalidParameterError(field, "must be an address");
  if (/^0x0{40}$/i.test(address)) throw new InvalidParameterError(field, "must not be the zero address");
  return address as Address;
}

/**
 * The content hash the registry records for a plaintext file, and the NDA hash of an NDA text:
 * its sha256.
 * @example const contentHash = contentHashOf(await readFile("bracket.step"));
 */
export function contentHashOf(content: Uint8Array | string): Hex {
  return sha256(typeof content === "string" ? new TextEncoder().encode(content) : content);
}

/** Runs a read, turning a revert (an unknown id) into a `DipnetError` phrased for `action`. */
export async function reading<T>(action: string, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    throw toDipnetError(error, { action });
  }
}
