import { capacityLedgerAbi } from "../../generated/abis.ts";
import { eventOf } from "../../internal/write.ts";
import type { DipnetClient, WriteResult } from "../../types.ts";
import { capacityLedgerAddress, toBytes32Id, writeCapacityLedger } from "./ledger.ts";

/** Parameters of `registerMachine`: what the machine is and costs. */
export type RegisterMachineParameters = {
  /** Process id, e.g. `"cnc-milling"` (at most 32 bytes). */
  process: string;
  /** Material ids it can work, 1 to 16, e.g. `["aluminium-6061"]`. */
  materials: readonly string[];
  /** Work envelope in millimetres, each greater than zero. */
  envelope: { x: number; y: number; z: number };
  /** Price of one machine hour in payment-token base units; greater than zero. */
  hourlyRate: bigint;
  /** Location in decimal degrees. Default: 0, 0. */
  location?: { latitude: number; longitude: number } | undefined;
  /** Calendar slot length in seconds (a whole number of minutes dividing a day). Default: 3600. */
  slotSeconds?: number | undefined;
};
/** The transaction and the new machine's id. */
export type RegisterMachineReturnType = WriteResult & { machineId: bigint };

/**
 * Registers a machine owned by the signer, who must be a registered manufacturer.
 * @example
 * const { machineId } = await registerMachine(client, {
 *   process: "cnc-milling", materials: ["aluminium-6061"], envelope: { x: 600, y: 400, z: 300 }, hourlyRate: 80_000000n,
 * });
 */
export async function registerMachine(
  client: DipnetClient,
  p: RegisterMachineParameters,
): Promise<RegisterMachineReturnType> {
  const address = capacityLedgerAddress(client);
  const spec = {
    process: toBytes32Id("process", p.process),
    materials: p.materials.map((m, i) => toBytes32Id(`materials[${i}]`, m)),
    envelopeX: p.envelope.x,
    envelopeY: p.envelope.y,
    envelopeZ: p.envelope.z,
    hourlyRate: p.hourlyRate,
    latitude: Math.round((p.location?.latitude ?? 0) * 1e6),
    longitude: Math.round((p.location?.longitude ?? 0) * 1e6),
    slotSeconds: p.slotSeconds ?? 3600,
  };
  const result = await writeCapacityLedger(client, "registerMachine", [spec]);
  const event = eventOf(result.receipt, capacityLedgerAbi, address, "MachineRegistered");
  return { ...result, machineId: event.args.machineId };
}
