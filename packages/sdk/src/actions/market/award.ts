import type { Address } from "viem";
import { toDipnetError } from "../../errors/normalize.ts";
import { orderMarketAbi } from "../../generated/abis.ts";
import { errorContext, eventOf, writeAndWait } from "../../internal/write.ts";
import type { DipnetClient, DipnetReadClient, WriteResult } from "../../types.ts";
import { approveIfNeeded } from "../token/approveIfNeeded.ts";

/** Parameters of `award`. */
export type AwardParameters = {
  orderId: bigint;
  maker: Address;
  /** Approve the market for `price + fee` first when the allowance is short. Default: true. */
  approve?: boolean | undefined;
};
/** What the award locked: escrowed price and fee, due date and bond. */
export type AwardResult = { price: bigint; fee: bigint; leadTime: number; dueAt: number; bond: bigint };
/** The award transaction (and the approval, if one was needed). */
export type AwardReturnType = WriteResult & AwardResult & { approval: WriteResult | undefined };

/** What awarding `maker`'s bid costs the customer: price, fee and token. */
export async function awardCost(client: DipnetReadClient, { orderId, maker }: { orderId: bigint; maker: Address }) {
  const address = client.deployment.contracts.orderMarket;
  try {
    const [order, bid] = await Promise.all([
      client.publicClient.readContract({ address, abi: orderMarketAbi, functionName: "getOrder", args: [orderId] }),
      client.publicClient.readContract({
        address,
        abi: orderMarketAbi,
        functionName: "getBid",
        args: [orderId, maker],
      }),
    ]);
    const fee = await client.publicClient.readContract({
      address,
      abi: orderMarketAbi,
      functionName: "feeOf",
      args: [orderId, bid.price],
    });
    return { token: order.paymentToken, price: bid.price, fee, total: bid.price + fee };
  } catch (error) {
    throw toDipnetError(error, await errorContext(client, { action: "award", orderId }));
  }
}

/** Decodes `OrderAwarded` from an award receipt. */
export function awardResultOf(client: DipnetReadClient, result: WriteResult): AwardResult {
  const log = eventOf(result.receipt, orderMarketAbi, client.deployment.contracts.orderMarket, "OrderAwarded");
  const { price, fee, leadTime, dueAt, bond } = log.args;
  return { price, fee, leadTime, dueAt, bond };
}

/** The customer awards the order to `maker`'s active bid, funding `price + fee` into escrow (approving first). */
export async function award(
  client: DipnetClient,
  { orderId, maker, approve = true }: AwardParameters,
): Promise<AwardReturnType> {
  let approval: WriteResult | undefined;
  if (approve) {
    const cost = await awardCost(client, { orderId, maker });
    approval = await approveIfNeeded(client, {
      token: cost.token,
      spender: client.deployment.contracts.orderMarket,
      amount: cost.total,
    });
  }
  const result = await writeAndWait(
    client,
    {
      address: client.deployment.contracts.orderMarket,
      abi: orderMarketAbi,
      functionName: "award",
      args: [orderId, maker],
    },
    { action: "award", orderId },
  );
  return { ...result, ...awardResultOf(client, result), approval };
}
