import type { DipnetClient, WriteResult } from "../../types.ts";
import { writeCapacityLedger } from "./ledger.ts";

/** Parameters of `deactivateMachine`. */
export type DeactivateMachineParameters = { machineId: bigint };

/** Retires a machine for good: no new reservations or downtime. Machine owner only. */
export async function deactivateMachine(client: DipnetClient, p: DeactivateMachineParameters): Promise<WriteResult> {
  return writeCapacityLedger(client, "deactivateMachine", [p.machineId]);
}
