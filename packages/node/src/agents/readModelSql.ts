// The agents' port (`AgentReadModel`, readModel.ts) over the node's SQL store: the queries the
// agents and the demo decide from. Addresses are stored lowercase.
import { citeReading, type ReadingCitation } from "@dipnet/sdk";
import { type Kysely, sql } from "kysely";
import type { Schema } from "../core/db/schema.ts";
import { readingProof } from "../modules/evidence/proofs.ts";
import { evidenceDb } from "../modules/evidence/schema.ts";
import { getDevice, registerDevice } from "../modules/iot/registry.ts";
import { iotDb } from "../modules/iot/schema.ts";
import { ledgerSnapshotFromReadModel } from "../modules/planning/replan.ts";
import { storeTraceEvent } from "../modules/traceability/history.ts";
import type { AgentReadModel, OrderReadings, OrderRow } from "./readModel.ts";

const lower = (a: string) => a.toLowerCase();

/**
 * The agents' read model over the node's database.
 * @example const agent = createCustomerAgent({ name: "munich", client, readModel: createSqlReadModel(node.database.db) });
 */
export function createSqlReadModel(db: Kysely<Schema>): AgentReadModel {
  return {
    async ordersOf(filter, statuses) {
      if (filter.ids?.length === 0) return [];
      let q = db
        .selectFrom("orders")
        .selectAll()
        .where("status", "in", [...statuses]);
      if (filter.customer) q = q.where("customer", "=", lower(filter.customer));
      if (filter.maker) q = q.where("maker", "=", lower(filter.maker));
      if (filter.ids) q = q.where("id", "in", [...filter.ids]);
      return q.orderBy("id", "asc").execute();
    },

    async calendarOrders(maker, since) {
      return db
        .selectFrom("orders")
        .selectAll()
        .where("maker", "=", lower(maker))
        .where((eb) =>
          eb.or([
            eb("status", "in", ["Awarded", "Shipped", "Disputed"]),
            eb("closed_at", ">=", since),
            eb("shipped_at", ">=", since),
          ]),
        )
        .orderBy("awarded_at", "asc")
        .orderBy("id", "asc")
        .execute();
    },

    async biddableRfqs(now, limit = 200) {
      return db
        .selectFrom("orders")
        .selectAll()
        .where("status", "=", "Open")
        .where("bidding_ends", ">", now)
        .orderBy("id", "asc")
        .limit(limit)
        .execute();
    },

    async customerPace(customer) {
      const c = lower(customer);
      const last = await db
        .selectFrom("orders")
        .select("created_at")
        .where("customer", "=", c)
        .orderBy("id", "desc")
        .limit(1)
        .executeTakeFirst();
      const counts = await db
        .selectFrom("orders")
        .select((eb) => [eb.fn.countAll<number>().as("total")])
        .where("customer", "=", c)
        .executeTakeFirst();
      const open = await db
        .selectFrom("orders")
        .select((eb) => [eb.fn.countAll<number>().as("open")])
        .where("customer", "=", c)
        .where("status", "=", "Open")
        .executeTakeFirst();
      return {
        lastCreatedAt: last?.created_at,
        open: Number(open?.open ?? 0),
        total: Number(counts?.total ?? 0),
      };
    },

    async bidsOf(maker, orderStatus) {
      const bids = await db
        .selectFrom("bids")
        .innerJoin("orders", "orders.id", "bids.order_id")
        .selectAll("bids")
        .where("bids.maker", "=", lower(maker))
        .where("orders.status", "=", orderStatus)
        .execute();
      if (bids.length === 0) return [];
      const orders = await db
        .selectFrom("orders")
        .selectAll()
        .where(
          "id",
          "in",
          bids.map((b) => b.order_id),
        )
        .execute();
      const byId = new Map(orders.map((o) => [o.id, o]));
      return bids.map((b) => ({ ...b, o: byId.get(b.order_id) as OrderRow }));
    },

    async bidsOn(orderId) {
      return db
        .selectFrom("bids")
        .selectAll()
        .where("order_id", "=", orderId)
        .orderBy("created_block", "asc")
        .execute();
    },

    async hasBid(orderId, maker) {
      const row = await db
        .selectFrom("bids")
        .select("maker")
        .where("order_id", "=", orderId)
        .where("maker", "=", lower(maker))
        .executeTakeFirst();
      return row !== undefined;
    },

    async orderEvents(orderId, names) {
      const rows = await db
        .selectFrom("events")
        .select(["name", "block_time", "args"])
        .where("order_id", "=", orderId)
        .where("name", "in", [...names])
        .orderBy("block_number", "asc")
        .orderBy("log_index", "asc")
        .execute();
      return rows.map((r) => ({ name: r.name, blockTime: r.block_time, args: JSON.parse(r.args) }));
    },

    async participantOf(account) {
      return db.selectFrom("participants").selectAll().where("address", "=", lower(account)).executeTakeFirst();
    },

    async owedOf(contract, token, account) {
      const row = await db
        .selectFrom("balances")
        .select("owed")
        .where("contract", "=", lower(contract))
        .where("token", "=", lower(token))
        .where("account", "=", lower(account))
        .executeTakeFirst();
      return row ? BigInt(row.owed) : 0n;
    },

    async slashedOf(registry, account) {
      const rows = await db
        .selectFrom("balances")
        .select("owed")
        .where("contract", "=", lower(registry))
        .where("account", "=", lower(account))
        .execute();
      return rows.reduce((sum, r) => sum + BigInt(r.owed), 0n);
    },

    async lateGrace(market) {
      const row = await db
        .selectFrom("contract_state")
        .select("state")
        .where("address", "=", lower(market))
        .executeTakeFirst();
      if (!row) return undefined;
      return Number((JSON.parse(row.state) as { lateGrace?: number }).lateGrace ?? 0);
    },

    async machinesOf(owners) {
      if (owners.length === 0) return [];
      return db
        .selectFrom("machines")
        .selectAll()
        .where("owner", "in", owners.map(lower))
        .orderBy("machine_id")
        .execute();
    },

    async reservations(query) {
      const { machineIds, orderIds, reservationIds } = query;
      if (machineIds?.length === 0 || orderIds?.length === 0 || reservationIds?.length === 0) return [];
      let q = db.selectFrom("reservations").selectAll();
      if (machineIds) q = q.where("machine_id", "in", [...machineIds]);
      if (orderIds) q = q.where("order_id", "in", [...orderIds]);
      if (reservationIds) q = q.where("reservation_id", "in", [...reservationIds]);
      if (query.status !== undefined) q = q.where("status", "=", query.status);
      if (query.at !== undefined) q = q.where("start_time", "<=", query.at).where("end_time", ">", query.at);
      return q.orderBy("reservation_id").execute();
    },

    async downtimes(query) {
      if (query.machineIds.length === 0) return [];
      let q = db
        .selectFrom("downtimes")
        .selectAll()
        .where("machine_id", "in", [...query.machineIds]);
      if (query.declaredAfter !== undefined) q = q.where("declared_at", ">", query.declaredAfter);
      if (query.at !== undefined) q = q.where("start_time", "<=", query.at).where("end_time", ">", query.at);
      return q.orderBy("downtime_id").execute();
    },

    ledgerSnapshot: (now) => ledgerSnapshotFromReadModel(db, now),

    orderReadings: (p) => orderReadings(db, p),

    device: (name) => getDevice(db, { manufacturer: lower(name.manufacturer), id: name.id }),

    async lastReading(name, metric) {
      const row = await iotDb(db)
        .selectFrom("iot_readings")
        .select("num")
        .where("manufacturer", "=", lower(name.manufacturer))
        .where("device_id", "=", name.id)
        .where("metric", "=", metric)
        .orderBy("ts", "desc")
        .limit(1)
        .executeTakeFirst();
      return row?.num ?? undefined;
    },

    async indexedBlockTime(block) {
      const row = await db.selectFrom("blocks").select("timestamp").where("number", "=", block).executeTakeFirst();
      if (row) return row.timestamp;
      const event = await sql<{ t: number | null }>`select max(block_time) as t from events`.execute(db);
      return Number(event.rows[0]?.t ?? 0);
    },

    storeTraceEvent: (event) => storeTraceEvent(db, event),

    registerDevice: (p) => registerDevice(db, p),
  };
}

async function orderReadings(
  db: Kysely<Schema>,
  p: { maker: string; orderId: number; chainId: number; registry: string; limit?: number | undefined },
): Promise<OrderReadings> {
  const rows = await evidenceDb(db)
    .selectFrom("iot_readings as r")
    .innerJoin("iot_messages as m", (j) =>
      j
        .onRef("m.manufacturer", "=", "r.manufacturer")
        .onRef("m.device_id", "=", "r.device_id")
        .onRef("m.seq", "=", "r.seq"),
    )
    .leftJoin("evidence_batches as b", "b.batch_id", "m.batch_id")
    .select(["r.manufacturer", "r.device_id", "r.seq", "r.ts", "b.status"])
    .where("r.manufacturer", "=", lower(p.maker))
    .where("r.metric", "=", "order_id")
    .where("r.num", "=", p.orderId)
    .orderBy("r.ts")
    .orderBy("r.device_id")
    .execute();
  const anchored = rows.filter((r) => r.status === "anchored");
  const limit = p.limit ?? 3;
  const picks =
    anchored.length <= limit
      ? anchored
      : [
          ...new Set(Array.from({ length: limit }, (_, i) => Math.round((i * (anchored.length - 1)) / (limit - 1)))),
        ].map((i) => anchored[i] as (typeof anchored)[number]);
  const citations: ReadingCitation[] = [];
  for (const r of picks) {
    const proof = await readingProof(db, {
      manufacturer: r.manufacturer,
      device: r.device_id,
      seq: Number(r.seq),
      chainId: p.chainId,
      registry: p.registry,
    });
    if (typeof proof !== "string") citations.push(citeReading(proof));
  }
  return { anchored: citations, pending: rows.length - anchored.length };
}
