import type { DipnetClient, WriteResult } from "../../types.ts";
import { writeCapacityLedger } from "./ledger.ts";

/** Parameters of `completeReservation`. */
export type CompleteReservationParameters = { reservationId: bigint };

/** Marks a started reservation as consumed; any slots not yet reached are free again. */
export async function completeReservation(
  client: DipnetClient,
  p: CompleteReservationParameters,
): Promise<WriteResult> {
  return writeCapacityLedger(client, "complete", [p.reservationId], { action: "completeReservation" });
}
