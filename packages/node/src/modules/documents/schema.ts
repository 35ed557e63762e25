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
  /** ms since the epoch, the node's clock: when this node stored it (peers read its log by it). */
  published_at: number;
  /** The document's CID in IPFS (UnixFS of its canonical JSON); null when stored without IPFS. */
  cid: string | null;
};

/** A publication heard from a peer that could not be checked yet: its order is not indexed, or its document has not arrived. */
export type PendingPublicationsTable = {
  order_id: number;
  document_hash: string;
  publisher: string;
  kind: string;
  signature: string;
  cid: string;
  /** Why it waits, for the log and operators. */
  reason: string;
  /** ms since the epoch. */
  received_at: number;
};

/** How far this node read each peer's publication log: the peer's `published_at` of the last page. */
export type PublicationCursorsTable = { peer_id: string; cursor: number };

type DocumentsTables = {
  order_documents: OrderDocumentsTable;
  pending_publications: PendingPublicationsTable;
  publication_cursors: PublicationCursorsTable;
};

export type DocumentsDb = Kysely<Schema & DocumentsTables>;

/** Widens the node's database handle to the documents tables (they exist once migrations ran). */
export const documentsDb = (db: Kysely<Schema>): DocumentsDb =>
  db.withTables<DocumentsTables>() as unknown as DocumentsDb;
