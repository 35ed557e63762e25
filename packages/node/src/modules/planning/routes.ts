// The planner's proposal over the capacity ledger, served from the planning worker.
import { ApiError } from "../../core/http/errors.ts";
import type { Api } from "../../core/http/schemas.ts";
import { type ProposalSource, proposalSchema } from "./proposal.ts";

/** Registers `GET /api/capacity/proposal`: 503 without a proposal source (no planner). */
export function registerPlanningRoutes(app: Api, proposals: ProposalSource | undefined): void {
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
    async () => {
      if (!proposals) throw new ApiError(503, "this node runs no planner");
      return proposals.current();
    },
  );
}
