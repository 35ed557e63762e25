// Migration `0012_governance`: the DAO's read model (projection.ts).
import type { Kysely } from "kysely";
import type { Migration } from "kysely/migration";

export const governanceMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable("gov_proposals")
      .addColumn("proposal_id", "text", (c) => c.primaryKey())
      .addColumn("proposer", "text", (c) => c.notNull())
      .addColumn("description", "text", (c) => c.notNull())
      .addColumn("actions", "text", (c) => c.notNull())
      .addColumn("vote_start", "bigint", (c) => c.notNull())
      .addColumn("vote_end", "bigint", (c) => c.notNull())
      .addColumn("created_block", "bigint", (c) => c.notNull())
      .addColumn("created_log_index", "integer", (c) => c.notNull())
      .addColumn("created_at", "bigint", (c) => c.notNull())
      .addColumn("created_tx", "text", (c) => c.notNull())
      .addColumn("votes_for", "text", (c) => c.notNull())
      .addColumn("votes_against", "text", (c) => c.notNull())
      .addColumn("votes_abstain", "text", (c) => c.notNull())
      .addColumn("queued_at", "bigint")
      .addColumn("eta", "bigint")
      .addColumn("executed_at", "bigint")
      .addColumn("canceled_at", "bigint")
      .execute();
    await db.schema
      .createIndex("gov_proposals_created")
      .on("gov_proposals")
      .columns(["created_block", "created_log_index"])
      .execute();
    await db.schema
      .createTable("gov_votes")
      .addColumn("block_number", "bigint", (c) => c.notNull())
      .addColumn("log_index", "integer", (c) => c.notNull())
      .addColumn("proposal_id", "text", (c) => c.notNull())
      .addColumn("voter", "text", (c) => c.notNull())
      .addColumn("support", "integer", (c) => c.notNull())
      .addColumn("weight", "text", (c) => c.notNull())
      .addColumn("reason", "text", (c) => c.notNull())
      .addColumn("at", "bigint", (c) => c.notNull())
      .addColumn("tx_hash", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("gov_votes_pk", ["block_number", "log_index"])
      .execute();
    await db.schema.createIndex("gov_votes_proposal").on("gov_votes").columns(["proposal_id"]).execute();
    await db.schema
      .createTable("gov_parameter_changes")
      .addColumn("block_number", "bigint", (c) => c.notNull())
      .addColumn("log_index", "integer", (c) => c.notNull())
      .addColumn("seq", "integer", (c) => c.notNull())
      .addColumn("contract", "text", (c) => c.notNull())
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("member", "text", (c) => c.notNull())
      .addColumn("value", "text", (c) => c.notNull())
      .addColumn("at", "bigint", (c) => c.notNull())
      .addColumn("tx_hash", "text", (c) => c.notNull())
      .addColumn("proposal_id", "text")
      .addPrimaryKeyConstraint("gov_parameter_changes_pk", ["block_number", "log_index", "seq"])
      .execute();
    await db.schema
      .createIndex("gov_parameter_changes_parameter")
      .on("gov_parameter_changes")
      .columns(["contract", "name", "member"])
      .execute();
    await db.schema
      .createTable("gov_supply")
      .addColumn("block_number", "bigint", (c) => c.notNull())
      .addColumn("log_index", "integer", (c) => c.notNull())
      .addColumn("at", "bigint", (c) => c.notNull())
      .addColumn("total_supply", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("gov_supply_pk", ["block_number", "log_index"])
      .execute();
    await db.schema
      .createTable("gov_accounts")
      .addColumn("address", "text", (c) => c.primaryKey())
      .addColumn("balance", "text", (c) => c.notNull())
      .addColumn("delegate", "text")
      .addColumn("votes", "text", (c) => c.notNull())
      .addColumn("updated_block", "bigint", (c) => c.notNull())
      .execute();
    await db.schema.createIndex("gov_accounts_delegate").on("gov_accounts").columns(["delegate"]).execute();
    await db.schema
      .createTable("gov_treasury")
      .addColumn("block_number", "bigint", (c) => c.notNull())
      .addColumn("log_index", "integer", (c) => c.notNull())
      .addColumn("kind", "text", (c) => c.notNull())
      .addColumn("token", "text", (c) => c.notNull())
      .addColumn("amount", "text", (c) => c.notNull())
      .addColumn("counterparty", "text", (c) => c.notNull())
      .addColumn("at", "bigint", (c) => c.notNull())
      .addColumn("tx_hash", "text", (c) => c.notNull())
      .addColumn("proposal_id", "text")
      .addPrimaryKeyConstraint("gov_treasury_pk", ["block_number", "log_index"])
      .execute();
  },
};
