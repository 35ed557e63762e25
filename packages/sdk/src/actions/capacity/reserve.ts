import { capacityLedgerAbi } from "../../generated/abis.ts";
import { eventsOf } from "../../internal/write.ts";
import type { DipnetClient, WriteResult } from "../../types.ts";
import { capacityLedgerAddress, writeCapacityLedger } from "./ledger.ts";

/** One interval to reserve: slots `[fromSlot, toSlot)` of `machineId`. */
export type ReservationRequest = { machineId: bigint; fromSlot: number; toSlot: number };
/** Parameters of `reserve`. */
export type ReserveParameters = {
  /** Order the plan serves; 0 for work outside DIPNET. */
  orderId: bigint;
  requests: readonly ReservationRequest[];
};
/** The transaction and the new reservations' ids, in the order of `requests`. */
export type ReserveReturnType = WriteResult & { reservationIds: readonly bigint[] };

/**
 * Reserves a whole plan atomically: every interval or none. A conflict reverts with
 * `CapacitySlotTaken` / `CapacityMachineDown` naming the machine and slot (a `ContractRevertError`).
 */
export async function reserve(client: DipnetClient, p: ReserveParameters): Promise<ReserveReturnType> {
  const address = capacityLedgerAddress(client);
  const result = await writeCapacityLedger(
    client,
    "reserve",
    [p.orderId, p.requests.map((r) => ({ machineId: r.machineId, fromSlot: r.fromSlot, toSlot: r.toSlot }))],
    { action: "reserve", orderId: p.orderId === 0n ? undefined : p.orderId },
  );
  const made = eventsOf(result.receipt, capacityLedgerAbi, address, "ReservationMade");
  return { ...result, reservationIds: made.map((e) => e.args.reservationId) };
}
