import type { Address } from "viem";
import { capacityLedgerAbi } from "../../generated/abis.ts";
import { type ScanOptions, scanLogs } from "../../internal/logs.ts";
import type { DipnetReadClient } from "../../types.ts";
import { getMachine, type MachineInfo } from "./getMachine.ts";
import { capacityLedgerAddress, freshScan } from "./ledger.ts";

/** Parameters of `listMachines`. */
export type ListMachinesParameters = ScanOptions & {
  /** Only this owner's machines. Default: everyone's. */
  owner?: Address | undefined;
  /** Include deactivated machines. Default: false. */
  includeInactive?: boolean | undefined;
};

/** Machines registered (from `MachineRegistered` logs), with their current state, in id order. */
export async function listMachines(client: DipnetReadClient, p: ListMachinesParameters = {}): Promise<MachineInfo[]> {
  const address = capacityLedgerAddress(client);
  const logs = await scanLogs(client, { ...(await freshScan(client, p)), address, abi: capacityLedgerAbi });
  const ids = logs
    .filter((log) => log.eventName === "MachineRegistered")
    .filter((log) => !p.owner || log.args.owner.toLowerCase() === p.owner.toLowerCase())
    .map((log) => log.args.machineId);
  const machines = await Promise.all(ids.map((machineId) => getMachine(client, { machineId })));
  return machines.filter((m) => p.includeInactive || m.active).sort((a, b) => (a.machineId < b.machineId ? -1 : 1));
}
