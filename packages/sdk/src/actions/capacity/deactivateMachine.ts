import { capacityLedgerAbi } from "../../generated/abis.ts";
import { writeAndWait } from "../../internal/write.ts";
import type { DipnetClient, WriteResult } from "../../types.ts";
import { capacityLedgerAddress } from "./ledger.ts";

/** Parameters of `deactivateMachine`. */
export type DeactivateMachineParameters = { machineId: bigint };

/** Retires a machine for good: no new reservations or downtime. Machine owner only. */
export async function deactivateMachine(client: DipnetClient, p: DeactivateMachineParameters): Promise<WriteResult> {
  return writeAndWait(
    client,
    {
      address: capacityLedgerAddress(client),
      abi: capacityLedgerAbi,
      functionName: "deactivateMachine",
      args: [p.machineId],
    },
    { action: "deactivateMachine" },
  );
}
