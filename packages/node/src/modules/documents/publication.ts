// What a node checks of a publication and how it stores one, whoever brought it: a signed-in party
// over `POST /api/documents`, or a peer over libp2p (replication.ts). One code path for both, so a
// replicated publication is held to exactly the rules of a posted one.
import {
  checkPublishedDocument,
  DipnetError,
  type DocumentKind,
  documentHashOf,
  InvalidParameterError,
  recoverPublisher,
} from "@dipnet/sdk";
import type { Kysely } from "kysely";
import type { Address, Hex } from "viem";
import type { Schema } from "../../core/db/schema.ts";
import type { IpfsNode } from "../../core/ipfs.ts";
import { type OrderRole, orderAccess } from "../private/access.ts";
import { documentsDb, type OrderDocumentsTable } from "./schema.ts";
import { canonicalJson, type DocumentStore } from "./store.ts";

/** A publication's signed statement: the publisher signs (orderId, kind, documentHash) with EIP-712. */
export type SignedStatement = { orderId: number; kind: DocumentKind; documentHash: Hex; signature: Hex };

/** Checks and stores publications of one deployment. */
export type Publications = {
  /** The publisher's role in the order; `ApiError` 404 (order not indexed) or 403 (not a party). */
  authorise(publisher: string, orderId: number): Promise<{ role: OrderRole }>;
  /** The account that signed the statement; `InvalidParameterError("signature")` when malformed. */
  signer(statement: SignedStatement): Promise<Address>;
  /** Checks the document against its kind and order; `InvalidParameterError` naming the field. */
  checkDocument(document: unknown, kind: DocumentKind, orderId: number): void;
  /**
   * Stores the document (file store, and IPFS when the node has one), then the publication row;
   * storing it again changes nothing. Returns the stored row and whether this call created it.
   */
  store(
    statement: SignedStatement & { publisher: string; role: OrderRole; document: unknown },
  ): Promise<{ row: OrderDocumentsTable; created: boolean }>;
};

/** Publications of `deployment` on the node's store. */
export function createPublications(p: {
  db: Kysely<Schema>;
  /** The chain and market whose orders the publications concern. */
  deployment: { chainId: number; contracts: { orderMarket: string } };
  documents: DocumentStore;
  ipfs?: IpfsNode | undefined;
  now?: (() => number) | undefined;
}): Publications {
  const db = documentsDb(p.db);
  const now = p.now ?? Date.now;
  const access = orderAccess(p.db, p.deployment.contracts.orderMarket);
  const domain = { chainId: p.deployment.chainId, orderMarket: p.deployment.contracts.orderMarket as Hex };
  return {
    async authorise(publisher, orderId) {
      const { role } = await access({ address: publisher as Address, chainId: domain.chainId, expiresAt: 0 }, orderId);
      return { role };
    },
    signer: (s) =>
      recoverPublisher(domain, {
        orderId: String(s.orderId),
        kind: s.kind,
        documentHash: s.documentHash,
        signature: s.signature,
      }),
    checkDocument(document, kind, orderId) {
      checkPublishedDocument(document, kind, String(orderId));
    },
    async store(s) {
      const documentHash = s.documentHash.toLowerCase();
      if (documentHashOf(s.document) !== documentHash)
        throw new InvalidParameterError("document", `does not hash to ${documentHash}`);
      // The document first: a row never points at a document the store lacks; a lone document is harmless.
      if (p.documents.put(s.document) !== documentHash)
        throw new DipnetError("the document store hashed the document differently");
      const bytes = new TextEncoder().encode(canonicalJson(s.document));
      const cid = p.ipfs
        ? await p.ipfs.add(
            (async function* () {
              yield bytes;
            })(),
          )
        : null;
      const key = {
        order_id: s.orderId,
        document_hash: documentHash,
        publisher: s.publisher.toLowerCase(),
        kind: s.kind,
      };
      const inserted = await db
        .insertInto("order_documents")
        .values({ ...key, signature: s.signature.toLowerCase(), role: s.role, published_at: now(), cid })
        .onConflict((oc) => oc.columns(["order_id", "document_hash", "publisher", "kind"]).doNothing())
        .executeTakeFirst();
      const row = await db
        .selectFrom("order_documents")
        .selectAll()
        .where("order_id", "=", key.order_id)
        .where("document_hash", "=", key.document_hash)
        .where("publisher", "=", key.publisher)
        .where("kind", "=", key.kind)
        .executeTakeFirstOrThrow();
      return { row, created: Number(inserted.numInsertedOrUpdatedRows ?? 0n) > 0 };
    },
  };
}
