// Migration `0015_vault`: what this node knows of the vault's files (uploaded here or fetched through
// it from peers). Not derived from the chain: `reindex` leaves it alone; the files are in IPFS.
import type { Kysely } from "kysely";
import type { Migration } from "kysely/migration";

export const vaultMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable("vault_files")
      .addColumn("cid", "text", (c) => c.primaryKey())
      .addColumn("size", "bigint", (c) => c.notNull())
      .addColumn("recipients", "text", (c) => c.notNull())
      .addColumn("uploader", "text")
      .addColumn("created_at", "bigint", (c) => c.notNull())
      .execute();
    await db.schema.createIndex("vault_files_created").on("vault_files").columns(["created_at", "cid"]).execute();
  },
};
