// Evidence bundles for auditors: an order's (or a part's) evidence as one CAR file, which
// `dipnet evidence check` (SDK `checkEvidenceBundle`) verifies with nothing but the file and a chain RPC.
import { carMediaType, encodeEvidenceBundle } from "@dipnet/sdk";
import type { FromSchema } from "json-schema-to-ts";
import { ApiError } from "../../core/http/errors.ts";
import type { Api } from "../../core/http/schemas.ts";
import { orderOfItem, partHistory } from "../traceability/history.ts";
import { type BundleSources, buildEvidenceBundle } from "./build.ts";

const carResponse = {
  200: {
    description: "The evidence bundle: a CARv1 file, one root block indexing every item",
    content: { [carMediaType]: { schema: { type: "string", description: "The CAR file's bytes" } } },
  },
  400: { $ref: "Error#" },
  404: { $ref: "Error#" },
} as const;

/** Registers `GET /api/orders/:id/bundle.car` and `GET /api/parts/:id/bundle.car`. */
export function registerBundleRoutes(app: Api, s: BundleSources & { now?: (() => number) | undefined }): void {
  const orderParams = {
    type: "object",
    required: ["id"],
    properties: { id: { type: "integer", minimum: 1 } },
  } as const;
  // The answer is binary (typing the reply types the params too).
  app.get<{ Params: FromSchema<typeof orderParams>; Reply: Buffer }>(
    "/api/orders/:id/bundle.car",
    {
      schema: {
        summary:
          "The order's evidence bundle (CAR): its events on chain with the documents their hashes commit to, the documents its parties published with their signatures, the Merkle proofs of the machine readings its evidence cites, and its parties' registrations and certifications",
        tags: ["evidence", "orders"],
        params: orderParams,
        response: carResponse,
      },
    },
    async (request, reply) => {
      const id = request.params.id;
      const bundle = await buildEvidenceBundle(s, { kind: "order", orderId: String(id) }, s.now);
      if (!bundle) throw new ApiError(404, `order ${id} not found`);
      reply.type(carMediaType).header("content-disposition", `attachment; filename="order-${id}.car"`);
      return Buffer.from(encodeEvidenceBundle(bundle));
    },
  );

  const partParams = {
    type: "object",
    required: ["id"],
    properties: { id: { type: "string", minLength: 3, maxLength: 1000, description: "The part's EPC URI" } },
  } as const;
  const partQuery = {
    type: "object",
    properties: {
      order: {
        type: "integer",
        minimum: 1,
        description: "The part's order; default: the order a DIPNET lot or shipment URI names",
      },
    },
  } as const;
  app.get<{ Params: FromSchema<typeof partParams>; Querystring: FromSchema<typeof partQuery>; Reply: Buffer }>(
    "/api/parts/:id/bundle.car",
    {
      schema: {
        summary:
          "A traced part's evidence bundle (CAR): its order's bundle naming the part, with the EPCIS events of its history and their records on chain",
        tags: ["evidence", "traceability"],
        params: partParams,
        querystring: partQuery,
        response: carResponse,
      },
    },
    async (request, reply) => {
      const part = request.params.id;
      if (!/^[a-z][a-z0-9+.-]*:\S+$/i.test(part)) throw new ApiError(400, "id must be a part's EPC URI", "id");
      const orderId = request.query.order ?? orderOfItem(part);
      if (orderId === undefined)
        throw new ApiError(400, "order: needed for a part whose EPC does not name its order", "order");
      const history = await partHistory(s.db, part, orderId, s.deployment.contracts.evidenceRegistry);
      if (history.events.length === 0) throw new ApiError(404, `no traceability events of ${part} on this node`);
      const bundle = await buildEvidenceBundle(s, { kind: "part", part, orderId: String(orderId) }, s.now);
      if (!bundle) throw new ApiError(404, `order ${orderId} not found`);
      reply.type(carMediaType).header("content-disposition", `attachment; filename="part-${orderId}.car"`);
      return Buffer.from(encodeEvidenceBundle(bundle));
    },
  );
}
