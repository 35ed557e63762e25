import type { NodeModule } from "../../core/module.ts";
import type { NodeServices } from "../services.ts";
import { vaultMigration } from "./migration.ts";
import { registerVaultRoutes } from "./routes.ts";

/** Encrypted files in IPFS: ciphertext in, ciphertext out, metadata of what this node holds. */
export const vaultModule: NodeModule<NodeServices> = {
  name: "vault",
  migrations: { "0015_vault": vaultMigration },
  routes: (app, s) =>
    registerVaultRoutes(app, { db: s.db, ipfs: s.ipfs, timeoutMs: s.ipfsTimeoutMs ?? 30_000, ...s.sessions }),
};
