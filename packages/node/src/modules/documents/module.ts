import type { NodeModule } from "../../core/module.ts";
import type { NodeServices } from "../services.ts";
import { orderDocumentsMigration } from "./migration.ts";
import { registerDocumentRoutes } from "./routes.ts";

/** Published documents (profiles, specifications, evidence) by content hash, and the documents parties publish for their orders. */
export const documentsModule: NodeModule<NodeServices> = {
  name: "documents",
  migrations: { "0014_order_documents": orderDocumentsMigration },
  routes: (app, s) =>
    registerDocumentRoutes(app, {
      db: s.db,
      deployment: s.deployment,
      documents: s.documents,
      now: s.auth?.now,
      ...s.sessions,
    }),
};
