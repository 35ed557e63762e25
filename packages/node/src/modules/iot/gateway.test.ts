import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { connect as netConnect } from "node:net";
import { after, before, describe, it } from "node:test";
import { deviceMqttCredentials } from "@dipnet/sdk";
import fc from "fast-check";
import mqtt from "mqtt";
import type { Database } from "../../core/db/index.ts";
import { createTestBackend } from "../../testing/index.ts";
import { testMqttUrl } from "../../testing/services.ts";
import { createGateway, type Gateway } from "./gateway.ts";
import { iotDb } from "./schema.ts";
import { type TestDevice, testDevice } from "./testing.ts";

const MOSQUITTO_URL = await testMqttUrl();

const backend = createTestBackend("sqlite");

const operator = { username: "operator", password: randomBytes(16).toString("hex") };

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

function lengthPrefixed(text: string): Buffer {
  const bytes = Buffer.from(text);
  return Buffer.concat([Buffer.from([bytes.length >> 8, bytes.length & 0xff]), bytes]);
}

function connectPacket(clientId: string, login?: { username: string; password: string }): Buffer {
  const body = Buffer.concat([
    Buffer.from([0, 4, 0x4d, 0x51, 0x54, 0x54, 4, login ? 0xc2 : 2, 0, 60]),
    lengthPrefixed(clientId),
    ...(login ? [lengthPrefixed(login.username), lengthPrefixed(login.password)] : []),
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
function publishSession(
  port: number,
  login: { username: string; password: string },
  clientId: string,
  packets: Buffer[],
  acks: number,
): Promise<number> {
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
    socket.on("connect", () => socket.write(connectPacket(clientId, login)));
  });
}

/** A suite's embedded gateway: before its tests, a fresh database with `device` (and `other`, on another machine) registered and a gateway on an embedded broker; after them, both closed. */
function useEmbeddedGateway(deviceId: string, otherId?: string) {
  const suite = {} as {
    database: Database;
    gateway: Gateway;
    url: string;
    port: number;
    device: TestDevice;
    other: TestDevice;
    /** An MQTT client logged in as `device` (with `clientId`, else a generated one). */
    connectDevice: (clientId?: string) => Promise<mqtt.MqttClient>;
  };
  suite.connectDevice = (clientId) =>
    mqtt.connectAsync(suite.url, {
      reconnectPeriod: 0,
      ...(clientId ? { clientId } : {}),
      ...suite.device.credentials(),
    });
  before(async () => {
    suite.database = await backend.open();
    suite.device = await testDevice(suite.database.db, deviceId);
    if (otherId) suite.other = await testDevice(suite.database.db, otherId, { machine: "lathe-2" });
    suite.gateway = createGateway({ db: suite.database.db, mqtt: { kind: "embedded", port: 0, operator } });
    ({ url: suite.url } = await suite.gateway.start());
    suite.port = Number(new URL(suite.url).port);
  });
  after(async () => {
    await suite.gateway?.stop();
    await suite.database?.close();
    await backend.cleanup();
  });
  return suite;
}

describe("gateway (embedded broker)", () => {
  const suite = useEmbeddedGateway("gw-1");

  it("acknowledges a QoS 1 message only once it is stored, and stores rejected ones never", async () => {
    const client = await suite.connectDevice("pub-1");
    try {
      for (const seq of [1, 2, 3]) {
        await client.publishAsync(suite.device.topic, suite.device.payload(seq), { qos: 1 });
        // The PUBACK arrived: the row must already be committed.
        assert.deepEqual((await storedSeqs(suite.database, "gw-1")).at(-1), seq);
      }
      await client.publishAsync(suite.device.topic, suite.device.payload(2), { qos: 1 }); // replay
      await client.publishAsync(suite.device.topic, Buffer.from("garbage"), { qos: 1 });
      await client.publishAsync(suite.device.topic, suite.device.payload(4, { ts: Date.now() - 3_600_000 }), {
        qos: 1,
      });
      assert.deepEqual(await storedSeqs(suite.database, "gw-1"), [1, 2, 3]);
      const stats = suite.gateway.stats();
      assert.equal(stats.acceptedMessages, 3);
      assert.equal(stats.rejected.replayed, 1);
      assert.equal(stats.rejected.malformed, 1);
      assert.equal(stats.rejected.stale, 1);
    } finally {
      await client.endAsync();
    }
  });

  it("ingests Sparkplug B DDATA the same way, and relays accepted data and other Sparkplug messages", async () => {
    const client = await suite.connectDevice("pub-spb");
    const watcher = await mqtt.connectAsync(suite.url, { clientId: "sub-spb", reconnectPeriod: 0, ...operator });
    try {
      const seen: string[] = [];
      const birth = suite.device.sparkplugTopic.replace("/DDATA/", "/DBIRTH/");
      const birthSeen = new Promise<void>((resolve) =>
        watcher.on("message", (topic) => {
          seen.push(topic);
          if (topic === birth) resolve();
        }),
      );
      await watcher.subscribeAsync("spBv1.0/#", { qos: 1 });
      await client.publishAsync(suite.device.sparkplugTopic, suite.device.sparkplugPayload(4), { qos: 1 });
      assert.deepEqual(await storedSeqs(suite.database, "gw-1"), [1, 2, 3, 4]);
      await client.publishAsync(suite.device.sparkplugTopic, suite.device.sparkplugPayload(4), { qos: 1 }); // replay
      await client.publishAsync(birth, Buffer.from("not ingested"), { qos: 1 });
      await birthSeen;
      // The replay was acknowledged but not relayed.
      assert.deepEqual(seen, [suite.device.sparkplugTopic, birth]);
      assert.deepEqual(await storedSeqs(suite.database, "gw-1"), [1, 2, 3, 4]);
      const stats = suite.gateway.stats();
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
      await Promise.all(packets.slice(i, i + 100).map((bytes) => rawSession(suite.port, bytes)));
      peak = Math.max(peak, process.memoryUsage().heapUsed);
    }
    // Payloads over a raw connection: QoS 0 and 1 publishes with fuzzed bodies on device topics,
    // alternately as JSON and as Sparkplug B.
    for (let i = 0; i < payloads.length; i += 500) {
      const chunk = payloads.slice(i, i + 500);
      const topic = (i / 500) % 2 === 0 ? suite.device.topic : suite.device.sparkplugTopic;
      const packets = chunk.map((payload, j) => publishPacket(topic, payload, (j % 2) as 0 | 1, j + 1));
      await publishSession(suite.port, suite.device.credentials(), `fp${i}`, packets, Math.floor(chunk.length / 2));
      peak = Math.max(peak, process.memoryUsage().heapUsed);
    }
    await suite.gateway.ingestor.drain();
    assert.ok(peak - heapBefore < 128 * 1024 * 1024, `heap grew by ${(peak - heapBefore) >> 20} MiB`);
    // Still serving, nothing fuzzed stored.
    assert.deepEqual(await storedSeqs(suite.database, "gw-1"), [1, 2, 3, 4]);
    const client = await suite.connectDevice("pub-2");
    await client.publishAsync(suite.device.topic, suite.device.payload(10), { qos: 1 });
    await client.endAsync();
    assert.deepEqual(await storedSeqs(suite.database, "gw-1"), [1, 2, 3, 4, 10]);
    const { rejected } = suite.gateway.stats();
    assert.ok(rejected.malformed + rejected.unsigned >= 10_000, JSON.stringify(rejected));
  });
});

/** Resolves with the CONNACK return code of a login (0: accepted). */
async function loginCode(
  url: string,
  login: { username?: string; password?: string; clientId?: string },
): Promise<number> {
  try {
    const client = await mqtt.connectAsync(url, { reconnectPeriod: 0, ...login });
    await client.endAsync();
    return 0;
  } catch (error) {
    return (error as { code?: number }).code ?? -1;
  }
}

describe("gateway (embedded broker access control)", () => {
  const suite = useEmbeddedGateway("acl-1", "acl-2");

  it("refuses anonymous clients, made-up and stale passwords, another device's token and unknown devices", async () => {
    assert.equal(await loginCode(suite.url, {}), 4);
    const name = { manufacturer: suite.device.manufacturer, id: "acl-1" };
    const username = suite.device.credentials().username;
    assert.equal(username, `${suite.device.manufacturer}/acl-1`);
    assert.equal(await loginCode(suite.url, { username, password: "made-up" }), 4);
    assert.equal(await loginCode(suite.url, { username, password: suite.other.credentials().password }), 4);
    // The bare device id (the old username) names no device: ids live in their manufacturer's namespace.
    assert.equal(await loginCode(suite.url, { username: "acl-1", password: suite.device.credentials().password }), 4);
    const stale = deviceMqttCredentials(name, suite.device.key.privateKey, Date.now() - 3_600_000);
    assert.equal(await loginCode(suite.url, stale), 4);
    assert.equal(
      await loginCode(suite.url, deviceMqttCredentials({ ...name, id: "nobody" }, suite.device.key.privateKey)),
      4,
    );
    // Another manufacturer's device of the same id is another device: acl-1's key does not log it in.
    const namesake = await testDevice(suite.database.db, "acl-1", {
      manufacturer: "0x00000000000000000000000000000000000000aa",
    });
    assert.equal(
      await loginCode(
        suite.url,
        deviceMqttCredentials({ manufacturer: namesake.manufacturer, id: "acl-1" }, suite.device.key.privateKey),
      ),
      4,
    );
    assert.equal(await loginCode(suite.url, namesake.credentials()), 0);
    assert.equal(await loginCode(suite.url, { username: operator.username, password: "guess" }), 4);
    assert.equal(await loginCode(suite.url, suite.device.credentials()), 0);
    assert.equal(await loginCode(suite.url, operator), 0);
  });

  it("refuses a device taking over another device's client id (which would disconnect it)", async () => {
    const holder = await suite.connectDevice("shared-id");
    try {
      assert.equal(await loginCode(suite.url, { clientId: "shared-id", ...suite.other.credentials() }), 2);
      // Still served: a round trip on the first connection.
      const granted = await holder.subscribeAsync(suite.device.sparkplugTopic.replace("/DDATA/", "/DCMD/"), { qos: 1 });
      assert.equal(granted[0]?.qos, 1);
      assert.equal(holder.connected, true);
    } finally {
      await holder.endAsync();
    }
  });

  it("lets a device subscribe only to its own command topics, and publish only to its own topics", async () => {
    const client = await suite.connectDevice();
    try {
      const command = suite.device.sparkplugTopic.replace("/DDATA/", "/DCMD/");
      // Refused with SUBACK 0x80 (mqtt.js rejects), the connection stays.
      for (const filter of ["#", "dipnet/#", suite.other.topic, suite.device.topic]) {
        await assert.rejects(client.subscribeAsync(filter, { qos: 1 }), /Subscribe error/, filter);
      }
      const granted = await client.subscribeAsync(command, { qos: 1 });
      assert.deepEqual(
        granted.map((g) => g.qos),
        [1],
      );
      // Another device's topic: the broker drops the connection, and stores nothing.
      const closed = new Promise<void>((resolve) => client.once("close", () => resolve()));
      client.publish(suite.other.topic, suite.device.payload(1), { qos: 1 });
      await closed;
      assert.deepEqual(await storedSeqs(suite.database, "acl-2"), []);
    } finally {
      await client.endAsync(true);
    }
  });

  it("relays accepted readings to the operator and never the garbage, replayed and forged messages it rejected", async () => {
    const watcher = await mqtt.connectAsync(suite.url, { reconnectPeriod: 0, ...operator });
    const client = await suite.connectDevice();
    try {
      const seen: number[] = [];
      const lastSeen = new Promise<void>((resolve) =>
        watcher.on("message", (_topic, payload) => {
          const seq = (JSON.parse(payload.toString()) as { seq: number }).seq;
          seen.push(seq);
          if (seq === 2) resolve();
        }),
      );
      await watcher.subscribeAsync(["#", "$dipnet/#"], { qos: 1 });
      await client.publishAsync(suite.device.topic, suite.device.payload(1), { qos: 1 });
      await client.publishAsync(suite.device.topic, Buffer.from("garbage"), { qos: 1 });
      await client.publishAsync(suite.device.topic, suite.device.payload(1), { qos: 1 }); // replayed
      await client.publishAsync(suite.device.topic, suite.device.payload(5, { key: suite.other.key }), { qos: 1 }); // forged
      await client.publishAsync(suite.device.topic, suite.device.payload(2), { qos: 1 });
      await lastSeen;
      assert.deepEqual(seen, [1, 2]);
      assert.deepEqual(await storedSeqs(suite.database, "acl-1"), [1, 2]);
    } finally {
      await client.endAsync();
      await watcher.endAsync();
    }
  });

  it("keeps no retained message from the operator, and lets it publish nothing but commands", async () => {
    const command = suite.device.sparkplugTopic.replace("/DDATA/", "/DCMD/");
    const boss = await mqtt.connectAsync(suite.url, { reconnectPeriod: 0, ...operator });
    const client = await suite.connectDevice();
    try {
      await boss.publishAsync(command, Buffer.from("retained?"), { qos: 1, retain: true });
      const received: string[] = [];
      const marker = new Promise<void>((resolve) =>
        client.on("message", (_topic, payload) => {
          received.push(payload.toString());
          if (payload.toString() === "marker") resolve();
        }),
      );
      // A retained message would arrive right after the SUBACK, before the marker.
      await client.subscribeAsync(command, { qos: 1 });
      await boss.publishAsync(command, Buffer.from("marker"), { qos: 1 });
      await marker;
      assert.deepEqual(received, ["marker"]);
      const closed = new Promise<void>((resolve) => boss.once("close", () => resolve()));
      boss.publish(suite.device.topic, suite.device.payload(9), { qos: 1 });
      await closed;
      assert.deepEqual(await storedSeqs(suite.database, "acl-1"), [1, 2]);
    } finally {
      await client.endAsync();
      await boss.endAsync(true);
    }
  });

  it("closes a connection whose packet is larger than the maximum, before reading it", async () => {
    const reply = await new Promise<string>((resolve) => {
      const socket = netConnect(suite.port, "127.0.0.1");
      let connacked = false;
      socket.on("error", () => {});
      socket.on("close", () => resolve(connacked ? "closed" : "closed before CONNACK"));
      socket.on("data", (data) => {
        if (!connacked && data[0] === 0x20) {
          connacked = true;
          // A QoS 1 PUBLISH of 1 MiB on the device's own topic, then a PINGREQ.
          socket.write(publishPacket(suite.device.topic, Buffer.alloc(1024 * 1024, 0x20), 1, 7));
          socket.write(Buffer.from([0xc0, 0]));
        } else if (data.includes(0xd0)) resolve("PINGRESP");
      });
      socket.on("connect", () => socket.write(connectPacket("big-1", suite.device.credentials())));
    });
    assert.equal(reply, "closed");
    assert.ok(suite.gateway.stats().mqttErrors >= 1);
  });
});

describe("gateway (external broker: Mosquitto)", () => {
  const b = createTestBackend("sqlite");
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

  // Waits for the messages to be processed (the replay counts: it must not be stored), bounded by
  // the test runner's timeout rather than a wall-clock deadline of its own.
  const waitFor = async (gateway: Gateway, processed: number, seqs: number[]) => {
    while (true) {
      const { acceptedMessages, rejected } = gateway.stats();
      if (acceptedMessages + Object.values(rejected).reduce((a, b) => a + b, 0) >= processed) break;
      await new Promise((r) => setTimeout(r, 20)); // poll interval, not a deadline
    }
    await gateway.ingestor.drain();
    assert.deepEqual(await storedSeqs(database, "ext-1"), seqs);
  };

  it("ingests through a persistent QoS 1 session, including what was published while it was down", async () => {
    const publisher = await mqtt.connectAsync(MOSQUITTO_URL, { clientId: `${clientId}-pub`, reconnectPeriod: 0 });
    const topic = `${prefix}/${device.topic}`;
    try {
      // Credentials in the URL log the gateway in (this Mosquitto admits anyone: they are ignored).
      const withLogin = new URL(MOSQUITTO_URL);
      withLogin.username = "dipnet-gateway";
      withLogin.password = "secret";
      let gateway = createGateway({
        db: database.db,
        mqtt: { kind: "external", url: withLogin.href, clientId },
        topicPrefix: prefix,
      });
      // Resolves after the SUBACK (the broker routes to it from now on), with a URL safe to print.
      const started = await gateway.start();
      assert.equal(new URL(started.url).password, "");
      for (const seq of [1, 2]) await publisher.publishAsync(topic, device.payload(seq), { qos: 1 });
      await publisher.publishAsync(`${prefix}/${device.sparkplugTopic}`, device.sparkplugPayload(3), { qos: 1 });
      await publisher.publishAsync(topic, device.payload(2), { qos: 1 }); // replay
      await waitFor(gateway, 4, [1, 2, 3]);
      await gateway.stop();

      // Down: the broker keeps these for the persistent session.
      for (const seq of [4, 5, 6]) await publisher.publishAsync(topic, device.payload(seq), { qos: 1 });
      gateway = createGateway({
        db: database.db,
        mqtt: { kind: "external", url: MOSQUITTO_URL, clientId },
        topicPrefix: prefix,
      });
      await gateway.start();
      await waitFor(gateway, 3, [1, 2, 3, 4, 5, 6]);
      await gateway.stop();
    } finally {
      await publisher.endAsync();
    }
  });
});
