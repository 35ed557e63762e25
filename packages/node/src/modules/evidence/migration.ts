// Migration `0004_evidence`: on-chain devices, Merkle batches, each message's batch, and the EPCIS
// traceability events the node holds.
// Registered in src/db/migrations.ts.

import { documentsCitedBy } from "@dipnet/sdk";
import type { Kysely } from "kysely";
import type { Migration } from "kysely/migration";

export const evidenceMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable("evidence_devices")
      .addColumn("device_key", "text", (c) => c.primaryKey())
      .addColumn("device_id", "text", (c) => c.notNull())
      .addColumn("machine_id", "text", (c) => c.notNull())
      .addColumn("manufacturer", "text", (c) => c.notNull())
      .addColumn("public_key", "text", (c) => c.notNull())
      .addColumn("revoked", "integer", (c) => c.notNull())
      .addColumn("registered_block", "bigint", (c) => c.notNull())
      .addColumn("registered_at", "bigint", (c) => c.notNull())
      .addColumn("updated_block", "bigint", (c) => c.notNull())
      .addColumn("source_ref", "text", (c) => c.notNull())
      .execute();
    await db.schema.createIndex("evidence_devices_id").on("evidence_devices").columns(["device_id"]).execute();
    await db.schema
      .createTable("evidence_batches")
      .addColumn("batch_id", "bigint", (c) => c.primaryKey())
      .addColumn("root", "text", (c) => c.notNull().unique())
      .addColumn("leaf_count", "integer", (c) => c.notNull())
      .addColumn("first_ts", "bigint", (c) => c.notNull())
      .addColumn("last_ts", "bigint", (c) => c.notNull())
      .addColumn("status", "text", (c) => c.notNull())
      .addColumn("tx_hash", "text")
      .addColumn("block_number", "bigint")
      .addColumn("block_hash", "text")
      .addColumn("anchorer", "text")
      .addColumn("created_at", "bigint", (c) => c.notNull())
      .addColumn("anchored_at", "bigint")
      .execute();
    await db.schema
      .createIndex("evidence_batches_status")
      .on("evidence_batches")
      .columns(["status", "batch_id"])
      .execute();
    await db.schema
      .createTable("trace_events")
      .addColumn("event_hash", "text", (c) => c.primaryKey())
      .addColumn("event_type", "text", (c) => c.notNull())
      .addColumn("event_time", "bigint", (c) => c.notNull())
      .addColumn("document", "text", (c) => c.notNull())
      .addColumn("stored_at", "bigint", (c) => c.notNull())
      .execute();
    await db.schema
      .createTable("trace_event_items")
      .addColumn("event_hash", "text", (c) => c.notNull())
      .addColumn("item", "text", (c) => c.notNull())
      .addColumn("role", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("trace_event_items_pk", ["event_hash", "item", "role"])
      .execute();
    await db.schema.createIndex("trace_event_items_item").on("trace_event_items").columns(["item"]).execute();
    await db.schema.alterTable("iot_messages").addColumn("batch_id", "bigint").execute();
    await db.schema.createIndex("iot_messages_batch").on("iot_messages").columns(["batch_id"]).execute();
  },
};

/**
 * Migration `0009_trace_event_documents`: the evidence documents each stored EPCIS event cites, so
 * an order's page finds the parts its evidence stands behind by index, not by scanning every document.
 */
export const traceEventDocumentsMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable("trace_event_documents")
      .addColumn("event_hash", "text", (c) => c.notNull())
      .addColumn("document_hash", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("trace_event_documents_pk", ["document_hash", "event_hash"])
      .execute();
    const events = db.withTables<{ trace_events: { event_hash: string; document: string } }>();
    const rows = await events.selectFrom("trace_events").select(["event_hash", "document"]).execute();
    const cites = rows.flatMap((r) =>
      documentsCitedBy(JSON.parse(r.document)).map((document_hash) => ({ event_hash: r.event_hash, document_hash })),
    );
    if (cites.length > 0)
      await db
        .withTables<{ trace_event_documents: { event_hash: string; document_hash: string } }>()
        .insertInto("trace_event_documents")
        .values(cites)
        .execute();
  },
};
