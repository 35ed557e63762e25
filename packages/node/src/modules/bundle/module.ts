import type { NodeModule } from "../../core/module.ts";
import type { NodeServices } from "../services.ts";
import { registerBundleRoutes } from "./routes.ts";

/** Evidence bundles (CAR files) of orders and parts, for auditors. */
export const bundleModule: NodeModule<NodeServices> = {
  name: "bundle",
  routes: (app, s) =>
    registerBundleRoutes(app, {
      db: s.db,
      deployment: s.deployment,
      documents: s.documents,
      chain: s.chain,
      now: s.auth?.now,
    }),
};
