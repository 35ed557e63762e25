// The OpenAPI 3.1 document of the API, produced by @fastify/swagger from the route schemas. Every
// operation gets an operationId from its method and path, a description for each response, and the
// Sign-In with Ethereum session as its security when it can answer 401 (the others need none).
// Routes marked `hide` (the dashboard's files, the docs page) are not API operations.

import fastifySwagger from "@fastify/swagger";
import type { FastifyInstance, FastifySchema } from "fastify";

/** The description of each response status. */
const responseDescriptions: Record<string, string> = {
  "200": "OK",
  "201": "Created",
  "400": "Invalid request",
  "401": "Not signed in",
  "403": "Signed in without the right role or ownership",
  "404": "Not found",
  "409": "Conflict",
  "413": "Request body too large",
  "429": "Too many requests",
  "502": "The chain answered with an error",
  "503": "Not ready",
  "504": "The chain did not answer in time",
};

/** `get /api/orders/{id}/bids` → `getApiOrdersIdBids`. */
const operationId = (method: string, path: string): string =>
  `${method.toLowerCase()}${path.replace(/[^\w]+(\w)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ""))}`;

type ResponseSchema = { type?: string; description?: string; "x-response-description"?: string };

/** A route's responses as documented: each with its description; text answers as text/plain. */
function documentedResponses(response: Record<string, ResponseSchema>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(response).map(([code, schema]) => {
      const description = responseDescriptions[code] ?? "Response";
      return [
        code,
        schema.type === "string"
          ? { description, content: { "text/plain": { schema } } }
          : { ...schema, "x-response-description": description },
      ];
    }),
  );
}

/** Registers @fastify/swagger (before any route, so it sees them all). */
export async function registerOpenApi(app: FastifyInstance, errorSchema: object): Promise<void> {
  await app.register(fastifySwagger, {
    openapi: {
      openapi: "3.1.0",
      info: {
        title: "DIPNET node API",
        version: "0.1.0",
        description: "Read model of the DIPNET contracts, indexed from the chain.",
        license: { name: "Apache-2.0", identifier: "Apache-2.0" },
      },
      // The API is served by the node itself, at whatever origin the document was fetched from.
      servers: [{ url: "/", description: "This node" }],
      // Public by default; operations that can answer 401 require the session (see transform).
      security: [],
      components: {
        schemas: { Error: errorSchema },
        securitySchemes: {
          siweSession: {
            type: "apiKey",
            in: "cookie",
            name: "dipnet_session",
            description: "Session of Sign-In with Ethereum: GET /api/auth/nonce, then POST /api/auth/verify",
          },
        },
      },
    },
    // Shared schemas (`Error`) keep their $id as their name under components.schemas.
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => String(json.$id ?? `def-${i}`) },
    transform: ({ schema, url, route }) => {
      const s = (schema ?? {}) as FastifySchema & { response?: Record<string, ResponseSchema> };
      const method = Array.isArray(route.method) ? String(route.method[0]) : String(route.method);
      const response = s.response ?? {};
      return {
        url,
        schema: {
          ...s,
          operationId: operationId(method, url.replace(/:(\w+)/g, "{$1}")),
          ...("401" in response ? { security: [{ siweSession: [] }] } : {}),
          response: documentedResponses(response),
        } as FastifySchema,
      };
    },
  });
}
