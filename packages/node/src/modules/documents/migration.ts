// Migration `0014_order_documents`: documents the parties published for their orders, each with its
// publisher's EIP-712 signature (the documents themselves are in the content-addressed store). Not
// derived from the chain: `reindex` leaves the table alone.
import type { Kysely } from "kysely";
import type { Migration } from "kysely/migration";

export const orderDocumentsMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable("order_documents")
      .addColumn("order_id", "bigint", (c) => c.notNull())
      .addColumn("document_hash", "text", (c) => c.notNull())
      .addColumn("publisher", "text", (c) => c.notNull())
      .addColumn("kind", "text", (c) => c.notNull())
      .addColumn("signature", "text", (c) => c.notNull())
      .addColumn("role", "text", (c) => c.notNull())
      .addColumn("published_at", "bigint", (c) => c.notNull())
      .addPrimaryKeyConstraint("order_documents_pk", ["order_id", "document_hash", "publisher", "kind"])
      .execute();
    await db.schema
      .createIndex("order_documents_order")
      .on("order_documents")
      .columns(["order_id", "published_at"])
      .execute();
  },
};
