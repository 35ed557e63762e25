// The market's figures as SQL aggregates (GROUP BY, bounded work per request): network statistics,
// activity over time, and one account's orders by status. The dashboard shows these instead of
// paging orders into the browser.
import type { PostedOrderStatus } from "@dipnet/sdk";
import { type AliasedRawBuilder, type Expression, type Kysely, sql } from "kysely";
import type { Schema } from "../../core/db/schema.ts";

const count = sql<number>`count(*)`;

/**
 * No portable SQL type holds a uint256, so an amount column (decimal text) is summed in limbs of
 * 10 digits, each an integer sum (exact below 2^53 for 900,000 rows), recombined with BigInt.
 */
const LIMB_DIGITS = 10;
const LIMBS = 8; // 80 digits: a uint256 has at most 78
const zeros = "0".repeat(LIMB_DIGITS * LIMBS);

/** The limb sums of `amount` (least significant first), to select as `<alias>0` … `<alias>7`. */
function amountLimbSums<A extends string>(
  amount: Expression<string | null>,
  alias: A,
): AliasedRawBuilder<number | string | null, `${A}${number}`>[] {
  const padded = sql<string>`(${sql.lit(zeros)} || coalesce(${amount}, '0'))`;
  return Array.from({ length: LIMBS }, (_, i) => {
    const from = sql`length(${padded}) - ${sql.lit(LIMB_DIGITS * (i + 1) - 1)}`;
    const limb = sql<string>`substr(${padded}, ${from}, ${sql.lit(LIMB_DIGITS)})`;
    return sql<number | string | null>`sum(cast(${limb} as bigint))`.as(`${alias}${i}` as `${A}${number}`);
  });
}

/** The exact sum from a row holding `amountLimbSums(…, alias)`. */
function limbTotal(row: Record<string, unknown>, alias: string): bigint {
  let total = 0n;
  for (let i = LIMBS - 1; i >= 0; i--)
    total = total * 10n ** BigInt(LIMB_DIGITS) + BigInt(String(row[`${alias}${i}`] ?? 0));
  return total;
}

/** Statuses in which the customer's money sits in escrow. */
const escrowStatuses: PostedOrderStatus[] = ["Awarded", "Shipped", "Disputed"];
/** Statuses of an order whose delivery the customer accepted or an arbiter settled. */
const completedStatuses: PostedOrderStatus[] = ["Completed", "Resolved"];

/** Orders counted by `key` (optionally only those of one customer or maker), e.g. `{ Open: 2, Completed: 1 }`. */
async function countOrdersBy(
  db: Kysely<Schema>,
  key: "status" | "process" | "material",
  of?: { party: "customer" | "maker"; account: string },
): Promise<Record<string, number>> {
  let qb = db.selectFrom("orders").select([sql.ref<string>(key).as("key"), count.as("n")]);
  if (of) qb = qb.where(of.party, "=", of.account);
  const rows = await qb.groupBy(key).execute();
  return Object.fromEntries(rows.map((r) => [r.key, Number(r.n)]));
}

/** Chain time of the read model: the time of the newest indexed block (0 before any). */
export async function indexedTime(db: Kysely<Schema>): Promise<number> {
  const newest = await db.selectFrom("blocks").select("timestamp").orderBy("number", "desc").executeTakeFirst();
  return Number(newest?.timestamp ?? 0);
}

/** Network statistics (`GET /api/stats`). */
export async function networkStats(db: Kysely<Schema>) {
  const now = await indexedTime(db);
  const [byStatus, byProcess, byMaterial, participants, bids, events, awarded, escrow, open, deliveries] =
    await Promise.all([
      countOrdersBy(db, "status"),
      countOrdersBy(db, "process"),
      countOrdersBy(db, "material"),
      db
        .selectFrom("participants")
        .select([
          count.as("total"),
          sql<number>`coalesce(sum(case when (roles & 1) = 1 then 1 else 0 end), 0)`.as("customers"),
          sql<number>`coalesce(sum(case when (roles & 2) = 2 then 1 else 0 end), 0)`.as("manufacturers"),
        ])
        .executeTakeFirstOrThrow(),
      db.selectFrom("bids").select(count.as("n")).executeTakeFirstOrThrow(),
      db.selectFrom("events").select(count.as("n")).executeTakeFirstOrThrow(),
      db
        .selectFrom("orders")
        .select(["token", count.as("n"), ...amountLimbSums(sql.ref("price"), "price")])
        .where("price", "is not", null)
        .groupBy("token")
        .orderBy("token")
        .execute(),
      db
        .selectFrom("orders")
        .select([
          "token",
          ...amountLimbSums(sql.ref("price"), "price"),
          ...amountLimbSums(sql.ref("fee"), "fee"),
          ...amountLimbSums(sql.ref("released_amount"), "released"),
        ])
        .where("status", "in", escrowStatuses)
        .groupBy("token")
        .orderBy("token")
        .execute(),
      db
        .selectFrom("orders")
        .select([
          sql<number>`coalesce(sum(case when bidding_ends > ${now} then 1 else 0 end), 0)`.as("taking"),
          count.as("total"),
        ])
        .where("status", "=", "Open")
        .executeTakeFirstOrThrow(),
      db
        .selectFrom("orders")
        .select([
          sql<number>`coalesce(sum(case when shipped_at <= due_at then 1 else 0 end), 0)`.as("onTime"),
          sql<number>`coalesce(sum(case when shipped_at > due_at then 1 else 0 end), 0)`.as("late"),
          sql<number>`coalesce(sum(case when status = 'Defaulted' then 1 else 0 end), 0)`.as("defaulted"),
        ])
        .executeTakeFirstOrThrow(),
    ]);
  const onTime = Number(deliveries.onTime);
  const decided = onTime + Number(deliveries.late) + Number(deliveries.defaulted);
  return {
    orders: {
      total: Object.values(byStatus).reduce((a, b) => a + b, 0),
      byStatus,
      byProcess,
      byMaterial,
    },
    participants: {
      total: Number(participants.total),
      customers: Number(participants.customers),
      manufacturers: Number(participants.manufacturers),
    },
    bids: Number(bids.n),
    events: Number(events.n),
    volume: awarded.map((v) => ({ token: v.token, awarded: limbTotal(v, "price").toString(), orders: Number(v.n) })),
    rfqs: { at: now, takingBids: Number(open.taking), awaitingAward: Number(open.total) - Number(open.taking) },
    escrow: escrow.map((e) => ({
      token: e.token,
      held: (limbTotal(e, "price") + limbTotal(e, "fee") - limbTotal(e, "released")).toString(),
    })),
    deliveries: {
      shippedOnTime: onTime,
      shippedLate: Number(deliveries.late),
      defaulted: Number(deliveries.defaulted),
      onTimeRate: decided === 0 ? null : Math.round((onTime / decided) * 1000) / 1000,
    },
  };
}

const bucketSizes = [
  { seconds: 3_600, unit: "hour" },
  { seconds: 6 * 3_600, unit: "6 hours" },
  { seconds: 86_400, unit: "day" },
  { seconds: 7 * 86_400, unit: "week" },
  { seconds: 30 * 86_400, unit: "month" },
] as const;

/**
 * Orders posted and completed (Completed or Resolved, by closing time), and prices awarded per
 * payment token, per time bucket up to the newest indexed block: 8 to 30 buckets of a size that
 * fits the span since the first order (`GET /api/stats/activity`).
 */
export async function activitySeries(db: Kysely<Schema>) {
  const [now, first] = await Promise.all([
    indexedTime(db),
    db.selectFrom("orders").select(sql<number | null>`min(created_at)`.as("t")).executeTakeFirstOrThrow(),
  ]);
  const span = Math.max(1, now - Math.min(now, Number(first.t ?? now)));
  const size = bucketSizes.find((b) => span / b.seconds <= 24) ?? bucketSizes[4];
  const n = Math.min(30, Math.max(8, Math.ceil(span / size.seconds) + 1));
  const end = Math.ceil((now + 1) / size.seconds) * size.seconds;
  const start = end - n * size.seconds;
  const bucketOf = (column: "created_at" | "closed_at" | "awarded_at") =>
    sql<number>`(${sql.ref(column)} - ${sql.lit(start)}) / ${sql.lit(size.seconds)}`;
  const inRange = (column: "created_at" | "closed_at" | "awarded_at") =>
    sql<boolean>`${sql.ref(column)} >= ${sql.lit(start)} and ${sql.ref(column)} < ${sql.lit(end)}`;
  const [posted, completed, awarded] = await Promise.all([
    db
      .selectFrom("orders")
      .select([bucketOf("created_at").as("i"), count.as("n")])
      .where(inRange("created_at"))
      .groupBy(bucketOf("created_at"))
      .execute(),
    db
      .selectFrom("orders")
      .select([bucketOf("closed_at").as("i"), count.as("n")])
      .where("status", "in", completedStatuses)
      .where(inRange("closed_at"))
      .groupBy(bucketOf("closed_at"))
      .execute(),
    db
      .selectFrom("orders")
      .select([bucketOf("awarded_at").as("i"), "token", ...amountLimbSums(sql.ref("price"), "price")])
      .where("price", "is not", null)
      .where(inRange("awarded_at"))
      .groupBy([bucketOf("awarded_at"), "token"])
      .execute(),
  ]);
  const buckets = Array.from({ length: n }, (_, i) => ({
    start: start + i * size.seconds,
    posted: 0,
    completed: 0,
    awarded: {} as Record<string, string>,
  }));
  // Every row's bucket is in range: each query keeps only times in [start, end).
  const bucket = (i: number | string) => buckets[Number(i)] as (typeof buckets)[number];
  for (const r of posted) bucket(r.i).posted = Number(r.n);
  for (const r of completed) bucket(r.i).completed = Number(r.n);
  for (const r of awarded) bucket(r.i).awarded[r.token] = limbTotal(r, "price").toString();
  return { at: now, bucketSeconds: size.seconds, unit: size.unit, buckets };
}

/** `account`'s orders by status, as the customer and as the manufacturer (`GET /api/participants/:address/stats`). */
export async function accountOrderStats(db: Kysely<Schema>, account: string) {
  const [asCustomer, asMaker, byProcess, byMaterial] = await Promise.all([
    countOrdersBy(db, "status", { party: "customer", account }),
    countOrdersBy(db, "status", { party: "maker", account }),
    countOrdersBy(db, "process", { party: "maker", account }),
    countOrdersBy(db, "material", { party: "maker", account }),
  ]);
  const total = (byStatus: Record<string, number>) => Object.values(byStatus).reduce((a, b) => a + b, 0);
  return {
    address: account,
    asCustomer: { total: total(asCustomer), byStatus: asCustomer },
    asMaker: { total: total(asMaker), byStatus: asMaker, byProcess, byMaterial },
  };
}
