import { registerCounter } from "../../core/http/metrics.ts";
import type { NodeModule } from "../../core/module.ts";
import type { NodeServices } from "../services.ts";
import { documentReplicationMigration, orderDocumentsMigration } from "./migration.ts";
import { registerDocumentRoutes } from "./routes.ts";

/** Published documents (profiles, specifications, evidence) by content hash, the documents parties publish for their orders, and their replication between nodes. */
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
  metrics: (registry, s) => {
    const stats = () => s.replication?.stats();
    registerCounter(
      registry,
      "dipnet_publications_replicated_total",
      "Publications heard from peers, checked and stored.",
      () => stats()?.stored ?? 0,
    );
    registerCounter(
      registry,
      "dipnet_publications_refused_total",
      "Publications (or requests) from peers that failed a check and were dropped.",
      () => stats()?.refused ?? 0,
    );
    registerCounter(
      registry,
      "dipnet_publications_pending_total",
      "Times a publication from a peer was set aside to try again (order not indexed, document not arrived).",
      () => stats()?.pending ?? 0,
    );
  },
};
