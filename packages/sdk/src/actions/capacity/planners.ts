import type { Address } from "viem";
import type { DipnetClient, WriteResult } from "../../types.ts";
import { writeCapacityLedger } from "./ledger.ts";

/** Parameters of `approvePlanner` and `setPlanner`. */
export type PlannerParameters = { planner: Address; allowed: boolean };

/** Allows (or stops) `planner` to reserve on the signer's machines; it also needs governance's admission. */
export async function approvePlanner(client: DipnetClient, p: PlannerParameters): Promise<WriteResult> {
  return writeCapacityLedger(client, "approvePlanner", [p.planner, p.allowed]);
}

/** Admits (or removes) a planner on the capacity ledger. Governance only. */
export async function setPlanner(client: DipnetClient, p: PlannerParameters): Promise<WriteResult> {
  return writeCapacityLedger(client, "setPlanner", [p.planner, p.allowed]);
}
