// The IoT tables: device registry, per-device ingest state, signed messages and their readings.
// Created by migration `0002_iot` (src/iot/migration.ts); portable types as in src/db/schema.ts.
import type { Kysely } from "kysely";
import type { Schema } from "../../core/db/schema.ts";

/**
 * Registered device keys, keyed by (manufacturer, device_id): device ids live in their
 * manufacturer's namespace, as on the evidence registry. `source` says who wrote the row: `local` (registerDevice) now, `chain`
 * once an indexer follows on-chain registrations (then `source_ref` holds `<chainId>:<block hash>:
 * <log index>` and the indexer owns those rows); the gateway reads only this table either way.
 */
export type IotDevicesTable = {
  device_id: string;
  /** `ed25519` (the only kind for now). */
  key_type: string;
  /** Raw public key, lowercase hex. */
  public_key: string;
  manufacturer: string;
  machine: string;
  /** 0/1. A revoked device's messages are rejected from then on; stored readings stay. */
  revoked: number;
  source: string;
  source_ref: string | null;
  registered_at: number;
  updated_at: number;
};

/** Highest accepted sequence number per device, committed with the messages it accepts. */
export type IotDeviceStateTable = {
  manufacturer: string;
  device_id: string;
  last_seq: number;
  last_ts: number;
  messages: number;
  updated_at: number;
};

/** Every accepted message, signature included, so any auditor can re-verify it. Key (manufacturer, device_id, seq). */
export type IotMessagesTable = {
  manufacturer: string;
  device_id: string;
  seq: number;
  /** Device timestamp (ms). */
  ts: number;
  /** Gateway receive time (ms). */
  received_at: number;
  topic: string;
  /** Canonical JSON of the unsigned fields (what was signed, after `SIGNING_DOMAIN`). */
  body: string;
  sig: string;
  readings: number;
};

/** One row per reading of an accepted message. Key (manufacturer, device_id, seq, idx). */
export type IotReadingsTable = {
  manufacturer: string;
  device_id: string;
  seq: number;
  idx: number;
  metric: string;
  /** The value as JSON (number, boolean or string). */
  value: string;
  /** The value when it is a number, else null (for charts and aggregates). */
  num: number | null;
  unit: string | null;
  ts: number;
};

export type IotSchema = {
  iot_devices: IotDevicesTable;
  iot_device_state: IotDeviceStateTable;
  iot_messages: IotMessagesTable;
  iot_readings: IotReadingsTable;
};

/** The node's database seen with the IoT tables. */
export type IotDb = Kysely<Schema & IotSchema>;

/** Widens the node's database handle to the IoT tables (they exist once migrations ran). */
export function iotDb(db: Kysely<Schema>): IotDb {
  return db.withTables<IotSchema>();
}
