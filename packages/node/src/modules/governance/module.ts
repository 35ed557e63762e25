import type { NodeModule } from "../../core/module.ts";
import type { NodeServices } from "../services.ts";
import { governanceMigration } from "./migration.ts";
import { governanceProjection } from "./projection.ts";
import { registerGovernanceRoutes } from "./routes.ts";

/** The DAO: proposals and votes, governed parameters, DIP delegates, the treasury. */
export const governanceModule: NodeModule<NodeServices> = {
  name: "governance",
  migrations: { "0012_governance": governanceMigration },
  projection: governanceProjection,
  routes: (app, s) => registerGovernanceRoutes(app, s.db, s.deployment, s.chain),
};
