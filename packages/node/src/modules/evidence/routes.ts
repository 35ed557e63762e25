// Evidence routes: the Merkle proof of a stored device message, and the node's anchored batches.
import type { Kysely } from "kysely";
import type { Schema } from "../../core/db/schema.ts";
import { ApiError } from "../../core/http/errors.ts";
import type { Api } from "../../core/http/schemas.ts";
import { toBatch } from "./anchor.ts";
import { readingProof } from "./proofs.ts";
import { evidenceDb } from "./schema.ts";

const hex32 = { type: "string", pattern: "^0x[0-9a-f]{64}$" } as const;
const batchSchema = {
  type: "object",
  required: ["id", "root", "leafCount", "firstTs", "lastTs", "status"],
  properties: {
    id: { type: "integer" },
    root: hex32,
    leafCount: { type: "integer" },
    firstTs: { type: "integer", description: "Earliest device timestamp in the batch (ms)" },
    lastTs: { type: "integer", description: "Latest device timestamp in the batch (ms)" },
    status: { type: "string", enum: ["sealed", "anchored"] },
    txHash: { type: ["string", "null"] },
    blockNumber: { type: ["integer", "null"] },
    anchorer: { type: ["string", "null"] },
  },
} as const;

/** Registers `GET /api/readings/:manufacturer/:device/:seq/proof` and `GET /api/evidence/batches`. */
export function registerEvidenceRoutes(
  app: Api,
  db: Kysely<Schema>,
  deployment: { chainId: number; contracts: { evidenceRegistry?: string | undefined } },
): void {
  app.get(
    "/api/readings/:manufacturer/:device/:seq/proof",
    {
      schema: {
        summary:
          "The Merkle proof of message seq of the manufacturer's device (device ids live in their manufacturer's namespace): the signed message, its leaf, the proof, the batch root and where it is anchored. Check it with `dipnet evidence verify`.",
        tags: ["evidence"],
        params: {
          type: "object",
          required: ["manufacturer", "device", "seq"],
          properties: {
            manufacturer: { type: "string", pattern: "^0x[0-9a-fA-F]{40}$", description: "The device's manufacturer" },
            device: { type: "string", pattern: "^[A-Za-z0-9._-]{1,64}$" },
            seq: { type: "integer", minimum: 0 },
          },
        },
        response: {
          200: {
            type: "object",
            required: [
              "format",
              "manufacturer",
              "message",
              "messageHash",
              "leaf",
              "proof",
              "root",
              "anchorer",
              "batch",
              "registry",
            ],
            properties: {
              format: { type: "string", const: "dipnet-reading-proof/v1" },
              manufacturer: { type: "string", pattern: "^0x[0-9a-fA-F]{40}$" },
              message: { type: "object", additionalProperties: true },
              messageHash: hex32,
              leaf: {
                type: "object",
                properties: {
                  deviceKey: hex32,
                  seq: { type: "string" },
                  ts: { type: "string" },
                  messageHash: hex32,
                  hash: hex32,
                },
              },
              proof: { type: "array", items: hex32 },
              root: hex32,
              anchorer: { type: "string", pattern: "^0x[0-9a-fA-F]{40}$" },
              batch: batchSchema,
              registry: {
                type: "object",
                properties: { chainId: { type: "integer" }, address: { type: "string" } },
              },
            },
          },
        },
      },
    },
    async (request) => {
      const registry = deployment.contracts.evidenceRegistry;
      if (!registry) throw new ApiError(404, "this node's deployment has no evidence registry");
      const { seq } = request.params;
      const manufacturer = request.params.manufacturer.toLowerCase();
      const device = `${manufacturer}/${request.params.device}`;
      const proof = await readingProof(db, {
        manufacturer,
        device: request.params.device,
        seq,
        chainId: deployment.chainId,
        registry,
      });
      if (proof === "unknown_message") throw new ApiError(404, `no stored message ${seq} of device ${device}`);
      if (proof === "not_batched")
        throw new ApiError(
          404,
          `message ${seq} of device ${device} is not in a batch yet: try after the next anchoring`,
        );
      if (proof === "not_anchored")
        throw new ApiError(404, `the batch of message ${seq} of device ${device} is not anchored yet: try again later`);
      return proof;
    },
  );

  app.get(
    "/api/evidence/batches",
    {
      schema: {
        summary: "The node's Merkle batches of device messages, newest first",
        tags: ["evidence"],
        querystring: {
          type: "object",
          properties: { limit: { type: "integer", minimum: 1, maximum: 500, default: 50 } },
        },
        response: { 200: { type: "object", properties: { items: { type: "array", items: batchSchema } } } },
      },
    },
    async (request) => {
      const rows = await evidenceDb(db)
        .selectFrom("evidence_batches")
        .selectAll()
        .orderBy("batch_id", "desc")
        .limit(request.query.limit ?? 50)
        .execute();
      return { items: rows.map(toBatch) };
    },
  );
}
