// Migration `0013_designs`: the design registry's and confidential access's read model (projection.ts).
import type { Kysely } from "kysely";
import type { Migration } from "kysely/migration";

export const designsMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable("designs")
      .addColumn("design_id", "bigint", (c) => c.primaryKey())
      .addColumn("owner", "text", (c) => c.notNull())
      .addColumn("registrant", "text", (c) => c.notNull())
      .addColumn("content_hash", "text", (c) => c.notNull())
      .addColumn("cid", "text", (c) => c.notNull())
      .addColumn("title", "text", (c) => c.notNull())
      .addColumn("parent_id", "bigint", (c) => c.notNull())
      .addColumn("registered_block", "bigint", (c) => c.notNull())
      .addColumn("registered_at", "bigint", (c) => c.notNull())
      .addColumn("tx_hash", "text", (c) => c.notNull())
      .execute();
    await db.schema.createIndex("designs_owner").on("designs").columns(["owner"]).execute();
    await db.schema.createIndex("designs_parent").on("designs").columns(["parent_id"]).execute();
    await db.schema
      .createTable("licences")
      .addColumn("licence_id", "bigint", (c) => c.primaryKey())
      .addColumn("design_id", "bigint", (c) => c.notNull())
      .addColumn("issuer", "text", (c) => c.notNull())
      .addColumn("payment_token", "text", (c) => c.notNull())
      .addColumn("royalty_per_unit", "text", (c) => c.notNull())
      .addColumn("max_units", "text", (c) => c.notNull())
      .addColumn("units_built", "text", (c) => c.notNull())
      .addColumn("royalties", "text", (c) => c.notNull())
      .addColumn("expires_at", "bigint", (c) => c.notNull())
      .addColumn("ended_at", "bigint")
      .addColumn("open", "integer", (c) => c.notNull())
      .addColumn("makers", "text", (c) => c.notNull())
      .addColumn("created_block", "bigint", (c) => c.notNull())
      .addColumn("created_at", "bigint", (c) => c.notNull())
      .execute();
    await db.schema.createIndex("licences_design").on("licences").columns(["design_id"]).execute();
    await db.schema
      .createTable("order_packages")
      .addColumn("order_id", "bigint", (c) => c.primaryKey())
      .addColumn("customer", "text", (c) => c.notNull())
      .addColumn("nda_hash", "text", (c) => c.notNull())
      .addColumn("version", "integer", (c) => c.notNull())
      .addColumn("package_cid", "text", (c) => c.notNull())
      .addColumn("preview_cid", "text", (c) => c.notNull())
      .addColumn("set_block", "bigint", (c) => c.notNull())
      .addColumn("set_at", "bigint", (c) => c.notNull())
      .execute();
    await db.schema
      .createTable("nda_acceptances")
      .addColumn("order_id", "bigint", (c) => c.notNull())
      .addColumn("account", "text", (c) => c.notNull())
      .addColumn("nda_hash", "text", (c) => c.notNull())
      .addColumn("accepted_block", "bigint", (c) => c.notNull())
      .addColumn("accepted_at", "bigint", (c) => c.notNull())
      .addPrimaryKeyConstraint("nda_acceptances_pk", ["order_id", "account"])
      .execute();
    await db.schema
      .createTable("access_grants")
      .addColumn("grant_id", "bigint", (c) => c.primaryKey())
      .addColumn("order_id", "bigint", (c) => c.notNull())
      .addColumn("grantor", "text", (c) => c.notNull())
      .addColumn("grantee", "text", (c) => c.notNull())
      .addColumn("file_cid", "text", (c) => c.notNull())
      .addColumn("key_envelope_cid", "text", (c) => c.notNull())
      .addColumn("granted_block", "bigint", (c) => c.notNull())
      .addColumn("granted_at", "bigint", (c) => c.notNull())
      .addColumn("revoked_at", "bigint")
      .execute();
    await db.schema.createIndex("access_grants_order").on("access_grants").columns(["order_id"]).execute();
  },
};
