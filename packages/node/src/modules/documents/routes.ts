// Published documents (profiles, specifications, evidence) by content hash.
import type { FastifyInstance } from "fastify";
import { ApiError } from "../../core/http/errors.ts";
import { errors } from "../../core/http/schemas.ts";
import type { DocumentStore } from "./store.ts";

/** Registers `GET /api/documents/:hash`. */
export function registerDocumentRoutes(app: FastifyInstance, documents?: Pick<DocumentStore, "get">): void {
  app.get<{ Params: { hash: string } }>(
    "/api/documents/:hash",
    {
      schema: {
        summary: "A published document (profile, specification, evidence) by its keccak256 content hash",
        tags: ["documents"],
        params: {
          type: "object",
          required: ["hash"],
          properties: {
            hash: { type: "string", pattern: "^0x[0-9a-fA-F]{64}$", description: "keccak256 of the document" },
          },
        },
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
