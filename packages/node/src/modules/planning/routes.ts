// The planner's proposal over the capacity ledger, served from the planning worker.
import type { FastifyInstance } from "fastify";
import { unix } from "../../core/http/schemas.ts";
import type { ProposalSource } from "./proposal.ts";

const proposalSchema = {
  type: "object",
  required: ["block", "now", "steps", "unplanned", "objective"],
  properties: {
    block: { type: "integer", description: "Indexed block the proposal was computed for" },
    now: { ...unix, description: "Chain time it plans from (rounded up to whole slots)" },
    steps: {
      type: "array",
      items: {
        type: "object",
        required: ["orderId", "step", "process", "machineId", "start", "end", "explanation"],
        properties: {
          orderId: { type: "integer" },
          step: { type: "integer", description: "Step of the order's route, from 1" },
          process: { type: "string" },
          machineId: { type: "integer" },
          start: unix,
          end: unix,
          explanation: { type: "string", description: "Why this machine" },
        },
      },
    },
    unplanned: {
      type: "array",
      items: {
        type: "object",
        properties: { orderId: { type: "integer" }, reason: { type: "string" } },
      },
    },
    objective: {
      type: ["object", "null"],
      properties: {
        tardinessH: { type: "number" },
        cost: { type: "number" },
        makespanH: { type: "number" },
        total: { type: "number" },
      },
    },
  },
} as const;

/** Registers `GET /api/capacity/proposal`: 503 without a proposal source (no planner). */
export function registerPlanningRoutes(app: FastifyInstance, proposals: ProposalSource | undefined): void {
  app.get(
    "/api/capacity/proposal",
    {
      schema: {
        summary:
          "The planner's proposal: Open and Awarded orders without live reservations planned onto the ledger's machines",
        description:
          "Computed by the node's planning worker around live reservations and downtime, once per indexed block, for at most the 200 oldest such orders. 503 when this node runs no planner.",
        tags: ["capacity"],
        response: { 200: proposalSchema, 503: { $ref: "Error#" } },
      },
    },
    async (_request, reply) => {
      if (!proposals) {
        return reply
          .code(503)
          .send({ statusCode: 503, error: "Service Unavailable", message: "this node runs no planner" });
      }
      return proposals.current();
    },
  );
}
