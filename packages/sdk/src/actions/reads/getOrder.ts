import { type Address, zeroAddress, zeroHash } from "viem";
import { certificationTypeName } from "../../certificationTypes.ts";
import { DipnetError } from "../../errors/base.ts";
import { toDipnetError } from "../../errors/normalize.ts";
import { orderMarketAbi } from "../../generated/abis.ts";
import { orderStatuses } from "../../generated/enums.ts";
import { errorContext } from "../../internal/write.ts";
import type { DipnetReadClient, OrderStatus } from "../../types.ts";

/** Parameters of `getOrder`. */
export type GetOrderParameters = { orderId: bigint };
/** The stored order with its status by name and its milestone plan. */
export type GetOrderReturnType = {
  orderId: bigint;
  status: OrderStatus;
  customer: Address;
  inviteOnly: boolean;
  paymentToken: Address;
  /** Budget ceiling while no maker is awarded, the agreed price after. */
  amount: bigint;
  /** `amount` before award, else undefined. */
  budget: bigint | undefined;
  /** `amount` once awarded, else undefined. */
  price: bigint | undefined;
  bond: bigint;
  feeBps: number;
  deadline: number;
  biddingEnds: number;
  revealEnds: number;
  milestoneBps: readonly number[];
  maker: Address;
  dueAt: number;
  acceptanceEnds: number;
  milestonesReleased: number;
  /** When the order was awarded (unix seconds), from award until a dispute opens, else 0. */
  awardedAt: number;
  /** This order's acceptance window in seconds, snapshotted with the RFQ (0 once shipped). */
  acceptanceWindow: number;
  /** This order's late-delivery grace in seconds, snapshotted with the RFQ. */
  lateGrace: number;
  /** Once disputed: until when arbiters may rule; after it `expireDispute` ends the dispute. Else 0. */
  rulingEnds: number;
  /** Certification type bidders must hold, e.g. "ISO 9001"; undefined when none. */
  requiredCertification: string | undefined;
  /** Design licence the order is built under; undefined when none. */
  licenceId: bigint | undefined;
  /** Once a licensed order is awarded: the design's owner at award, who receives the royalty. */
  royaltyRecipient: Address | undefined;
  /**
   * Once a licensed order is awarded: the royalty (units * royalty per unit) a completed order pays
   * out of the price, in the payment token; every payment to the maker shares it pro rata.
   */
  royalty: bigint | undefined;
};

/**
 * The shares of a packed milestone plan (contracts/src/libraries/MilestonePlan.sol): every share but
 * the last, 16 bits each, the first in the lowest bits, up to the first zero; the last share is what
 * remains of 10,000 basis points.
 */
export function unpackMilestonePlan(plan: number | bigint): number[] {
  const packed = BigInt(plan);
  const shares: number[] = [];
  for (let i = 0n; i < 3n; i++) {
    const share = Number((packed >> (16n * i)) & 0xffffn);
    if (share === 0) break;
    shares.push(share);
  }
  shares.push(10_000 - shares.reduce((sum, share) => sum + share, 0));
  return shares;
}

/** Reads order (or RFQ) `orderId`; throws `MarketUnknownOrder`-style errors decoded when it does not exist. */
export async function getOrder(client: DipnetReadClient, { orderId }: GetOrderParameters): Promise<GetOrderReturnType> {
  const address = client.deployment.contracts.orderMarket;
  try {
    const [order, count, [licenceId, , royaltyRecipient, royalty]] = await Promise.all([
      client.publicClient.readContract({ address, abi: orderMarketAbi, functionName: "getOrder", args: [orderId] }),
      client.publicClient.readContract({ address, abi: orderMarketAbi, functionName: "orderCount" }),
      client.publicClient.readContract({ address, abi: orderMarketAbi, functionName: "orderLicence", args: [orderId] }),
    ]);
    if (orderId < 1n || orderId > count) {
      throw new DipnetError(`there is no order ${orderId} (orders run from 1 to ${count})`);
    }
    const milestoneBps = unpackMilestonePlan(order.milestonePlan);
    return {
      orderId,
      status: orderStatuses[order.status] ?? "None",
      customer: order.customer,
      inviteOnly: order.inviteOnly,
      paymentToken: order.paymentToken,
      amount: order.amount,
      budget: order.maker === zeroAddress ? order.amount : undefined,
      price: order.maker === zeroAddress ? undefined : order.amount,
      bond: order.bond,
      feeBps: order.feeBps,
      deadline: order.deadline,
      biddingEnds: order.biddingEnds,
      revealEnds: order.revealEnds,
      milestoneBps,
      maker: order.maker,
      dueAt: order.dueAt,
      acceptanceEnds: order.acceptanceEnds,
      milestonesReleased: order.milestonesReleased,
      awardedAt: order.awardedAt,
      acceptanceWindow: order.acceptanceWindow,
      lateGrace: order.lateGrace,
      rulingEnds: order.rulingEnds,
      requiredCertification:
        order.requiredCertification === zeroHash ? undefined : certificationTypeName(order.requiredCertification),
      licenceId: licenceId === 0n ? undefined : licenceId,
      royaltyRecipient: royaltyRecipient === zeroAddress ? undefined : royaltyRecipient,
      royalty: royaltyRecipient === zeroAddress ? undefined : royalty,
    };
  } catch (error) {
    throw toDipnetError(error, await errorContext(client, { action: "getOrder" }));
  }
}
