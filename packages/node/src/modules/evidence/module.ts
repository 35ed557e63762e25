import type { NodeModule } from "../../core/module.ts";
import type { NodeServices } from "../services.ts";
import { devicesProjection } from "./devices.ts";
import { evidenceMigration } from "./migration.ts";
import { registerEvidenceRoutes } from "./routes.ts";

/** On-chain devices, Merkle anchoring of readings, reading proofs. */
export const evidenceModule: NodeModule<NodeServices> = {
  name: "evidence",
  migrations: { "0007_evidence": evidenceMigration },
  projection: devicesProjection,
  routes: (app, s) => registerEvidenceRoutes(app, s.db, s.deployment),
};
