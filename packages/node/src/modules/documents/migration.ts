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

// Migration `0016_document_replication`: publications travel between nodes over libp2p. Each row
// records its document's IPFS CID (null for rows stored before); publications heard from peers whose
// order this node has not indexed yet, or whose document has not arrived, wait in
// `pending_publications`; `publication_cursors` is how far each peer's log was read.
export const documentReplicationMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable("order_documents").addColumn("cid", "text").execute();
    await db.schema
      .createTable("pending_publications")
      .addColumn("order_id", "bigint", (c) => c.notNull())
      .addColumn("document_hash", "text", (c) => c.notNull())
      .addColumn("publisher", "text", (c) => c.notNull())
      .addColumn("kind", "text", (c) => c.notNull())
      .addColumn("signature", "text", (c) => c.notNull())
      .addColumn("cid", "text", (c) => c.notNull())
      .addColumn("reason", "text", (c) => c.notNull())
      .addColumn("received_at", "bigint", (c) => c.notNull())
      .addPrimaryKeyConstraint("pending_publications_pk", ["order_id", "document_hash", "publisher", "kind"])
      .execute();
    await db.schema
      .createTable("publication_cursors")
      .addColumn("peer_id", "text", (c) => c.primaryKey())
      .addColumn("cursor", "bigint", (c) => c.notNull())
      .execute();
  },
};
