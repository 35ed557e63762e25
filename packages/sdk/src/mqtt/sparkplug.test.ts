import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { encodePayload, type UMetric } from "sparkplug-payload/lib/sparkplugbpayload.js";
import { createDeviceKey, signDeviceMessage, signingBytes, verifyDeviceMessage } from "../iot/message.ts";
import {
  parseSparkplugMessage,
  parseSparkplugTopic,
  SEQ_METRIC,
  SIGNATURE_METRIC,
  signSparkplugMessage,
  sparkplugTopic,
} from "./sparkplug.ts";

const key = createDeviceKey();
const unsigned = {
  v: 1 as const,
  device: "spb-1",
  seq: 9_007_199_254_740_000,
  ts: 1_764_330_000_000,
  readings: [
    { metric: "spindle_load", value: 52.5, unit: "%" },
    { metric: "temperature", value: 41.3, unit: "Cel", ts: 1_764_329_999_500 },
    { metric: "door_open", value: false },
    { metric: "program", value: "O1234" },
  ],
};

describe("sparkplug", () => {
  describe("signSparkplugMessage / parseSparkplugMessage", () => {
    it("round-trips a message with the same signature as its JSON form", () => {
      const parsed = parseSparkplugMessage("spb-1", signSparkplugMessage(unsigned, key.privateKey));
      assert.ok(parsed.ok, JSON.stringify(parsed));
      const json = signDeviceMessage(unsigned, key.privateKey);
      assert.deepEqual(parsed.message, json);
      assert.equal(verifyDeviceMessage(parsed.message, key.publicKey), true);
      assert.deepEqual(signingBytes(parsed.message), signingBytes(unsigned));
    });

    it("reads every numeric Sparkplug type a third-party edge node may send", () => {
      const metric = (type: UMetric["type"], value: number): UMetric => ({ name: `m_${type}`, type, value });
      const payload = encodePayload({
        timestamp: 1000,
        metrics: [
          metric("Int8", -5),
          metric("Int16", -300),
          metric("Int32", -70_000),
          metric("Int64", -(2 ** 40)),
          metric("UInt8", 200),
          metric("UInt16", 60_000),
          metric("UInt32", 4_000_000_000),
          metric("UInt64", 2 ** 50),
          metric("Float", 0.5),
          { name: SEQ_METRIC, type: "UInt64", value: 3 },
          { name: SIGNATURE_METRIC, type: "Bytes", value: new Uint8Array(64) },
        ],
      });
      const parsed = parseSparkplugMessage("d", payload);
      assert.ok(parsed.ok, JSON.stringify(parsed));
      assert.deepEqual(
        parsed.message.readings.map((r) => r.value),
        [-5, -300, -70_000, -(2 ** 40), 200, 60_000, 4_000_000_000, 2 ** 50, 0.5],
      );
      assert.equal(parsed.message.seq, 3);
      assert.equal(parsed.message.ts, 1000);
    });

    it("says why a payload is refused", () => {
      const base = signDeviceMessage(unsigned, key.privateKey);
      const sig = { name: SIGNATURE_METRIC, type: "Bytes" as const, value: Buffer.from(base.sig, "base64url") };
      const seq = { name: SEQ_METRIC, type: "UInt64" as const, value: 1 };
      const reading = { name: "t", type: "Double" as const, value: 1 };
      const cases: [string, Uint8Array, string][] = [
        ["unsigned", encodePayload({ timestamp: 1, metrics: [reading, seq] }), "no dipnet/signature"],
        ["malformed", encodePayload({ timestamp: 1, metrics: [reading, sig] }), SEQ_METRIC],
        ["malformed", encodePayload({ metrics: [reading, seq, sig] }), "timestamp"],
        ["malformed", encodePayload({ timestamp: 1, metrics: [seq, sig] }), "readings"],
        ["malformed", encodePayload({ timestamp: 1, metrics: [{ ...reading, name: "a/b" }, seq, sig] }), "metric name"],
        ["malformed", encodePayload({ timestamp: 1, metrics: [{ ...reading, value: null }, seq, sig] }), "null"],
        [
          "malformed",
          encodePayload({ timestamp: 1, metrics: [{ type: "Double", value: 1, alias: 4 }, seq, sig] }),
          "aliases",
        ],
        [
          "malformed",
          encodePayload({ timestamp: 1, metrics: [{ name: "b", type: "Bytes", value: Buffer.alloc(2) }, seq, sig] }),
          "value or type",
        ],
        [
          "malformed",
          encodePayload({ timestamp: 1, metrics: [reading, seq, { ...sig, value: Buffer.alloc(63) }] }),
          SIGNATURE_METRIC,
        ],
        ["malformed", encodePayload({ timestamp: 1, metrics: [reading, seq, seq, sig] }), SEQ_METRIC],
        ["malformed", Buffer.from([0x12, 0x05, 0x01]), "not a Sparkplug B payload"],
      ];
      for (const [reason, payload, detail] of cases) {
        const parsed = parseSparkplugMessage("d", payload);
        assert.equal(parsed.ok, false, detail);
        assert.equal(!parsed.ok && parsed.reason, reason, detail);
        assert.match((!parsed.ok && parsed.detail) || "", new RegExp(detail.replace("/", "\\/")));
      }
    });
  });

  describe("sparkplugTopic", () => {
    it("maps manufacturer, machine and device to group, edge node and device", () => {
      const where = { manufacturer: "0xabc", machine: "mill-7", device: "mill-7-spindle" };
      assert.equal(sparkplugTopic(where), "spBv1.0/0xabc/DDATA/mill-7/mill-7-spindle");
      assert.deepEqual(parseSparkplugTopic(sparkplugTopic(where)), where);
      assert.equal(parseSparkplugTopic("spBv1.0/0xabc/NDATA/mill-7"), undefined);
      assert.equal(parseSparkplugTopic("spBv1.0/0xabc/DDATA/mill 7/d"), undefined);
      assert.throws(() => sparkplugTopic({ ...where, device: "a/b" }), /device/);
    });
  });
});
