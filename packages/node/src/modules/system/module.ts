import type { NodeModule } from "../../core/module.ts";
import type { NodeServices } from "../services.ts";
import { registerSystemRoutes } from "./routes.ts";

/** What the dashboard needs from its node: its settings and the chain gateway `POST /rpc`. */
export const systemModule: NodeModule<NodeServices> = {
  name: "system",
  routes: (app, s) =>
    registerSystemRoutes(app, { rpcUrl: s.rpcUrl, rpcTimeoutMs: s.rpcTimeoutMs, demoAccounts: s.demoAccounts }),
};
