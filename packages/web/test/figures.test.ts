// Unit tests of the dashboard's pure figure code: the escrow split against OrderMarket's
// settlement rules and a sentence for every event an order's timeline can hold. Where chart labels
// go: labels.test.ts.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { capacityLedgerAbi, evidenceRegistryAbi, orderMarketAbi, participantRegistryAbi } from "@dipnet/sdk";
import type { Order, OrderStatus } from "../src/lib/api.ts";
import { escrowFigures } from "../src/lib/escrow.ts";
import { describeStep } from "../src/lib/orders.ts";

const usd = (n: number) => BigInt(Math.round(n * 1e6));
const BPS = 10_000n;

/** OrderMarket's `_settle`, transcribed: of the unreleased price `refund` goes back, the fee is charged pro rata. */
function settle(price: bigint, feeBps: bigint, released: bigint, refund: bigint, slash = 0n) {
  const makerAmount = price - released - refund;
  const fullFee = (price * feeBps) / BPS;
  const fee = (fullFee * (price - refund)) / price;
  const customerRefund = refund + fullFee - fee;
  return {
    makerAmount: String(makerAmount),
    customerRefund: String(customerRefund),
    fee: String(fee),
    bondSlashed: String(slash),
  };
}

type Escrow = Pick<Order, "status" | "price" | "fee" | "releasedAmount" | "settlement" | "cancellationCompensation">;
const order = (
  status: OrderStatus,
  released: bigint,
  settlement: Order["settlement"],
  compensation: bigint | null = null,
): Escrow => ({
  status,
  price: String(usd(850)),
  fee: String(usd(8.5)), // 1 %
  releasedAmount: String(released),
  settlement,
  cancellationCompensation: compensation === null ? null : String(compensation),
});

type Figures = ReturnType<typeof escrowFigures>;

/** Asserts the figures named in `expected`. */
const assertFigures = (f: Figures, expected: Partial<Figures>) =>
  assert.deepEqual(Object.fromEntries(Object.keys(expected).map((name) => [name, f[name as keyof Figures]])), expected);

/** Asserts that all that was funded went out: to the maker, back to the customer, or as the fee. */
const assertBalanced = (f: Figures) => assert.equal(f.paidToMaker + f.refund + f.feeCharged, f.funded);

describe("escrowFigures", () => {
  const milestone = usd(255); // 30 % of 850

  it("completed without milestones: the manufacturer gets the price, the fee is charged in full", () => {
    const f = escrowFigures(order("Completed", 0n, settle(usd(850), 100n, 0n, 0n)));
    assertFigures(f, { paidToMaker: usd(850), refund: 0n, feeCharged: usd(8.5), held: 0n });
    assertBalanced(f);
  });

  it("a paid milestone then a 50 % ruling: the milestone counts to the manufacturer, the fee follows its earnings", () => {
    // Unreleased 595; half refunded: 297.5 to each side. Fee 8.5 × (850 − 297.5) / 850 = 5.525.
    const f = escrowFigures(order("Resolved", milestone, settle(usd(850), 100n, milestone, usd(297.5))));
    assertFigures(f, {
      paidAtMilestones: usd(255),
      paidAtSettlement: usd(297.5),
      paidToMaker: usd(552.5),
      feeCharged: usd(5.525),
      refundOfFee: usd(2.975),
      refundOfPrice: usd(297.5),
      refund: usd(300.475),
      held: 0n,
    });
    assertBalanced(f);
  });

  it("cancelled after a milestone: the rest of the price comes back, the fee only on the milestone", () => {
    const f = escrowFigures(order("Cancelled", milestone, settle(usd(850), 100n, milestone, usd(595))));
    assertFigures(f, {
      paidToMaker: usd(255),
      feeCharged: usd(2.55),
      refundOfPrice: usd(595),
      refundOfFee: usd(5.95),
    });
    assertBalanced(f);
  });

  it("cancelled after a milestone with compensation: the maker keeps it, the fee follows its earnings", () => {
    // Cancelled at 60 % of the lead time: 10 % floor + 54 % = 64 % of 850 = 544 earned; 255 released, 289 owed.
    const compensation = usd(289);
    const f = escrowFigures(
      order("Cancelled", milestone, settle(usd(850), 100n, milestone, usd(595) - compensation), compensation),
    );
    assertFigures(f, {
      compensation: usd(289),
      // The settlement pays the maker exactly the compensation.
      paidAtSettlement: usd(289),
      paidToMaker: usd(544),
      refundOfPrice: usd(306),
      feeCharged: usd(5.44),
    });
    assertBalanced(f);
  });

  it("defaulted without milestones: everything comes back, no fee", () => {
    const f = escrowFigures(order("Defaulted", 0n, settle(usd(850), 100n, 0n, usd(850), usd(40))));
    assertFigures(f, { paidToMaker: 0n, refund: usd(858.5), feeCharged: 0n, held: 0n });
  });

  it("in production after a milestone: escrow holds the rest of the price and the fee", () => {
    const f = escrowFigures(order("Awarded", milestone, null));
    assertFigures(f, { settled: false, paidToMaker: usd(255), held: usd(603.5), feeCharged: usd(8.5) });
  });

  it("before an award: nothing", () => {
    const f = escrowFigures({
      status: "Open",
      price: null,
      fee: null,
      releasedAmount: "0",
      settlement: null,
      cancellationCompensation: null,
    });
    assert.deepEqual([f.funded, f.held, f.paidToMaker, f.refund], [0n, 0n, 0n, 0n]);
  });
});

describe("describeStep", () => {
  const tusd = { symbol: "tUSD", decimals: 6 };
  const ctx = { token: tusd, stakeToken: tusd, nameOf: () => "Carol Precision" };
  // The node files an event under an order when it carries an `orderId`: from any contract it indexes.
  const orderEvents = [orderMarketAbi, participantRegistryAbi, capacityLedgerAbi, evidenceRegistryAbi].flatMap((abi) =>
    (abi as readonly { type: string; name?: string; inputs?: readonly { name: string; type: string }[] }[]).filter(
      (item) => item.type === "event" && item.inputs?.some((i) => i.name === "orderId"),
    ),
  );
  const sample = (type: string): unknown =>
    type === "address" ? "0x70997970c51812dc3a010c7d01b50e0d17dc79c8" : type.startsWith("bytes") ? "0x12" : "3";

  it("covers the events of every indexed contract that name an order", () => {
    const names = orderEvents.map((e) => e.name);
    for (const n of ["OrderAwarded", "BondLocked", "ReservationMade", "ReservationReleased", "ReservationCompleted"])
      assert.ok(names.includes(n), n);
  });

  for (const event of orderEvents) {
    it(`${event.name} reads as a sentence`, () => {
      const args = Object.fromEntries((event.inputs ?? []).map((i) => [i.name, sample(i.type)]));
      const d = describeStep(event.name ?? "", args, ctx);
      const raw = (event.name ?? "").replace(/([a-z])([A-Z])/g, "$1 $2");
      assert.notEqual(d.title, raw, "falls back to the raw event name");
      assert.doesNotMatch(`${d.title} ${d.detail ?? ""}`, /undefined|NaN|\[object/);
    });
  }

  it("says when and on which machine time was reserved", () => {
    const d = describeStep(
      "ReservationMade",
      { reservationId: "7", orderId: "4", machineId: "2", fromSlot: "490000", toSlot: "490006", agent: "0xabc" },
      { ...ctx, machineOf: (id) => ({ id, process: "cnc-milling", slotSeconds: 3600 }) },
    );
    assert.equal(d.title, "Machine time reserved on machine #2 (CNC milling)");
    assert.match(d.detail ?? "", /^\d+ \w+ 2025, \d\d:00 – \d+ \w+ 2025, \d\d:00 \(6 h\) · booked by Carol Precision$/);
  });
});
