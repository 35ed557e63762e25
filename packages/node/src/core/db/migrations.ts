// Migrations run in name order across the core and every module, for SQLite and PostgreSQL alike:
// only portable column types.
import type { Kysely } from "kysely";
import { type Migration, type MigrationProvider, Migrator } from "kysely/migration";

const init: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable("cursor")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("chain_id", "bigint", (c) => c.notNull())
      .addColumn("deployment", "text", (c) => c.notNull())
      .addColumn("block_number", "bigint", (c) => c.notNull())
      .addColumn("block_hash", "text", (c) => c.notNull())
      .addColumn("updated_at", "bigint", (c) => c.notNull())
      .execute();
    await db.schema
      .createTable("blocks")
      .addColumn("chain_id", "bigint", (c) => c.notNull())
      .addColumn("number", "bigint", (c) => c.notNull())
      .addColumn("hash", "text", (c) => c.notNull())
      .addColumn("parent_hash", "text", (c) => c.notNull())
      .addColumn("timestamp", "bigint", (c) => c.notNull())
      .addPrimaryKeyConstraint("blocks_pk", ["chain_id", "number"])
      .execute();
    await db.schema
      .createTable("events")
      .addColumn("chain_id", "bigint", (c) => c.notNull())
      .addColumn("block_hash", "text", (c) => c.notNull())
      .addColumn("log_index", "integer", (c) => c.notNull())
      .addColumn("block_number", "bigint", (c) => c.notNull())
      .addColumn("block_time", "bigint", (c) => c.notNull())
      .addColumn("tx_hash", "text", (c) => c.notNull())
      .addColumn("tx_index", "integer", (c) => c.notNull())
      .addColumn("contract", "text", (c) => c.notNull())
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("order_id", "bigint")
      .addColumn("account", "text")
      .addColumn("args", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("events_pk", ["chain_id", "block_hash", "log_index"])
      .execute();
    await db.schema.createIndex("events_block").on("events").columns(["block_number", "log_index"]).execute();
    await db.schema
      .createIndex("events_order")
      .on("events")
      .columns(["order_id", "block_number", "log_index"])
      .execute();
    await db.schema.createIndex("events_account").on("events").columns(["account", "block_number"]).execute();

    await db.schema
      .createTable("participants")
      .addColumn("address", "text", (c) => c.primaryKey())
      .addColumn("roles", "integer", (c) => c.notNull())
      .addColumn("registered_at", "bigint", (c) => c.notNull())
      .addColumn("registered_block", "bigint", (c) => c.notNull())
      .addColumn("profile_hash", "text", (c) => c.notNull())
      .addColumn("profile_uri", "text", (c) => c.notNull())
      .addColumn("encryption_key", "text", (c) => c.notNull())
      .addColumn("stake", "text", (c) => c.notNull())
      .addColumn("locked", "text", (c) => c.notNull())
      .addColumn("open_bonds", "integer", (c) => c.notNull())
      .addColumn("updated_block", "bigint", (c) => c.notNull())
      .addColumn("updated_at", "bigint", (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex("participants_registered")
      .on("participants")
      .columns(["registered_block", "address"])
      .execute();

    let orders = db.schema.createTable("orders").addColumn("id", "bigint", (c) => c.primaryKey());
    for (const name of [
      "customer",
      "status",
      "token",
      "budget",
      "bond",
      "invitees",
      "spec_hash",
      "spec_uri",
      "process",
      "material",
      "milestone_bps",
      "released_amount",
      "created_tx",
    ]) {
      orders = orders.addColumn(name, "text", (c) => c.notNull());
    }
    for (const name of [
      "maker",
      "price",
      "fee",
      "arbiter",
      "maker_amount",
      "customer_refund",
      "settled_fee",
      "bond_slashed",
    ]) {
      orders = orders.addColumn(name, "text");
    }
    for (const name of [
      "deadline",
      "bidding_ends",
      "reveal_ends",
      "created_block",
      "created_at",
      "updated_block",
      "updated_at",
    ]) {
      orders = orders.addColumn(name, "bigint", (c) => c.notNull());
    }
    for (const name of ["sealed", "quantity", "milestones_submitted", "milestones_released", "bid_count"]) {
      orders = orders.addColumn(name, "integer", (c) => c.notNull());
    }
    for (const name of ["lead_time", "refund_bps", "slash_bps"]) orders = orders.addColumn(name, "integer");
    for (const name of ["due_at", "acceptance_ends", "awarded_at", "shipped_at", "closed_at"])
      orders = orders.addColumn(name, "bigint");
    await orders.execute();
    await db.schema.createIndex("orders_status").on("orders").columns(["status", "id"]).execute();
    await db.schema.createIndex("orders_customer").on("orders").columns(["customer", "id"]).execute();
    await db.schema.createIndex("orders_maker").on("orders").columns(["maker", "id"]).execute();

    await db.schema
      .createTable("bids")
      .addColumn("order_id", "bigint", (c) => c.notNull())
      .addColumn("maker", "text", (c) => c.notNull())
      .addColumn("state", "text", (c) => c.notNull())
      .addColumn("price", "text")
      .addColumn("lead_time", "integer")
      .addColumn("commitment", "text")
      .addColumn("counter_price", "text")
      .addColumn("counter_lead_time", "integer")
      .addColumn("created_block", "bigint", (c) => c.notNull())
      .addColumn("created_at", "bigint", (c) => c.notNull())
      .addColumn("updated_block", "bigint", (c) => c.notNull())
      .addColumn("updated_at", "bigint", (c) => c.notNull())
      .addColumn("updated_tx", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("bids_pk", ["order_id", "maker"])
      .execute();
    await db.schema.createIndex("bids_maker").on("bids").columns(["maker", "order_id"]).execute();

    await db.schema
      .createTable("milestones")
      .addColumn("order_id", "bigint", (c) => c.notNull())
      .addColumn("idx", "integer", (c) => c.notNull())
      .addColumn("bps", "integer", (c) => c.notNull())
      .addColumn("evidence_hash", "text")
      .addColumn("submitted_tx", "text")
      .addColumn("submitted_block", "bigint")
      .addColumn("submitted_at", "bigint")
      .addColumn("amount", "text")
      .addColumn("released_tx", "text")
      .addColumn("released_block", "bigint")
      .addColumn("released_at", "bigint")
      .addPrimaryKeyConstraint("milestones_pk", ["order_id", "idx"])
      .execute();

    await db.schema
      .createTable("contract_state")
      .addColumn("address", "text", (c) => c.primaryKey())
      .addColumn("kind", "text", (c) => c.notNull())
      .addColumn("state", "text", (c) => c.notNull())
      .addColumn("updated_block", "bigint", (c) => c.notNull())
      .execute();

    await db.schema
      .createTable("ledger")
      .addColumn("chain_id", "bigint", (c) => c.notNull())
      .addColumn("block_hash", "text", (c) => c.notNull())
      .addColumn("log_index", "integer", (c) => c.notNull())
      .addColumn("seq", "integer", (c) => c.notNull())
      .addColumn("block_number", "bigint", (c) => c.notNull())
      .addColumn("contract", "text", (c) => c.notNull())
      .addColumn("token", "text", (c) => c.notNull())
      .addColumn("account", "text", (c) => c.notNull())
      .addColumn("delta", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("ledger_pk", ["chain_id", "block_hash", "log_index", "seq"])
      .execute();
    await db.schema.createIndex("ledger_key").on("ledger").columns(["contract", "token", "account"]).execute();
    await db.schema.createIndex("ledger_block").on("ledger").column("block_number").execute();

    await db.schema
      .createTable("balances")
      .addColumn("contract", "text", (c) => c.notNull())
      .addColumn("token", "text", (c) => c.notNull())
      .addColumn("account", "text", (c) => c.notNull())
      .addColumn("owed", "text", (c) => c.notNull())
      .addColumn("updated_block", "bigint", (c) => c.notNull())
      .addPrimaryKeyConstraint("balances_pk", ["contract", "token", "account"])
      .execute();
    await db.schema.createIndex("balances_account").on("balances").columns(["account"]).execute();
  },
};

/**
 * The first release's schema, from before the node was split into modules: the core's cursor,
 * blocks and events, and the market's and registry's first tables. Every later migration is a
 * module's (`NodeModule.migrations`).
 */
export const initialMigrations: Readonly<Record<string, Migration>> = { "0001_init": init };

/**
 * Brings the schema up to date, or to migration `to` (tests of a migration on older data); throws
 * with the failing migration's name.
 */
export async function migrate(
  db: Kysely<unknown>,
  migrations: Readonly<Record<string, Migration>>,
  to?: string,
): Promise<void> {
  const provider: MigrationProvider = { getMigrations: async () => ({ ...migrations }) };
  const migrator = new Migrator({
    db,
    provider,
    migrationTableName: "dipnet_migrations",
    migrationLockTableName: "dipnet_migrations_lock",
  });
  const { error, results } = await (to === undefined ? migrator.migrateToLatest() : migrator.migrateTo(to));
  if (error) {
    const failed = results?.find((r) => r.status === "Error")?.migrationName ?? "unknown";
    throw new Error(`database migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
}
