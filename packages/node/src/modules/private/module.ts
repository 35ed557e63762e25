import type { NodeModule } from "../../core/module.ts";
import type { NodeServices } from "../services.ts";
import { privateDataMigration, sealedMessagesMigration } from "./migration.ts";
import { registerPrivateRoutes } from "./routes.ts";

/** What signed-in accounts keep private: order threads, account settings. */
export const privateModule: NodeModule<NodeServices> = {
  name: "private",
  migrations: { "0006_private": privateDataMigration, "0017_sealed_messages": sealedMessagesMigration },
  routes: (app, s) =>
    registerPrivateRoutes(app, {
      db: s.db,
      deployment: s.deployment,
      now: s.auth?.now,
      maxThreadMessages: s.maxThreadMessages,
      ...s.sessions,
    }),
};
