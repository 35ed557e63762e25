import type { NodeModule } from "../../core/module.ts";
import type { NodeServices } from "../services.ts";
import { capacityMigration } from "./migration.ts";
import { capacityProjection } from "./projection.ts";
import { registerCapacityRoutes } from "./routes.ts";

/** Machines, reservations and downtime on the capacity ledger. */
export const capacityModule: NodeModule<NodeServices> = {
  name: "capacity",
  migrations: { "0003_capacity": capacityMigration },
  projection: capacityProjection,
  routes: (app, s) => registerCapacityRoutes(app, s.db),
};
