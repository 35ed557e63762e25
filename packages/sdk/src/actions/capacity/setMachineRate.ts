import { capacityLedgerAbi } from "../../generated/abis.ts";
import { writeAndWait } from "../../internal/write.ts";
import type { DipnetClient, WriteResult } from "../../types.ts";
import { capacityLedgerAddress } from "./ledger.ts";

/** Parameters of `setMachineRate`. */
export type SetMachineRateParameters = { machineId: bigint; hourlyRate: bigint };

/** Changes the hourly rate of an active machine. Machine owner only. */
export async function setMachineRate(client: DipnetClient, p: SetMachineRateParameters): Promise<WriteResult> {
  return writeAndWait(
    client,
    {
      address: capacityLedgerAddress(client),
      abi: capacityLedgerAbi,
      functionName: "setHourlyRate",
      args: [p.machineId, p.hourlyRate],
    },
    { action: "setMachineRate" },
  );
}
