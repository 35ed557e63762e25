// On-chain device registrations (EvidenceRegistry) as a read model, `evidence_devices`, folded per
// device key like the capacity projection, and written through to the IoT device table, whose rows
// with `source` = `chain` are the indexer's. The gateway reads only that table (src/iot/registry.ts);
// a chain registration replaces a local row of the same device (manufacturer and id).
import { evidenceRegistryAbi } from "@dipnet/sdk";
import type { Kysely, Transaction } from "kysely";
import type { Schema } from "../../core/db/schema.ts";
import type { ArgValue, DecodedEvent } from "../../core/indexer/decode.ts";
import type { Projection } from "../../core/indexer/projection.ts";
import { storedEvents } from "../../core/indexer/storedEvents.ts";
import type { IotDevicesTable } from "../iot/schema.ts";
import { type EvidenceDevicesTable, evidenceDb } from "./schema.ts";

type Db = Kysely<Schema> | Transaction<Schema>;

const str = (v: ArgValue | undefined): string => (v === undefined ? "" : String(v));

function fold(rows: Map<string, EvidenceDevicesTable | null>, chainId: number, e: DecodedEvent): void {
  const a = e.args;
  const key = str(a.deviceKey);
  if (!rows.has(key)) return; // out of scope
  if (e.name === "DeviceRegistered") {
    rows.set(key, {
      device_key: key,
      device_id: str(a.deviceId),
      machine_id: str(a.machineId),
      manufacturer: str(a.manufacturer).toLowerCase(),
      public_key: str(a.publicKey).replace(/^0x/, "").toLowerCase(),
      revoked: 0,
      registered_block: e.blockNumber,
      registered_at: e.blockTime,
      updated_block: e.blockNumber,
      source_ref: `${chainId}:${e.blockHash}:${e.logIndex}`,
    });
  } else if (e.name === "DeviceRevoked") {
    const row = rows.get(key);
    if (row) Object.assign(row, { revoked: 1, updated_block: e.blockNumber });
  }
}

function gatewayRow(d: EvidenceDevicesTable): IotDevicesTable {
  return {
    device_id: d.device_id,
    key_type: "ed25519",
    public_key: d.public_key,
    manufacturer: d.manufacturer,
    machine: d.machine_id,
    revoked: d.revoked,
    source: "chain",
    source_ref: d.source_ref,
    registered_at: d.registered_at * 1000,
    updated_at: d.registered_at * 1000,
  };
}

async function load(db: Db, keys: readonly string[]): Promise<Map<string, EvidenceDevicesTable | null>> {
  const rows = new Map<string, EvidenceDevicesTable | null>(keys.map((k) => [k, null]));
  if (keys.length === 0) return rows;
  const edb = evidenceDb(db as Kysely<Schema>);
  for (const r of await edb.selectFrom("evidence_devices").selectAll().where("device_key", "in", keys).execute())
    rows.set(r.device_key, r);
  return rows;
}

type DeviceName = { manufacturer: string; id: string };

async function write(db: Db, rows: Map<string, EvidenceDevicesTable | null>, before: Map<string, DeviceName>) {
  const edb = evidenceDb(db as Kysely<Schema>);
  const deleteGatewayRow = (name: DeviceName) =>
    edb.deleteFrom("iot_devices").where("manufacturer", "=", name.manufacturer).where("device_id", "=", name.id);
  for (const [key, row] of rows) {
    await edb.deleteFrom("evidence_devices").where("device_key", "=", key).execute();
    const old = before.get(key);
    if (old !== undefined) await deleteGatewayRow(old).where("source", "=", "chain").execute();
    if (!row) continue;
    await edb.insertInto("evidence_devices").values(row).execute();
    await deleteGatewayRow({ manufacturer: row.manufacturer, id: row.device_id }).execute();
    await edb.insertInto("iot_devices").values(gatewayRow(row)).execute();
  }
}

const keysOf = (events: readonly { args: Record<string, ArgValue> }[]) => [
  ...new Set(events.flatMap((e) => (e.args.deviceKey === undefined ? [] : [str(e.args.deviceKey)]))),
];

const idsBefore = (rows: Map<string, EvidenceDevicesTable | null>) =>
  new Map([...rows].flatMap(([k, r]) => (r ? [[k, { manufacturer: r.manufacturer, id: r.device_id }] as const] : [])));

/** The evidence registry's devices, mirrored into the gateway's device table. */
export const devicesProjection: Projection<string[]> = {
  abis: { evidenceRegistry: evidenceRegistryAbi },
  tables: [],
  async clear(db) {
    const edb = evidenceDb(db as Kysely<Schema>);
    await edb.deleteFrom("evidence_devices").execute();
    await edb.deleteFrom("iot_devices").where("source", "=", "chain").execute();
  },
  async apply({ db, chainId }, events) {
    const keys = keysOf(events);
    if (keys.length === 0) return;
    const rows = await load(db, keys);
    const before = idsBefore(rows);
    for (const e of events) fold(rows, chainId, e);
    await write(db, rows, before);
  },
  async keysAbove({ db, chainId, addresses }, ancestor) {
    return keysOf(await storedEvents(db, chainId, addresses.evidenceRegistry as string, ancestor));
  },
  async refold({ db, chainId, addresses }, keys) {
    if (keys.length === 0) return;
    const before = idsBefore(await load(db, keys));
    const rows = new Map<string, EvidenceDevicesTable | null>(keys.map((k) => [k, null]));
    for (const event of await storedEvents(db, chainId, addresses.evidenceRegistry as string))
      fold(rows, chainId, event);
    await write(db, rows, before);
  },
};
