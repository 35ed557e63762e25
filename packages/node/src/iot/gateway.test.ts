import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { connect as netConnect } from "node:net";
import { after, before, describe, it } from "node:test";
import fc from "fast-check";
import mqtt from "mqtt";
import type { Database } from "../db/index.ts";
import { testBackends } from "../testing/index.ts";
import { testMqttUrl } from "../testing/services.ts";
import { createGateway, type Gateway } from "./gateway.ts";
import { iotDb } from "./schema.ts";
import { type TestDevice, testDevice } from "./testing.ts";

const MOSQUITTO_URL = await testMqttUrl();

const backend = testBackends()[0] as ReturnType<typeof testBackends>[number];

async function storedSeqs(database: Database, device: string): Promise<number[]> {
  const rows = await iotDb(database.db)
    .selectFrom("iot_messages")
    .select("seq")
    .where("device_id", "=", device)
    .orderBy("seq")
    .execute();
  return rows.map((r) => Number(r.seq));
}

function remainingLength(n: number): Buffer {
  const out: number[] = [];
  do {
    let byte = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) byte |= 0x80;
    out.push(byte);
  } while (n > 0);
  return Buffer.from(out);
}

function connectPacket(clientId: string): Buffer {
  const id = Buffer.from(clientId);
  const body = Buffer.concat([
    Buffer.from([0, 4, 0x4d, 0x51, 0x54, 0x54, 4, 2, 0, 60]),
    Buffer.from([id.length >> 8, id.length & 0xff]),
    id,
  ]);
  return Buffer.concat([Buffer.from([0x10]), remainingLength(body.length), body]);
}

function publishPacket(topic: string, payload: Buffer, qos: 0 | 1, messageId = 1): Buffer {
  const t = Buffer.from(topic);
  const body = Buffer.concat([
    Buffer.from([t.length >> 8, t.length & 0xff]),
    t,
    qos > 0 ? Buffer.from([messageId >> 8, messageId & 0xff]) : Buffer.alloc(0),
    payload,
  ]);
  return Buffer.concat([Buffer.from([0x30 | (qos << 1)]), remainingLength(body.length), body]);
}

/** Writes raw bytes to the broker and waits until it closes the connection or 200 ms pass. */
function rawSession(port: number, bytes: Buffer): Promise<void> {
  return new Promise((resolve) => {
    const socket = netConnect(port, "127.0.0.1");
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve();
    };
    const timer = setTimeout(done, 200);
    socket.on("error", done);
    socket.on("close", done);
    socket.on("data", () => {});
    socket.on("connect", () => socket.end(bytes));
  });
}

/** Connects, waits for CONNACK, sends `packets` and waits for `acks` PUBACKs (4 bytes each). */
function publishSession(port: number, clientId: string, packets: Buffer[], acks: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = netConnect(port, "127.0.0.1");
    let received = 0;
    let sent = false;
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`only ${(received - 4) / 4} of ${acks} PUBACKs`));
    }, 20_000);
    socket.on("error", reject);
    socket.on("data", (data) => {
      received += data.length;
      if (!sent && received >= 4) {
        sent = true;
        socket.write(Buffer.concat(packets));
      }
      if (received >= 4 + 4 * acks) {
        clearTimeout(timer);
        socket.destroy();
        resolve((received - 4) / 4);
      }
    });
    socket.on("connect", () => socket.write(connectPacket(clientId)));
  });
}

describe("gateway (embedded broker)", () => {
  let database: Database;
  let gateway: Gateway;
  let url: string;
  let port: number;
  let device: TestDevice;
  before(async () => {
    database = await backend.open();
    device = await testDevice(database.db, "gw-1");
    gateway = createGateway({ db: database.db, mqtt: { kind: "embedded", port: 0 } });
    ({ url } = await gateway.start());
    port = Number(new URL(url).port);
  });
  after(async () => {
    await gateway?.stop();
    await database?.close();
    await backend.cleanup();
  });

  it("acknowledges a QoS 1 message only once it is stored, and stores rejected ones never", async () => {
    const client = await mqtt.connectAsync(url, { clientId: "pub-1", reconnectPeriod: 0 });
    try {
      for (const seq of [1, 2, 3]) {
        await client.publishAsync(device.topic, device.payload(seq), { qos: 1 });
        // The PUBACK arrived: the row must already be committed.
        assert.deepEqual((await storedSeqs(database, "gw-1")).at(-1), seq);
      }
      await client.publishAsync(device.topic, device.payload(2), { qos: 1 }); // replay
      await client.publishAsync(device.topic, Buffer.from("garbage"), { qos: 1 });
      await client.publishAsync(device.topic, device.payload(4, { ts: Date.now() - 3_600_000 }), { qos: 1 });
      assert.deepEqual(await storedSeqs(database, "gw-1"), [1, 2, 3]);
      const stats = gateway.stats();
      assert.equal(stats.acceptedMessages, 3);
      assert.equal(stats.rejected.replayed, 1);
      assert.equal(stats.rejected.malformed, 1);
      assert.equal(stats.rejected.stale, 1);
    } finally {
      await client.endAsync();
    }
  });

  it("ingests Sparkplug B DDATA the same way, and lets other Sparkplug messages pass", async () => {
    const client = await mqtt.connectAsync(url, { clientId: "pub-spb", reconnectPeriod: 0 });
    const watcher = await mqtt.connectAsync(url, { clientId: "sub-spb", reconnectPeriod: 0 });
    try {
      const seen: string[] = [];
      watcher.on("message", (topic) => seen.push(topic));
      await watcher.subscribeAsync("spBv1.0/#", { qos: 1 });
      await client.publishAsync(device.sparkplugTopic, device.sparkplugPayload(4), { qos: 1 });
      assert.deepEqual(await storedSeqs(database, "gw-1"), [1, 2, 3, 4]);
      await client.publishAsync(device.sparkplugTopic, device.sparkplugPayload(4), { qos: 1 }); // replay
      const birth = device.sparkplugTopic.replace("/DDATA/", "/DBIRTH/");
      await client.publishAsync(birth, Buffer.from("not ingested"), { qos: 1 });
      const deadline = Date.now() + 5000;
      while (seen.length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      assert.deepEqual(seen, [device.sparkplugTopic, device.sparkplugTopic, birth]);
      assert.deepEqual(await storedSeqs(database, "gw-1"), [1, 2, 3, 4]);
      const stats = gateway.stats();
      assert.equal(stats.acceptedMessages, 4);
      assert.equal(stats.rejected.replayed, 2);
      assert.equal(stats.rejected.malformed, 1);
    } finally {
      await client.endAsync();
      await watcher.endAsync();
    }
  });

  it("survives 10,000 malformed MQTT packets and 10,000 fuzzed payloads: 0 crashes, bounded memory", async () => {
    const packets = fc.sample(
      fc.oneof(
        fc.uint8Array({ minLength: 1, maxLength: 256 }).map((b) => Buffer.from(b)),
        // A valid CONNECT, then garbage.
        fc.uint8Array({ minLength: 1, maxLength: 256 }).map((b) => Buffer.concat([connectPacket("fz"), b])),
        // A packet header claiming more than is sent, or a huge remaining length.
        fc.integer({ min: 0, max: 0xff }).map((h) => Buffer.from([h, 0xff, 0xff, 0xff, 0x7f, 1, 2, 3])),
      ),
      { numRuns: 10_000, seed: 11 },
    );
    const payloads = fc.sample(
      fc.oneof(
        fc.uint8Array({ maxLength: 512 }).map((b) => Buffer.from(b)),
        fc.jsonValue().map((v) => Buffer.from(JSON.stringify(v) ?? "null")),
      ),
      { numRuns: 10_000, seed: 12 },
    );
    global.gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    let peak = heapBefore;
    for (let i = 0; i < packets.length; i += 100) {
      await Promise.all(packets.slice(i, i + 100).map((bytes) => rawSession(port, bytes)));
      peak = Math.max(peak, process.memoryUsage().heapUsed);
    }
    // Payloads over a raw connection: QoS 0 and 1 publishes with fuzzed bodies on device topics,
    // alternately as JSON and as Sparkplug B.
    for (let i = 0; i < payloads.length; i += 500) {
      const chunk = payloads.slice(i, i + 500);
      const topic = (i / 500) % 2 === 0 ? device.topic : device.sparkplugTopic;
      const packets = chunk.map((payload, j) => publishPacket(topic, payload, (j % 2) as 0 | 1, j + 1));
      await publishSession(port, `fp${i}`, packets, Math.floor(chunk.length / 2));
      peak = Math.max(peak, process.memoryUsage().heapUsed);
    }
    await gateway.ingestor.drain();
    assert.ok(peak - heapBefore < 128 * 1024 * 1024, `heap grew by ${(peak - heapBefore) >> 20} MiB`);
    // Still serving, nothing fuzzed stored.
    assert.deepEqual(await storedSeqs(database, "gw-1"), [1, 2, 3, 4]);
    const client = await mqtt.connectAsync(url, { clientId: "pub-2", reconnectPeriod: 0 });
    await client.publishAsync(device.topic, device.payload(10), { qos: 1 });
    await client.endAsync();
    assert.deepEqual(await storedSeqs(database, "gw-1"), [1, 2, 3, 4, 10]);
    const { rejected } = gateway.stats();
    assert.ok(rejected.malformed + rejected.unsigned >= 10_000, JSON.stringify(rejected));
  });
});

describe("gateway (external broker: Mosquitto)", () => {
  const b = testBackends()[0] as ReturnType<typeof testBackends>[number];
  let database: Database;
  let device: TestDevice;
  const prefix = `test-${randomBytes(6).toString("hex")}`;
  const clientId = `dipnet-gw-${randomBytes(4).toString("hex")}`;
  before(async () => {
    database = await b.open();
    device = await testDevice(database.db, "ext-1");
  });
  after(async () => {
    // Drop the persistent session from the broker.
    const cleaner = await mqtt.connectAsync(MOSQUITTO_URL, { clientId, clean: true, reconnectPeriod: 0 });
    await cleaner.endAsync();
    await database?.close();
    await b.cleanup();
  });

  const waitFor = async (seqs: number[]) => {
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      if ((await storedSeqs(database, "ext-1")).length >= seqs.length) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.deepEqual(await storedSeqs(database, "ext-1"), seqs);
  };

  it("ingests through a persistent QoS 1 session, including what was published while it was down", async () => {
    const publisher = await mqtt.connectAsync(MOSQUITTO_URL, { clientId: `${clientId}-pub`, reconnectPeriod: 0 });
    const topic = `${prefix}/${device.topic}`;
    try {
      let gateway = createGateway({
        db: database.db,
        mqtt: { kind: "external", url: MOSQUITTO_URL, clientId },
        topicPrefix: prefix,
      });
      await gateway.start();
      await new Promise((r) => setTimeout(r, 200)); // subscription in place
      for (const seq of [1, 2]) await publisher.publishAsync(topic, device.payload(seq), { qos: 1 });
      await publisher.publishAsync(`${prefix}/${device.sparkplugTopic}`, device.sparkplugPayload(3), { qos: 1 });
      await publisher.publishAsync(topic, device.payload(2), { qos: 1 }); // replay
      await waitFor([1, 2, 3]);
      await gateway.stop();

      // Down: the broker keeps these for the persistent session.
      for (const seq of [4, 5, 6]) await publisher.publishAsync(topic, device.payload(seq), { qos: 1 });
      gateway = createGateway({
        db: database.db,
        mqtt: { kind: "external", url: MOSQUITTO_URL, clientId },
        topicPrefix: prefix,
      });
      await gateway.start();
      await waitFor([1, 2, 3, 4, 5, 6]);
      await gateway.stop();
    } finally {
      await publisher.endAsync();
    }
  });
});
