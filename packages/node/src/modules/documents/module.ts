import type { NodeModule } from "../../core/module.ts";
import type { NodeServices } from "../services.ts";
import { registerDocumentRoutes } from "./routes.ts";

/** Published documents (profiles, specifications, evidence) by content hash. */
export const documentsModule: NodeModule<NodeServices> = {
  name: "documents",
  routes: (app, s) => registerDocumentRoutes(app, s.documents),
};
