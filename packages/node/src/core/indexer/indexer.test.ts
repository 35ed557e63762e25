import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { bid, getOrder, orderStatuses, owed, participant, roles } from "@dipnet/sdk";
import { custom, HttpRequestError, http, TimeoutError } from "viem";
import {
  createTestBackend,
  forEachBackend,
  groundTruth,
  postRfq,
  seededRandom,
  snapshot,
  testIndexer,
  useTestNetwork,
} from "../../testing/index.ts";
import { ReorgTooDeepError } from "./indexer.ts";
import { createChainReader } from "./rpc.ts";

forEachBackend((backend) => {
  describe(`indexer on ${backend.name}`, () => {
    const net = useTestNetwork({ backend, scenario: true });

    it("indexes every order, participant and balance as the chain has them", async () => {
      const indexer = testIndexer(net.store.db, net.chain);
      await indexer.syncOnce();
      const read = net.chain.clients.deployer;
      const orders = await net.store.db.selectFrom("orders").selectAll().orderBy("id").execute();
      assert.equal(orders.length, 5);
      for (const row of orders) {
        const onChain = await getOrder(read, { orderId: BigInt(row.id) });
        assert.equal(row.status, orderStatuses[Number(onChain.status)] ?? onChain.status, `status of order ${row.id}`);
        assert.equal(row.customer, onChain.customer.toLowerCase());
      }
      assert.deepEqual(
        new Set(orders.map((o) => o.status)),
        new Set(["Completed", "Cancelled", "Resolved", "Awarded", "Open"]),
      );
      for (const row of await net.store.db
        .selectFrom("balances")
        .selectAll()
        .where("contract", "=", net.chain.deployment.contracts.orderMarket.toLowerCase())
        .execute()) {
        const expected = await owed(read, { account: row.account as `0x${string}`, token: row.token as `0x${string}` });
        assert.equal(row.owed, expected.toString(), `owed to ${row.account}`);
      }
      for (const row of await net.store.db.selectFrom("participants").selectAll().execute()) {
        const p = await participant(read, { account: row.address as `0x${string}` });
        assert.equal(row.stake, p.stake.toString(), `stake of ${row.address}`);
        assert.equal(row.locked, p.locked.toString(), `locked of ${row.address}`);
        assert.equal(row.roles, p.roles);
      }
      const timeline = await net.store.db
        .selectFrom("events")
        .select("name")
        .where("order_id", "=", 1)
        .orderBy("block_number")
        .orderBy("log_index")
        .execute();
      assert.deepEqual(
        timeline.map((e) => e.name).filter((n) => !n.startsWith("Bond")),
        [
          "RfqCreated",
          "BidPlaced",
          "BidPlaced",
          "OrderAwarded",
          "MilestoneSubmitted",
          "MilestoneReleased",
          "OrderShipped",
          "OrderAccepted",
          "OrderSettled",
        ],
      );
    });

    it("treats a replay as a no-op", async () => {
      const before = await snapshot(net.store.db);
      // Rewind the cursor to the deploy block: every range is fetched and applied again.
      const start = await net.chain.anvil.client.getBlock({
        blockNumber: BigInt(net.chain.deployment.deployBlock - 1),
      });
      await net.store.db
        .updateTable("cursor")
        .set({ block_number: net.chain.deployment.deployBlock - 1, block_hash: start.hash })
        .execute();
      await net.store.db.deleteFrom("blocks").execute();
      const indexer = testIndexer(net.store.db, net.chain, { initialRange: 7, maxRange: 7 });
      await indexer.syncOnce();
      assert.deepEqual(await snapshot(net.store.db), before);
      assert.equal(indexer.metrics().eventsIndexed, 0);
    });

    it("resumes from the cursor after a restart", async () => {
      const first = testIndexer(net.store.db, net.chain);
      await first.syncOnce();
      const cursor = await net.store.db.selectFrom("cursor").selectAll().executeTakeFirstOrThrow();
      const orderId = await postRfq(net.chain, net.chain.clients.bob, "restart");
      await bid(net.chain.clients.erin, { orderId, price: 100_000_000n, leadTime: 3_600 });
      const second = testIndexer(net.store.db, net.chain);
      await second.syncOnce();
      const events = await net.store.db
        .selectFrom("events")
        .select("block_number")
        .where("block_number", "<=", cursor.block_number)
        .execute();
      assert.ok(events.length > 0);
      // Only the new blocks were fetched and applied.
      assert.equal(second.metrics().eventsIndexed, 2);
      assert.deepEqual(await snapshot(net.store.db), await groundTruth(backend.name, net.chain));
    });

    for (const depth of [1, 3, 12]) {
      it(`rolls back a reorg of depth ${depth} and matches a from-scratch index`, async () => {
        const indexer = testIndexer(net.store.db, net.chain);
        // Fresh activity in the last blocks, indexed, then replaced by another branch.
        const orderId = await postRfq(net.chain, net.chain.clients.alice, `reorg-${depth}`);
        await bid(net.chain.clients.dave, { orderId, price: 200_000_000n, leadTime: 3_600 });
        await net.chain.anvil.client.mine({ blocks: depth });
        await indexer.syncOnce();
        const orphan =
          (await net.store.db
            .selectFrom("orders")
            .select("id")
            .where("id", "=", Number(orderId))
            .executeTakeFirst()) !== undefined;
        assert.ok(orphan);
        const frank = net.chain.clients.deployer; // the replacement branch carries a transaction of its own
        const newAccount = `0x${(depth + 0x100).toString(16).padStart(40, "0")}` as const;
        await net.chain.anvil.client.reorg(depth, [[{ from: frank.account.address, to: newAccount, value: "0x1" }, 0]]);
        await indexer.syncOnce();
        assert.equal(indexer.metrics().reorgs, 1);
        assert.deepEqual(await snapshot(net.store.db), await groundTruth(backend.name, net.chain));
      });
    }

    it("rolls back a reorg that replaces the indexed events with other ones", async () => {
      const indexer = testIndexer(net.store.db, net.chain);
      const orderId = await postRfq(net.chain, net.chain.clients.bob, "replaced");
      await indexer.syncOnce();
      assert.ok(
        await net.store.db.selectFrom("orders").select("id").where("id", "=", Number(orderId)).executeTakeFirst(),
      );
      // The other branch registers a new participant instead of posting the RFQ.
      const { encodeFunctionData } = await import("viem");
      const { participantRegistryAbi } = await import("@dipnet/sdk");
      const { devAccounts } = await import("@dipnet/sdk/node");
      const data = encodeFunctionData({
        abi: participantRegistryAbi,
        functionName: "register",
        args: [roles.customer, `0x${"11".repeat(32)}`, "ipfs://frank", `0x${"00".repeat(32)}`],
      });
      await net.chain.anvil.client.reorg(1, [
        [{ from: devAccounts().frank.address, to: net.chain.deployment.contracts.participantRegistry, data }, 0],
      ]);
      await indexer.syncOnce();
      assert.equal(
        await net.store.db.selectFrom("orders").select("id").where("id", "=", Number(orderId)).executeTakeFirst(),
        undefined,
      );
      assert.ok(
        await net.store.db
          .selectFrom("participants")
          .select("address")
          .where("address", "=", devAccounts().frank.address.toLowerCase())
          .executeTakeFirst(),
      );
      assert.deepEqual(await snapshot(net.store.db), await groundTruth(backend.name, net.chain));
    });

    it("rolls back when the chain gets shorter (the indexed blocks are gone) and matches a from-scratch index", async () => {
      const indexer = testIndexer(net.store.db, net.chain);
      const before = await net.chain.anvil.client.snapshot();
      const orderId = await postRfq(net.chain, net.chain.clients.alice, "shorter");
      await net.chain.anvil.client.mine({ blocks: 3 });
      await indexer.syncOnce();
      assert.ok(
        await net.store.db.selectFrom("orders").select("id").where("id", "=", Number(orderId)).executeTakeFirst(),
      );
      // As when a chain restarts from state saved before its last blocks: the head moves back.
      await net.chain.anvil.client.revert({ id: before });
      await indexer.syncOnce();
      assert.equal(
        await net.store.db.selectFrom("orders").select("id").where("id", "=", Number(orderId)).executeTakeFirst(),
        undefined,
      );
      assert.equal(indexer.status().indexedBlock, Number(await net.chain.anvil.client.getBlockNumber()));
      assert.deepEqual(await snapshot(net.store.db), await groundTruth(backend.name, net.chain));
    });

    it("halts on a reorg deeper than the finality depth", async () => {
      const indexer = testIndexer(net.store.db, net.chain, { finalityDepth: 2 });
      await postRfq(net.chain, net.chain.clients.alice, "deep");
      await net.chain.anvil.client.mine({ blocks: 5 });
      await indexer.syncOnce();
      await net.chain.anvil.client.reorg(5);
      await assert.rejects(indexer.syncOnce(), (error: unknown) => {
        assert.ok(error instanceof ReorgTooDeepError);
        assert.match(error.message, /deeper than the finality depth \(2 blocks\)/);
        return true;
      });
      assert.equal(indexer.status().state, "halted");
      // The background loop halts the same way and reports it.
      const background = testIndexer(net.store.db, net.chain, { finalityDepth: 2 });
      background.start();
      // Until it halts (an event), bounded by the test's timeout.
      while (!["halted", "stopped"].includes(background.status().state)) await new Promise((r) => setTimeout(r, 20));
      assert.equal(background.status().state, "halted");
      assert.match(background.status().error ?? "", /finality depth/);
      await background.stop();
      // reindex() recovers from the chain.
      await indexer.reindex();
      assert.deepEqual(await snapshot(net.store.db), await groundTruth(backend.name, net.chain));
    });

    it("reaches ground truth through timeouts, 429s, 5xx and empty answers", async () => {
      const truth = await groundTruth(backend.name, net.chain);
      const faulty = createTestBackend(backend.name);
      const d = await faulty.open();
      try {
        const upstream = http(net.chain.anvil.rpcUrl, { retryCount: 0 })({ retryCount: 0 });
        // Faults drawn from a seeded generator: a fixed period could line up with the indexer's own
        // cycle of calls and fail the same call forever.
        const random = seededRandom(0x9e3779b9);
        const faults = { timeout: 0, rateLimited: 0, serverError: 0, empty: 0 };
        let lastWasEmpty = false; // an empty answer is transient: asking again gets the real one
        const transport = custom(
          {
            async request({ method, params }: { method: string; params?: unknown }) {
              let roll = Math.floor(random() * 6); // 4 of 6 calls fail in one of four ways
              if (roll === 4 && lastWasEmpty) roll = 0;
              lastWasEmpty = roll === 4;
              if (roll === 1) {
                faults.timeout++;
                throw new TimeoutError({ body: { method }, url: "fault://" });
              }
              if (roll === 2) {
                faults.rateLimited++;
                throw new HttpRequestError({ url: "fault://", status: 429, details: "Too Many Requests" });
              }
              if (roll === 3) {
                faults.serverError++;
                throw new HttpRequestError({ url: "fault://", status: 503, details: "Service Unavailable" });
              }
              if (roll === 4) {
                faults.empty++;
                if (method === "eth_getLogs") return [];
                return null;
              }
              return upstream.request({ method, params } as never);
            },
          },
          { retryCount: 0 },
        );
        const indexer = testIndexer(d.db, net.chain, {
          chain: createChainReader(transport),
          initialRange: 16,
          maxRange: 16,
          retry: { baseDelayMs: 1, maxDelayMs: 5, attempts: 20 },
        });
        await indexer.syncOnce();
        assert.ok(faults.timeout > 0 && faults.rateLimited > 0 && faults.serverError > 0 && faults.empty > 0);
        assert.ok(indexer.metrics().rpcRetries > 0);
        assert.deepEqual(await snapshot(d.db), truth);
      } finally {
        await d.close();
        await faulty.cleanup();
      }
    });

    it("rebuilds the read model from stored events to the same rows", async () => {
      const indexer = testIndexer(net.store.db, net.chain);
      await indexer.reindex();
      const before = await snapshot(net.store.db);
      await indexer.rebuildReadModel();
      assert.deepEqual(await snapshot(net.store.db), before);
    });
  });
});
