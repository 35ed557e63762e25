import { capacityLedgerAbi } from "../../generated/abis.ts";
import { eventOf } from "../../internal/write.ts";
import type { DipnetClient, WriteResult } from "../../types.ts";
import { capacityLedgerAddress, writeCapacityLedger } from "./ledger.ts";

/** Why a machine is down (`ICapacityLedger.DowntimeReason`). */
export const downtimeReasons = ["Breakdown", "Maintenance", "Other"] as const;
/** Name of a downtime reason. */
export type DowntimeReason = (typeof downtimeReasons)[number];

/** Parameters of `declareDowntime`: slots `[fromSlot, toSlot)`. */
export type DeclareDowntimeParameters = {
  machineId: bigint;
  fromSlot: number;
  toSlot: number;
  /** Default: "Maintenance". */
  reason?: DowntimeReason | undefined;
  /** Live reservations in the interval, released in the same transaction. Default: none. */
  releaseIds?: readonly bigint[] | undefined;
};
/** The transaction, the new downtime's id and the reservations it released. */
export type DeclareDowntimeReturnType = WriteResult & { downtimeId: bigint; releasedReservationIds: readonly bigint[] };

/** Declares a machine down for an interval. Machine owner only. */
export async function declareDowntime(
  client: DipnetClient,
  p: DeclareDowntimeParameters,
): Promise<DeclareDowntimeReturnType> {
  const address = capacityLedgerAddress(client);
  const result = await writeCapacityLedger(client, "declareDowntime", [
    p.machineId,
    p.fromSlot,
    p.toSlot,
    downtimeReasons.indexOf(p.reason ?? "Maintenance"),
    [...(p.releaseIds ?? [])],
  ]);
  const event = eventOf(result.receipt, capacityLedgerAbi, address, "DowntimeDeclared");
  return { ...result, downtimeId: event.args.downtimeId, releasedReservationIds: event.args.releasedReservationIds };
}
