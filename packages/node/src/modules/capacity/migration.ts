// Migration `0003_capacity`: the capacity ledger's read model (src/capacity/projection.ts).
import type { Kysely } from "kysely";
import type { Migration } from "kysely/migration";

export const capacityMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable("machines")
      .addColumn("machine_id", "bigint", (c) => c.primaryKey())
      .addColumn("owner", "text", (c) => c.notNull())
      .addColumn("active", "integer", (c) => c.notNull())
      .addColumn("process", "text", (c) => c.notNull())
      .addColumn("materials", "text", (c) => c.notNull())
      .addColumn("envelope_x", "integer", (c) => c.notNull())
      .addColumn("envelope_y", "integer", (c) => c.notNull())
      .addColumn("envelope_z", "integer", (c) => c.notNull())
      .addColumn("hourly_rate", "text", (c) => c.notNull())
      .addColumn("latitude", "integer", (c) => c.notNull())
      .addColumn("longitude", "integer", (c) => c.notNull())
      .addColumn("slot_seconds", "integer", (c) => c.notNull())
      .addColumn("registered_block", "bigint", (c) => c.notNull())
      .addColumn("registered_at", "bigint", (c) => c.notNull())
      .addColumn("updated_block", "bigint", (c) => c.notNull())
      .execute();
    await db.schema.createIndex("machines_owner").on("machines").columns(["owner"]).execute();
    await db.schema
      .createTable("reservations")
      .addColumn("reservation_id", "bigint", (c) => c.primaryKey())
      .addColumn("machine_id", "bigint", (c) => c.notNull())
      .addColumn("order_id", "bigint", (c) => c.notNull())
      .addColumn("from_slot", "bigint", (c) => c.notNull())
      .addColumn("to_slot", "bigint", (c) => c.notNull())
      .addColumn("start_time", "bigint", (c) => c.notNull())
      .addColumn("end_time", "bigint", (c) => c.notNull())
      .addColumn("agent", "text", (c) => c.notNull())
      .addColumn("status", "text", (c) => c.notNull())
      .addColumn("made_block", "bigint", (c) => c.notNull())
      .addColumn("made_at", "bigint", (c) => c.notNull())
      .addColumn("updated_block", "bigint", (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex("reservations_machine_time")
      .on("reservations")
      .columns(["machine_id", "start_time"])
      .execute();
    await db.schema.createIndex("reservations_order").on("reservations").columns(["order_id"]).execute();
    await db.schema
      .createTable("downtimes")
      .addColumn("downtime_id", "bigint", (c) => c.primaryKey())
      .addColumn("machine_id", "bigint", (c) => c.notNull())
      .addColumn("from_slot", "bigint", (c) => c.notNull())
      .addColumn("to_slot", "bigint", (c) => c.notNull())
      .addColumn("start_time", "bigint", (c) => c.notNull())
      .addColumn("end_time", "bigint", (c) => c.notNull())
      .addColumn("reason", "text", (c) => c.notNull())
      .addColumn("ended", "integer", (c) => c.notNull())
      .addColumn("released_reservation_ids", "text", (c) => c.notNull())
      .addColumn("declared_block", "bigint", (c) => c.notNull())
      .addColumn("declared_at", "bigint", (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex("downtimes_machine_time")
      .on("downtimes")
      .columns(["machine_id", "start_time"])
      .execute();
  },
};
