// Migration `0006_private`: what signed-in accounts write through the private routes (threads and
// account settings). Not derived from the chain: `reindex` leaves these tables alone.
import type { Kysely } from "kysely";
import type { Migration } from "kysely/migration";

export const privateDataMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable("order_messages")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("order_id", "bigint", (c) => c.notNull())
      .addColumn("author", "text", (c) => c.notNull())
      .addColumn("role", "text", (c) => c.notNull())
      .addColumn("body", "text", (c) => c.notNull())
      .addColumn("created_at", "bigint", (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex("order_messages_order")
      .on("order_messages")
      .columns(["order_id", "created_at", "id"])
      .execute();
    await db.schema
      .createTable("account_settings")
      .addColumn("address", "text", (c) => c.primaryKey())
      .addColumn("email", "text")
      .addColumn("notify", "text", (c) => c.notNull())
      .addColumn("updated_at", "bigint", (c) => c.notNull())
      .execute();
  },
};

// Migration `0017_sealed_messages`: threads hold ciphertext only (issue 14, item 6). Pre-release, no
// thread worth keeping: the plaintext table is dropped and made again, and the thread sizes reset.
export const sealedMessagesMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.dropTable("order_messages").execute();
    await db.deleteFrom("order_thread_sizes" as never).execute();
    await db.schema
      .createTable("order_messages")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("order_id", "bigint", (c) => c.notNull())
      .addColumn("author", "text", (c) => c.notNull())
      .addColumn("role", "text", (c) => c.notNull())
      .addColumn("ciphertext", "text", (c) => c.notNull())
      .addColumn("recipients", "text", (c) => c.notNull())
      .addColumn("created_at", "bigint", (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex("order_messages_order")
      .on("order_messages")
      .columns(["order_id", "created_at", "id"])
      .execute();
  },
};
