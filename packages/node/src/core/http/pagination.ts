// Keyset pagination shared by every list route: `{ items, next }`, stable under inserts.
import { type RawBuilder, type SelectQueryBuilder, sql } from "kysely";
import { ApiError } from "./errors.ts";

/** Common list query: page size, cursor, direction. */
export type Page = { limit: number; cursor?: string; order: "asc" | "desc" };

function encodeCursor(key: unknown[]): string {
  return Buffer.from(JSON.stringify(key)).toString("base64url");
}

/** Decodes a `next` cursor of the given shape; 400 naming `cursor` otherwise. */
export function decodeCursor(cursor: string | undefined, shape: ("number" | "string")[]): unknown[] | undefined {
  if (cursor === undefined) return undefined;
  try {
    const key = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown;
    if (Array.isArray(key) && key.length === shape.length && key.every((v, i) => typeof v === shape[i])) return key;
  } catch {}
  throw new ApiError(400, "cursor is not a value returned as `next` by this list", "cursor");
}

/** `{ items, next }` from `limit + 1` rows. */
export function pageOf<R, T>(rows: R[], page: Page, keyOf: (row: R) => unknown[], map: (row: R) => T) {
  const more = rows.length > page.limit;
  const items = more ? rows.slice(0, page.limit) : rows;
  const last = items[items.length - 1];
  return { items: items.map(map), next: more && last !== undefined ? encodeCursor(keyOf(last)) : null };
}

/** One part of a list's sort order: an SQL expression and its value in a row (for the cursor). */
export type SortKey<R> = { sql: RawBuilder<unknown>; type: "number" | "string"; of: (row: R) => number | string };

export function columnKey<R>(column: keyof R & string, type: "number" | "string"): SortKey<R> {
  return {
    sql: sql`${sql.ref(column)}`,
    type,
    of: (row) => (type === "number" ? Number(row[column]) : String(row[column])),
  };
}

/**
 * Keys that sort a decimal-string amount column numerically (by length, then text: amounts have no
 * leading zeros); NULL sorts as the smallest amount.
 */
export function amountKeys<R>(column: keyof R & string): SortKey<R>[] {
  const text = sql<string>`coalesce(${sql.ref(column)}, '')`;
  const value = (row: R) => String(row[column] ?? "");
  return [
    { sql: sql`length(${text})`, type: "number", of: (row) => value(row).length },
    { sql: text, type: "string", of: value },
  ];
}

/**
 * One page of a query in the order of `keys` (all in the page's direction), after the cursor's key:
 * keyset pagination on the row value of the keys, stable under inserts. The last key must be unique.
 */
export async function listPage<DB, TB extends keyof DB, O, T>(
  qb: SelectQueryBuilder<DB, TB, O>,
  keys: readonly SortKey<O>[],
  page: Page,
  view: (row: O) => T,
) {
  const key = decodeCursor(
    page.cursor,
    keys.map((k) => k.type),
  );
  const keyRow = sql.join(keys.map((k) => k.sql));
  let q = qb;
  if (key) q = q.where(sql<boolean>`(${keyRow}) ${sql.raw(page.order === "desc" ? "<" : ">")} (${sql.join(key)})`);
  for (const k of keys) q = q.orderBy(k.sql, page.order);
  const rows = (await q.limit(page.limit + 1).execute()) as O[];
  return pageOf(rows, page, (row) => keys.map((k) => k.of(row)), view);
}

/** `sort` query parameter over the keys of `sorts`. */
export const sortParam = <Sorts extends object>(sorts: Sorts, fallback: keyof Sorts & string, description: string) =>
  ({
    type: "string",
    enum: Object.keys(sorts) as (keyof Sorts & string)[],
    default: fallback,
    description: `${description}. Default: ${fallback}`,
  }) as const;
