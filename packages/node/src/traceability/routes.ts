// Traceability routes: store an EPCIS event, and a part's full history.
import type { FastifyInstance } from "fastify";
import type { Kysely } from "kysely";
import { ApiError } from "../api/routes.ts";
import type { Schema } from "../db/schema.ts";
import { EpcisValidationError, orderOfItem, partHistory, storeTraceEvent } from "./history.ts";

/** Registers `POST /api/traceability/events` and `GET /api/parts/:id/history`. */
export function registerTraceabilityRoutes(
  app: FastifyInstance,
  db: Kysely<Schema>,
  deployment: { contracts: { evidenceRegistry?: string | undefined } },
): void {
  app.post<{ Body: Record<string, unknown> }>(
    "/api/traceability/events",
    {
      bodyLimit: 256 * 1024,
      schema: {
        summary:
          "Store a GS1 EPCIS 2.0 event (JSON-LD), validated against the EPCIS 2.0 JSON schema; its hash is what `recordTrace` puts on chain",
        tags: ["traceability"],
        body: { type: "object", additionalProperties: true },
        response: {
          200: {
            type: "object",
            properties: { eventHash: { type: "string" }, type: { type: "string" } },
          },
        },
      },
    },
    async (request) => {
      try {
        return { eventHash: await storeTraceEvent(db, request.body), type: String(request.body.type) };
      } catch (error) {
        if (error instanceof EpcisValidationError) throw new ApiError(400, error.message, "body");
        throw error;
      }
    },
  );

  app.get<{ Params: { id: string }; Querystring: { order?: number } }>(
    "/api/parts/:id/history",
    {
      schema: {
        summary:
          "A part's history: its EPCIS events and those of the shipments it was packed into whose hashes the custodian recorded on chain for the part's order, in time order, and its current custodian",
        tags: ["traceability"],
        params: {
          type: "object",
          required: ["id"],
          properties: { id: { type: "string", minLength: 3, maxLength: 1000, description: "The part's EPC URI" } },
        },
        querystring: {
          type: "object",
          properties: {
            order: {
              type: "integer",
              minimum: 1,
              description: "The part's order; default: the order a DIPNET lot or shipment URI names",
            },
          },
        },
        response: {
          200: {
            type: "object",
            properties: {
              part: { type: "string" },
              orderId: { type: "integer" },
              itemId: { type: "string" },
              custodian: { type: ["string", "null"] },
              events: { type: "array", items: { type: "object", additionalProperties: true } },
            },
          },
        },
      },
    },
    async (request) => {
      const part = request.params.id;
      if (!/^[a-z][a-z0-9+.-]*:\S+$/i.test(part)) throw new ApiError(400, "id must be a part's EPC URI", "id");
      const orderId = request.query.order ?? orderOfItem(part);
      if (orderId === undefined)
        throw new ApiError(400, "order: needed for a part whose EPC does not name its order", "order");
      const history = await partHistory(db, part, orderId, deployment.contracts.evidenceRegistry);
      if (history.events.length === 0) throw new ApiError(404, `no traceability events of ${part} on this node`);
      return history;
    },
  );
}
