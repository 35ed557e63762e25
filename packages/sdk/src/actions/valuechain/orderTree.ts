import { orderMarketAbi } from "../../generated/abis.ts";
import type { DipnetReadClient } from "../../types.ts";
import { reading } from "../ip/registry.ts";

/** Where an order sits in its value chain. */
export type OrderTreeInfo = {
  /** The order it is a sub-order of; undefined for a customer's own order. */
  parentId: bigint | undefined;
  /** What its maker may still spend on sub-orders and services (zero unless Awarded). */
  spendableCredit: bigint;
  /** Whether it shipped after its due date. */
  shippedLate: boolean;
};

/**
 * An order's parent, spendable credit and lateness, read from the market.
 * @example const { spendableCredit } = await orderTreeInfo(client, { orderId: 1n });
 */
export async function orderTreeInfo(
  client: DipnetReadClient,
  { orderId }: { orderId: bigint },
): Promise<OrderTreeInfo> {
  const market = { address: client.deployment.contracts.orderMarket, abi: orderMarketAbi, args: [orderId] } as const;
  const [parentId, spendableCredit, shippedLate] = await reading("orderTreeInfo", () =>
    Promise.all([
      client.publicClient.readContract({ ...market, functionName: "parentOf" }),
      client.publicClient.readContract({ ...market, functionName: "spendableCredit" }),
      client.publicClient.readContract({ ...market, functionName: "shippedLate" }),
    ]),
  );
  return { parentId: parentId === 0n ? undefined : parentId, spendableCredit, shippedLate };
}
