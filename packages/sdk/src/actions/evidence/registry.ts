import { type Address, encodeAbiParameters, type Hex, keccak256 } from "viem";
import { InvalidParameterError } from "../../errors/base.ts";
import { evidenceRegistryAbi } from "../../generated/abis.ts";
import { contractWriter } from "../../internal/write.ts";
import type { DipnetReadClient } from "../../types.ts";

/** Address of the deployment's evidence registry; throws when the deployment predates it. */
export function evidenceRegistryAddress(client: DipnetReadClient): Address {
  const address = client.deployment.contracts.evidenceRegistry;
  if (!address)
    throw new InvalidParameterError("evidenceRegistry", "this deployment has no evidence registry: redeploy");
  return address;
}

/** Writes to the evidence registry. */
export const writeEvidenceRegistry = contractWriter(evidenceRegistryAbi, evidenceRegistryAddress);

const deviceIdPattern = /^[A-Za-z0-9._-]{1,64}$/;

/** Checks a device id (1–64 of `A-Z a-z 0-9 . _ -`, the IoT gateway's format); throws naming `field`. */
export function checkDeviceId(field: string, deviceId: string): string {
  if (!deviceIdPattern.test(deviceId)) throw new InvalidParameterError(field, "must be 1 to 64 of A-Z a-z 0-9 . _ -");
  return deviceId;
}

const deviceKeyEncoding = [{ type: "address" }, { type: "string" }] as const;

/**
 * The registry's key of `manufacturer`'s device `deviceId`: `keccak256(abi.encode(manufacturer, deviceId))`.
 * Ids live in their manufacturer's namespace, so nobody can take another's id first.
 */
export function deviceKeyOf(manufacturer: Address, deviceId: string): Hex {
  return keccak256(encodeAbiParameters(deviceKeyEncoding, [manufacturer, deviceId]));
}

/** A raw Ed25519 public key (32 bytes, hex with or without `0x`) as the registry's `bytes32`. */
export function toDevicePublicKey(field: string, publicKey: string): Hex {
  const hex = publicKey.toLowerCase().replace(/^0x/, "");
  if (!/^[0-9a-f]{64}$/.test(hex))
    throw new InvalidParameterError(field, "must be a raw Ed25519 public key: 32 bytes hex");
  if (/^0+$/.test(hex)) throw new InvalidParameterError(field, "must not be zero");
  return `0x${hex}`;
}
