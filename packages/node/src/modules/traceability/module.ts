import type { NodeModule } from "../../core/module.ts";
import type { NodeServices } from "../services.ts";
import { traceEventDocumentsMigration } from "./migration.ts";
import { registerTraceabilityRoutes } from "./routes.ts";

/** EPCIS 2.0 events, part histories and product passports. */
export const traceabilityModule: NodeModule<NodeServices> = {
  name: "traceability",
  migrations: { "0009_trace_event_documents": traceEventDocumentsMigration },
  routes: (app, s) => registerTraceabilityRoutes(app, { db: s.db, deployment: s.deployment, ...s.sessions }),
};
