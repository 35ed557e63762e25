// The node's domains, in the order their routes register.
import type { NodeModule } from "../core/module.ts";
import { authModule } from "./auth/module.ts";
import { bundleModule } from "./bundle/module.ts";
import { capacityModule } from "./capacity/module.ts";
import { designsModule } from "./designs/module.ts";
import { documentsModule } from "./documents/module.ts";
import { evidenceModule } from "./evidence/module.ts";
import { governanceModule } from "./governance/module.ts";
import { iotModule } from "./iot/module.ts";
import { marketModule } from "./market/module.ts";
import { planningModule } from "./planning/module.ts";
import { privateModule } from "./private/module.ts";
import { registryModule } from "./registry/module.ts";
import { rewardsModule } from "./rewards/module.ts";
import type { NodeServices } from "./services.ts";
import { systemModule } from "./system/module.ts";
import { traceabilityModule } from "./traceability/module.ts";
import { vaultModule } from "./vault/module.ts";

export type { ApiDeployment, NodeServices } from "./services.ts";

export const nodeModules: readonly NodeModule<NodeServices>[] = [
  systemModule,
  marketModule,
  registryModule,
  documentsModule,
  capacityModule,
  planningModule,
  evidenceModule,
  authModule,
  privateModule,
  traceabilityModule,
  bundleModule,
  iotModule,
  vaultModule,
  // After the market: its fold of a batch reads the orders the market's fold of it wrote.
  governanceModule,
  rewardsModule,
  designsModule,
];
