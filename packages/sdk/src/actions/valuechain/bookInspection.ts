import type { Address } from "viem";
import { orderServicesAbi } from "../../generated/abis.ts";
import { eventOf } from "../../internal/write.ts";
import type { DipnetClient, WriteResult } from "../../types.ts";
import { type InspectionKindName, inspectionKinds, orderServicesAddress, writeOrderServices } from "./services.ts";

/** Parameters of `bookInspection`. */
export type BookInspectionParameters = {
  /** Awarded order whose maker (the signer) books the inspection. */
  orderId: bigint;
  /** A registered, staked inspector other than the signer. */
  inspector: Address;
  /** Fee in the order's token base units, spent from what the order credited the maker. */
  fee: bigint;
  /** Which inspection. */
  kind: InspectionKindName;
  /** Latest time (unix seconds) the report may be filed. */
  deadline: bigint;
};
/** The transaction and the new service's id. */
export type BookInspectionReturnType = WriteResult & { serviceId: bigint };

/**
 * The maker of an awarded order books a paid inspection; the fee leaves the order's credits at once.
 * @example await bookInspection(client, { orderId: 1n, inspector, fee: 80_000_000n, kind: "firstArticle", deadline });
 */
export async function bookInspection(
  client: DipnetClient,
  p: BookInspectionParameters,
): Promise<BookInspectionReturnType> {
  const result = await writeOrderServices(
    client,
    "bookInspection",
    [p.orderId, p.inspector, p.fee, inspectionKinds[p.kind], Number(p.deadline)],
    { orderId: p.orderId },
  );
  const log = eventOf(result.receipt, orderServicesAbi, orderServicesAddress(client), "InspectionBooked");
  return { ...result, serviceId: log.args.serviceId };
}
