import type { Address } from "viem";
import { capacityLedgerAbi } from "../../generated/abis.ts";
import { type ScanOptions, scanLogs } from "../../internal/logs.ts";
import type { DipnetReadClient } from "../../types.ts";
import { type DowntimeReason, downtimeReasons } from "./declareDowntime.ts";
import { capacityLedgerAddress, freshScan } from "./ledger.ts";

/** Status of a reservation (`ICapacityLedger.ReservationStatus`). */
export const reservationStatuses = ["None", "Live", "Released", "Completed"] as const;
/** Name of a reservation status. */
export type ReservationStatus = (typeof reservationStatuses)[number];

/** A reservation as made (from `ReservationMade`) with its current status. */
export type ReservationInfo = {
  reservationId: bigint;
  orderId: bigint;
  machineId: bigint;
  fromSlot: number;
  toSlot: number;
  agent: Address;
  status: ReservationStatus;
  blockNumber: bigint;
};
/** A downtime as declared (from `DowntimeDeclared`), with its current end. */
export type DowntimeInfo = {
  downtimeId: bigint;
  machineId: bigint;
  fromSlot: number;
  toSlot: number;
  reason: DowntimeReason;
  ended: boolean;
  releasedReservationIds: readonly bigint[];
  blockNumber: bigint;
};

/** Parameters of `listReservations` and `listDowntime`: filters and the block range to scan. */
export type ListCapacityParameters = ScanOptions & {
  /** Only these machines. Default: all. */
  machineIds?: readonly bigint[] | undefined;
  /** Only this order's reservations. Default: all. */
  orderId?: bigint | undefined;
  /** Only live reservations / downtimes not yet ended. Default: false. */
  liveOnly?: boolean | undefined;
};

/** Reservations from `ReservationMade` logs with their current status, in id order. */
export async function listReservations(
  client: DipnetReadClient,
  p: ListCapacityParameters = {},
): Promise<ReservationInfo[]> {
  const address = capacityLedgerAddress(client);
  const logs = await scanLogs(client, { ...(await freshScan(client, p)), address, abi: capacityLedgerAbi });
  const made = logs
    .filter((log) => log.eventName === "ReservationMade")
    .filter((log) => !p.machineIds || p.machineIds.includes(log.args.machineId))
    .filter((log) => p.orderId === undefined || log.args.orderId === p.orderId);
  const out = await Promise.all(
    made.map(async (log) => {
      const r = await client.publicClient.readContract({
        address,
        abi: capacityLedgerAbi,
        functionName: "reservation",
        args: [log.args.reservationId],
      });
      return {
        reservationId: log.args.reservationId,
        orderId: log.args.orderId,
        machineId: log.args.machineId,
        fromSlot: log.args.fromSlot,
        toSlot: log.args.toSlot,
        agent: log.args.agent,
        status: reservationStatuses[r.status] ?? "None",
        blockNumber: log.blockNumber,
      } satisfies ReservationInfo;
    }),
  );
  return out
    .filter((r) => !p.liveOnly || r.status === "Live")
    .sort((a, b) => (a.reservationId < b.reservationId ? -1 : 1));
}

/** Downtimes from `DowntimeDeclared` logs with their current end, in id order. */
export async function listDowntime(client: DipnetReadClient, p: ListCapacityParameters = {}): Promise<DowntimeInfo[]> {
  const address = capacityLedgerAddress(client);
  const logs = await scanLogs(client, { ...(await freshScan(client, p)), address, abi: capacityLedgerAbi });
  const declared = logs
    .filter((log) => log.eventName === "DowntimeDeclared")
    .filter((log) => !p.machineIds || p.machineIds.includes(log.args.machineId));
  const out = await Promise.all(
    declared.map(async (log) => {
      const d = await client.publicClient.readContract({
        address,
        abi: capacityLedgerAbi,
        functionName: "downtime",
        args: [log.args.downtimeId],
      });
      return {
        downtimeId: log.args.downtimeId,
        machineId: log.args.machineId,
        fromSlot: d.fromSlot,
        toSlot: d.toSlot,
        reason: downtimeReasons[d.reason] ?? "Other",
        ended: d.ended,
        releasedReservationIds: log.args.releasedReservationIds,
        blockNumber: log.blockNumber,
      } satisfies DowntimeInfo;
    }),
  );
  return out.filter((d) => !p.liveOnly || !d.ended).sort((a, b) => (a.downtimeId < b.downtimeId ? -1 : 1));
}
