// How an order's escrow is split, following OrderMarket's settlement rules: milestones pay the
// manufacturer as they are approved; the final settlement pays the manufacturer the unreleased
// price less any refund, charges the fee pro rata to what the manufacturer earned in total and
// returns the rest of the fee to the customer. Every figure adds up to price + fee.
import type { Order } from "./api.ts";
import { escrowStatuses } from "./orders.ts";

/** An order's escrow in base units. Before settlement, `feeCharged` is the fee the order would pay on completion. */
export type EscrowFigures = {
  price: bigint;
  /** The fee the customer funded with the price at the award. */
  feeEscrowed: bigint;
  /** Price + fee: what the customer put into escrow. */
  funded: bigint;
  /** Paid to the manufacturer by approved milestones. */
  paidAtMilestones: bigint;
  /** Paid to the manufacturer by the final settlement. */
  paidAtSettlement: bigint;
  /** Of `paidAtSettlement`, what a cancellation after award owed the maker for the lead time elapsed. */
  compensation: bigint;
  /** Everything the manufacturer received: milestones and settlement. */
  paidToMaker: bigint;
  /** Refunded to the customer at settlement: part of the price and part of the fee. */
  refund: bigint;
  refundOfPrice: bigint;
  refundOfFee: bigint;
  feeCharged: bigint;
  /** Still held by the market contract. */
  held: bigint;
  settled: boolean;
};

const big = (v: string | null | undefined) => (v ? BigInt(v) : 0n);

/** The escrow figures of `order` (all zero before an award). */
export function escrowFigures(
  order: Pick<Order, "status" | "price" | "fee" | "releasedAmount" | "settlement" | "cancellationCompensation">,
): EscrowFigures {
  const price = big(order.price);
  const feeEscrowed = big(order.fee);
  const funded = price + feeEscrowed;
  const paidAtMilestones = big(order.releasedAmount);
  const s = order.settlement;
  const paidAtSettlement = s ? big(s.makerAmount) : 0n;
  const refund = s ? big(s.customerRefund) : 0n;
  const feeCharged = s ? big(s.fee) : feeEscrowed;
  const refundOfFee = s ? feeEscrowed - feeCharged : 0n;
  const held = escrowStatuses.includes(order.status) && funded > paidAtMilestones ? funded - paidAtMilestones : 0n;
  return {
    price,
    feeEscrowed,
    funded,
    paidAtMilestones,
    paidAtSettlement,
    compensation: big(order.cancellationCompensation),
    paidToMaker: paidAtMilestones + paidAtSettlement,
    refund,
    refundOfPrice: refund - refundOfFee,
    refundOfFee,
    feeCharged,
    held,
    settled: Boolean(s),
  };
}
