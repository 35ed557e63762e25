// Migration `0002_iot`: the IoT tables (see src/iot/schema.ts). Registered in src/db/migrations.ts.
import type { Kysely } from "kysely";
import type { Migration } from "kysely/migration";

export const iotMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable("iot_devices")
      .addColumn("device_id", "text", (c) => c.primaryKey())
      .addColumn("key_type", "text", (c) => c.notNull())
      .addColumn("public_key", "text", (c) => c.notNull())
      .addColumn("manufacturer", "text", (c) => c.notNull())
      .addColumn("machine", "text", (c) => c.notNull())
      .addColumn("revoked", "integer", (c) => c.notNull())
      .addColumn("source", "text", (c) => c.notNull())
      .addColumn("source_ref", "text")
      .addColumn("registered_at", "bigint", (c) => c.notNull())
      .addColumn("updated_at", "bigint", (c) => c.notNull())
      .execute();
    await db.schema.createIndex("iot_devices_machine").on("iot_devices").columns(["manufacturer", "machine"]).execute();
    await db.schema
      .createTable("iot_device_state")
      .addColumn("device_id", "text", (c) => c.primaryKey())
      .addColumn("last_seq", "bigint", (c) => c.notNull())
      .addColumn("last_ts", "bigint", (c) => c.notNull())
      .addColumn("messages", "bigint", (c) => c.notNull())
      .addColumn("updated_at", "bigint", (c) => c.notNull())
      .execute();
    await db.schema
      .createTable("iot_messages")
      .addColumn("device_id", "text", (c) => c.notNull())
      .addColumn("seq", "bigint", (c) => c.notNull())
      .addColumn("ts", "bigint", (c) => c.notNull())
      .addColumn("received_at", "bigint", (c) => c.notNull())
      .addColumn("topic", "text", (c) => c.notNull())
      .addColumn("body", "text", (c) => c.notNull())
      .addColumn("sig", "text", (c) => c.notNull())
      .addColumn("readings", "integer", (c) => c.notNull())
      .addPrimaryKeyConstraint("iot_messages_pk", ["device_id", "seq"])
      .execute();
    await db.schema.createIndex("iot_messages_received").on("iot_messages").columns(["received_at"]).execute();
    await db.schema
      .createTable("iot_readings")
      .addColumn("device_id", "text", (c) => c.notNull())
      .addColumn("seq", "bigint", (c) => c.notNull())
      .addColumn("idx", "integer", (c) => c.notNull())
      .addColumn("metric", "text", (c) => c.notNull())
      .addColumn("value", "text", (c) => c.notNull())
      .addColumn("num", "double precision")
      .addColumn("unit", "text")
      .addColumn("ts", "bigint", (c) => c.notNull())
      .addPrimaryKeyConstraint("iot_readings_pk", ["device_id", "seq", "idx"])
      .execute();
    await db.schema
      .createIndex("iot_readings_metric")
      .on("iot_readings")
      .columns(["device_id", "metric", "ts"])
      .execute();
  },
};
