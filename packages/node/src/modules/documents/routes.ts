// Published documents: any document by its content hash, and the documents the parties of an order
// publish for it, each signed by its publisher (EIP-712, checkable without the node).
import { documentHashOf, documentKinds, InvalidParameterError } from "@dipnet/sdk";
import type { FromSchema } from "json-schema-to-ts";
import type { Hex } from "viem";
import { ApiError } from "../../core/http/errors.ts";
import { type Api, errors, schemas } from "../../core/http/schemas.ts";
import type { IpfsNode } from "../../core/ipfs.ts";
import type { SessionLookup } from "../auth/routes.ts";
import type { NodeServices } from "../services.ts";
import { createPublications } from "./publication.ts";
import type { PublicationReplication } from "./replication.ts";
import { documentsDb, type OrderDocumentsTable } from "./schema.ts";
import type { DocumentStore } from "./store.ts";

/** A published document's signed statement, as the API answers it. */
const publicationSchema = {
  type: "object",
  properties: {
    orderId: { type: "integer" },
    kind: { type: "string", enum: documentKinds },
    documentHash: schemas.hash,
    publisher: schemas.address,
    role: { type: "string", enum: ["customer", "maker", "arbiter"], description: "The publisher's role in the order" },
    signature: { type: "string", description: "EIP-712 signature of (orderId, kind, documentHash) by the publisher" },
    publishedAt: { type: "integer", description: "ms since the epoch, when this node stored it" },
    cid: {
      type: ["string", "null"],
      description: "The document's CID in IPFS (UnixFS of its canonical JSON), where nodes fetch it from each other",
    },
  },
} as const;

const publicationView = (row: OrderDocumentsTable) => ({
  orderId: Number(row.order_id),
  kind: row.kind as (typeof documentKinds)[number],
  documentHash: row.document_hash,
  publisher: row.publisher,
  role: row.role as "customer" | "maker" | "arbiter",
  signature: row.signature,
  publishedAt: Number(row.published_at),
  cid: row.cid ?? null,
});

/** Publications an order's list answers at most (newest first); writes are rate-limited besides. */
const MAX_LISTED = 500;

/** Registers `GET /api/documents/:hash`, `POST /api/documents` and `GET /api/orders/:id/documents`. */
export function registerDocumentRoutes(
  app: Api,
  p: {
    db: NodeServices["db"];
    deployment: NodeServices["deployment"];
    documents?: DocumentStore | undefined;
    ipfs?: IpfsNode | undefined;
    replication?: Pick<PublicationReplication, "announce"> | undefined;
    now?: (() => number) | undefined;
  } & Pick<SessionLookup, "requireSession">,
): void {
  const { documents, deployment } = p;
  const db = documentsDb(p.db);
  const publications = documents
    ? createPublications({ db: p.db, deployment, documents, ipfs: p.ipfs, now: p.now })
    : undefined;

  const params = {
    type: "object",
    required: ["hash"],
    properties: {
      hash: { type: "string", pattern: "^0x[0-9a-fA-F]{64}$", description: "keccak256 of the document" },
    },
  } as const;
  // The answer is the document's stored JSON text, sent as it is (typing the reply types the params too).
  app.get<{ Params: FromSchema<typeof params>; Reply: string }>(
    "/api/documents/:hash",
    {
      schema: {
        summary: "A published document (profile, specification, evidence) by its keccak256 content hash",
        tags: ["documents"],
        params,
        response: { 200: { type: "object", additionalProperties: true }, ...errors },
      },
    },
    async (request, reply) => {
      const hash = request.params.hash.toLowerCase();
      const text = documents?.get(hash);
      if (text === undefined) throw new ApiError(404, `document ${hash} not found on this node`);
      reply.type("application/json; charset=utf-8");
      return text;
    },
  );

  app.post(
    "/api/documents",
    {
      bodyLimit: 512 * 1024,
      schema: {
        summary:
          "Publish a document for an order (inspection report, certificate, measurement, photo, delivery note, production evidence): its customer, its maker or its dispute's arbiter, signed in, with an EIP-712 signature of (orderId, kind, documentHash) by the same account. Stored content-addressed; publishing it again changes nothing",
        tags: ["documents", "orders"],
        body: {
          type: "object",
          required: ["orderId", "kind", "document", "signature"],
          additionalProperties: false,
          properties: {
            orderId: { type: "integer", minimum: 1 },
            kind: { type: "string", enum: documentKinds },
            document: {
              type: "object",
              additionalProperties: true,
              description: "The document: any JSON object; its hash is keccak256 of its canonical JSON",
            },
            signature: { type: "string", pattern: "^0x[0-9a-fA-F]{130}$" },
          },
        },
        response: {
          200: publicationSchema,
          201: publicationSchema,
          ...errors,
          401: { $ref: "Error#" },
          403: { $ref: "Error#" },
          503: { $ref: "Error#" },
        },
      },
    },
    async (request, reply) => {
      const session = await p.requireSession(request);
      const { orderId, kind, document, signature } = request.body;
      if (!publications) throw new ApiError(503, "this node stores no documents");
      const { role } = await publications.authorise(session.address, orderId);
      const statement = { orderId, kind, documentHash: documentHashOf(document), signature: signature as Hex };
      let signer: string;
      try {
        publications.checkDocument(document, kind, orderId);
        signer = await publications.signer(statement);
      } catch (error) {
        if (error instanceof InvalidParameterError) throw new ApiError(400, error.message, error.field);
        throw error;
      }
      if (signer.toLowerCase() !== session.address.toLowerCase())
        throw new ApiError(
          400,
          `signature: signed by ${signer}, not by the signed-in ${session.address} (sign orderId, kind and documentHash with EIP-712)`,
          "signature",
        );
      const { row, created } = await publications.store({ ...statement, publisher: session.address, role, document });
      if (created) p.replication?.announce(row);
      reply.status(created ? 201 : 200);
      return publicationView(row);
    },
  );

  app.get(
    "/api/orders/:id/documents",
    {
      schema: {
        summary: `The documents the order's parties published for it, newest first (at most ${MAX_LISTED}): each signed statement; the documents are at /api/documents/:hash`,
        tags: ["documents", "orders"],
        params: { type: "object", required: ["id"], properties: { id: { type: "integer", minimum: 0 } } },
        response: {
          200: {
            type: "object",
            properties: { items: { type: "array", items: publicationSchema }, next: { type: "null" } },
          },
          ...errors,
        },
      },
    },
    async (request) => {
      const id = request.params.id;
      const order = await p.db.selectFrom("orders").select("id").where("id", "=", id).executeTakeFirst();
      if (!order) throw new ApiError(404, `order ${id} not found`);
      const rows = await db
        .selectFrom("order_documents")
        .selectAll()
        .where("order_id", "=", id)
        .orderBy("published_at", "desc")
        .orderBy("document_hash")
        .limit(MAX_LISTED)
        .execute();
      return { items: rows.map(publicationView), next: null };
    },
  );
}
