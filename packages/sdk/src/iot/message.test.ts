import assert from "node:assert/strict";
import { generateKeyPairSync, sign, verify } from "node:crypto";
import { describe, it } from "node:test";
import fc from "fast-check";
import * as resolvedEd25519 from "#ed25519";
import * as opensslEd25519 from "../node/ed25519.ts";
import * as nobleEd25519 from "./ed25519.ts";
import {
  canonicalJson,
  checkDeviceMqttPassword,
  createDeviceKey,
  deviceMqttCredentials,
  deviceTopic,
  parseDeviceMessage,
  parseDeviceTopic,
  publicKeyOf,
  signDeviceMessage,
  signingBytes,
  type UnsignedDeviceMessage,
  verifyDeviceMessage,
} from "./message.ts";

const unsigned = (over: Partial<UnsignedDeviceMessage> = {}): UnsignedDeviceMessage => ({
  v: 1,
  device: "mill-7-spindle",
  seq: 1,
  ts: 1_764_330_000_000,
  readings: [
    { metric: "spindle_load", value: 52.5, unit: "%" },
    { metric: "temperature", value: 41.25, unit: "Cel", ts: 1_764_329_999_500 },
    { metric: "door_open", value: false },
  ],
  ...over,
});

describe("message", () => {
  describe("canonicalJson", () => {
    it("sorts keys at every depth and drops whitespace", () => {
      assert.equal(canonicalJson({ b: 1, a: [{ d: true, c: "x" }] }), '{"a":[{"c":"x","d":true}],"b":1}');
    });
    it("rejects non-finite numbers", () => {
      assert.throws(() => canonicalJson({ a: Number.NaN }), /non-finite/);
    });
    it("does not depend on key order", () => {
      fc.assert(
        fc.property(fc.dictionary(fc.string(), fc.oneof(fc.integer(), fc.string(), fc.boolean())), (o) => {
          const reversed = Object.fromEntries(Object.entries(o).reverse());
          assert.equal(canonicalJson(reversed), canonicalJson(o));
        }),
      );
    });
  });

  describe("signDeviceMessage", () => {
    it("round-trips through JSON and verifies with the device's public key", () => {
      const key = createDeviceKey();
      assert.equal(publicKeyOf(key.privateKey), key.publicKey);
      const signed = signDeviceMessage(unsigned(), key.privateKey);
      const parsed = parseDeviceMessage(Buffer.from(JSON.stringify(signed)));
      assert.ok(parsed.ok);
      assert.deepEqual(parsed.message, signed);
      assert.equal(verifyDeviceMessage(parsed.message, key.publicKey), true);
    });
    it("signs the domain-prefixed canonical JSON of the unsigned fields", () => {
      assert.equal(
        new TextDecoder().decode(signingBytes(unsigned({ readings: [{ metric: "t", value: 1 }] }))),
        'dipnet-iot/v1\n{"device":"mill-7-spindle","readings":[{"metric":"t","value":1}],"seq":1,"ts":1764330000000,"v":1}',
      );
    });
    it("fails verification when any field or the signature is altered, or for another key", () => {
      const key = createDeviceKey();
      const signed = signDeviceMessage(unsigned(), key.privateKey);
      const tampered = [
        { ...signed, seq: 2 },
        { ...signed, ts: signed.ts + 1 },
        { ...signed, device: "other" },
        { ...signed, readings: [{ ...signed.readings[0], value: 52.6 }, ...signed.readings.slice(1)] },
        { ...signed, readings: signed.readings.slice(1) },
        { ...signed, sig: `${signed.sig.slice(0, 10)}${signed.sig[10] === "A" ? "B" : "A"}${signed.sig.slice(11)}` },
      ] as (typeof signed)[];
      for (const t of tampered) assert.equal(verifyDeviceMessage(t, key.publicKey), false);
      assert.equal(verifyDeviceMessage(signed, createDeviceKey().publicKey), false);
    });
  });

  describe("Ed25519 (@noble/curves in browsers, node:crypto in Node.js)", () => {
    // RFC 8032 test 1's key; the public key, signature and login token the node made before the SDK did.
    const seed = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
    const publicKey = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
    const sig = "fIhoZHtiw12dDi2uMOrnu0zCZ8UZnMMKF0GliG3GqJI-dB9to5BUAvRi5aElw52gc4gi2Te35fzuE0TveZJ4Bg";
    const password =
      "1764330000000.n-T318S9wZWQjU7B63inQiSRi6G4wj668jF0D_rxYAU-ggRUxS0rY73Zn1TWDEap2zf38Wx2TExTjHtWqMLHAQ";

    it("keeps the keys, signatures and broker logins the node made with node:crypto", () => {
      assert.equal(publicKeyOf(seed), publicKey);
      assert.equal(signDeviceMessage(unsigned(), seed).sig, sig);
      assert.equal(verifyDeviceMessage({ ...unsigned(), sig }, publicKey), true);
      const credentials = deviceMqttCredentials({ manufacturer: "0xabc", id: "d1" }, seed, 1_764_330_000_000);
      assert.deepEqual(credentials, { username: "0xabc/d1", password });
      const check = { username: "0xabc/d1", publicKey, password, now: 1_764_330_000_000, maxSkewMs: 0 };
      assert.equal(checkDeviceMqttPassword(check), undefined);
      assert.equal(checkDeviceMqttPassword({ ...check, username: "0xabc/d2" }), "password: bad signature");
    });

    for (const [name, ed25519] of [
      ["@noble/curves", nobleEd25519],
      ["node:crypto", opensslEd25519],
    ] as const) {
      it(`${name}: derives the same key and signature, verifies node:crypto's signatures and node:crypto its`, () => {
        const bytes = signingBytes(unsigned());
        assert.equal(ed25519.ed25519PublicKey(seed), publicKey);
        assert.equal(Buffer.from(ed25519.ed25519Sign(bytes, seed)).toString("base64url"), sig);
        for (let i = 0; i < 20; i++) {
          const keys = generateKeyPairSync("ed25519");
          const jwk = keys.privateKey.export({ format: "jwk" });
          const [d, x] = [jwk.d, jwk.x].map((b64) => Buffer.from(b64 as string, "base64url").toString("hex")) as [
            string,
            string,
          ];
          const message = signingBytes(unsigned({ seq: 100 + i }));
          assert.equal(ed25519.ed25519Verify(sign(null, message, keys.privateKey), message, x), true);
          assert.equal(verify(null, message, keys.publicKey, ed25519.ed25519Sign(message, d)), true);
          assert.equal(ed25519.ed25519PublicKey(d), x);
          assert.equal(ed25519.ed25519Verify(sign(null, message, keys.privateKey), bytes, x), false);
        }
      });
    }

    it("is node:crypto's in Node.js", () => {
      assert.equal(resolvedEd25519.ed25519Verify, opensslEd25519.ed25519Verify);
    });

    it("refuses malformed keys and signatures", () => {
      assert.throws(() => publicKeyOf(`0x${seed}`), /expected 32 bytes hex/);
      assert.throws(() => signDeviceMessage(unsigned(), seed.slice(2)), /expected 32 bytes hex/);
      assert.equal(verifyDeviceMessage({ ...unsigned(), sig }, publicKey.slice(2)), false);
      assert.equal(verifyDeviceMessage({ ...unsigned(), sig: `${sig}==` }, publicKey), false);
      assert.equal(verifyDeviceMessage({ ...unsigned(), sig: sig.slice(4) }, publicKey), false);
    });
  });

  describe("parseDeviceMessage", () => {
    const key = createDeviceKey();
    const good = signDeviceMessage(unsigned(), key.privateKey);
    const cases: [string, unknown][] = [
      ["unknown field", { ...good, extra: 1 }],
      ["version", { ...good, v: 2 }],
      ["device id", { ...good, device: "a/b" }],
      ["negative seq", { ...good, seq: -1 }],
      ["fractional seq", { ...good, seq: 1.5 }],
      ["no readings", { ...good, readings: [] }],
      ["reading value object", { ...good, readings: [{ metric: "x", value: {} }] }],
      ["reading metric", { ...good, readings: [{ metric: "", value: 1 }] }],
      ["sig shape", { ...good, sig: "abc" }],
      ["array", [good]],
    ];
    for (const [name, value] of cases) {
      it(`rejects a payload with bad ${name} as malformed`, () => {
        const parsed = parseDeviceMessage(Buffer.from(JSON.stringify(value)));
        assert.equal(parsed.ok, false);
        assert.equal(!parsed.ok && parsed.reason, "malformed");
      });
    }
    it("refuses a payload with a byte order mark as not JSON", () => {
      const parsed = parseDeviceMessage(Buffer.concat([Buffer.from("\ufeff"), Buffer.from(JSON.stringify(good))]));
      assert.deepEqual(parsed, { ok: false, reason: "malformed", detail: "not JSON" });
    });
    it("calls a message without sig unsigned", () => {
      const { sig: _, ...rest } = good;
      const parsed = parseDeviceMessage(Buffer.from(JSON.stringify(rest)));
      assert.equal(!parsed.ok && parsed.reason, "unsigned");
    });
    it("never throws on arbitrary bytes or JSON (10,000 each)", () => {
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 512 }), (bytes) => {
          assert.equal(parseDeviceMessage(bytes).ok, false);
        }),
        { numRuns: 10_000, seed: 7 },
      );
      fc.assert(
        fc.property(fc.jsonValue(), (value) => {
          parseDeviceMessage(Buffer.from(JSON.stringify(value) ?? "null"));
        }),
        { numRuns: 10_000, seed: 7 },
      );
    });
  });

  describe("topics", () => {
    it("builds and parses dipnet/v1/<manufacturer>/<machine>/<device>/data", () => {
      const where = { manufacturer: "0x70997970c51812dc3a010c7d01b50e0d17dc79c8", machine: "mill-7", device: "d1" };
      const topic = deviceTopic(where);
      assert.equal(topic, `dipnet/v1/${where.manufacturer}/mill-7/d1/data`);
      assert.deepEqual(parseDeviceTopic(topic), where);
      for (const bad of ["dipnet/v1/a/b/c", "dipnet/v2/a/b/c/data", "dipnet/v1/a/b/c/d/data", "dipnet/v1/a/+/c/data"]) {
        assert.equal(parseDeviceTopic(bad), undefined, bad);
      }
    });
  });
});
