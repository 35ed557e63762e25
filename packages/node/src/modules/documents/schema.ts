// The published documents' table (migration `0014_order_documents`); portable types as in core/db/schema.ts.
import type { Kysely } from "kysely";
import type { Schema } from "../../core/db/schema.ts";

/** A document a party published for an order: the signed statement; the document is in the store by its hash. */
export type OrderDocumentsTable = {
  order_id: number;
  /** keccak256 of the document's canonical JSON, lowercase. */
  document_hash: string;
  /** Lowercase address. */
  publisher: string;
  kind: string;
  /** The publisher's EIP-712 signature of (order id, kind, document hash). */
  signature: string;
  /** The publisher's role in the order when it published: customer, maker or arbiter. */
  role: string;
  /** ms since the epoch, the node's clock. */
  published_at: number;
};

export type DocumentsDb = Kysely<Schema & { order_documents: OrderDocumentsTable }>;

/** Widens the node's database handle to the documents table (it exists once migrations ran). */
export const documentsDb = (db: Kysely<Schema>): DocumentsDb =>
  db.withTables<{ order_documents: OrderDocumentsTable }>() as unknown as DocumentsDb;
