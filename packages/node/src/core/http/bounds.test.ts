// Lists of what anyone can create on chain for gas (machines, reservations, an order's bids and
// timeline) answer a bounded amount per request, however much there is: the read model is filled
// as a spammer would fill it, and each answer must stay within its documented bound.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { FastifyInstance } from "fastify";
import { createApi } from "../../compose.ts";
import { createPlanningService, type PlanningService } from "../../modules/planning/service.ts";
import { createTestBackend, placeholderDeployment as deployment, idleIndexer } from "../../testing/index.ts";
import type { Database } from "../db/index.ts";
import type { OrdersTable } from "../db/schema.ts";

const MACHINES = 450;
const RESERVATIONS_PER_MACHINE = 30;
const BIDS = 260;
const EVENTS = 1200;
const hourly = 3600;
const t0 = 1_800_000_000;

describe("bounded lists", () => {
  const sqlite = createTestBackend("sqlite");
  assert.ok(sqlite, "the SQLite test backend");
  let store: Database;
  let app: FastifyInstance;

  before(async () => {
    store = await sqlite.open();
    const db = store.db;
    const owner = `0x${"ab".repeat(20)}`;
    await db
      .insertInto("machines")
      .values(
        Array.from({ length: MACHINES }, (_, i) => ({
          machine_id: i + 1,
          owner,
          active: 1,
          process: "cnc-milling",
          materials: '["aluminium-6061"]',
          envelope_x: 500,
          envelope_y: 400,
          envelope_z: 300,
          hourly_rate: "1000000",
          latitude: 48_000_000,
          longitude: 11_000_000,
          slot_seconds: hourly,
          registered_block: 1,
          registered_at: t0,
          updated_block: 1,
        })),
      )
      .execute();
    for (let m = 0; m < MACHINES; m += 50) {
      await db
        .insertInto("reservations")
        .values(
          Array.from({ length: 50 * RESERVATIONS_PER_MACHINE }, (_, k) => {
            const machine = m + Math.floor(k / RESERVATIONS_PER_MACHINE) + 1;
            const slot = k % RESERVATIONS_PER_MACHINE;
            return {
              reservation_id: machine * 1000 + slot,
              machine_id: machine,
              order_id: 1,
              from_slot: slot,
              to_slot: slot + 1,
              start_time: t0 + slot * hourly,
              end_time: t0 + (slot + 1) * hourly,
              agent: owner,
              status: "Live",
              made_block: 1,
              made_at: t0,
              updated_block: 1,
            };
          }),
        )
        .execute();
    }
    await db
      .insertInto("orders")
      .values({
        ...(await templateOrder()),
        id: 1,
      })
      .execute();
    await db
      .insertInto("bids")
      .values(
        Array.from({ length: BIDS }, (_, i) => ({
          order_id: 1,
          maker: `0x${i.toString(16).padStart(40, "0")}`,
          state: "Active",
          price: String(1000 + i),
          lead_time: 86_400,
          commitment: null,
          counter_price: null,
          counter_lead_time: null,
          created_block: i + 1,
          created_at: t0 + i,
          updated_block: i + 1,
          updated_at: t0 + i,
          updated_tx: `0x${"11".repeat(32)}`,
        })),
      )
      .execute();
    for (let e = 0; e < EVENTS; e += 200) {
      await db
        .insertInto("events")
        .values(
          Array.from({ length: 200 }, (_, k) => ({
            chain_id: 31337,
            block_hash: `0x${(e + k).toString(16).padStart(64, "0")}`,
            log_index: 0,
            block_number: e + k + 1,
            block_time: t0 + e + k,
            tx_hash: `0x${"22".repeat(32)}`,
            tx_index: 0,
            contract: "orderMarket",
            name: "BidPlaced",
            order_id: 1,
            account: owner,
            args: JSON.stringify({ orderId: "1", maker: owner, price: "1000", leadTime: "86400" }),
          })),
        )
        .execute();
    }
    app = await createApi({ db, deployment, indexer: idleIndexer });
  });
  after(async () => {
    await app?.close();
    await store?.close();
    await sqlite.cleanup();
  });

  /** An Open RFQ's row with every column, for the fixture. */
  async function templateOrder(): Promise<Omit<OrdersTable, "id">> {
    return {
      customer: `0x${"cd".repeat(20)}`,
      maker: null,
      status: "Open",
      token: `0x${"ef".repeat(20)}`,
      budget: "1000000000",
      price: null,
      fee: null,
      bond: "0",
      deadline: t0 + 30 * 86_400,
      bidding_ends: t0 + 86_400,
      reveal_ends: 0,
      sealed: 0,
      invitees: "[]",
      spec_hash: `0x${"33".repeat(32)}`,
      spec_uri: "text:bracket",
      process: "cnc-milling",
      material: "aluminium-6061",
      quantity: 10,
      milestone_bps: "[10000]",
      milestones_submitted: 0,
      milestones_released: 0,
      required_certification: null,
      licence_id: null,
      royalty: null,
      royalty_recipient: null,
      royalties_paid: "0",
      released_amount: "0",
      lead_time: null,
      due_at: null,
      acceptance_ends: null,
      ruling_ends: null,
      bid_count: BIDS,
      arbiter: null,
      refund_bps: null,
      slash_bps: null,
      dispute_expired: 0,
      cancellation_compensation: null,
      maker_amount: null,
      customer_refund: null,
      settled_fee: null,
      bond_slashed: null,
      created_block: 1,
      created_at: t0,
      created_tx: `0x${"44".repeat(32)}`,
      awarded_at: null,
      shipped_at: null,
      closed_at: null,
      updated_block: 1,
      updated_at: t0,
    };
  }

  it("pages /api/machines (at most 200 a page) and walks to the end with `next`", async () => {
    const first = await app.inject({ method: "GET", url: "/api/machines" });
    assert.equal(first.statusCode, 200, first.body);
    assert.equal(first.json().items.length, 200);
    assert.ok(first.json().next);
    const over = await app.inject({ method: "GET", url: "/api/machines?limit=201" });
    assert.equal(over.statusCode, 400);
    assert.equal(over.json().field, "limit");
    const seen: number[] = [];
    let next: string | null = null;
    do {
      const page: { items: { id: number }[]; next: string | null } = (
        await app.inject({ method: "GET", url: `/api/machines${next ? `?cursor=${next}` : ""}` })
      ).json();
      seen.push(...page.items.map((m) => m.id));
      next = page.next;
    } while (next);
    assert.deepEqual(
      seen,
      Array.from({ length: MACHINES }, (_, i) => i + 1),
    );
  });

  it("bounds /api/capacity: 200 machines a page, at most 5,000 reservations, saying so", async () => {
    const url = `/api/capacity?from=${t0}&to=${t0 + 86_400 * 2}`;
    const r = await app.inject({ method: "GET", url });
    assert.equal(r.statusCode, 200, r.body);
    const body = r.json();
    assert.equal(body.machines.length, 200);
    assert.ok(body.next, "a cursor to the next machines");
    const reservations = body.machines.reduce(
      (n: number, m: { reservations: unknown[] }) => n + m.reservations.length,
      0,
    );
    assert.equal(reservations, 5000);
    assert.equal(body.truncated, true);
    const small = (await app.inject({ method: "GET", url: `${url}&limit=10` })).json();
    assert.equal(small.machines.length, 10);
    assert.equal(small.truncated, false);
    assert.equal(
      small.machines.reduce((n: number, m: { reservations: unknown[] }) => n + m.reservations.length, 0),
      10 * RESERVATIONS_PER_MACHINE,
    );
  });

  it("computes /api/stats once per indexed block, however often it is asked", async () => {
    const volume = async () => (await app.inject({ method: "GET", url: "/api/stats" })).json().volume;
    const before = await volume();
    await store.db
      .insertInto("orders")
      .values({ ...(await templateOrder()), id: 2, status: "Awarded", price: "5000000" })
      .execute();
    assert.deepEqual(await volume(), before, "same block: the answer computed for it");
    await store.db
      .insertInto("cursor")
      .values({ id: "main", chain_id: 31337, deployment: "{}", block_number: 2, block_hash: "0x02", updated_at: t0 })
      .execute();
    assert.deepEqual(await volume(), [...before, { token: `0x${"ef".repeat(20)}`, awarded: "5000000", orders: 1 }]);
    await store.db.deleteFrom("orders").where("id", "=", 2).execute();
  });

  it("bounds an order's timeline and bids, newest kept, and says so", async () => {
    const r = await app.inject({ method: "GET", url: "/api/orders/1" });
    assert.equal(r.statusCode, 200, r.body);
    const order = r.json();
    assert.equal(order.timeline.length, 500);
    assert.equal(order.timeline.at(-1).blockNumber, EVENTS, "the newest step is kept");
    assert.equal(order.bids.length, 200);
    assert.deepEqual(order.truncated, { timeline: true, bids: true });
  });

  it("plans the proposal for at most the 200 oldest orders", { timeout: 120_000 }, async () => {
    const own = createTestBackend("sqlite");
    assert.ok(own);
    const db = (await own.open()).db;
    let planning: PlanningService | undefined;
    let planner: FastifyInstance | undefined;
    try {
      const machine = await store.db
        .selectFrom("machines")
        .selectAll()
        .where("machine_id", "=", 1)
        .executeTakeFirstOrThrow();
      await db
        .insertInto("machines")
        .values([machine, { ...machine, machine_id: 2 }])
        .execute();
      const order = await templateOrder();
      await db
        .insertInto("orders")
        .values(Array.from({ length: 250 }, (_, i) => ({ ...order, id: i + 1, bid_count: 0, quantity: 1 })))
        .execute();
      planning = createPlanningService();
      planner = await createApi({ db, deployment, indexer: idleIndexer, planning });
      const r = await planner.inject({ method: "GET", url: "/api/capacity/proposal" });
      assert.equal(r.statusCode, 200, r.body);
      const proposal = r.json() as { steps: { orderId: number }[]; unplanned: { orderId: number }[] };
      const considered = new Set([...proposal.steps, ...proposal.unplanned].map((s) => s.orderId));
      assert.equal(considered.size, 200);
      assert.equal(Math.max(...considered), 200, "the oldest orders");
    } finally {
      await planner?.close();
      await planning?.stop();
      await db.destroy();
      await own.cleanup();
    }
  });
});
