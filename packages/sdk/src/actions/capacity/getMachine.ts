import type { Address } from "viem";
import { capacityLedgerAbi } from "../../generated/abis.ts";
import type { DipnetReadClient } from "../../types.ts";
import { capacityLedgerAddress, fromBytes32Id } from "./ledger.ts";

/** A registered machine, ids decoded to text and location in decimal degrees. */
export type MachineInfo = {
  machineId: bigint;
  owner: Address;
  active: boolean;
  process: string;
  materials: string[];
  envelope: { x: number; y: number; z: number };
  hourlyRate: bigint;
  location: { latitude: number; longitude: number };
  slotSeconds: number;
};
/** Parameters of `getMachine`. */
export type GetMachineParameters = { machineId: bigint };

/** Reads one machine; reverts with `CapacityUnknownMachine` when there is none. */
export async function getMachine(client: DipnetReadClient, { machineId }: GetMachineParameters): Promise<MachineInfo> {
  const m = await client.publicClient.readContract({
    address: capacityLedgerAddress(client),
    abi: capacityLedgerAbi,
    functionName: "machine",
    args: [machineId],
  });
  return {
    machineId,
    owner: m.owner,
    active: m.active,
    process: fromBytes32Id(m.spec.process),
    materials: m.spec.materials.map(fromBytes32Id),
    envelope: { x: m.spec.envelopeX, y: m.spec.envelopeY, z: m.spec.envelopeZ },
    hourlyRate: m.spec.hourlyRate,
    location: { latitude: m.spec.latitude / 1e6, longitude: m.spec.longitude / 1e6 },
    slotSeconds: m.spec.slotSeconds,
  };
}
