import type { NodeModule } from "../../core/module.ts";
import type { NodeServices } from "../services.ts";
import { createProposalSource } from "./proposal.ts";
import { registerPlanningRoutes } from "./routes.ts";

/** The planner's proposal over the capacity ledger (the planner runs in a worker thread). */
export const planningModule: NodeModule<NodeServices> = {
  name: "planning",
  routes: (app, s) =>
    registerPlanningRoutes(app, s.planning ? createProposalSource({ db: s.db, planning: s.planning }) : undefined),
};
