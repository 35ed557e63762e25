import type { Address, Hex } from "viem";
import { orderMarketAbi } from "../../generated/abis.ts";
import { bidStates } from "../../generated/enums.ts";
import type { BidState, DipnetReadClient } from "../../types.ts";

/** Parameters of `getBid`. */
export type GetBidParameters = { orderId: bigint; maker: Address };
/** `maker`'s bid, the customer's counter-offer to it (if any), and its sealed commitment (if any). */
export type GetBidReturnType = {
  orderId: bigint;
  maker: Address;
  price: bigint;
  leadTime: number;
  state: BidState;
  /** Commit deposit the sealed bid holds while committed (zero otherwise), in the payment token. */
  deposit: bigint;
  counterOffer: { price: bigint; leadTime: number } | undefined;
  commitment: Hex | undefined;
};

/** Reads `maker`'s bid on `orderId` with any counter-offer and commitment. */
export async function getBid(
  client: DipnetReadClient,
  { orderId, maker }: GetBidParameters,
): Promise<GetBidReturnType> {
  const address = client.deployment.contracts.orderMarket;
  const [bid, counter, commitment] = await Promise.all([
    client.publicClient.readContract({ address, abi: orderMarketAbi, functionName: "getBid", args: [orderId, maker] }),
    client.publicClient.readContract({
      address,
      abi: orderMarketAbi,
      functionName: "getCounterOffer",
      args: [orderId, maker],
    }),
    client.publicClient.readContract({
      address,
      abi: orderMarketAbi,
      functionName: "getCommitment",
      args: [orderId, maker],
    }),
  ]);
  return {
    orderId,
    maker,
    price: bid.price,
    leadTime: bid.leadTime,
    state: bidStates[bid.state] ?? "None",
    deposit: bid.deposit,
    counterOffer: counter.price > 0n ? { price: counter.price, leadTime: counter.leadTime } : undefined,
    commitment: /^0x0*$/.test(commitment) ? undefined : commitment,
  };
}
