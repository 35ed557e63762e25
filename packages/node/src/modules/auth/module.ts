import type { NodeModule } from "../../core/module.ts";
import type { NodeServices } from "../services.ts";
import { apiLimitsMigration, authMigration } from "./migration.ts";
import { registerAuthRoutes } from "./routes.ts";

/** Sign-In with Ethereum: nonces, sessions. */
export const authModule: NodeModule<NodeServices> = {
  name: "auth",
  migrations: { "0005_auth": authMigration, "0008_api_limits": apiLimitsMigration },
  routes: (app, s) =>
    registerAuthRoutes(app, { db: s.db, deployment: s.deployment, publicUrl: s.publicUrl, ...s.auth }),
};
