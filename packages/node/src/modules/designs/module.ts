import type { NodeModule } from "../../core/module.ts";
import type { NodeServices } from "../services.ts";
import { designsMigration } from "./migration.ts";
import { designsProjection } from "./projection.ts";
import { registerDesignRoutes } from "./routes.ts";

/** Designs and licences on the design registry, and orders' confidential access. */
export const designsModule: NodeModule<NodeServices> = {
  name: "designs",
  migrations: { "0013_designs": designsMigration },
  projection: designsProjection,
  routes: (app, s) => registerDesignRoutes(app, s.db),
};
