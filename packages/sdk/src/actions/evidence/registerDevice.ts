import type { Hex } from "viem";
import { evidenceRegistryAbi } from "../../generated/abis.ts";
import { eventOf } from "../../internal/write.ts";
import type { DipnetClient, WriteResult } from "../../types.ts";
import { checkDeviceId, evidenceRegistryAddress, toDevicePublicKey, writeEvidenceRegistry } from "./registry.ts";

/** Parameters of `registerDevice`. */
export type RegisterDeviceParameters = {
  /** Device id, 1–64 of `A-Z a-z 0-9 . _ -`, in the signer's namespace; registered once for good. */
  deviceId: string;
  /** Machine on the capacity ledger; the signer must own it and it must be active. */
  machineId: bigint;
  /** Raw Ed25519 public key of the device, 32 bytes hex. */
  publicKey: string;
};
/** The transaction and the device's registry key. */
export type RegisterDeviceReturnType = WriteResult & { deviceKey: Hex };

/**
 * Registers a machine controller's signing key on chain, bound to one of the signer's machines.
 * @example const { deviceKey } = await registerDevice(client, { deviceId: "mill-7-spindle", machineId: 1n, publicKey: key.publicKey });
 */
export async function registerDevice(
  client: DipnetClient,
  p: RegisterDeviceParameters,
): Promise<RegisterDeviceReturnType> {
  const address = evidenceRegistryAddress(client);
  const args = [
    checkDeviceId("deviceId", p.deviceId),
    p.machineId,
    toDevicePublicKey("publicKey", p.publicKey),
  ] as const;
  const result = await writeEvidenceRegistry(client, "registerDevice", args);
  const event = eventOf(result.receipt, evidenceRegistryAbi, address, "DeviceRegistered");
  return { ...result, deviceKey: event.args.deviceKey };
}
