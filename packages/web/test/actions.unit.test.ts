// Unit tests of what the order page offers (src/features/orders/actions.ts): every role against every
// order status, the chain-time boundaries (bidding close, due date, acceptance window, ruling end),
// milestones one at a time, and the withdrawal of what the market owes.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type ActingAccount, type ActionableOrder, availableActions } from "../src/features/orders/actions.ts";
import { type Bid, type OrderStatus, postedOrderStatuses } from "../src/lib/api.ts";

const customer = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const maker = "0x90F79bf6EB2c4f870365E785982E1f101E93b906";
const otherMaker = "0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65";
const arbiter = "0xBcd4042DE499D14e55001CcbB24a551F3b954096";
const stranger = "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc";

const biddingEnds = 1_000;
const dueAt = 5_000;
const acceptanceEnds = 8_000;
const rulingEnds = 9_000;
/** A chain time before every deadline of the order. */
const early = 500;

const bid = (address: string, extra: Partial<Bid> = {}): Bid => ({
  orderId: 7,
  maker: address as Bid["maker"],
  state: "Active",
  price: "1800000000",
  leadTime: 864_000,
  commitment: null,
  deposit: null,
  depositState: null,
  counterOffer: null,
  createdAt: 100,
  updatedAt: 100,
  updatedBlock: 10,
  updatedTx: "0x01",
  ...extra,
});

/** Order 7 in `status`: alice's RFQ, bids from carol and dave (with a counter-offer), awarded to carol. */
function order(status: OrderStatus, extra: Partial<ActionableOrder> = {}): ActionableOrder {
  const awarded = status !== "Open";
  return {
    status,
    customer,
    maker: awarded ? maker : null,
    bids: [bid(maker), bid(otherMaker, { counterOffer: { price: "1600000000", leadTime: 1_036_800 } })],
    biddingEnds,
    revealEnds: 0,
    milestoneBps: [3000, 7000],
    milestonesSubmitted: 0,
    milestonesReleased: 0,
    dueAt: awarded ? dueAt : null,
    acceptanceEnds: ["Shipped", "Disputed", "Completed", "Resolved"].includes(status) ? acceptanceEnds : null,
    rulingEnds: ["Shipped", "Disputed", "Completed", "Resolved"].includes(status) ? rulingEnds : null,
    ...extra,
  };
}

const as = (address: string, extra: Partial<ActingAccount> = {}): ActingAccount => ({
  address,
  isArbiter: address === arbiter,
  ...extra,
});

const roles = {
  customer: as(customer),
  "awarded maker": as(maker),
  "other maker": as(otherMaker),
  arbiter: as(arbiter),
  stranger: as(stranger),
} as const;

const kinds = (o: ActionableOrder, account: ActingAccount | undefined, now = early) =>
  availableActions(o, account, now).map((a) => a.kind);

/** What each role is offered in each status, before any deadline. */
const expected: Record<OrderStatus, Record<keyof typeof roles, string[]>> = {
  Open: {
    customer: ["award", "cancelRfq"],
    "awarded maker": ["bid", "withdrawBid"],
    "other maker": ["bid", "acceptCounterOffer", "withdrawBid"],
    arbiter: ["bid"],
    stranger: ["bid"],
  },
  Awarded: {
    customer: ["cancelOrder"],
    "awarded maker": ["submitMilestone", "ship"],
    "other maker": [],
    arbiter: [],
    stranger: [],
  },
  Shipped: {
    customer: ["accept", "dispute"],
    "awarded maker": ["dispute"],
    "other maker": [],
    arbiter: [],
    stranger: [],
  },
  Disputed: {
    customer: ["submitEvidence"],
    "awarded maker": ["submitEvidence"],
    "other maker": [],
    arbiter: ["rule"],
    stranger: [],
  },
  Completed: { customer: [], "awarded maker": [], "other maker": [], arbiter: [], stranger: [] },
  Resolved: { customer: [], "awarded maker": [], "other maker": [], arbiter: [], stranger: [] },
  Cancelled: { customer: [], "awarded maker": [], "other maker": [], arbiter: [], stranger: [] },
  Defaulted: { customer: [], "awarded maker": [], "other maker": [], arbiter: [], stranger: [] },
};

describe("availableActions", () => {
  it("is tested against every status an order can be in", () => {
    assert.deepEqual(Object.keys(expected), postedOrderStatuses);
  });

  for (const [status, byRole] of Object.entries(expected) as [OrderStatus, Record<keyof typeof roles, string[]>][]) {
    it(`offers each role its actions on a ${status.toLowerCase()} order`, () => {
      for (const [role, account] of Object.entries(roles) as [keyof typeof roles, ActingAccount][])
        assert.deepEqual(kinds(order(status), account), byRole[role], `${role} on a ${status} order`);
    });
  }

  it("offers a viewer nothing", () => {
    for (const status of Object.keys(expected) as OrderStatus[]) assert.deepEqual(kinds(order(status), undefined), []);
  });

  it("matches addresses whatever their case", () => {
    assert.deepEqual(kinds(order("Awarded"), as(maker.toLowerCase())), ["submitMilestone", "ship"]);
    assert.deepEqual(kinds(order("Awarded"), as(customer.toUpperCase().replace("0X", "0x"))), ["cancelOrder"]);
  });

  it("carries what each control needs", () => {
    assert.deepEqual(availableActions(order("Open"), roles["other maker"], early), [
      { kind: "bid", revising: true },
      { kind: "acceptCounterOffer", price: "1600000000", leadTime: 1_036_800 },
      { kind: "withdrawBid" },
    ]);
    const first = order("Open", { bids: [bid(otherMaker, { state: "None", counterOffer: null })] });
    assert.deepEqual(availableActions(first, roles["other maker"], early), [{ kind: "bid", revising: false }]);
    assert.deepEqual(availableActions(order("Shipped"), roles.customer, early)[0], {
      kind: "accept",
      acceptanceEnds,
    });
  });

  it("says when bidding closes until it has, the reveal's end for a sealed RFQ", () => {
    const award = (o: ActionableOrder, now: number) => availableActions(o, roles.customer, now)[0];
    assert.deepEqual(award(order("Open"), biddingEnds), { kind: "award", biddingClosesAt: biddingEnds });
    assert.deepEqual(award(order("Open"), biddingEnds + 1), { kind: "award", biddingClosesAt: undefined });
    const sealed = order("Open", { revealEnds: biddingEnds + 600 });
    assert.deepEqual(award(sealed, biddingEnds + 600), { kind: "award", biddingClosesAt: biddingEnds + 600 });
    assert.deepEqual(award(sealed, biddingEnds + 601), { kind: "award", biddingClosesAt: undefined });
  });

  it("offers the customer a default claim once the due date has passed (the contract adds its grace)", () => {
    assert.deepEqual(kinds(order("Awarded"), roles.customer, dueAt), ["cancelOrder"]);
    assert.deepEqual(availableActions(order("Awarded"), roles.customer, dueAt + 1), [
      { kind: "cancelOrder" },
      { kind: "claimDefault", dueAt },
    ]);
    for (const role of ["awarded maker", "other maker", "arbiter", "stranger"] as const)
      assert.ok(!kinds(order("Awarded"), roles[role], dueAt + 1).includes("claimDefault"), role);
  });

  it("lets anyone signed in finalise once the acceptance window has passed", () => {
    assert.deepEqual(kinds(order("Shipped"), roles.stranger, acceptanceEnds), []);
    assert.deepEqual(kinds(order("Shipped"), roles.customer, acceptanceEnds + 1), ["accept", "dispute", "finalize"]);
    assert.deepEqual(kinds(order("Shipped"), roles["awarded maker"], acceptanceEnds + 1), ["dispute", "finalize"]);
    for (const role of ["other maker", "arbiter", "stranger"] as const)
      assert.deepEqual(kinds(order("Shipped"), roles[role], acceptanceEnds + 1), ["finalize"], role);
    assert.deepEqual(kinds(order("Shipped", { acceptanceEnds: null }), roles.stranger, acceptanceEnds + 1), []);
  });

  it("lets anyone signed in end a dispute no arbiter ruled on once the ruling end has passed", () => {
    assert.deepEqual(kinds(order("Disputed"), roles.arbiter, rulingEnds), ["rule"]);
    assert.deepEqual(availableActions(order("Disputed"), roles.arbiter, rulingEnds + 1), [
      { kind: "rule" },
      { kind: "expireDispute", rulingEnds },
    ]);
    assert.deepEqual(kinds(order("Disputed"), roles.customer, rulingEnds + 1), ["submitEvidence", "expireDispute"]);
    assert.deepEqual(kinds(order("Disputed"), roles.stranger, rulingEnds + 1), ["expireDispute"]);
  });

  it("never lets a party to the order rule, even an arbiter", () => {
    assert.deepEqual(kinds(order("Disputed"), as(customer, { isArbiter: true })), ["submitEvidence"]);
    assert.deepEqual(kinds(order("Disputed"), as(maker, { isArbiter: true })), ["submitEvidence"]);
  });

  it("takes milestones one at a time and leaves the last to the shipment", () => {
    const reported = order("Awarded", { milestonesSubmitted: 1 });
    assert.deepEqual(kinds(reported, roles["awarded maker"]), ["ship"]);
    assert.deepEqual(availableActions(reported, roles.customer, early), [
      { kind: "approveMilestone", milestone: 1 },
      { kind: "cancelOrder" },
    ]);
    const paid = order("Awarded", { milestonesSubmitted: 1, milestonesReleased: 1 });
    assert.deepEqual(kinds(paid, roles["awarded maker"]), ["ship"]);
    assert.deepEqual(kinds(paid, roles.customer), ["cancelOrder"]);
    const three = order("Awarded", { milestoneBps: [2000, 3000, 5000], milestonesSubmitted: 1, milestonesReleased: 1 });
    assert.deepEqual(availableActions(three, roles["awarded maker"], early)[0], {
      kind: "submitMilestone",
      milestone: 2,
    });
    assert.deepEqual(kinds(order("Awarded", { milestoneBps: [10_000] }), roles["awarded maker"]), ["ship"]);
  });

  it("offers whoever the market owes a withdrawal, last, in every status", () => {
    for (const status of Object.keys(expected) as OrderStatus[])
      for (const [role, account] of Object.entries(roles) as [keyof typeof roles, ActingAccount][]) {
        const actions = availableActions(order(status), { ...account, owed: "1250000" }, early);
        assert.deepEqual(actions.at(-1), { kind: "withdraw", owed: "1250000" }, `${role} on a ${status} order`);
        assert.equal(actions.length, expected[status][role].length + 1);
      }
    assert.deepEqual(kinds(order("Completed"), as(maker, { owed: "0" })), []);
  });
});
