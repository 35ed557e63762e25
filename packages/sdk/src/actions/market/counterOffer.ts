import type { Address } from "viem";
import { writeOrderMarket } from "../../internal/write.ts";
import type { DipnetClient, WriteResult } from "../../types.ts";

/** Parameters of `counterOffer`: other terms for `maker`, who holds an active bid. */
export type CounterOfferParameters = { orderId: bigint; maker: Address; price: bigint; leadTime: number };
/** The transaction. */
export type CounterOfferReturnType = WriteResult;

/** The customer offers a bidding manufacturer other terms. */
export async function counterOffer(client: DipnetClient, p: CounterOfferParameters): Promise<CounterOfferReturnType> {
  return writeOrderMarket(client, "counterOffer", [p.orderId, p.maker, p.price, p.leadTime], { orderId: p.orderId });
}
