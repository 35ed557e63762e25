// The read-model queries the agents decide from. Addresses are stored lowercase.
import type { Kysely } from "kysely";
import type { BidsTable, OrdersTable, ParticipantsTable, Schema } from "../core/db/schema.ts";

export type OrderRow = OrdersTable;
export type BidRow = BidsTable;

const lower = (a: string) => a.toLowerCase();

/** Orders where `account` is the customer (or the maker), in the given statuses, oldest first. */
export async function ordersOf(
  db: Kysely<Schema>,
  who: { customer?: string; maker?: string },
  statuses: readonly string[],
): Promise<OrderRow[]> {
  let q = db
    .selectFrom("orders")
    .selectAll()
    .where("status", "in", [...statuses]);
  if (who.customer) q = q.where("customer", "=", lower(who.customer));
  if (who.maker) q = q.where("maker", "=", lower(who.maker));
  return q.orderBy("id", "asc").execute();
}

/** Orders `maker` produced or produces that still matter for its calendar: open ones and those closed after `since`. */
export async function calendarOrders(db: Kysely<Schema>, maker: string, since: number): Promise<OrderRow[]> {
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
}

/** Open RFQs whose bidding window is still open at `now`, oldest first. */
export async function biddableRfqs(db: Kysely<Schema>, now: number, limit = 200): Promise<OrderRow[]> {
  return db
    .selectFrom("orders")
    .selectAll()
    .where("status", "=", "Open")
    .where("bidding_ends", ">", now)
    .orderBy("id", "asc")
    .limit(limit)
    .execute();
}

/** `maker`'s bids with their order's status and terms. */
export async function bidsOf(
  db: Kysely<Schema>,
  maker: string,
  orderStatus: string,
): Promise<(BidRow & { o: OrderRow })[]> {
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
}

/** Every bid on an order. */
export async function bidsOn(db: Kysely<Schema>, orderId: number): Promise<BidRow[]> {
  return db.selectFrom("bids").selectAll().where("order_id", "=", orderId).orderBy("created_block", "asc").execute();
}

/** Whether `maker` ever bid on `orderId` (any state). */
export async function hasBid(db: Kysely<Schema>, orderId: number, maker: string): Promise<boolean> {
  const row = await db
    .selectFrom("bids")
    .select("maker")
    .where("order_id", "=", orderId)
    .where("maker", "=", lower(maker))
    .executeTakeFirst();
  return row !== undefined;
}

/** Events of an order with the given names, in chain order, with decoded args. */
export async function orderEvents(
  db: Kysely<Schema>,
  orderId: number,
  names: readonly string[],
): Promise<{ name: string; blockTime: number; args: Record<string, unknown> }[]> {
  const rows = await db
    .selectFrom("events")
    .select(["name", "block_time", "args"])
    .where("order_id", "=", orderId)
    .where("name", "in", [...names])
    .orderBy("block_number", "asc")
    .orderBy("log_index", "asc")
    .execute();
  return rows.map((r) => ({ name: r.name, blockTime: r.block_time, args: JSON.parse(r.args) }));
}

/** Who has put evidence into the dispute of `orderId` (the opener counts), and when it opened. */
export async function disputeEvidence(
  db: Kysely<Schema>,
  orderId: number,
): Promise<{ openedAt: number | undefined; openedBy: string | undefined; parties: Set<string> }> {
  const events = await orderEvents(db, orderId, ["DisputeOpened", "EvidenceSubmitted"]);
  const opened = events.find((e) => e.name === "DisputeOpened");
  return {
    openedAt: opened?.blockTime,
    openedBy: opened ? lower(String(opened.args.by)) : undefined,
    parties: new Set(events.map((e) => lower(String(e.args.by)))),
  };
}

/** What `contract` owes `account` in `token` (base units). */
export async function owedOf(db: Kysely<Schema>, contract: string, token: string, account: string): Promise<bigint> {
  const row = await db
    .selectFrom("balances")
    .select("owed")
    .where("contract", "=", lower(contract))
    .where("token", "=", lower(token))
    .where("account", "=", lower(account))
    .executeTakeFirst();
  return row ? BigInt(row.owed) : 0n;
}

/** Slashed stake the registry owes `account`, in any token. */
export async function slashedOf(db: Kysely<Schema>, registry: string, account: string): Promise<bigint> {
  const rows = await db
    .selectFrom("balances")
    .select("owed")
    .where("contract", "=", lower(registry))
    .where("account", "=", lower(account))
    .execute();
  return rows.reduce((sum, r) => sum + BigInt(r.owed), 0n);
}

/** The participant row, if registered. */
export async function participantOf(db: Kysely<Schema>, account: string): Promise<ParticipantsTable | undefined> {
  return db.selectFrom("participants").selectAll().where("address", "=", lower(account)).executeTakeFirst();
}

/** The market's windows as indexed (acceptance window and late-delivery grace, seconds). */
export async function marketWindows(
  db: Kysely<Schema>,
  market: string,
): Promise<{ acceptanceWindow: number; lateGrace: number } | undefined> {
  const row = await db
    .selectFrom("contract_state")
    .select("state")
    .where("address", "=", lower(market))
    .executeTakeFirst();
  if (!row) return undefined;
  const state = JSON.parse(row.state) as { acceptanceWindow?: number; lateGrace?: number };
  return { acceptanceWindow: Number(state.acceptanceWindow ?? 0), lateGrace: Number(state.lateGrace ?? 0) };
}

/** `customer`'s newest order (for pacing RFQs) and how many of its RFQs are open. */
export async function customerPace(
  db: Kysely<Schema>,
  customer: string,
): Promise<{ lastCreatedAt: number | undefined; open: number; total: number }> {
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
}
