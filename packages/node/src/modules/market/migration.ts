// The market's migrations after the first release (its first tables are in the core's `0001_init`).
import type { Kysely } from "kysely";
import type { Migration } from "kysely/migration";

export const requiredCertificationMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable("orders").addColumn("required_certification", "text").execute();
  },
};

// Issue 14: orders built under a design licence, and the royalty they pay.
export const licensedOrdersMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable("orders").addColumn("licence_id", "text").execute();
    await db.schema.alterTable("orders").addColumn("royalty", "text").execute();
    await db.schema.alterTable("orders").addColumn("royalty_recipient", "text").execute();
    await db.schema
      .alterTable("orders")
      .addColumn("royalties_paid", "text", (c) => c.notNull().defaultTo("0"))
      .execute();
  },
};

// Issue 11: ruling deadline, unruled-dispute expiry, cancellation compensation, commit deposits.
export const marketHardeningMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable("orders").addColumn("ruling_ends", "bigint").execute();
    await db.schema
      .alterTable("orders")
      .addColumn("dispute_expired", "integer", (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema.alterTable("orders").addColumn("cancellation_compensation", "text").execute();
    await db.schema.alterTable("bids").addColumn("deposit", "text").execute();
    await db.schema.alterTable("bids").addColumn("deposit_state", "text").execute();
  },
};
