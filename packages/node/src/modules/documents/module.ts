import type { NodeModule } from "../../core/module.ts";
import type { NodeServices } from "../services.ts";
import { documentReplicationMigration, orderDocumentsMigration } from "./migration.ts";
import { registerDocumentRoutes } from "./routes.ts";

/** Published documents (profiles, specifications, evidence) by content hash, and the documents parties publish for their orders. */
export const documentsModule: NodeModule<NodeServices> = {
  name: "documents",
  migrations: {
    "0014_order_documents": orderDocumentsMigration,
    "0016_document_replication": documentReplicationMigration,
  },
  routes: (app, s) =>
    registerDocumentRoutes(app, {
      db: s.db,
      deployment: s.deployment,
      documents: s.documents,
      ipfs: s.ipfs,
      replication: s.replication,
      now: s.auth?.now,
      ...s.sessions,
    }),
};
