// The read model of issue 11's market safeguards: commit deposits (held, returned, forfeited),
// withdrawn counter-offers, compensated cancellations and unruled disputes that expire. Balances
// must match the chain's `owed` once deposits move (a maker withdrawing a returned deposit would
// otherwise leave a negative balance), and a rebuild from stored events gives the same rows.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  award,
  bid,
  cancelOrder,
  commitBid,
  counterOffer,
  dispute,
  expireDispute,
  getOrder,
  owed,
  revealBid,
  settleCommitDeposit,
  ship,
  withdraw,
  withdrawCounterOffer,
} from "@dipnet/sdk";
import { keccak256, toHex } from "viem";
import { forEachBackend, postRfq, snapshot, testIndexer, useTestNetwork } from "../../testing/index.ts";

const DAY = 86_400;
const hash = (label: string) => keccak256(toHex(label));

forEachBackend((backend) => {
  describe(`market safeguards in the read model on ${backend.name}`, () => {
    const ids = {} as Record<"sealed" | "cancelled" | "expired", bigint>;
    let compensation = 0n;
    let rulingEnds = 0;

    const net = useTestNetwork({
      backend,
      indexed: true,
      arrange: async (chain) => {
        const { alice, carol, dave, erin } = chain.clients;
        ids.sealed = await postRfq(chain, alice, "sealed", { sealed: true });
        const sealed = await commitBid(carol, { orderId: ids.sealed, price: 900_000_000n, leadTime: DAY });
        await commitBid(dave, { orderId: ids.sealed, price: 800_000_000n, leadTime: DAY });
        ids.cancelled = await postRfq(chain, alice, "cancelled");
        ids.expired = await postRfq(chain, alice, "expired");
        await bid(erin, { orderId: ids.cancelled, price: 700_000_000n, leadTime: 10 * DAY });
        await counterOffer(alice, { orderId: ids.cancelled, maker: erin.account.address, price: 1n, leadTime: 1 });
        await withdrawCounterOffer(alice, { orderId: ids.cancelled, maker: erin.account.address });
        await bid(carol, { orderId: ids.expired, price: 600_000_000n, leadTime: DAY });
        await chain.anvil.increaseTime(3_601);
        await revealBid(carol, { orderId: ids.sealed, price: 900_000_000n, leadTime: DAY, salt: sealed.salt });
        await chain.anvil.increaseTime(3_600);
        await settleCommitDeposit(erin, { orderId: ids.sealed, maker: dave.account.address });
        await withdraw(carol, {}); // the returned deposit
        await award(alice, {
          orderId: ids.cancelled,
          maker: erin.account.address,
          price: 700_000_000n,
          leadTime: 10 * DAY,
        });
        await award(alice, { orderId: ids.expired, maker: carol.account.address, price: 600_000_000n, leadTime: DAY });
        await ship(carol, { orderId: ids.expired, evidenceHash: hash("waybill") });
        await dispute(alice, { orderId: ids.expired, evidenceHash: hash("scratched") });
        await chain.anvil.increaseTime(4 * DAY);
        ({ compensation } = await cancelOrder(alice, { orderId: ids.cancelled }));
        ({ rulingEnds } = await getOrder(alice, { orderId: ids.expired }));
        await chain.anvil.increaseTime(rulingEnds - Number(await chain.anvil.now()) + 1);
        await expireDispute(erin, { orderId: ids.expired });
      },
    });

    it("keeps each commit deposit's amount and where it went", async () => {
      const { carol, dave } = net.chain.clients;
      const bids = await net.store.db
        .selectFrom("bids")
        .select(["maker", "state", "deposit", "deposit_state"])
        .where("order_id", "=", Number(ids.sealed))
        .orderBy("maker")
        .execute();
      // 1 % of the 1,000 tUSD budget.
      assert.deepEqual(
        new Map(bids.map((b) => [b.maker, { state: b.state, deposit: b.deposit, where: b.deposit_state }])),
        new Map([
          [carol.account.address.toLowerCase(), { state: "Active", deposit: "10000000", where: "returned" }],
          [dave.account.address.toLowerCase(), { state: "Committed", deposit: "10000000", where: "forfeited" }],
        ]),
      );
    });

    it("drops a withdrawn counter-offer, and records compensation, ruling end and expiry", async () => {
      const erinsBid = await net.store.db
        .selectFrom("bids")
        .select(["counter_price", "counter_lead_time"])
        .where("order_id", "=", Number(ids.cancelled))
        .executeTakeFirstOrThrow();
      assert.deepEqual({ ...erinsBid }, { counter_price: null, counter_lead_time: null });
      const cancelled = await net.store.db
        .selectFrom("orders")
        .selectAll()
        .where("id", "=", Number(ids.cancelled))
        .executeTakeFirstOrThrow();
      assert.ok(compensation > 0n);
      assert.equal(cancelled.status, "Cancelled");
      assert.equal(cancelled.cancellation_compensation, compensation.toString());
      assert.equal(cancelled.maker_amount, compensation.toString(), "no milestone released: the maker gets exactly it");
      const expired = await net.store.db
        .selectFrom("orders")
        .selectAll()
        .where("id", "=", Number(ids.expired))
        .executeTakeFirstOrThrow();
      assert.equal(expired.status, "Resolved");
      assert.equal(Number(expired.ruling_ends), rulingEnds);
      assert.deepEqual(
        { expired: expired.dispute_expired, refund: expired.refund_bps, slash: expired.slash_bps, by: expired.arbiter },
        { expired: 1, refund: 5_000, slash: 0, by: null },
      );
    });

    it("keeps every market balance equal to the chain's, deposits included", async () => {
      const read = net.chain.clients.deployer;
      const rows = await net.store.db
        .selectFrom("balances")
        .selectAll()
        .where("contract", "=", net.chain.deployment.contracts.orderMarket.toLowerCase())
        .execute();
      assert.ok(rows.some((r) => r.account === net.chain.clients.alice.account.address.toLowerCase()));
      for (const row of rows) {
        const expected = await owed(read, { account: row.account as `0x${string}`, token: row.token as `0x${string}` });
        assert.equal(row.owed, expected.toString(), `owed to ${row.account}`);
      }
    });

    it("rebuilds the same rows from the stored events", async () => {
      const indexer = testIndexer(net.store.db, net.chain);
      const before = await snapshot(net.store.db);
      await indexer.rebuildReadModel();
      assert.deepEqual(await snapshot(net.store.db), before);
    });
  });
});
