import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, describe, it } from "node:test";
import { deviceTopic } from "@dipnet/sdk";
import { sparkplugTopic } from "@dipnet/sdk/mqtt";
import { Kysely } from "kysely";
import { nodeMigrations } from "../../compose.ts";
import { migrate } from "../../core/db/migrations.ts";
import { NodeSqliteDialect } from "../../core/db/sqliteDialect.ts";

describe("migration 0011_device_namespaces", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "dipnet-migration-"));
  const db = new Kysely<unknown>({ dialect: new NodeSqliteDialect({ file: path.join(dir, "db.sqlite") }) });
  after(async () => {
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it("gives every stored device row its manufacturer, from the device table or its messages' topic", async () => {
    await migrate(db, nodeMigrations, "0010_market_hardening");
    const maker = "0x90f79bf6eb2c4f870365e785982e1f101e93b906";
    const gone = "0x00000000000000000000000000000000000000aa";
    const old = db.withTables<{
      iot_devices: Record<string, unknown>;
      iot_device_state: Record<string, unknown>;
      iot_messages: Record<string, unknown>;
      iot_readings: Record<string, unknown>;
    }>();
    await old
      .insertInto("iot_devices")
      .values({
        device_id: "mill-1",
        key_type: "ed25519",
        public_key: "ab".repeat(32),
        manufacturer: maker,
        machine: "1",
        revoked: 0,
        source: "chain",
        source_ref: "31337:0x1:0",
        registered_at: 1,
        updated_at: 1,
      })
      .execute();
    // "press-2" has messages but no device row any more (e.g. while the indexer starts over).
    const topics = {
      "mill-1": deviceTopic({ manufacturer: maker, machine: "1", device: "mill-1" }),
      "press-2": sparkplugTopic({ manufacturer: gone, machine: "2", device: "press-2" }),
    };
    for (const [device, topic] of Object.entries(topics)) {
      await old
        .insertInto("iot_device_state")
        .values({ device_id: device, last_seq: 1, last_ts: 5, messages: 1, updated_at: 5 })
        .execute();
      await old
        .insertInto("iot_messages")
        .values({
          device_id: device,
          seq: 1,
          ts: 5,
          received_at: 5,
          topic,
          body: "{}",
          sig: "s",
          readings: 1,
          batch_id: 3,
        })
        .execute();
      await old
        .insertInto("iot_readings")
        .values({ device_id: device, seq: 1, idx: 0, metric: "t", value: "1", num: 1, unit: null, ts: 5 })
        .execute();
    }
    await migrate(db, nodeMigrations);
    const expected = [
      ["mill-1", maker],
      ["press-2", gone],
    ];
    for (const table of ["iot_device_state", "iot_messages", "iot_readings"] as const) {
      const rows = await old.selectFrom(table).select(["device_id", "manufacturer"]).orderBy("device_id").execute();
      assert.deepEqual(
        rows.map((r) => [r.device_id, r.manufacturer]),
        expected,
        table,
      );
    }
    const messages = await old.selectFrom("iot_messages").select(["batch_id"]).execute();
    assert.deepEqual(
      messages.map((m) => Number(m.batch_id)),
      [3, 3],
    );
    // The same id under another manufacturer is another device now.
    await old
      .insertInto("iot_devices")
      .values({
        device_id: "mill-1",
        key_type: "ed25519",
        public_key: "cd".repeat(32),
        manufacturer: gone,
        machine: "9",
        revoked: 0,
        source: "local",
        source_ref: null,
        registered_at: 2,
        updated_at: 2,
      })
      .execute();
    const mills = await old
      .selectFrom("iot_devices")
      .select("manufacturer")
      .where("device_id", "=", "mill-1")
      .execute();
    assert.equal(mills.length, 2);
  });
});
