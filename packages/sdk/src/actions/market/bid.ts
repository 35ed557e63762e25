import { writeOrderMarket } from "../../internal/write.ts";
import type { DipnetClient, WriteResult } from "../../types.ts";

/** Parameters of `bid`: price in payment-token base units, lead time in seconds. */
export type BidParameters = { orderId: bigint; price: bigint; leadTime: number };
/** The transaction. */
export type BidReturnType = WriteResult;

/** Places or revises an open bid; registered manufacturers with enough free stake only. */
export async function bid(client: DipnetClient, { orderId, price, leadTime }: BidParameters): Promise<BidReturnType> {
  return writeOrderMarket(client, "bid", [orderId, price, leadTime], { orderId });
}
