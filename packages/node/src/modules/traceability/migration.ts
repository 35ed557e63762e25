import { documentsCitedBy } from "@dipnet/sdk";
import type { Kysely } from "kysely";
import type { Migration } from "kysely/migration";

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
