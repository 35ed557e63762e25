import { capacityLedgerAbi } from "../../generated/abis.ts";
import { eventsOf, writeAndWait } from "../../internal/write.ts";
import type { DipnetClient } from "../../types.ts";
import { capacityLedgerAddress } from "./ledger.ts";
import type { ReservationRequest, ReserveReturnType } from "./reserve.ts";

/** Parameters of `replan`: release `releaseIds`, then reserve `requests` for `orderId`, in one transaction. */
export type ReplanParameters = {
  orderId: bigint;
  releaseIds: readonly bigint[];
  requests: readonly ReservationRequest[];
};

/** Moves an order's reservations atomically: the old capacity is never lost to someone else in between. */
export async function replan(client: DipnetClient, p: ReplanParameters): Promise<ReserveReturnType> {
  const address = capacityLedgerAddress(client);
  const result = await writeAndWait(
    client,
    {
      address,
      abi: capacityLedgerAbi,
      functionName: "replan",
      args: [
        p.orderId,
        [...p.releaseIds],
        p.requests.map((r) => ({ machineId: r.machineId, fromSlot: r.fromSlot, toSlot: r.toSlot })),
      ],
    },
    { action: "replan", orderId: p.orderId === 0n ? undefined : p.orderId },
  );
  const made = eventsOf(result.receipt, capacityLedgerAbi, address, "ReservationMade");
  return { ...result, reservationIds: made.map((e) => e.args.reservationId) };
}
