// Who may act on an order's private side (its thread, its private view, publishing its documents):
// its customer (registered as customer), its maker (registered as manufacturer) and an arbiter —
// any arbiter governance admits while the order is disputed, afterwards only the one who ruled.
import type { Kysely } from "kysely";
import type { OrdersTable, Schema } from "../../core/db/schema.ts";
import { ApiError } from "../../core/http/errors.ts";
import type { Session } from "../auth/routes.ts";

/** The capacity in which an account may see an order's private data. */
export type OrderRole = "customer" | "maker" | "arbiter";

const roleBits = { customer: 1, manufacturer: 2 } as const;

/** The registered roles of an account (0 when unregistered). */
export async function rolesOf(db: Kysely<Schema>, address: string): Promise<number> {
  const row = await db.selectFrom("participants").select("roles").where("address", "=", address).executeTakeFirst();
  return row?.roles ?? 0;
}

/**
 * Authorises sessions on orders of one market.
 * @example const { order, role } = await orderAccess(db, market)(session, 12); // 404 / 403 otherwise
 */
export function orderAccess(
  db: Kysely<Schema>,
  orderMarket: string,
): (session: Session, id: number) => Promise<{ order: OrdersTable; role: OrderRole }> {
  const admittedArbiters = () => admittedArbitersOf(db, orderMarket);
  return async (session, id) => {
    const me = session.address.toLowerCase();
    const order = await db.selectFrom("orders").selectAll().where("id", "=", id).executeTakeFirst();
    if (!order) throw new ApiError(404, `order ${id} not found`);
    const roles = await rolesOf(db, me);
    let role: OrderRole | undefined;
    if (order.customer === me && roles & roleBits.customer) role = "customer";
    else if (order.maker === me && roles & roleBits.manufacturer) role = "maker";
    else if (order.arbiter === me) role = "arbiter";
    else if (order.status === "Disputed" && (await admittedArbiters()).includes(me)) role = "arbiter";
    if (!role) {
      throw new ApiError(
        403,
        `${session.address} is not the customer, the maker or the dispute's arbiter of order ${order.id}`,
      );
    }
    return { order, role };
  };
}

/** The arbiters governance admits on the order market (lowercase). */
async function admittedArbitersOf(db: Kysely<Schema>, orderMarket: string): Promise<string[]> {
  const row = await db
    .selectFrom("contract_state")
    .select("state")
    .where("address", "=", orderMarket.toLowerCase())
    .executeTakeFirst();
  const arbiters = row ? (JSON.parse(row.state) as { arbiters?: string[] }).arbiters : undefined;
  return (arbiters ?? []).map((a) => a.toLowerCase());
}

/** Who may read an order's thread now; `required` ones every new message must be sealed to. */
export type ThreadReader = { account: string; role: OrderRole; required: boolean };

/**
 * The readers of an order's thread: its customer and maker (required), and the arbiters who may rule
 * it — every admitted arbiter while it is disputed, afterwards the one who ruled (optional: an
 * arbiter reads the messages written to it, from the dispute on).
 */
export async function threadReaders(
  db: Kysely<Schema>,
  orderMarket: string,
  order: OrdersTable,
): Promise<ThreadReader[]> {
  const readers: ThreadReader[] = [{ account: order.customer, role: "customer", required: true }];
  if (order.maker) readers.push({ account: order.maker, role: "maker", required: true });
  const arbiters =
    order.status === "Disputed" ? await admittedArbitersOf(db, orderMarket) : order.arbiter ? [order.arbiter] : [];
  for (const a of arbiters)
    if (!readers.some((r) => r.account === a)) readers.push({ account: a, role: "arbiter", required: false });
  return readers;
}
