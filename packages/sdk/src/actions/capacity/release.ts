import { capacityLedgerAbi } from "../../generated/abis.ts";
import { writeAndWait } from "../../internal/write.ts";
import type { DipnetClient, WriteResult } from "../../types.ts";
import { capacityLedgerAddress } from "./ledger.ts";

/** Parameters of `releaseReservation`. */
export type ReleaseReservationParameters = { reservationId: bigint };

/** Releases a live reservation (e.g. the order was cancelled); its slots are free again. */
export async function releaseReservation(client: DipnetClient, p: ReleaseReservationParameters): Promise<WriteResult> {
  return writeAndWait(
    client,
    {
      address: capacityLedgerAddress(client),
      abi: capacityLedgerAbi,
      functionName: "release",
      args: [p.reservationId],
    },
    { action: "releaseReservation" },
  );
}
