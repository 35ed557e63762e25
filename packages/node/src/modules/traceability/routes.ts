// Traceability routes: store an EPCIS event (a signed-in party of its order), and a part's full history.

import { type EpcisEvent, itemsOf, validateEpcisEvent } from "@dipnet/sdk";
import type { Kysely } from "kysely";
import type { Schema } from "../../core/db/schema.ts";
import { ApiError } from "../../core/http/errors.ts";
import { type Api, schemas, unix } from "../../core/http/schemas.ts";
import type { SessionLookup } from "../auth/routes.ts";
import { custodiansOf, EpcisValidationError, orderOfItem, partHistory, storeTraceEvent } from "./history.ts";

const { hash } = schemas;

/** The `order` query parameter, which names the order when the items do not. */
const orderQuery = (description: string) =>
  ({ type: "object", properties: { order: { type: "integer", minimum: 1, description } } }) as const;

/** One event of a part's history (`HistoryEntry`), its properties in the order the node writes them. */
const historyEntry = {
  type: "object",
  properties: {
    eventHash: hash,
    type: { type: "string", description: "The EPCIS event type, e.g. ObjectEvent" },
    eventTime: { type: "string", description: "ISO 8601" },
    via: {
      type: "object",
      description: "How the event concerns the part: directly, or through the shipment it was packed into",
      properties: { item: { type: "string" }, role: { type: "string" } },
    },
    event: { type: "object", additionalProperties: true, description: "The EPCIS 2.0 event as stored" },
    recorded: {
      type: ["object", "null"],
      description: "Where the hash was recorded on chain; null when it was not (yet)",
      properties: {
        recorder: { type: "string" },
        itemId: hash,
        blockNumber: { type: "integer" },
        txHash: hash,
        blockTime: unix,
      },
    },
    custodyTo: { type: ["string", "null"], description: "Custody handed over with this event" },
  },
} as const;

/** Registers `POST /api/traceability/events` (signed-in parties of the order) and `GET /api/parts/:id/history`. */
export function registerTraceabilityRoutes(
  app: Api,
  p: {
    db: Kysely<Schema>;
    deployment: { contracts: { evidenceRegistry?: string | undefined } };
  } & Pick<SessionLookup, "requireSession">,
): void {
  const { db, deployment } = p;
  app.post(
    "/api/traceability/events",
    {
      bodyLimit: 256 * 1024,
      schema: {
        summary:
          "Store a GS1 EPCIS 2.0 event (JSON-LD), validated against the EPCIS 2.0 JSON schema; its hash is what `recordTrace` puts on chain. Needs a session of the order's maker or customer, or of an account that held custody of one of the event's items in the order",
        tags: ["traceability"],
        querystring: orderQuery(
          "The order the event belongs to; default: the order a DIPNET lot or shipment URI of the event names",
        ),
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
      const session = await p.requireSession(request);
      const problems = validateEpcisEvent(request.body);
      if (problems.length > 0) throw new ApiError(400, new EpcisValidationError(problems).message, "body");
      const items = itemsOf(request.body as EpcisEvent).map((i) => i.item);
      const orderId = request.query.order ?? items.map(orderOfItem).find((o) => o !== undefined);
      if (orderId === undefined)
        throw new ApiError(400, "order: needed for an event none of whose items names its order", "order");
      const order = await db
        .selectFrom("orders")
        .select(["customer", "maker"])
        .where("id", "=", orderId)
        .executeTakeFirst();
      if (!order) throw new ApiError(404, `order ${orderId} not found`);
      const me = session.address.toLowerCase();
      const parties = await custodiansOf(db, deployment.contracts.evidenceRegistry, orderId, items);
      if (me !== order.customer && me !== order.maker && !parties.has(me))
        throw new ApiError(
          403,
          `${session.address} is not the maker, the customer or a custodian of an item of order ${orderId}`,
        );
      return { eventHash: await storeTraceEvent(db, request.body), type: String(request.body.type) };
    },
  );

  app.get(
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
        querystring: orderQuery("The part's order; default: the order a DIPNET lot or shipment URI names"),
        response: {
          200: {
            type: "object",
            properties: {
              part: { type: "string" },
              orderId: { type: "integer" },
              itemId: hash,
              custodian: { type: ["string", "null"] },
              events: { type: "array", items: historyEntry },
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
