import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { computeScorecard, type ReputationEvent } from "./reputation.ts";

const maker = "0x70997970C51812dc3A010C7d01b50e0D17dc79C8";
const customer = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";

describe("computeScorecard", () => {
  it("counts a dispute that expired unruled as ended, not as waiting for a ruling", () => {
    const at = (blockTime: number, name: string, args: Record<string, unknown>): ReputationEvent => ({
      name,
      blockTime,
      args: { orderId: "1", ...args },
    });
    const events = [
      at(100, "RfqCreated", { customer, params: { paymentToken: "0xT" } }),
      at(110, "BidPlaced", { maker, price: "1000", leadTime: 86_400 }),
      at(200, "OrderAwarded", { maker, price: "1000", dueAt: 90_000 }),
      at(300, "OrderShipped", { acceptanceEnds: 1_000 }),
      at(400, "DisputeOpened", { by: customer }),
      at(5_000_000, "DisputeExpired", { by: customer, refundBps: 5_000 }),
    ];
    assert.deepEqual(computeScorecard(events, maker).disputes, {
      opened: 1,
      rate: 1,
      makerFavoured: 0,
      customerFavoured: 0,
      split: 0,
      slashed: 0,
      expired: 1,
      open: 0,
    });
  });
});
