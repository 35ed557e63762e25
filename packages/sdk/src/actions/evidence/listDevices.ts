import type { Address, Hex } from "viem";
import { evidenceRegistryAbi } from "../../generated/abis.ts";
import { type ScanOptions, scanLogs } from "../../internal/logs.ts";
import type { DipnetReadClient } from "../../types.ts";
import { freshScan } from "../capacity/ledger.ts";
import { checkDeviceId, deviceKeyOf, evidenceRegistryAddress } from "./registry.ts";

/** A device registered on chain. */
export type DeviceInfo = {
  deviceId: string;
  deviceKey: Hex;
  machineId: bigint;
  manufacturer: Address;
  /** Raw Ed25519 public key, `0x` + 64 hex. */
  publicKey: Hex;
  revoked: boolean;
  /** Unix seconds of the revocation (readings anchored from then on are no evidence); null while not revoked. */
  revokedAt: number | null;
  /** Unix seconds. */
  registeredAt: number;
};

/** Parameters of `listDevices`. */
export type ListDevicesParameters = ScanOptions & {
  /** Only this manufacturer's devices. Default: everyone's. */
  manufacturer?: Address | undefined;
  /** Only devices of this machine. Default: all. */
  machineId?: bigint | undefined;
  /** Include revoked devices. Default: true. */
  includeRevoked?: boolean | undefined;
};

/** Devices registered (from `DeviceRegistered` logs) with their current state, in registration order. */
export async function listDevices(client: DipnetReadClient, p: ListDevicesParameters = {}): Promise<DeviceInfo[]> {
  const address = evidenceRegistryAddress(client);
  const logs = await scanLogs(client, { ...(await freshScan(client, p)), address, abi: evidenceRegistryAbi });
  const devices = new Map<Hex, DeviceInfo>();
  for (const log of logs) {
    if (log.eventName === "DeviceRegistered") {
      const a = log.args;
      devices.set(a.deviceKey, {
        deviceId: a.deviceId,
        deviceKey: a.deviceKey,
        machineId: a.machineId,
        manufacturer: a.manufacturer,
        publicKey: a.publicKey,
        revoked: false,
        revokedAt: null,
        registeredAt: 0,
      });
    } else if (log.eventName === "DeviceRevoked") {
      const d = devices.get(log.args.deviceKey);
      if (d) d.revoked = true;
    }
  }
  const wanted = [...devices.values()].filter(
    (d) =>
      (!p.manufacturer || d.manufacturer.toLowerCase() === p.manufacturer.toLowerCase()) &&
      (p.machineId === undefined || d.machineId === p.machineId) &&
      (p.includeRevoked !== false || !d.revoked),
  );
  return Promise.all(wanted.map(async (d) => ({ ...d, ...(await readDevice(client, address, d.deviceKey)) })));
}

/** Parameters of `getDevice`. */
export type GetDeviceParameters = { manufacturer: Address; deviceId: string };

/** `manufacturer`'s device as the registry holds it, or undefined when it never registered the id. */
export async function getDevice(client: DipnetReadClient, p: GetDeviceParameters): Promise<DeviceInfo | undefined> {
  const deviceKey = deviceKeyOf(p.manufacturer, checkDeviceId("deviceId", p.deviceId));
  const d = await readDevice(client, evidenceRegistryAddress(client), deviceKey);
  if (d.manufacturer === "0x0000000000000000000000000000000000000000") return undefined;
  return { deviceId: p.deviceId, deviceKey, ...d };
}

async function readDevice(client: DipnetReadClient, address: Address, deviceKey: Hex) {
  const d = await client.publicClient.readContract({
    address,
    abi: evidenceRegistryAbi,
    functionName: "device",
    args: [deviceKey],
  });
  return {
    manufacturer: d.manufacturer,
    machineId: d.machineId,
    publicKey: d.publicKey,
    revoked: d.revokedAt !== 0n,
    revokedAt: d.revokedAt === 0n ? null : Number(d.revokedAt),
    registeredAt: Number(d.registeredAt),
  };
}
