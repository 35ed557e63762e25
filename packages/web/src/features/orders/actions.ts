// What an account may do on an order at a given chain time: the decision behind the order page's
// "What you can do", free of React so node can test it. The contract has the last word; this only
// hides controls it would refuse.
import type { Amount, OrderDetail } from "../../lib/api.ts";

/** What the decision reads of an order. */
export type ActionableOrder = Pick<
  OrderDetail,
  | "status"
  | "customer"
  | "maker"
  | "bids"
  | "biddingEnds"
  | "revealEnds"
  | "milestoneBps"
  | "milestonesSubmitted"
  | "milestonesReleased"
  | "dueAt"
  | "acceptanceEnds"
  | "rulingEnds"
>;

/** The acting account: its address, whether governance admitted it as an arbiter, what the market owes it. */
export type ActingAccount = {
  address: string;
  isArbiter: boolean;
  /** Owed to it by the market in the order's payment token (base units), when anything is. */
  owed?: Amount | undefined;
};

/** One thing the account can do, with what its control needs; in the order the page shows them. */
export type OrderAction =
  /** The customer awards a bid (on its card); `biddingClosesAt` while bids are still coming in. */
  | { kind: "award"; biddingClosesAt: number | undefined }
  | { kind: "cancelRfq" }
  /** Place a bid, or revise the account's active one. */
  | { kind: "bid"; revising: boolean }
  /** The customer's counter-offer to the account's bid, accepted on exactly these terms. */
  | { kind: "acceptCounterOffer"; price: Amount; leadTime: number }
  | { kind: "withdrawBid" }
  /** Report milestone `milestone` (1-based) done. */
  | { kind: "submitMilestone"; milestone: number }
  | { kind: "ship" }
  /** Approve milestone `milestone` (1-based) and release its payment. */
  | { kind: "approveMilestone"; milestone: number }
  | { kind: "cancelOrder" }
  /** The due date passed; the contract allows the claim once its grace period has too. */
  | { kind: "claimDefault"; dueAt: number }
  | { kind: "accept"; acceptanceEnds: number | null }
  | { kind: "dispute" }
  /** Anyone may finalise once the customer's acceptance window has passed. */
  | { kind: "finalize" }
  | { kind: "submitEvidence" }
  | { kind: "rule" }
  /** Anyone may end a dispute no arbiter ruled on by `rulingEnds`. */
  | { kind: "expireDispute"; rulingEnds: number }
  /** Withdraw what the market owes the account (across all its orders). */
  | { kind: "withdraw"; owed: Amount };

/** The actions `account` (none: a viewer) may take on `order` at chain time `now` (unix seconds). */
export function availableActions(
  order: ActionableOrder,
  account: ActingAccount | undefined,
  now: number,
): OrderAction[] {
  if (!account) return [];
  const me = account.address.toLowerCase();
  const isCustomer = me === order.customer.toLowerCase();
  const isMaker = me === order.maker?.toLowerCase();
  const actions: OrderAction[] = [];

  switch (order.status) {
    case "Open": {
      if (isCustomer) {
        const closes = order.revealEnds || order.biddingEnds;
        actions.push({ kind: "award", biddingClosesAt: now <= closes ? closes : undefined }, { kind: "cancelRfq" });
        break;
      }
      const mine = order.bids.find((b) => b.maker.toLowerCase() === me);
      actions.push({ kind: "bid", revising: mine?.state === "Active" });
      if (mine?.counterOffer)
        actions.push({
          kind: "acceptCounterOffer",
          price: mine.counterOffer.price,
          leadTime: mine.counterOffer.leadTime,
        });
      if (mine?.state === "Active") actions.push({ kind: "withdrawBid" });
      break;
    }
    case "Awarded": {
      const pendingApproval = order.milestonesSubmitted > order.milestonesReleased;
      if (isMaker) {
        // One milestone at a time, and never the last: shipping settles that one.
        if (!pendingApproval && order.milestonesSubmitted < order.milestoneBps.length - 1)
          actions.push({ kind: "submitMilestone", milestone: order.milestonesSubmitted + 1 });
        actions.push({ kind: "ship" });
      }
      if (isCustomer) {
        if (pendingApproval) actions.push({ kind: "approveMilestone", milestone: order.milestonesReleased + 1 });
        actions.push({ kind: "cancelOrder" });
        if (order.dueAt && now > order.dueAt) actions.push({ kind: "claimDefault", dueAt: order.dueAt });
      }
      break;
    }
    case "Shipped":
      if (isCustomer) actions.push({ kind: "accept", acceptanceEnds: order.acceptanceEnds });
      if (isCustomer || isMaker) actions.push({ kind: "dispute" });
      if (order.acceptanceEnds && now > order.acceptanceEnds) actions.push({ kind: "finalize" });
      break;
    case "Disputed":
      if (isCustomer || isMaker) actions.push({ kind: "submitEvidence" });
      else if (account.isArbiter) actions.push({ kind: "rule" });
      if (order.rulingEnds && now > order.rulingEnds)
        actions.push({ kind: "expireDispute", rulingEnds: order.rulingEnds });
      break;
  }

  if (account.owed && account.owed !== "0") actions.push({ kind: "withdraw", owed: account.owed });
  return actions;
}
