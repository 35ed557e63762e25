import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createDeviceKey } from "@dipnet/sdk";
import fc from "fast-check";
import { forEachBackend } from "../../testing/index.ts";
import { createIngestor } from "./ingest.ts";
import { getDevice, registerDevice, revokeDevice } from "./registry.ts";
import { iotDb } from "./schema.ts";
import { testDevice, useIngestor } from "./testing.ts";

forEachBackend((backend) => {
  describe(`ingest (${backend.name})`, () => {
    const suite = useIngestor(backend, "d1", "d2");
    const count = async (table: "iot_messages" | "iot_readings", device: string) =>
      Number(
        (
          await iotDb(suite.database.db)
            .selectFrom(table)
            .select((eb) => eb.fn.countAll().as("n"))
            .where("device_id", "=", device)
            .executeTakeFirstOrThrow()
        ).n,
      );

    it("stores valid messages with every reading, and their signed bodies", async () => {
      const outcomes = await Promise.all(
        [1, 2, 5].map((seq) => suite.ingest.submit(suite.d1.topic, suite.d1.payload(seq))),
      );
      assert.deepEqual(
        outcomes.map((o) => o.accepted),
        [true, true, true],
      );
      assert.equal(await count("iot_messages", "d1"), 3);
      assert.equal(await count("iot_readings", "d1"), 6);
      const row = await iotDb(suite.database.db)
        .selectFrom("iot_readings")
        .selectAll()
        .where("device_id", "=", "d1")
        .where("seq", "=", 5)
        .where("idx", "=", 0)
        .executeTakeFirstOrThrow();
      assert.equal(row.metric, "spindle_load");
      assert.equal(row.num, 45);
      assert.equal(row.unit, "%");
    });

    it("limits readings per device per second, before checking or storing them", async () => {
      let clock = Date.now();
      const limited = createIngestor({ db: suite.database.db, maxReadingsPerSecond: 4, now: () => clock });
      const d3 = await testDevice(suite.database.db, "rate-1", { machine: "drill-3" });
      const d4 = await testDevice(suite.database.db, "rate-2", { machine: "drill-4" });
      // Two readings a message: the bucket holds two messages; a third, and a forged flood, are refused.
      const outcomes = await Promise.all([1, 2, 3].map((seq) => limited.submit(d3.topic, d3.payload(seq))));
      assert.deepEqual(
        outcomes.map((o) => (o.accepted ? "accepted" : o.reason)),
        ["accepted", "accepted", "rate_limited"],
      );
      assert.equal((await limited.submit(d3.topic, d3.payload(4, { key: suite.d1.key }))).accepted, false);
      assert.equal(limited.stats().rejected.rate_limited, 2);
      assert.equal(limited.stats().rejected.bad_signature, 0);
      // Another device has its own bucket; half a second later there is room for one more message.
      assert.equal((await limited.submit(d4.topic, d4.payload(1))).accepted, true);
      clock += 500;
      assert.equal((await limited.submit(d3.topic, d3.payload(4))).accepted, true);
      assert.equal(await count("iot_messages", "rate-1"), 3);
    });

    it("rejects and counts replayed, out-of-order, stale, unsigned, unknown, foreign and forged messages", async () => {
      const before = suite.ingest.stats();
      const other = createDeviceKey();
      const unsigned = JSON.parse(suite.d1.payload(9).toString());
      delete unsigned.sig;
      const cases: [string, Buffer, string][] = [
        ["replayed", suite.d1.payload(5), suite.d1.topic],
        ["out_of_order", suite.d1.payload(4), suite.d1.topic],
        ["stale", suite.d1.payload(10, { ts: Date.now() - 120_000 }), suite.d1.topic],
        ["stale", suite.d1.payload(11, { ts: Date.now() + 120_000 }), suite.d1.topic],
        ["unsigned", Buffer.from(JSON.stringify(unsigned)), suite.d1.topic],
        ["bad_signature", suite.d1.payload(12, { key: other }), suite.d1.topic],
        ["foreign_device", suite.d1.payload(13), suite.d2.topic],
        ["foreign_device", suite.d2.payload(1), suite.d1.topic],
        [
          "unknown_device",
          Buffer.from(suite.d1.payload(14).toString().replace('"d1"', '"d9"')),
          suite.d1.topic.replace("/d1/", "/d9/"),
        ],
        ["malformed", Buffer.from("{not json"), suite.d1.topic],
        ["bad_topic", suite.d1.payload(15), "factory/d1"],
      ];
      for (const [reason, payload, topic] of cases) {
        const outcome = await suite.ingest.submit(topic, payload);
        assert.equal(outcome.accepted, false, reason);
        assert.equal(!outcome.accepted && outcome.reason, reason);
      }
      const stats = suite.ingest.stats();
      const expected: Record<string, number> = {};
      for (const [reason] of cases) expected[reason] = (expected[reason] ?? 0) + 1;
      for (const [reason, n] of Object.entries(expected)) {
        assert.equal(
          stats.rejected[reason as keyof typeof stats.rejected] -
            before.rejected[reason as keyof typeof stats.rejected],
          n,
          reason,
        );
      }
      assert.equal(stats.acceptedMessages, before.acceptedMessages);
      assert.equal(await count("iot_messages", "d1"), 3);
      assert.equal(await count("iot_messages", "d2"), 0);
      // Valid messages after all that still go through.
      assert.equal((await suite.ingest.submit(suite.d1.topic, suite.d1.payload(20))).accepted, true);
    });

    it("stores a message once when it is delivered several times in one batch", async () => {
      const payload = suite.d2.payload(7);
      const outcomes = await Promise.all([1, 2, 3].map(() => suite.ingest.submit(suite.d2.topic, payload)));
      assert.deepEqual(
        outcomes.map((o) => (o.accepted ? "ok" : o.reason)),
        ["ok", "replayed", "replayed"],
      );
      assert.equal(await count("iot_messages", "d2"), 1);
    });

    it("rejects a revoked device's messages", async () => {
      const d3 = await testDevice(suite.database.db, "d3");
      assert.equal((await suite.ingest.submit(d3.topic, d3.payload(1))).accepted, true);
      const name = { manufacturer: d3.manufacturer, id: "d3" };
      assert.equal(await revokeDevice(suite.database.db, name), true);
      assert.equal((await getDevice(suite.database.db, name))?.revoked, true);
      const outcome = await suite.ingest.submit(d3.topic, d3.payload(2));
      assert.equal(!outcome.accepted && outcome.reason, "revoked_device");
    });

    it("refuses to re-register a device id with another key", async () => {
      await assert.rejects(
        registerDevice(suite.database.db, {
          id: "d1",
          publicKey: createDeviceKey().publicKey,
          manufacturer: "0x70997970c51812dc3a010c7d01b50e0d17dc79c8",
          machine: "mill-7",
        }),
        /already registered/,
      );
      await assert.rejects(
        registerDevice(suite.database.db, { id: "d/1", publicKey: "00", manufacturer: "m", machine: "x" }),
        /id:.*publicKey/,
      );
    });

    it("fails the submission (nothing stored, no outcome) when the store is unavailable", async () => {
      const d4 = await testDevice(suite.database.db, "d4");
      const broken = createIngestor({
        db: suite.database.db.withPlugin({
          transformQuery: (args) => {
            if (args.node.kind === "InsertQueryNode") throw new Error("disk full");
            return args.node;
          },
          transformResult: async (args) => args.result,
        }),
      });
      await assert.rejects(broken.submit(d4.topic, d4.payload(1)), /disk full/);
      assert.equal(await count("iot_messages", "d4"), 0);
      assert.equal((await suite.ingest.submit(d4.topic, d4.payload(1))).accepted, true);
    });

    if (backend.name === "sqlite") {
      it("survives 10,000 fuzzed payloads with 0 crashes, 0 stored and bounded memory", async () => {
        const stored = await count("iot_messages", "d1");
        const valid = JSON.parse(suite.d1.payload(1_000_000).toString());
        const mutation = fc.oneof(
          fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)),
          fc.jsonValue().map((v) => Buffer.from(JSON.stringify(v) ?? "null")),
          // Valid shape, one field replaced by anything: never stored (the signature cannot match).
          fc
            .tuple(fc.constantFrom("v", "device", "seq", "ts", "readings", "sig"), fc.jsonValue())
            .filter(([k, v]) => JSON.stringify(v) !== JSON.stringify(valid[k]))
            .map(([k, v]) => Buffer.from(JSON.stringify({ ...valid, [k]: v }))),
        );
        const samples = fc.sample(mutation, { numRuns: 10_000, seed: 42 });
        global.gc?.();
        const heapBefore = process.memoryUsage().heapUsed;
        let peak = heapBefore;
        for (let i = 0; i < samples.length; i += 500) {
          const outcomes = await Promise.all(
            samples.slice(i, i + 500).map((p) => suite.ingest.submit(suite.d1.topic, p)),
          );
          for (const o of outcomes) {
            if (o.accepted) assert.fail(`fuzzed payload stored: ${JSON.stringify(o)}`);
          }
          peak = Math.max(peak, process.memoryUsage().heapUsed);
        }
        assert.equal(await count("iot_messages", "d1"), stored);
        assert.ok(peak - heapBefore < 64 * 1024 * 1024, `heap grew by ${(peak - heapBefore) >> 20} MiB`);
      });
    }
  });
});
