// Migration `0005_auth`: Sign-In with Ethereum nonces and sessions, so a restart keeps everyone
// signed in and a nonce spent before it stays spent. Not derived from the chain: `reindex` leaves
// these tables alone. `0008_api_limits`: see below.
import { type Kysely, sql } from "kysely";
import type { Migration } from "kysely/migration";

export const authMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable("auth_nonces")
      .addColumn("nonce", "text", (c) => c.primaryKey())
      .addColumn("expires_at", "bigint", (c) => c.notNull())
      .execute();
    await db.schema.createIndex("auth_nonces_expiry").on("auth_nonces").columns(["expires_at"]).execute();
    await db.schema
      .createTable("auth_sessions")
      .addColumn("token_hash", "text", (c) => c.primaryKey())
      .addColumn("address", "text", (c) => c.notNull())
      .addColumn("chain_id", "bigint", (c) => c.notNull())
      .addColumn("created_at", "bigint", (c) => c.notNull())
      .addColumn("expires_at", "bigint", (c) => c.notNull())
      .execute();
    await db.schema.createIndex("auth_sessions_expiry").on("auth_sessions").columns(["expires_at"]).execute();
  },
};

/**
 * `0008_api_limits`: sign-in nonces are signed with `auth_secret`, not stored (`auth_nonces` now keeps
 * the spent ones until they expire); `order_thread_sizes` counts each thread's messages so that one
 * conditional upsert reserves a place under the cap, however many posts arrive at once.
 */
export const apiLimitsMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable("auth_secret")
      .addColumn("id", "integer", (c) => c.primaryKey())
      .addColumn("secret", "text", (c) => c.notNull())
      .execute();
    await db.deleteFrom("auth_nonces" as never).execute();
    await db.schema
      .createTable("order_thread_sizes")
      .addColumn("order_id", "bigint", (c) => c.primaryKey())
      .addColumn("messages", "integer", (c) => c.notNull())
      .execute();
    await sql`INSERT INTO order_thread_sizes (order_id, messages)
      SELECT order_id, count(*) FROM order_messages GROUP BY order_id`.execute(db);
  },
};
