// The evidence tables (migration `0004_evidence`, src/evidence/migration.ts); portable types as in
// src/db/schema.ts.
import type { Kysely } from "kysely";
import type { Schema } from "../../core/db/schema.ts";
import type { IotSchema } from "../iot/schema.ts";

/** Devices registered on chain (EvidenceRegistry), keyed by `keccak256(abi.encode(manufacturer, device id))`. Read model. */
export type EvidenceDevicesTable = {
  device_key: string;
  device_id: string;
  machine_id: string;
  /** Lowercase address. */
  manufacturer: string;
  /** Raw Ed25519 public key, lowercase hex without 0x. */
  public_key: string;
  revoked: number;
  registered_block: number;
  /** Unix seconds. */
  registered_at: number;
  updated_block: number;
  /** `<chainId>:<block hash>:<log index>` of the registration. */
  source_ref: string;
};

/**
 * A Merkle batch of device messages. Written in the transaction that assigns its messages
 * (`iot_messages.batch_id`), so a batch is exactly the rows that carry its id. `status`:
 * `sealed` (root computed, not known on chain) → `anchored` (receipt seen; tx and block filled).
 */
export type EvidenceBatchesTable = {
  batch_id: number;
  root: string;
  leaf_count: number;
  first_ts: number;
  last_ts: number;
  status: string;
  tx_hash: string | null;
  block_number: number | null;
  block_hash: string | null;
  anchorer: string | null;
  created_at: number;
  anchored_at: number | null;
};

/** EPCIS events the node holds (content-addressed: `event_hash` = keccak256 of canonical JSON). */
export type TraceEventsTable = {
  event_hash: string;
  event_type: string;
  /** ms since the epoch. */
  event_time: number;
  /** The event's canonical JSON. */
  document: string;
  stored_at: number;
};

/** The items an event names, with their role (`object`, `input`, `output`, `child`, `parent`). */
export type TraceEventItemsTable = { event_hash: string; item: string; role: string };

/** The evidence documents an event cites (lowercase hashes), indexed by document. */
export type TraceEventDocumentsTable = { event_hash: string; document_hash: string };

export type EvidenceSchema = {
  evidence_devices: EvidenceDevicesTable;
  evidence_batches: EvidenceBatchesTable;
  trace_events: TraceEventsTable;
  trace_event_items: TraceEventItemsTable;
  trace_event_documents: TraceEventDocumentsTable;
};

/** The IoT message table as the evidence layer sees it: with the batch a message belongs to. */
export type EvidenceIotSchema = Omit<IotSchema, "iot_messages"> & {
  iot_messages: IotSchema["iot_messages"] & { batch_id: number | null };
};

/** The node's database with the IoT and evidence tables. */
export type EvidenceDb = Kysely<Schema & EvidenceIotSchema & EvidenceSchema>;

/** Widens the node's database handle to the evidence tables (they exist once migrations ran). */
export function evidenceDb(db: Kysely<Schema>): EvidenceDb {
  return db.withTables<EvidenceIotSchema & EvidenceSchema>() as unknown as EvidenceDb;
}
