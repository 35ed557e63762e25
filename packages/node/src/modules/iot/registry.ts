// The device registry, held in the node's database: local rows written here, chain rows by the
// evidence indexer (src/evidence/devices.ts); the gateway reads the table either way.

import { isIotId } from "@dipnet/sdk";
import type { Kysely } from "kysely";
import type { Schema } from "../../core/db/schema.ts";
import { type IotDevicesTable, iotDb } from "./schema.ts";

/** A registered device. */
export type Device = {
  id: string;
  keyType: "ed25519";
  /** Raw Ed25519 public key, lowercase hex. */
  publicKey: string;
  manufacturer: string;
  machine: string;
  revoked: boolean;
  source: string;
  registeredAt: number;
};

/** Parameters of `registerDevice`. */
export type RegisterDeviceParameters = {
  id: string;
  /** Raw Ed25519 public key, hex (32 bytes). */
  publicKey: string;
  manufacturer: string;
  machine: string;
  /** Default: `Date.now()`. */
  now?: number | undefined;
};

/** A device registration that cannot be accepted. */
export class DeviceRegistryError extends Error {
  override name = "DeviceRegistryError";
}

export function toDevice(row: IotDevicesTable): Device {
  return {
    id: row.device_id,
    keyType: "ed25519",
    publicKey: row.public_key,
    manufacturer: row.manufacturer,
    machine: row.machine,
    revoked: Number(row.revoked) === 1,
    source: row.source,
    registeredAt: Number(row.registered_at),
  };
}

/**
 * Registers a device key to a machine and its manufacturer. Ids live in their manufacturer's
 * namespace. Re-registering the same id with the same key and machine is a no-op; anything else
 * about an existing device is refused (a new key means a new device id, so old readings keep the
 * key that signed them).
 * @example await registerDevice(db, { id: "mill-7-spindle", publicKey: key.publicKey, manufacturer: "0xabc…", machine: "mill-7" });
 */
export async function registerDevice(db: Kysely<Schema>, p: RegisterDeviceParameters): Promise<Device> {
  const problems: string[] = [];
  for (const name of ["id", "manufacturer", "machine"] as const) {
    if (!isIotId(p[name])) problems.push(`${name}: 1-64 of A-Z a-z 0-9 . _ -`);
  }
  const publicKey = p.publicKey.toLowerCase().replace(/^0x/, "");
  if (!/^[0-9a-f]{64}$/.test(publicKey)) problems.push("publicKey: 32 bytes hex (raw Ed25519)");
  if (problems.length > 0) throw new DeviceRegistryError(`cannot register device: ${problems.join("; ")}`);
  const now = p.now ?? Date.now();
  const idb = iotDb(db);
  const row: IotDevicesTable = {
    device_id: p.id,
    key_type: "ed25519",
    public_key: publicKey,
    manufacturer: p.manufacturer,
    machine: p.machine,
    revoked: 0,
    source: "local",
    source_ref: null,
    registered_at: now,
    updated_at: now,
  };
  await idb
    .insertInto("iot_devices")
    .values(row)
    .onConflict((oc) => oc.columns(["manufacturer", "device_id"]).doNothing())
    .execute();
  const stored = await idb
    .selectFrom("iot_devices")
    .selectAll()
    .where("manufacturer", "=", p.manufacturer)
    .where("device_id", "=", p.id)
    .executeTakeFirstOrThrow();
  if (stored.public_key !== publicKey || stored.machine !== p.machine) {
    throw new DeviceRegistryError(`device ${p.manufacturer}/${p.id} is already registered with another key or machine`);
  }
  return toDevice(stored);
}

/** A device's name: ids live in their manufacturer's namespace. */
export type DeviceName = { manufacturer: string; id: string };

/** Revokes a device: its messages are rejected from now on. Returns false for an unknown device. */
export async function revokeDevice(db: Kysely<Schema>, name: DeviceName, now = Date.now()): Promise<boolean> {
  const result = await iotDb(db)
    .updateTable("iot_devices")
    .set({ revoked: 1, updated_at: now })
    .where("manufacturer", "=", name.manufacturer)
    .where("device_id", "=", name.id)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** One device, or undefined. */
export async function getDevice(db: Kysely<Schema>, name: DeviceName): Promise<Device | undefined> {
  const row = await iotDb(db)
    .selectFrom("iot_devices")
    .selectAll()
    .where("manufacturer", "=", name.manufacturer)
    .where("device_id", "=", name.id)
    .executeTakeFirst();
  return row ? toDevice(row) : undefined;
}
