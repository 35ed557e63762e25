// Published documents (profiles, specifications, evidence) by content hash.
import type { FromSchema } from "json-schema-to-ts";
import { ApiError } from "../../core/http/errors.ts";
import { type Api, errors } from "../../core/http/schemas.ts";
import type { DocumentStore } from "./store.ts";

/** Registers `GET /api/documents/:hash`. */
export function registerDocumentRoutes(app: Api, documents?: Pick<DocumentStore, "get">): void {
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
}
