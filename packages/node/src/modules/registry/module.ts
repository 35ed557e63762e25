import type { NodeModule } from "../../core/module.ts";
import type { NodeServices } from "../services.ts";
import { registerCertificationRoutes } from "./certifications.ts";
import { registerParticipantRoutes } from "./routes.ts";

/**
 * Participants, their profiles, stake, scorecards and certifications. The `participants` rows are
 * folded by the market's projection: bonds and slashes move money in the same fold.
 */
export const registryModule: NodeModule<NodeServices> = {
  name: "registry",
  routes: (app, s) => {
    registerParticipantRoutes(app, s.db, s.deployment.contracts.orderMarket, s.documents);
    registerCertificationRoutes(app, s.chain);
  },
};
