import type { DipnetClient, WriteResult } from "../../types.ts";
import { writeCapacityLedger } from "./ledger.ts";

/** Parameters of `releaseReservation`. */
export type ReleaseReservationParameters = { reservationId: bigint };

/** Releases a live reservation (e.g. the order was cancelled); its slots are free again. */
export async function releaseReservation(client: DipnetClient, p: ReleaseReservationParameters): Promise<WriteResult> {
  return writeCapacityLedger(client, "release", [p.reservationId], { action: "releaseReservation" });
}
