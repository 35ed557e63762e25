import { type Address, type Hex, keccak256, stringToBytes } from "viem";
import { InvalidParameterError } from "../../errors/base.ts";
import type { DipnetReadClient } from "../../types.ts";

/** Address of the deployment's evidence registry; throws when the deployment predates it. */
export function evidenceRegistryAddress(client: DipnetReadClient): Address {
  const address = client.deployment.contracts.evidenceRegistry;
  if (!address)
    throw new InvalidParameterError("evidenceRegistry", "this deployment has no evidence registry: redeploy");
  return address;
}

const deviceIdPattern = /^[A-Za-z0-9._-]{1,64}$/;

/** Checks a device id (1–64 of `A-Z a-z 0-9 . _ -`, the IoT gateway's format); throws naming `field`. */
export function checkDeviceId(field: string, deviceId: string): string {
  if (!deviceIdPattern.test(deviceId)) throw new InvalidParameterError(field, "must be 1 to 64 of A-Z a-z 0-9 . _ -");
  return deviceId;
}

/** The registry's key of a device id: `keccak256(utf8(deviceId))`. */
export function deviceKeyOf(deviceId: string): Hex {
  return keccak256(stringToBytes(deviceId));
}

/** A raw Ed25519 public key (32 bytes, hex with or without `0x`) as the registry's `bytes32`. */
export function toDevicePublicKey(field: string, publicKey: string): Hex {
  const hex = publicKey.toLowerCase().replace(/^0x/, "");
  if (!/^[0-9a-f]{64}$/.test(hex))
    throw new InvalidParameterError(field, "must be a raw Ed25519 public key: 32 bytes hex");
  if (/^0+$/.test(hex)) throw new InvalidParameterError(field, "must not be zero");
  return `0x${hex}`;
}
