import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { canonicalJson, createDocumentStore, documentHash } from "../modules/documents/store.ts";
import { ruling } from "./arbiter.ts";
import { bidScore, draftRfq, orderFate, partCatalog, pickWinner } from "./customer.ts";
import type { BidRow } from "./readModel.ts";

const bidRow = (maker: string, price: bigint, leadTime: number, createdBlock: number): BidRow => ({
  order_id: 1,
  maker,
  state: "Active",
  price: price.toString(),
  lead_time: leadTime,
  commitment: null,
  deposit: null,
  deposit_state: null,
  counter_price: null,
  counter_lead_time: null,
  created_block: createdBlock,
  created_at: 0,
  updated_block: createdBlock,
  updated_at: 0,
  updated_tx: "0x",
});

describe("customer", () => {
  describe("pickWinner", () => {
    const order = { budget: "1000000000", deadline: 10 * 86_400 };
    it("scores price + 2 % of the budget per day of lead time; lowest wins", () => {
      // 800 + 20 × 5 = 900 vs 850 + 20 × 1 = 870: the faster, dearer bid wins.
      const slow = bidRow("0xa", 800_000_000n, 5 * 86_400, 1);
      const fast = bidRow("0xb", 850_000_000n, 86_400, 2);
      assert.equal(pickWinner([slow, fast], order, 0, 0.02)?.maker, "0xb");
      assert.equal(
        bidScore({ price: 800_000_000n, leadTime: 5 * 86_400, budget: 1_000_000_000n, latenessPenalty: 0.02 }),
        900,
      );
    });
    it("skips bids that would miss the deadline and breaks ties by the earlier bid", () => {
      const late = bidRow("0xa", 100_000_000n, 9 * 86_400, 1);
      const x = bidRow("0xc", 500_000_000n, 86_400, 3);
      const y = bidRow("0xb", 500_000_000n, 86_400, 2);
      assert.equal(pickWinner([late, x, y], order, 2 * 86_400, 0.02)?.maker, "0xb");
      assert.equal(pickWinner([late], order, 2 * 86_400, 0.02), undefined);
    });
  });

  describe("draftRfq", () => {
    it("draws a realistic RFQ deterministically, budgeted above reference cost", () => {
      const a = draftRfq(partCatalog, "0xabc", 3, 1000, 3600);
      assert.deepEqual(a, draftRfq(partCatalog, "0xabc", 3, 1000, 3600));
      assert.ok(a.quantity > 0 && a.budget > 0n && a.bond > 0n && a.bond * 5n <= a.budget);
      assert.ok(a.deadline > a.biddingEnds && a.biddingEnds === 4600);
      assert.equal(
        a.milestoneBps.reduce((s, x) => s + x, 0),
        10_000,
      );
      const template = partCatalog.find((t) => t.part === a.spec.part);
      assert.ok(template?.materials.includes(a.material));
    });
  });

  describe("orderFate", () => {
    it("is a fixed function of the order id with the configured shares", () => {
      const fates = { dispute: 0.2, cancel: 0.1, negotiate: 0 };
      const n = 2000;
      const counts = { dispute: 0, cancel: 0, normal: 0 };
      for (let id = 1; id <= n; id++) counts[orderFate(id, fates)]++;
      assert.equal(orderFate(7, fates), orderFate(7, fates));
      assert.ok(Math.abs(counts.dispute / n - 0.2) < 0.04);
      assert.ok(Math.abs(counts.cancel / n - 0.1) < 0.03);
    });
  });
});

describe("arbiter", () => {
  it("splits when both sides filed evidence, else favours the side that did", () => {
    assert.deepEqual(ruling({ customer: true, maker: true }).refundBps, 5000);
    assert.deepEqual(ruling({ customer: true, maker: false }), {
      refundBps: 10_000,
      slashBps: 5000,
      reason: "the maker did not answer",
    });
    assert.equal(ruling({ customer: false, maker: true }).refundBps, 0);
  });
});

describe("documents", () => {
  it("hashes canonical JSON, independent of key order, and stores idempotently", () => {
    assert.equal(canonicalJson({ b: 1, a: { d: 2, c: 3 } }), '{"a":{"c":3,"d":2},"b":1}');
    assert.equal(documentHash({ b: 1, a: 2 }), documentHash({ a: 2, b: 1 }));
    const store = createDocumentStore();
    const hash = store.put({ a: 1 });
    assert.equal(store.put({ a: 1 }), hash);
    assert.equal(store.get(hash), '{"a":1}');
    assert.equal(store.get("../etc/passwd"), undefined);
  });
});
