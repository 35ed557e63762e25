import { capacityLedgerAbi } from "../../generated/abis.ts";
import { writeAndWait } from "../../internal/write.ts";
import type { DipnetClient, WriteResult } from "../../types.ts";
import { capacityLedgerAddress } from "./ledger.ts";

/** Parameters of `completeReservation`. */
export type CompleteReservationParameters = { reservationId: bigint };

/** Marks a started reservation as consumed; any slots not yet reached are free again. */
export async function completeReservation(
  client: DipnetClient,
  p: CompleteReservationParameters,
): Promise<WriteResult> {
  return writeAndWait(
    client,
    {
      address: capacityLedgerAddress(client),
      abi: capacityLedgerAbi,
      functionName: "complete",
      args: [p.reservationId],
    },
    { action: "completeReservation" },
  );
}
