import { capacityLedgerAbi } from "../../generated/abis.ts";
import { eventsOf } from "../../internal/write.ts";
import type { DipnetClient } from "../../types.ts";
import { capacityLedgerAddress, writeCapacityLedger } from "./ledger.ts";
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
  const result = await writeCapacityLedger(
    client,
    "replan",
    [
      p.orderId,
      [...p.releaseIds],
      p.requests.map((r) => ({ machineId: r.machineId, fromSlot: r.fromSlot, toSlot: r.toSlot })),
    ],
    { action: "replan", orderId: p.orderId === 0n ? undefined : p.orderId },
  );
  const made = eventsOf(result.receipt, capacityLedgerAbi, address, "ReservationMade");
  return { ...result, reservationIds: made.map((e) => e.args.reservationId) };
}

/**
 * One order's ledger update of a downtime re-plan (`planDowntimeReplan` of @dipnet/planner), ids as
 * decimal strings.
 */
export type DowntimeReplanMove = {
  orderId: string;
  /** Owner of the machines involved: it signs. */
  owner: string;
  /** Live reservations of steps that must move. */
  releaseIds: readonly string[];
  requests: readonly { machineId: string; fromSlot: number; toSlot: number }[];
};

/** A committed move: the order, its new reservations and the transaction. */
export type CommittedMove = { orderId: string; reservationIds: bigint[]; hash: string };

/**
 * Sends each move as one `replan` transaction (release + reserve, all or nothing), signed by
 * `signerFor(owner)`. The first conflict throws (decoded); moves sent before it stand.
 * @example const committed = await commitDowntimeReplan(plan.moves, (owner) => clients[owner]);
 */
export async function commitDowntimeReplan(
  moves: readonly DowntimeReplanMove[],
  signerFor: (owner: string) => DipnetClient,
): Promise<CommittedMove[]> {
  const out: CommittedMove[] = [];
  for (const m of moves) {
    const r = await replan(signerFor(m.owner), {
      orderId: BigInt(m.orderId),
      releaseIds: m.releaseIds.map(BigInt),
      requests: m.requests.map((x) => ({ machineId: BigInt(x.machineId), fromSlot: x.fromSlot, toSlot: x.toSlot })),
    });
    out.push({ orderId: m.orderId, reservationIds: [...r.reservationIds], hash: r.hash });
  }
  return out;
}
