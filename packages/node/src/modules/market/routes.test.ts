import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { bid, createRfq } from "@dipnet/sdk";
import type { FastifyInstance } from "fastify";
import { keccak256, toHex } from "viem";
import { createApi } from "../../compose.ts";
import type { IndexerStatus } from "../../core/indexer/indexer.ts";
import { createTestBackend, forEachBackend, useTestNetwork } from "../../testing/index.ts";

/**
 * An indexer stand-in whose status the test controls: states a real one reaches only on a halt
 * (live.test.ts runs a real one).
 */
function fakeIndexer(status: Partial<IndexerStatus> = {}) {
  const state: IndexerStatus = {
    state: "live",
    chainId: 31337,
    indexedBlock: 10,
    headBlock: 10,
    caughtUp: true,
    error: null,
    ...status,
  };
  return {
    state,
    status: () => ({ ...state }),
    metrics: () => ({ eventsIndexed: 3, rangesApplied: 1, reorgs: 0, rpcRetries: 0, rpcErrors: 0 }),
    subscribe: () => () => {},
  };
}

forEachBackend((backend) => {
  describe(`API on ${backend.name}`, () => {
    let app: FastifyInstance;
    let indexer: ReturnType<typeof fakeIndexer>;
    const get = async (url: string) => {
      const response = await app.inject({ method: "GET", url });
      return {
        status: response.statusCode,
        body: response.headers["content-type"]?.toString().includes("json") ? response.json() : response.body,
      };
    };

    const ids = (body: { items: { id: number }[] }) => body.items.map((o) => o.id);
    /** Every item of a list, page by page (`limit` per page), checking each page answers 200. */
    const pages = async (url: string, limit: number) => {
      const items: Record<string, unknown>[] = [];
      const sep = url.includes("?") ? "&" : "?";
      let next: string | null = null;
      for (let page = 0; page < 20; page++) {
        const { status, body } = await get(`${url}${sep}limit=${limit}${next ? `&cursor=${next}` : ""}`);
        assert.equal(status, 200, JSON.stringify(body));
        assert.ok(body.items.length <= limit);
        items.push(...body.items);
        next = body.next;
        if (next === null) return items;
      }
      assert.fail(`${url} did not end within 20 pages`);
    };

    const net = useTestNetwork({
      backend,
      scenario: true,
      indexed: true,
      arrange: async (chain) => {
        // Order 6: another customer, material and a short bidding window that closes before order 5's,
        // with a bid one digit shorter than the others (numeric, not text, order of prices).
        const now = await chain.anvil.now();
        const { orderId } = await createRfq(chain.clients.bob, {
          specHash: keccak256(toHex("titanium-bracket")),
          specURI: "ipfs://spec/titanium-bracket",
          process: "cnc-milling",
          material: "titanium-ti6al4v",
          quantity: 4,
          budget: 400_000_000n,
          bond: 40_000_000n,
          deadline: now + 10n * 86_400n,
          biddingEnds: now + 600n,
        });
        await bid(chain.clients.dave, { orderId, price: 90_000_000n, leadTime: 86_400 });
        await chain.anvil.increaseTime(1_000); // order 6's bidding closes, order 5's stays open
      },
    });
    before(async () => {
      indexer = fakeIndexer();
      app = await createApi({ db: net.store.db, deployment: net.chain.deployment, indexer });
    });
    after(async () => {
      await app?.close();
    });

    describe("GET /api/orders", () => {
      it("lists every order with its status", async () => {
        const { status, body } = await get("/api/orders");
        assert.equal(status, 200);
        assert.equal(body.items.length, 6);
        assert.equal(body.next, null);
        assert.deepEqual(
          body.items.map((o: { id: number }) => o.id),
          [6, 5, 4, 3, 2, 1],
        );
        assert.deepEqual(
          new Set(body.items.map((o: { status: string }) => o.status)),
          new Set(["Open", "Awarded", "Resolved", "Cancelled", "Completed"]),
        );
      });

      it("filters by status, customer and process", async () => {
        assert.deepEqual(
          (await get("/api/orders?status=Completed,resolved")).body.items.map((o: { id: number }) => o.id),
          [3, 1],
        );
        const alice = net.chain.clients.alice.account.address;
        assert.deepEqual(
          (await get(`/api/orders?customer=${alice}&order=asc`)).body.items.map((o: { id: number }) => o.id),
          [1, 3, 5],
        );
        assert.deepEqual(
          (await get("/api/orders?process=fdm-printing")).body.items.map((o: { id: number }) => o.id),
          [5, 2],
        );
      });

      it("filters by maker, material and token", async () => {
        const { carol, dave } = net.chain.clients;
        assert.deepEqual(ids((await get(`/api/orders?maker=${carol.account.address}`)).body), [4, 1]);
        assert.deepEqual(ids((await get(`/api/orders?maker=${dave.account.address.toLowerCase()}`)).body), [3]);
        assert.deepEqual(ids((await get("/api/orders?material=titanium-ti6al4v")).body), [6]);
        assert.deepEqual(ids((await get("/api/orders?material=aluminium-6061&status=Open")).body), [5]);
        const token = net.chain.deployment.contracts.testStablecoin as string;
        assert.deepEqual(ids((await get(`/api/orders?token=${token}`)).body), [6, 5, 4, 3, 2, 1]);
        assert.deepEqual(
          ids((await get(`/api/orders?token=${token.toLowerCase()}&customer=${carol.account.address}`)).body),
          [],
        );
        assert.deepEqual(ids((await get(`/api/orders?token=${net.chain.deployment.contracts.orderMarket}`)).body), []);
      });

      it("sorts by biddingEnds (ties by id)", async () => {
        // Orders 1-4 closed an hour after posting; order 6, posted after order 5, closes before it.
        const asc = (await get("/api/orders?sort=biddingEnds&order=asc")).body;
        assert.deepEqual(ids(asc), [1, 2, 3, 4, 6, 5]);
        const ends = asc.items.map((o: { biddingEnds: number }) => o.biddingEnds);
        assert.deepEqual(
          ends,
          [...ends].sort((a, b) => a - b),
        );
        assert.deepEqual(ids((await get("/api/orders?sort=biddingEnds")).body), [5, 6, 4, 3, 2, 1]);
      });

      it("pages with a cursor, in any sort, without gaps or repeats", async () => {
        for (const sort of ["id", "createdAt", "deadline", "updatedAt", "biddingEnds"]) {
          const seen: number[] = [];
          let url = `/api/orders?limit=2&sort=${sort}&order=asc`;
          for (let page = 0; page < 5; page++) {
            const { status, body } = await get(url);
            assert.equal(status, 200);
            seen.push(...body.items.map((o: { id: number }) => o.id));
            if (body.next === null) break;
            url = `/api/orders?limit=2&sort=${sort}&order=asc&cursor=${body.next}`;
          }
          assert.deepEqual([...seen].sort(), [1, 2, 3, 4, 5, 6], `sort ${sort}`);
        }
      });

      it("answers a bad enum value with the allowed values", async () => {
        for (const [url, field, allowed] of [
          [
            "/api/orders?status=Lost",
            "status",
            "Open, Awarded, Shipped, Disputed, Completed, Resolved, Cancelled, Defaulted",
          ],
          ["/api/orders?sort=price", "sort", "id, createdAt, updatedAt, deadline, biddingEnds"],
          ["/api/orders?order=sideways", "order", "asc, desc"],
          ["/api/bids?state=Lost", "state", "Committed, Active, Withdrawn, None"],
          ["/api/bids?sort=leadTime", "sort", "createdAt, updatedAt, price"],
          ["/api/participants?role=admin", "role", "customer, manufacturer"],
          ["/api/participants?sort=name", "sort", "registeredAt, address, stake, completedOrders"],
        ] as const) {
          const { status, body } = await get(url);
          assert.equal(status, 400, url);
          assert.equal(body.field, field, url);
          assert.ok(body.message.includes(`${field}`) && body.message.includes(`one of: ${allowed}`), body.message);
          assert.equal(body.stack, undefined);
        }
      });

      it("rejects invalid queries with 400 naming the field", async () => {
        for (const [query, field] of [
          ["limit=0", "limit"],
          ["limit=abc", "limit"],
          ["status=Lost", "status"],
          ["sort=price", "sort"],
          ["customer=0x123", "customer"],
          ["cursor=bm9wZQ", "cursor"],
          ["colour=red", "colour"],
        ]) {
          const { status, body } = await get(`/api/orders?${query}`);
          assert.equal(status, 400, query);
          assert.equal(body.field, field, query);
          assert.match(body.message, new RegExp(field as string));
          assert.doesNotMatch(JSON.stringify(body), /at .*\.ts:\d+/);
        }
      });
    });

    it("GET /api/rfqs lists only open RFQs, filters them and pages", async () => {
      const { body } = await get("/api/rfqs");
      assert.deepEqual(
        body.items.map((o: { id: number; status: string }) => [o.id, o.status]),
        [
          [6, "Open"],
          [5, "Open"],
        ],
      );
      // Chain time has passed order 6's bidding end, not order 5's.
      assert.deepEqual(ids((await get("/api/rfqs?biddingOpen=true")).body), [5]);
      assert.deepEqual(ids((await get("/api/rfqs?biddingOpen=false")).body), [6]);
      const { alice, bob } = net.chain.clients;
      assert.deepEqual(ids((await get(`/api/rfqs?customer=${bob.account.address}`)).body), [6]);
      assert.deepEqual(ids((await get(`/api/rfqs?customer=${alice.account.address}`)).body), [5]);
      assert.deepEqual(ids((await get("/api/rfqs?process=fdm-printing")).body), [5]);
      assert.deepEqual(ids((await get("/api/rfqs?material=titanium-ti6al4v&process=cnc-milling")).body), [6]);
      assert.deepEqual(ids((await get("/api/rfqs?material=titanium-ti6al4v&process=fdm-printing")).body), []);
      assert.deepEqual(ids((await get("/api/rfqs?sort=biddingEnds&order=asc")).body), [6, 5]);
      const first = (await get("/api/rfqs?limit=1&order=asc")).body;
      assert.deepEqual(ids(first), [5]);
      const second = (await get(`/api/rfqs?limit=1&order=asc&cursor=${first.next}`)).body;
      assert.deepEqual(ids(second), [6]);
      assert.equal(second.next, null);
      // Open RFQs have no maker; status is fixed.
      for (const query of [`maker=${alice.account.address}`, "status=Completed", "biddingOpen=maybe"]) {
        const { status, body: error } = await get(`/api/rfqs?${query}`);
        assert.equal(status, 400, query);
        assert.equal(error.field, query.split("=")[0]);
      }
    });

    describe("GET /api/bids", () => {
      type Bid = { orderId: number; maker: string; price: string | null; state: string };
      const keys = (items: Bid[]) => items.map((b) => `${b.orderId}:${b.maker}`);
      const name = (address: string) =>
        Object.entries(net.chain.clients).find(([, c]) => c.account.address.toLowerCase() === address)?.[0];

      it("lists every bid, newest first", async () => {
        const { status, body } = await get("/api/bids");
        assert.equal(status, 200);
        assert.equal(body.next, null);
        assert.deepEqual(
          body.items.map((b: Bid) => `${b.orderId}:${name(b.maker)}`),
          ["6:dave", "5:erin", "4:carol", "3:dave", "2:erin", "1:dave", "1:carol"],
        );
      });

      it("filters by maker, order and state", async () => {
        const { dave } = net.chain.clients;
        assert.deepEqual(
          (await get(`/api/bids?maker=${dave.account.address}`)).body.items.map((b: Bid) => b.orderId),
          [6, 3, 1],
        );
        assert.deepEqual(
          (await get("/api/bids?orderId=1&order=asc")).body.items.map((b: Bid) => name(b.maker)),
          ["carol", "dave"],
        );
        assert.deepEqual(
          (await get(`/api/bids?orderId=1&maker=${dave.account.address}`)).body.items.map((b: Bid) => b.orderId),
          [1],
        );
        assert.equal((await get("/api/bids?state=Active")).body.items.length, 7);
        assert.deepEqual((await get("/api/bids?state=Withdrawn")).body.items, []);
        assert.deepEqual((await get("/api/bids?orderId=999")).body.items, []);
        assert.equal((await get("/api/bids?orderId=0")).body.field, "orderId");
      });

      it("sorts by price as a number", async () => {
        const asc = (await get("/api/bids?sort=price&order=asc")).body.items as Bid[];
        assert.deepEqual(
          asc.map((b) => b.price),
          ["90000000", "500000000", "600000000", "700000000", "800000000", "850000000", "900000000"],
        );
        const desc = (await get("/api/bids?sort=price")).body.items as Bid[];
        assert.deepEqual(keys(desc), keys(asc).reverse());
        assert.deepEqual(
          (await get("/api/orders/1/bids?sort=price&order=asc")).body.items.map((b: Bid) => name(b.maker)),
          ["carol", "dave"],
        );
      });

      it("pages with a cursor in every sort and direction, without gaps or repeats", async () => {
        for (const sort of ["createdAt", "updatedAt", "price"])
          for (const order of ["asc", "desc"]) {
            const url = `/api/bids?sort=${sort}&order=${order}`;
            const whole = keys((await get(url)).body.items);
            assert.equal(whole.length, 7);
            for (const limit of [1, 2, 3])
              assert.deepEqual(keys((await pages(url, limit)) as Bid[]), whole, `${url} by ${limit}`);
          }
        const sorted = keys((await pages("/api/orders/1/bids", 1)) as Bid[]);
        assert.deepEqual(sorted, keys((await get("/api/orders/1/bids")).body.items));
        assert.equal(sorted.length, 2);
        assert.equal((await get("/api/bids?cursor=bm9wZQ")).body.field, "cursor");
      });
    });

    it("GET /api/orders/:id gives the full timeline, milestones and bids", async () => {
      const { status, body } = await get("/api/orders/1");
      assert.equal(status, 200);
      assert.equal(body.status, "Completed");
      assert.equal(body.bids.length, 2);
      assert.equal(body.milestones.length, 2);
      assert.ok(body.milestones.every((m: { releasedTx: string | null }) => m.releasedTx));
      const names = body.timeline.map((s: { name: string }) => s.name);
      assert.ok(names.includes("OrderShipped") && names.includes("OrderSettled"));
      for (const step of body.timeline) {
        assert.match(step.txHash, /^0x[0-9a-f]{64}$/);
        assert.ok(step.blockNumber > 0 && step.time > 0);
      }
      const shipped = body.timeline.find((s: { name: string }) => s.name === "OrderShipped");
      assert.match(shipped.evidenceHash, /^0x[0-9a-f]{64}$/);
      assert.equal(body.settlement.makerAmount, "560000000");
    });

    it("GET /api/orders/:id answers 404 for unknown ids and 400 for malformed ones", async () => {
      assert.equal((await get("/api/orders/999")).status, 404);
      assert.match((await get("/api/orders/999")).body.message, /order 999 not found/);
      const bad = await get("/api/orders/abc");
      assert.equal(bad.status, 400);
      assert.equal(bad.body.field, "id");
      assert.equal((await get("/api/orders/999/bids")).status, 404);
      assert.equal((await get("/api/nothing")).status, 404);
    });

    it("GET /api/orders/:id/bids lists bids and filters by state", async () => {
      const { body } = await get("/api/orders/1/bids?state=Active");
      assert.equal(body.items.length, 2);
      assert.ok(body.items.every((b: { price: string }) => /^\d+$/.test(b.price)));
    });

    it("GET /api/participants sorts by registration, address, stake and completed orders, and pages in each", async () => {
      type Participant = { address: string; stake: string; completedOrders: number; registeredBlock: number };
      const all = async (query: string) => (await get(`/api/participants?${query}`)).body.items as Participant[];
      const addresses = (items: Participant[]) => items.map((p) => p.address);

      const newest = await all("");
      const blocks = newest.map((p) => p.registeredBlock);
      assert.deepEqual(
        blocks,
        [...blocks].sort((a, b) => b - a),
      );
      const byAddress = await all("sort=address&order=asc");
      assert.deepEqual(addresses(byAddress), addresses(byAddress).sort());
      const byStake = await all("sort=stake&order=asc");
      for (let i = 1; i < byStake.length; i++) {
        const [a, b] = [byStake[i - 1] as Participant, byStake[i] as Participant];
        assert.ok(BigInt(a.stake) < BigInt(b.stake) || (a.stake === b.stake && a.address < b.address));
      }
      assert.deepEqual(
        byStake.slice(0, 2).map((p) => p.stake),
        ["0", "0"],
        "customers stake nothing",
      );
      // carol completed order 1; nobody else completed one.
      const byCompleted = await all("sort=completedOrders");
      assert.equal(byCompleted[0]?.address, net.chain.clients.carol.account.address.toLowerCase());
      assert.deepEqual(
        byCompleted.map((p) => p.completedOrders),
        [1, 0, 0, 0, 0],
      );
      for (const sort of ["registeredAt", "address", "stake", "completedOrders"])
        for (const order of ["asc", "desc"]) {
          const url = `/api/participants?sort=${sort}&order=${order}`;
          const whole = addresses(await all(`sort=${sort}&order=${order}`));
          assert.equal(whole.length, 5);
          assert.deepEqual(addresses((await pages(url, 2)) as Participant[]), whole, url);
        }
      const manufacturers = await all("role=manufacturer&sort=completedOrders&order=asc");
      assert.deepEqual(
        manufacturers.map((p) => p.completedOrders),
        [0, 0, 1],
      );
    });

    it("GET /api/participants filters by role and pages", async () => {
      const { body } = await get("/api/participants?role=manufacturer");
      assert.equal(body.items.length, 3);
      const page1 = await get("/api/participants?limit=3");
      assert.equal(page1.body.items.length, 3);
      const page2 = await get(`/api/participants?limit=3&cursor=${page1.body.next}`);
      assert.equal(page2.body.items.length, 2);
      assert.equal(page2.body.next, null);
    });

    it("GET /api/participants/:address gives one participant or 404", async () => {
      const carol = net.chain.clients.carol.account.address;
      const { status, body } = await get(`/api/participants/${carol}`);
      assert.equal(status, 200);
      assert.deepEqual(body.roles, ["manufacturer"]);
      assert.equal(body.stake, "500000000");
      assert.equal(body.locked, "50000000"); // the bond of the awarded order 4
      assert.equal((await get("/api/participants/0x0000000000000000000000000000000000000001")).status, 404);
      assert.equal((await get("/api/participants/carol")).body.field, "address");
    });

    it("GET /api/balances/:address gives what the contracts owe", async () => {
      const alice = net.chain.clients.alice.account.address;
      const { body } = await get(`/api/balances/${alice}`);
      const kinds = Object.fromEntries(body.items.map((b: { kind: string; owed: string }) => [b.kind, b.owed]));
      assert.equal(kinds.market, "303000000"); // half the disputed price back, plus the fee share
      assert.equal(kinds.registry, "25000000"); // half of dave's bond
    });

    it("GET /api/stats and /api/contracts describe the network", async () => {
      const stats = (await get("/api/stats")).body;
      assert.equal(stats.orders.total, 6);
      assert.equal(stats.orders.byStatus.Completed, 1);
      assert.deepEqual([stats.participants.customers, stats.participants.manufacturers], [2, 3]);
      const contracts = (await get("/api/contracts")).body;
      assert.equal(contracts.chainId, 31337);
      // Every contract of the deployment: browsers verify evidence against the registry, vote
      // through the Governor, and so on.
      const deployed = Object.entries(net.chain.deployment.contracts).filter(([, address]) => address !== undefined);
      assert.deepEqual(contracts.contracts, Object.fromEntries(deployed));
    });

    describe("aggregates: the figures of /api/stats, /api/stats/activity, /api/participants/:address/stats", () => {
      type OrderItem = {
        id: number;
        status: string;
        token: string;
        customer: string;
        maker: string | null;
        process: string;
        material: string;
        price: string | null;
        fee: string | null;
        releasedAmount: string;
        biddingEnds: number;
        createdAt: number;
        awardedAt: number | null;
        closedAt: number | null;
      };
      let orders: OrderItem[];
      before(async () => {
        orders = (await pages("/api/orders", 2)) as OrderItem[];
      });
      const tally = (keys: string[]) => {
        const out: Record<string, number> = {};
        for (const k of keys) out[k] = (out[k] ?? 0) + 1;
        return out;
      };
      const sameCounts = (actual: Record<string, number>, expected: Record<string, number>) =>
        assert.deepEqual(Object.entries(actual).sort(), Object.entries(expected).sort());
      const big = (v: string | null) => BigInt(v ?? 0);
      const byToken = (rows: { token: string; amount: bigint }[]) => {
        const out = new Map<string, bigint>();
        for (const r of rows) out.set(r.token, (out.get(r.token) ?? 0n) + r.amount);
        return [...out].sort().map(([token, amount]) => [token, amount.toString()]);
      };

      it("counts orders by status, process and material, and sums awarded volume and escrow exactly", async () => {
        const stats = (await get("/api/stats")).body;
        assert.equal(stats.orders.total, orders.length);
        sameCounts(stats.orders.byStatus, tally(orders.map((o) => o.status)));
        sameCounts(stats.orders.byProcess, tally(orders.map((o) => o.process)));
        sameCounts(stats.orders.byMaterial, tally(orders.map((o) => o.material)));
        const priced = orders.filter((o) => o.price !== null);
        assert.deepEqual(
          stats.volume.map((v: { token: string; awarded: string }) => [v.token, v.awarded]),
          byToken(priced.map((o) => ({ token: o.token, amount: big(o.price) }))),
        );
        assert.deepEqual(
          stats.volume.map((v: { orders: number }) => v.orders),
          [priced.length],
        );
        const inEscrow = orders.filter((o) => ["Awarded", "Shipped", "Disputed"].includes(o.status));
        assert.ok(inEscrow.length > 0, "the scenario leaves an order in escrow");
        assert.deepEqual(
          stats.escrow.map((e: { token: string; held: string }) => [e.token, e.held]),
          byToken(inEscrow.map((o) => ({ token: o.token, amount: big(o.price) + big(o.fee) - big(o.releasedAmount) }))),
        );
      });

      it("splits open RFQs by whether bidding closed at the newest indexed block, as /api/rfqs does", async () => {
        const { rfqs } = (await get("/api/stats")).body;
        const open = orders.filter((o) => o.status === "Open");
        const taking = open.filter((o) => o.biddingEnds > rfqs.at).length;
        assert.deepEqual([rfqs.takingBids, rfqs.awaitingAward], [taking, open.length - taking]);
        assert.deepEqual([taking, open.length - taking], [1, 1]); // orders 5 and 6
        assert.equal((await get("/api/rfqs?biddingOpen=true")).body.items.length, taking);
      });

      it("counts deliveries as the manufacturers' scorecards do", async () => {
        const { deliveries } = (await get("/api/stats")).body;
        const makers = (await pages("/api/participants?role=manufacturer", 200)) as { address: string }[];
        const sum = { shippedOnTime: 0, shippedLate: 0, defaulted: 0 };
        for (const m of makers) {
          const card = (await get(`/api/participants/${m.address}`)).body.scorecard;
          sum.shippedOnTime += card.shippedOnTime;
          sum.shippedLate += card.shippedLate;
          sum.defaulted += card.defaulted;
        }
        assert.ok(sum.shippedOnTime + sum.shippedLate + sum.defaulted > 0, "the scenario decides deliveries");
        const decided = sum.shippedOnTime + sum.shippedLate + sum.defaulted;
        assert.deepEqual(deliveries, {
          ...sum,
          onTimeRate: Math.round((sum.shippedOnTime / decided) * 1000) / 1000,
        });
      });

      it("buckets orders posted, completed and awarded over time up to the newest indexed block", async () => {
        const a = (await get("/api/stats/activity")).body;
        assert.equal(a.at, (await get("/api/stats")).body.rfqs.at);
        assert.ok(a.buckets.length >= 8 && a.buckets.length <= 30);
        const start = a.buckets[0].start;
        const end = start + a.buckets.length * a.bucketSeconds;
        assert.ok(a.at < end && a.at >= end - a.bucketSeconds, "the last bucket holds the newest block");
        assert.ok(
          orders.every((o) => o.createdAt >= start),
          "the span covers the first order",
        );
        const index = (t: number | null) =>
          t === null || t < start || t >= end ? -1 : Math.floor((t - start) / a.bucketSeconds);
        const expected = a.buckets.map(() => ({ posted: 0, completed: 0, awarded: {} as Record<string, string> }));
        for (const o of orders) {
          const p = expected[index(o.createdAt)];
          if (p) p.posted++;
          const c = expected[index(o.closedAt)];
          if (c && ["Completed", "Resolved"].includes(o.status)) c.completed++;
          const w = expected[index(o.awardedAt)];
          if (w && o.price !== null) w.awarded[o.token] = (big(w.awarded[o.token] ?? "0") + big(o.price)).toString();
        }
        assert.deepEqual(
          a.buckets.map((b: { posted: number; completed: number; awarded: Record<string, string> }) => ({
            posted: b.posted,
            completed: b.completed,
            awarded: b.awarded,
          })),
          expected,
        );
        assert.equal(
          a.buckets.reduce((n: number, b: { posted: number }) => n + b.posted, 0),
          orders.length,
        );
      });

      it("gives one account's orders by status as customer and as manufacturer, and lists them", async () => {
        for (const who of [net.chain.clients.alice, net.chain.clients.carol, net.chain.clients.dave]) {
          const address = who.account.address.toLowerCase();
          const s = (await get(`/api/participants/${who.account.address}/stats`)).body;
          const asCustomer = orders.filter((o) => o.customer === address);
          const asMaker = orders.filter((o) => o.maker === address);
          assert.equal(s.address, address);
          assert.equal(s.asCustomer.total, asCustomer.length);
          sameCounts(s.asCustomer.byStatus, tally(asCustomer.map((o) => o.status)));
          assert.equal(s.asMaker.total, asMaker.length);
          sameCounts(s.asMaker.byStatus, tally(asMaker.map((o) => o.status)));
          sameCounts(s.asMaker.byProcess, tally(asMaker.map((o) => o.process)));
          sameCounts(s.asMaker.byMaterial, tally(asMaker.map((o) => o.material)));
          const listed = await pages(`/api/orders?participant=${who.account.address}`, 2);
          assert.deepEqual(
            ids({ items: listed as { id: number }[] }),
            orders.filter((o) => o.customer === address || o.maker === address).map((o) => o.id),
          );
        }
        const stranger = (await get("/api/participants/0x000000000000000000000000000000000000dead/stats")).body;
        assert.deepEqual([stranger.asCustomer.total, stranger.asMaker.total], [0, 0]);
      });
    });

    it("serves OpenAPI 3.1 and a docs page", async () => {
      const { body } = await get("/openapi.json");
      assert.equal(body.openapi, "3.1.0");
      for (const path of [
        "/api/orders",
        "/api/orders/{id}",
        "/api/rfqs",
        "/api/participants/{address}",
        "/api/balances/{address}",
        "/api/events",
        "/metrics",
      ]) {
        assert.ok(body.paths[path], path);
      }
      const limit = body.paths["/api/orders"].get.parameters.find((p: { name: string }) => p.name === "limit");
      assert.equal(limit.schema.maximum, 200);
      assert.equal(
        body.paths["/api/orders/{id}"].get.responses["404"].content["application/json"].schema.$ref,
        "#/components/schemas/Error",
      );
      const docs = await get("/docs");
      assert.match(String(docs.body), /<title>DIPNET node API<\/title>/);
      assert.doesNotMatch(String(docs.body), /https?:\/\//);
    });

    it("/health, /ready and /metrics report the indexer", async () => {
      assert.equal((await get("/health")).status, 200);
      assert.equal((await get("/ready")).status, 200);
      indexer.state.caughtUp = false;
      indexer.state.headBlock = 25;
      const notReady = await get("/ready");
      assert.equal(notReady.status, 503);
      assert.equal(notReady.body.lag, 15);
      indexer.state.caughtUp = true;
      indexer.state.state = "halted";
      assert.equal((await get("/health")).status, 503);
      indexer.state.state = "live";
      const metrics = await get("/metrics");
      assert.match(String(metrics.body), /^dipnet_indexed_block 10$/m);
      assert.match(String(metrics.body), /^dipnet_indexer_lag_blocks 15$/m);
      assert.match(
        String(metrics.body),
        /dipnet_http_requests_total\{method="GET",route="\/api\/orders",status="200"\} \d+/,
      );
      assert.match(String(metrics.body), /^dipnet_events_stored \d+$/m);
    });

    it("answers 500 without internals when the store fails", async () => {
      const broken = createTestBackend(backend.name);
      const d = await broken.open();
      const brokenApp = await createApi({ db: d.db, deployment: net.chain.deployment, indexer: fakeIndexer() });
      await d.close();
      const response = await brokenApp.inject({ method: "GET", url: "/api/orders" });
      assert.equal(response.statusCode, 500);
      assert.deepEqual(response.json(), {
        statusCode: 500,
        error: "Internal Server Error",
        message: "internal error: see the node's log",
      });
      await brokenApp.close();
      await broken.cleanup();
    });
  });
});
