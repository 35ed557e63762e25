// Migration `0019_rewards`: the contribution rewards' read model (projection.ts).
import type { Kysely } from "kysely";
import type { Migration } from "kysely/migration";

export const rewardsMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable("reward_contributions")
      .addColumn("block_number", "bigint", (c) => c.notNull())
      .addColumn("log_index", "integer", (c) => c.notNull())
      .addColumn("epoch", "bigint")
      .addColumn("account", "text", (c) => c.notNull())
      .addColumn("order_id", "text", (c) => c.notNull())
      .addColumn("kind", "text", (c) => c.notNull())
      .addColumn("service_id", "text", (c) => c.notNull())
      .addColumn("points", "text", (c) => c.notNull())
      .addColumn("self_dealing_with", "text")
      .addColumn("at", "bigint", (c) => c.notNull())
      .addColumn("tx_hash", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("reward_contributions_pk", ["block_number", "log_index"])
      .execute();
    await db.schema
      .createIndex("reward_contributions_account")
      .on("reward_contributions")
      .columns(["account", "epoch"])
      .execute();
    await db.schema.createIndex("reward_contributions_epoch").on("reward_contributions").columns(["epoch"]).execute();
    for (const [table, party] of [
      ["reward_funding", "funder"],
      ["reward_claims", "account"],
      ["reward_returns", "recipient"],
    ] as const) {
      await db.schema
        .createTable(table)
        .addColumn("block_number", "bigint", (c) => c.notNull())
        .addColumn("log_index", "integer", (c) => c.notNull())
        .addColumn("epoch", "bigint", (c) => c.notNull())
        .addColumn(party, "text", (c) => c.notNull())
        .addColumn("amount", "text", (c) => c.notNull())
        .addColumn("at", "bigint", (c) => c.notNull())
        .addColumn("tx_hash", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint(`${table}_pk`, ["block_number", "log_index"])
        .execute();
      await db.schema.createIndex(`${table}_epoch`).on(table).columns(["epoch"]).execute();
    }
    await db.schema
      .createTable("reward_schedule")
      .addColumn("block_number", "bigint", (c) => c.notNull())
      .addColumn("log_index", "integer", (c) => c.notNull())
      .addColumn("first_epoch", "bigint", (c) => c.notNull())
      .addColumn("start", "bigint", (c) => c.notNull())
      .addColumn("length", "bigint", (c) => c.notNull())
      .addColumn("cap_bps", "integer", (c) => c.notNull())
      .addPrimaryKeyConstraint("reward_schedule_pk", ["block_number", "log_index"])
      .execute();
  },
};
