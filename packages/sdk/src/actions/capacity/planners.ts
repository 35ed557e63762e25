import type { Address } from "viem";
import { capacityLedgerAbi } from "../../generated/abis.ts";
import { writeAndWait } from "../../internal/write.ts";
import type { DipnetClient, WriteResult } from "../../types.ts";
import { capacityLedgerAddress } from "./ledger.ts";

/** Parameters of `approvePlanner` and `setPlanner`. */
export type PlannerParameters = { planner: Address; allowed: boolean };

/** Allows (or stops) `planner` to reserve on the signer's machines; it also needs governance's admission. */
export async function approvePlanner(client: DipnetClient, p: PlannerParameters): Promise<WriteResult> {
  return writeAndWait(
    client,
    {
      address: capacityLedgerAddress(client),
      abi: capacityLedgerAbi,
      functionName: "approvePlanner",
      args: [p.planner, p.allowed],
    },
    { action: "approvePlanner" },
  );
}

/** Admits (or removes) a planner on the capacity ledger. Governance only. */
export async function setPlanner(client: DipnetClient, p: PlannerParameters): Promise<WriteResult> {
  return writeAndWait(
    client,
    {
      address: capacityLedgerAddress(client),
      abi: capacityLedgerAbi,
      functionName: "setPlanner",
      args: [p.planner, p.allowed],
    },
    { action: "setPlanner" },
  );
}
