import type { Address } from "viem";
import { orderServicesAbi } from "../../generated/abis.ts";
import { eventOf } from "../../internal/write.ts";
import type { DipnetClient, WriteResult } from "../../types.ts";
import { orderServicesAddress, writeOrderServices } from "./services.ts";

/** Parameters of `bookLeg`. */
export type BookLegParameters = {
  /** Awarded order whose maker (the signer) books the leg. */
  orderId: bigint;
  /** A registered, staked logistics provider other than the signer. */
  carrier: Address;
  /** The next custodian, who confirms receipt: the customer, a sub-tier, another carrier. */
  receiver: Address;
  /** Fee in the order's token base units, spent from what the order credited the maker. */
  fee: bigint;
  /** Latest time (unix seconds) the receipt may be confirmed. */
  deadline: bigint;
};
/** The transaction and the new service's id. */
export type BookLegReturnType = WriteResult & { serviceId: bigint };

/**
 * The maker of an awarded order books a logistics leg; the carrier is paid on the receiver's confirmation.
 * @example await bookLeg(client, { orderId: 1n, carrier, receiver: customer, fee: 60_000_000n, deadline });
 */
export async function bookLeg(client: DipnetClient, p: BookLegParameters): Promise<BookLegReturnType> {
  const result = await writeOrderServices(
    client,
    "bookLeg",
    [p.orderId, p.carrier, p.receiver, p.fee, Number(p.deadline)],
    { orderId: p.orderId },
  );
  const log = eventOf(result.receipt, orderServicesAbi, orderServicesAddress(client), "LegBooked");
  return { ...result, serviceId: log.args.serviceId };
}
