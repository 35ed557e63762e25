// Migration `0002_iot`: the IoT tables (see src/iot/schema.ts). Registered in src/db/migrations.ts.

import { parseDeviceTopic } from "@dipnet/sdk";
import { parseSparkplugTopic } from "@dipnet/sdk/mqtt";
import { type Kysely, sql } from "kysely";
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

type Column = [name: string, type: "text" | "bigint" | "integer" | "double precision", notNull: boolean];

/** The IoT tables from migration `0011_device_namespaces` on: every device row keyed by (manufacturer, device_id). */
const namespacedTables: { name: string; columns: Column[]; key: string[]; indexes: [string, string[]][] }[] = [
  {
    name: "iot_devices",
    columns: [
      ["manufacturer", "text", true],
      ["device_id", "text", true],
      ["key_type", "text", true],
      ["public_key", "text", true],
      ["machine", "text", true],
      ["revoked", "integer", true],
      ["source", "text", true],
      ["source_ref", "text", false],
      ["registered_at", "bigint", true],
      ["updated_at", "bigint", true],
    ],
    key: ["manufacturer", "device_id"],
    indexes: [["iot_devices_machine", ["manufacturer", "machine"]]],
  },
  {
    name: "iot_device_state",
    columns: [
      ["manufacturer", "text", true],
      ["device_id", "text", true],
      ["last_seq", "bigint", true],
      ["last_ts", "bigint", true],
      ["messages", "bigint", true],
      ["updated_at", "bigint", true],
    ],
    key: ["manufacturer", "device_id"],
    indexes: [],
  },
  {
    name: "iot_messages",
    columns: [
      ["manufacturer", "text", true],
      ["device_id", "text", true],
      ["seq", "bigint", true],
      ["ts", "bigint", true],
      ["received_at", "bigint", true],
      ["topic", "text", true],
      ["body", "text", true],
      ["sig", "text", true],
      ["readings", "integer", true],
      // Added by `0007_evidence`: the Merkle batch of the message.
      ["batch_id", "bigint", false],
    ],
    key: ["manufacturer", "device_id", "seq"],
    indexes: [
      ["iot_messages_received", ["received_at"]],
      ["iot_messages_batch", ["batch_id"]],
    ],
  },
  {
    name: "iot_readings",
    columns: [
      ["manufacturer", "text", true],
      ["device_id", "text", true],
      ["seq", "bigint", true],
      ["idx", "integer", true],
      ["metric", "text", true],
      ["value", "text", true],
      ["num", "double precision", false],
      ["unit", "text", false],
      ["ts", "bigint", true],
    ],
    key: ["manufacturer", "device_id", "seq", "idx"],
    indexes: [["iot_readings_metric", ["manufacturer", "device_id", "metric", "ts"]]],
  },
];

/**
 * Migration `0011_device_namespaces`: device ids live in their manufacturer's namespace (as on the
 * evidence registry), so two manufacturers' devices of one id are two devices. Each IoT table is
 * rebuilt with `manufacturer` in its key; until now an id was unique, so each existing row takes its
 * device's manufacturer (from the device table, else from the topic its messages came on).
 */
export const deviceNamespacesMigration: Migration = {
  async up(db: Kysely<unknown>) {
    const old = db.withTables<{
      iot_devices: { device_id: string; manufacturer: string };
      iot_messages: { device_id: string; topic: string };
    }>();
    const manufacturers = new Map<string, string>();
    for (const m of await old.selectFrom("iot_messages").select(["device_id", "topic"]).distinct().execute()) {
      const origin = parseDeviceTopic(m.topic) ?? parseSparkplugTopic(m.topic);
      if (origin) manufacturers.set(m.device_id, origin.manufacturer);
    }
    for (const d of await old.selectFrom("iot_devices").select(["device_id", "manufacturer"]).execute())
      manufacturers.set(d.device_id, d.manufacturer);
    for (const table of namespacedTables) {
      const next = `${table.name}_next`;
      let create = db.schema.createTable(next);
      for (const [name, type, notNull] of table.columns)
        create = create.addColumn(name, type, (c) => (notNull ? c.notNull() : c));
      await create.addPrimaryKeyConstraint(`${table.name}_manufacturer_pk`, table.key as never).execute();
      const copied = table.columns.map(([name]) => name).filter((name) => name !== "manufacturer");
      const columns = sql.join(copied.map((name) => sql.ref(name)));
      const source = table.name === "iot_devices" ? sql.ref("manufacturer") : sql.lit("");
      await sql`insert into ${sql.table(next)} (manufacturer, ${columns}) select ${source}, ${columns} from ${sql.table(table.name)}`.execute(
        db,
      );
      if (table.name !== "iot_devices") {
        for (const [device, manufacturer] of manufacturers)
          await sql`update ${sql.table(next)} set manufacturer = ${manufacturer} where device_id = ${device}`.execute(
            db,
          );
      }
      await db.schema.dropTable(table.name).execute();
      await db.schema.alterTable(next).renameTo(table.name).execute();
      for (const [index, columns] of table.indexes)
        await db.schema.createIndex(index).on(table.name).columns(columns).execute();
    }
  },
};
