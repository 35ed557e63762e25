import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createDeviceKey, signDeviceMessage, verifyDeviceMessage } from "@dipnet/sdk";
import { encodeSparkplugMessage, SEQ_METRIC, SIGNATURE_METRIC } from "@dipnet/sdk/mqtt";
import fc from "fast-check";
import { encodePayload } from "sparkplug-payload/lib/sparkplugbpayload.js";
import { forEachBackend } from "../../testing/index.ts";
import { iotDb } from "./schema.ts";
import { useIngestor } from "./testing.ts";

forEachBackend((backend) => {
  describe(`ingest Sparkplug B (${backend.name})`, () => {
    const suite = useIngestor(backend, "sp1", "sp2");
    const stored = async (device: string) =>
      (
        await iotDb(suite.database.db)
          .selectFrom("iot_messages")
          .select("seq")
          .where("device_id", "=", device)
          .orderBy("seq")
          .execute()
      ).map((r) => Number(r.seq));

    it("stores Sparkplug and JSON messages of one device in one sequence, with the same signed body", async () => {
      assert.equal((await suite.ingest.submit(suite.d1.sparkplugTopic, suite.d1.sparkplugPayload(1))).accepted, true);
      assert.equal((await suite.ingest.submit(suite.d1.topic, suite.d1.payload(2))).accepted, true);
      assert.equal((await suite.ingest.submit(suite.d1.sparkplugTopic, suite.d1.sparkplugPayload(3))).accepted, true);
      assert.deepEqual(await stored("sp1"), [1, 2, 3]);
      const rows = await iotDb(suite.database.db)
        .selectFrom("iot_readings")
        .selectAll()
        .where("device_id", "=", "sp1")
        .where("seq", "=", 3)
        .orderBy("idx")
        .execute();
      assert.deepEqual(
        rows.map((r) => [r.metric, r.num, r.unit]),
        [
          ["spindle_load", 43, "%"],
          ["temperature", 31.5, "Cel"],
        ],
      );
      // The stored body and signature verify like a JSON message's.
      const message = await iotDb(suite.database.db)
        .selectFrom("iot_messages")
        .selectAll()
        .where("device_id", "=", "sp1")
        .where("seq", "=", 3)
        .executeTakeFirstOrThrow();
      assert.equal(
        verifyDeviceMessage({ ...JSON.parse(message.body), sig: message.sig }, suite.d1.key.publicKey),
        true,
      );
    });

    it("rejects and counts replayed, out-of-order, stale, unsigned, unknown, foreign and forged messages", async () => {
      const before = suite.ingest.stats();
      const other = createDeviceKey();
      const unsignedPayload = encodePayload({
        timestamp: Date.now(),
        metrics: [
          { name: "t", type: "Double", value: 1 },
          { name: SEQ_METRIC, type: "UInt64", value: 30 },
        ],
      });
      const cases: [string, Uint8Array, string][] = [
        ["replayed", suite.d1.sparkplugPayload(3), suite.d1.sparkplugTopic],
        ["replayed", suite.d1.sparkplugPayload(2), suite.d1.sparkplugTopic], // stored as JSON, same seq
        ["out_of_order", suite.d1.sparkplugPayload(0), suite.d1.sparkplugTopic],
        ["stale", suite.d1.sparkplugPayload(10, { ts: Date.now() - 120_000 }), suite.d1.sparkplugTopic],
        ["stale", suite.d1.sparkplugPayload(11, { ts: Date.now() + 120_000 }), suite.d1.sparkplugTopic],
        ["unsigned", unsignedPayload, suite.d1.sparkplugTopic],
        ["bad_signature", suite.d1.sparkplugPayload(12, { key: other }), suite.d1.sparkplugTopic],
        // The signature covers the device id taken from the topic: another device's topic breaks it.
        ["foreign_device", suite.d2.sparkplugPayload(1), suite.d1.sparkplugTopic.replace("/mill-7/", "/lathe-2/")],
        ["foreign_device", suite.d1.sparkplugPayload(13), suite.d2.sparkplugTopic.replace("/sp2", "/sp1")],
        ["unknown_device", suite.d1.sparkplugPayload(14), suite.d1.sparkplugTopic.replace("/sp1", "/sp9")],
        ["malformed", Buffer.from("not protobuf at all \u00ff"), suite.d1.sparkplugTopic],
        ["bad_topic", suite.d1.sparkplugPayload(15), "spBv1.0/g/DDATA/e"],
        ["bad_topic", suite.d1.sparkplugPayload(16), "spBv1.0/g/DDATA/e/d/extra"],
      ];
      for (const [reason, payload, topic] of cases) {
        const outcome = await suite.ingest.submit(topic, payload);
        assert.equal(!outcome.accepted && outcome.reason, reason, `${reason} on ${topic}`);
      }
      const stats = suite.ingest.stats();
      const expected: Record<string, number> = {};
      for (const [reason] of cases) expected[reason] = (expected[reason] ?? 0) + 1;
      for (const [reason, n] of Object.entries(expected)) {
        const r = reason as keyof typeof stats.rejected;
        assert.equal(stats.rejected[r] - before.rejected[r], n, reason);
      }
      assert.equal(stats.acceptedMessages, before.acceptedMessages);
      assert.deepEqual(await stored("sp1"), [1, 2, 3]);
      assert.deepEqual(await stored("sp2"), []);
      assert.equal((await suite.ingest.submit(suite.d1.sparkplugTopic, suite.d1.sparkplugPayload(20))).accepted, true);
    });

    if (backend.name === "sqlite") {
      it("survives 10,000 fuzzed Sparkplug payloads with 0 crashes, 0 stored and bounded memory", async () => {
        const before = await stored("sp1");
        const valid = signDeviceMessage(
          {
            v: 1,
            device: "sp1",
            seq: 1_000_000,
            ts: Date.now(),
            readings: [
              { metric: "spindle_load", value: 50, unit: "%" },
              { metric: "temperature", value: 40.5, unit: "Cel" },
            ],
          },
          suite.d1.key.privateKey,
        );
        const validBytes = encodeSparkplugMessage(valid);
        const types = ["Int8", "Int32", "Int64", "UInt64", "Float", "Double", "Boolean", "String", "Bytes"] as const;
        const anyMetric = fc.record({
          name: fc.oneof(fc.string({ maxLength: 70 }), fc.constantFrom(SEQ_METRIC, SIGNATURE_METRIC, "temperature")),
          type: fc.constantFrom(...types),
          value: fc.oneof(
            fc.double(),
            fc.integer(),
            fc.boolean(),
            fc.string({ maxLength: 300 }),
            fc.uint8Array({ maxLength: 80 }),
          ),
          timestamp: fc.option(fc.nat(), { nil: undefined }),
        });
        const mutation = fc.oneof(
          fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)),
          // The valid payload with bytes flipped, cut short or extended.
          fc.tuple(fc.nat(validBytes.length - 1), fc.integer({ min: 1, max: 255 })).map(([at, x]) => {
            const b = Buffer.from(validBytes);
            b[at] = (b[at] as number) ^ x;
            return b;
          }),
          fc.nat(validBytes.length - 1).map((n) => Buffer.from(validBytes.subarray(0, n))),
          fc.uint8Array({ minLength: 1, maxLength: 64 }).map((b) => Buffer.concat([validBytes, b])),
          // Well-formed protobuf with arbitrary metrics (types and values that do not match, etc.).
          fc
            .record({
              timestamp: fc.option(fc.nat(), { nil: undefined }),
              metrics: fc.array(anyMetric, { maxLength: 6 }),
            })
            .map((p) => {
              try {
                return Buffer.from(encodePayload(p as never));
              } catch {
                return Buffer.from([0x08]);
              }
            }),
        );
        const samples = fc.sample(mutation, { numRuns: 10_000, seed: 7 });
        global.gc?.();
        const heapBefore = process.memoryUsage().heapUsed;
        let peak = heapBefore;
        let stores = 0;
        for (let i = 0; i < samples.length; i += 500) {
          const outcomes = await Promise.all(
            samples.slice(i, i + 500).map((p) => suite.ingest.submit(suite.d1.sparkplugTopic, p)),
          );
          for (const o of outcomes) if (o.accepted) stores++;
          peak = Math.max(peak, process.memoryUsage().heapUsed);
        }
        // A flipped byte can land outside every signed field (the Sparkplug seq, a tag number that
        // still decodes to the same message): such a payload is the valid message and may be stored
        // once. Nothing else may be.
        const after = await stored("sp1");
        assert.ok(stores <= 1, `${stores} fuzzed payloads stored`);
        assert.deepEqual(
          after.filter((s) => !before.includes(s)),
          stores === 1 ? [1_000_000] : [],
        );
        assert.ok(peak - heapBefore < 64 * 1024 * 1024, `heap grew by ${(peak - heapBefore) >> 20} MiB`);
      });
    }
  });
});
