import type { NodeModule } from "../../core/module.ts";
import type { NodeServices } from "../services.ts";
import { licensedOrdersMigration, marketHardeningMigration, requiredCertificationMigration } from "./migration.ts";
import { marketProjection } from "./projection.ts";
import { registerMarketRoutes } from "./routes.ts";

/** RFQs, bids, orders, milestones, disputes and the money they move. */
export const marketModule: NodeModule<NodeServices> = {
  name: "market",
  migrations: {
    "0004_required_certification": requiredCertificationMigration,
    "0010_market_hardening": marketHardeningMigration,
    "0018_licensed_orders": licensedOrdersMigration,
  },
  projection: marketProjection,
  routes: (app, s) => registerMarketRoutes(app, s.db, s.deployment, s.documents),
};
