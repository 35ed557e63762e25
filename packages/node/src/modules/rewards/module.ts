import type { NodeModule } from "../../core/module.ts";
import type { NodeServices } from "../services.ts";
import { rewardsMigration } from "./migration.ts";
import { rewardsProjection } from "./projection.ts";
import { registerRewardsRoutes } from "./routes.ts";

/** Contribution rewards: points per epoch and contribution, epochs' budgets, claims. */
export const rewardsModule: NodeModule<NodeServices> = {
  name: "rewards",
  migrations: { "0019_rewards": rewardsMigration },
  projection: rewardsProjection,
  routes: (app, s) => registerRewardsRoutes(app, s.db, s.deployment),
};
