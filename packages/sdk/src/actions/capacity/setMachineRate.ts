import type { DipnetClient, WriteResult } from "../../types.ts";
import { writeCapacityLedger } from "./ledger.ts";

/** Parameters of `setMachineRate`. */
export type SetMachineRateParameters = { machineId: bigint; hourlyRate: bigint };

/** Changes the hourly rate of an active machine. Machine owner only. */
export async function setMachineRate(client: DipnetClient, p: SetMachineRateParameters): Promise<WriteResult> {
  return writeCapacityLedger(client, "setHourlyRate", [p.machineId, p.hourlyRate], { action: "setMachineRate" });
}
