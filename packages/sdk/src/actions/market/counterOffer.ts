import type { Address } from "viem";
import { orderMarketAbi } from "../../generated/abis.ts";
import { writeAndWait } from "../../internal/write.ts";
import type { DipnetClient, WriteResult } from "../../types.ts";

/** Parameters of `counterOffer`: other terms for `maker`, who holds an active bid. */
export type CounterOfferParameters = { orderId: bigint; maker: Address; price: bigint; leadTime: number };
/** The transaction. */
export type CounterOfferReturnType = WriteResult;

/** The customer offers a bidding manufacturer other terms. */
export async function counterOffer(client: DipnetClient, p: CounterOfferParameters): Promise<CounterOfferReturnType> {
  return writeAndWait(
    client,
    {
      address: client.deployment.contracts.orderMarket,
      abi: orderMarketAbi,
      functionName: "counterOffer",
      args: [p.orderId, p.maker, p.price, p.leadTime],
    },
    { action: "counterOffer", orderId: p.orderId },
  );
}
