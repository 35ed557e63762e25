// The MQTT gateway: takes device messages from the node's embedded broker (aedes) or from any
// external broker, and hands them to the ingestor. Acknowledgement follows durability: a QoS 1
// message is acknowledged (PUBACK) only after the transaction that stored or rejected it committed.
//
// - Embedded: aedes calls `authorizePublish` before it writes the PUBACK; the handler waits for
//   the commit. A store failure fails the handler, so aedes closes the connection without PUBACK
//   and the device resends on reconnect.
// The embedded broker admits only registered devices (username = `<manufacturer>/<device id>`,
// password = a login token signed by the device key, see `deviceMqttCredentials`) and the configured operator. A device
// publishes only to its own topics and subscribes only to its own command topics; the operator
// reads everything and publishes only commands. A device data message the ingestor rejects is
// acknowledged (so the device does not resend it forever) but relayed to nobody.
//
// - External: subscriptions `dipnet/v1/+/+/+/data` and `spBv1.0/+/DDATA/+/+` at QoS 1 in a persistent session
//   (`clean: false`, fixed client id), so the broker keeps and redelivers what was not acknowledged
//   while the gateway was down. `handleMessage` sends the PUBACK after the commit; on a store
//   failure the connection is dropped and nothing more is taken from it, so the broker redelivers.
import { timingSafeEqual } from "node:crypto";
import { createServer, type Server, type Socket } from "node:net";
import { Duplex } from "node:stream";
import { checkDeviceMqttPassword, DATA_TOPIC_FILTER, messageLimits, parseDeviceMqttUsername } from "@dipnet/sdk";
import { isSparkplugDataTopic, SPARKPLUG_TOPIC_FILTER } from "@dipnet/sdk/mqtt";
import { Aedes, type AuthenticateError, type Client } from "aedes";
import type { Kysely } from "kysely";
import mqtt, { type MqttClient } from "mqtt";
import type { Logger } from "pino";
import type { Schema } from "../../core/db/schema.ts";
import { silentLogger } from "../../core/log.ts";
import { createIngestor, type Ingestor, type IngestStats } from "./ingest.ts";
import { iotDb } from "./schema.ts";

/** Where messages come from. */
export type GatewayMqtt =
  | {
      kind: "embedded";
      /** Default: 127.0.0.1. */
      host?: string | undefined;
      /** Default: 1884 (1883 is usually a system Mosquitto). 0 picks a free port. */
      port?: number | undefined;
      /**
       * Credentials of the one non-device client allowed in: it may subscribe to anything and
       * publish device commands (never retained). Default: none (only devices connect).
       */
      operator?: { username: string; password: string } | undefined;
      /** Largest MQTT packet (bytes) a client may send; a larger one closes its connection. Default: 256 KiB + 4 KiB. */
      maxPacketBytes?: number | undefined;
    }
  | {
      kind: "external";
      /** mqtt://, mqtts://, ws:// or wss:// URL of the broker; `mqtt://user:password@host` logs in (the broker does its own auth). */
      url: string;
      /** Persistent-session client id; one per gateway. Default: `dipnet-gateway`. */
      clientId?: string | undefined;
    };

/** Parameters of `createGateway`. */
export type CreateGatewayParameters = {
  db: Kysely<Schema>;
  mqtt: GatewayMqtt;
  /**
   * Topic prefix before `dipnet/v1/…` (e.g. a tenant on a shared broker), without a trailing
   * slash. Default: none.
   */
  topicPrefix?: string | undefined;
  /** Largest accepted device clock skew (ms). Default: 300000. */
  maxSkewMs?: number | undefined;
  /** Device row sources to trust (`createIngestor`'s `deviceSources`). Default: every source. */
  deviceSources?: readonly string[] | undefined;
  /** Readings a device may send per second (`createIngestor`'s `maxReadingsPerSecond`). Default: 1000. */
  maxReadingsPerSecond?: number | undefined;
  /** Diagnostics. Default: none. */
  logger?: Logger | undefined;
};

/** Counters of the gateway: the ingestor's plus MQTT-level ones. */
export type GatewayStats = IngestStats & {
  /** Connections dropped for protocol errors or failed stores. */
  mqttErrors: number;
  /** Messages not acknowledged because storing failed (they are redelivered). */
  storeFailures: number;
};

/** A running (or startable) gateway. */
export type Gateway = {
  ingestor: Ingestor;
  /** Starts listening (embedded) or connecting (external); resolves with the broker URL (without credentials). */
  start: () => Promise<{ url: string }>;
  /** The broker URL once started (devices publish there), else undefined. */
  url: () => string | undefined;
  /** Stops taking messages and waits for pending commits. Safe to call twice. */
  stop: () => Promise<void>;
  stats: () => GatewayStats;
};

/**
 * Creates an MQTT gateway storing device messages in the node's database.
 * @example const gateway = createGateway({ db, mqtt: { kind: "embedded", port: 1884 } }); await gateway.start();
 */
export function createGateway(p: CreateGatewayParameters): Gateway {
  const log = p.logger ?? silentLogger;
  const maxSkewMs = p.maxSkewMs ?? 300_000;
  const ingestor = createIngestor({
    db: p.db,
    maxSkewMs,
    deviceSources: p.deviceSources,
    maxReadingsPerSecond: p.maxReadingsPerSecond,
  });
  const prefix = p.topicPrefix ? `${p.topicPrefix}/` : "";
  const counters = { mqttErrors: 0, storeFailures: 0 };
  const deviceTopic = (topic: string) => (prefix && topic.startsWith(prefix) ? topic.slice(prefix.length) : topic);
  // Device data: everything under `dipnet/` (bad topics there are rejected and counted) and
  // Sparkplug DDATA. Other traffic, Sparkplug BIRTH/DEATH/commands included, passes through.
  const isDeviceData = (topic: string) =>
    topic.startsWith(prefix) && (topic.startsWith(`${prefix}dipnet/`) || isSparkplugDataTopic(deviceTopic(topic)));
  const ingest = (topic: string, payload: Buffer | string) =>
    ingestor.submit(deviceTopic(topic), typeof payload === "string" ? Buffer.from(payload) : payload);

  let stopper: (() => Promise<void>) | undefined;
  let stopped = false;
  let brokerUrl: string | undefined;

  // Who each connected client is; set by `authenticate`, so every later check can rely on it.
  const roles = new WeakMap<Client, Role>();
  const sources = p.deviceSources ? new Set(p.deviceSources) : undefined;

  async function authenticate(username: string | undefined, password: Buffer | undefined): Promise<Role | string> {
    if (!username || !password) return "username and password are required";
    const operator = p.mqtt.kind === "embedded" ? p.mqtt.operator : undefined;
    if (operator && username === operator.username) {
      return sameSecret(password, operator.password) ? { kind: "operator" } : "operator: bad password";
    }
    const name = parseDeviceMqttUsername(username);
    if (!name) return "username: must be <manufacturer>/<device id>";
    const device = await iotDb(p.db)
      .selectFrom("iot_devices")
      .selectAll()
      .where("manufacturer", "=", name.manufacturer)
      .where("device_id", "=", name.id)
      .executeTakeFirst();
    if (!device || (sources && !sources.has(device.source))) return `device ${username}: not registered`;
    if (Number(device.revoked) === 1) return `device ${username}: revoked`;
    const problem = checkDeviceMqttPassword({
      username,
      publicKey: device.public_key,
      password: password.toString("utf8"),
      now: Date.now(),
      maxSkewMs,
    });
    if (problem) return `device ${username}: ${problem}`;
    return { kind: "device", id: username, ...deviceTopics(prefix, device) };
  }

  async function startEmbedded(host: string, port: number, maxPacketBytes: number): Promise<{ url: string }> {
    const broker = await Aedes.createBroker({
      authenticate(client, username, password, callback) {
        authenticate(username, password).then(
          (role) => {
            if (typeof role === "string") {
              log.warn(`MQTT login of client ${client.id} refused: ${role}`);
              const error = new Error(role) as AuthenticateError;
              error.returnCode = 4; // bad user name or password
              return callback(error, false);
            }
            // MQTT lets a new connection with a client id take over the session of that id: only the
            // same device (or the operator itself) may, or one device could keep another offline.
            const holder = (broker as unknown as { clients: Record<string, Client | undefined> }).clients[client.id];
            const held = holder && holder !== client ? roles.get(holder) : undefined;
            if (
              held &&
              (held.kind !== role.kind || (held.kind === "device" && role.kind === "device" && held.id !== role.id))
            ) {
              log.warn(`MQTT client id ${client.id} is in use by another client; login refused`);
              const error = new Error("client id in use by another client") as AuthenticateError;
              error.returnCode = 2; // identifier rejected
              return callback(error, false);
            }
            roles.set(client, role);
            callback(null, true);
          },
          (error: unknown) => callback(error instanceof Error ? (error as AuthenticateError) : null, false),
        );
      },
      authorizeSubscribe(client, subscription, callback) {
        const role = client ? roles.get(client) : undefined;
        // The operator reads everything (rejected messages never reach anyone: `authorizeForward`).
        const allowed =
          role?.kind === "operator" || (role?.kind === "device" && role.subscribe.has(subscription.topic));
        callback(null, allowed ? subscription : null); // null: SUBACK 0x80, the client stays
      },
      authorizePublish(client, packet, callback) {
        const role = client ? roles.get(client) : undefined;
        if (role?.kind === "operator") {
          if (!packet.topic.startsWith(prefix) || !isCommandTopic(deviceTopic(packet.topic)))
            return callback(new Error("operators publish only commands"));
          packet.retain = false;
          return callback(null);
        }
        if (role?.kind !== "device" || !role.publish.has(packet.topic)) {
          return callback(new Error(`not this client's topic: ${packet.topic}`));
        }
        if (!isDeviceData(packet.topic)) return callback(null);
        ingest(packet.topic, packet.payload).then(
          (outcome) => {
            if (!outcome.accepted) {
              // Acknowledged (final) but relayed to nobody and never retained.
              packet.topic = REJECTED_TOPIC;
              packet.retain = false;
            }
            callback(null);
          },
          (error: unknown) => {
            counters.storeFailures++;
            log.error({ err: error }, "storing a message failed, not acknowledged");
            callback(error instanceof Error ? error : new Error(String(error)));
          },
        );
      },
      authorizeForward(_client, packet) {
        return packet.topic === REJECTED_TOPIC ? null : packet;
      },
    });
    broker.on("clientError", () => counters.mqttErrors++);
    broker.on("connectionError", () => counters.mqttErrors++);
    const server: Server = createServer((socket) => {
      socket.on("error", () => {});
      broker.handle(limitPacketSize(socket, maxPacketBytes, () => counters.mqttErrors++));
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, host, () => {
        server.off("error", reject);
        resolve();
      });
    });
    const address = server.address();
    const bound = typeof address === "object" && address ? address.port : port;
    stopper = async () => {
      await new Promise<void>((resolve) => broker.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    };
    const shownHost = host.includes(":") ? `[${host}]` : host;
    log.info(`embedded MQTT broker on mqtt://${shownHost}:${bound}`);
    return { url: `mqtt://${shownHost}:${bound}` };
  }

  async function startExternal(url: string, clientId: string): Promise<{ url: string }> {
    // Set when a store failed; cleared by the next connection. Messages taken from a connection
    // after a failure are neither stored nor acknowledged, so the broker redelivers them in order.
    let poisoned = false;
    const client: MqttClient = mqtt.connect(url, {
      clientId,
      clean: false,
      protocolVersion: 4,
      reconnectPeriod: 1000,
      connectTimeout: 10_000,
      resubscribe: true,
    });
    client.handleMessage = (packet, callback) => {
      if (poisoned) return; // dropped with its connection; redelivered after the reconnect
      ingest(packet.topic, packet.payload).then(
        () => callback(),
        (error: unknown) => {
          counters.storeFailures++;
          log.error({ err: error }, "storing a message failed, reconnecting for redelivery");
          poisoned = true;
          client.stream.destroy();
        },
      );
    };
    // Resolved by the first SUBACK: once `start()` returns, the broker routes device data to us.
    let subscribed: { resolve: () => void; reject: (error: Error) => void } | undefined;
    const ready = new Promise<void>((resolve, reject) => {
      subscribed = { resolve, reject };
    });
    client.on("connect", () => {
      poisoned = false;
      const filters = [DATA_TOPIC_FILTER, SPARKPLUG_TOPIC_FILTER].map((f) => `${prefix}${f}`);
      client.subscribe(filters, { qos: 1 }, (error) => {
        if (error) log.error(`subscribing failed: ${error.message}`);
        if (error) subscribed?.reject(error);
        else subscribed?.resolve();
        subscribed = undefined;
      });
    });
    client.on("error", (error) => {
      counters.mqttErrors++;
      log.warn(`MQTT client: ${error.message}`);
    });
    await new Promise<void>((resolve, reject) => {
      const onError = (error: Error) => {
        client.end(true);
        reject(error);
      };
      client.once("error", onError);
      ready.then(() => {
        client.off("error", onError);
        resolve();
      }, onError);
    });
    stopper = async () => {
      await client.endAsync(true);
    };
    // Shown in banners and logs: without the credentials.
    const shown = new URL(url);
    shown.username = "";
    shown.password = "";
    return { url: shown.href };
  }

  return {
    ingestor,
    async start() {
      const started =
        p.mqtt.kind === "embedded"
          ? await startEmbedded(
              p.mqtt.host ?? "127.0.0.1",
              p.mqtt.port ?? 1884,
              p.mqtt.maxPacketBytes ?? messageLimits.maxPayloadBytes + 4096,
            )
          : await startExternal(p.mqtt.url, p.mqtt.clientId ?? "dipnet-gateway");
      brokerUrl = started.url;
      return started;
    },
    url: () => (stopped ? undefined : brokerUrl),
    async stop() {
      if (stopped) return;
      stopped = true;
      await stopper?.();
      await ingestor.drain();
    },
    stats: () => ({ ...ingestor.stats(), ...counters }),
  };
}

/** Where rejected device messages go: a topic `authorizeForward` delivers to nobody. */
const REJECTED_TOPIC = "$dipnet/rejected";

/** A connected client of the embedded broker: the operator, or a device with its own topics. */
type Role =
  | { kind: "operator" }
  | { kind: "device"; id: string; publish: ReadonlySet<string>; subscribe: ReadonlySet<string> };

/** The topics a device may publish to (its data, Sparkplug birth and death) and subscribe to (its commands). */
function deviceTopics(
  prefix: string,
  d: { device_id: string; manufacturer: string; machine: string },
): { publish: ReadonlySet<string>; subscribe: ReadonlySet<string> } {
  const own = `${d.manufacturer}/${d.machine}/${d.device_id}`;
  const sparkplug = (type: string) => `${prefix}spBv1.0/${d.manufacturer}/${type}/${d.machine}/${d.device_id}`;
  return {
    publish: new Set([`${prefix}dipnet/v1/${own}/data`, sparkplug("DDATA"), sparkplug("DBIRTH"), sparkplug("DDEATH")]),
    subscribe: new Set([`${prefix}dipnet/v1/${own}/cmd`, sparkplug("DCMD")]),
  };
}

/** A device command topic: `dipnet/v1/<manufacturer>/<machine>/<device>/cmd` or Sparkplug DCMD. */
function isCommandTopic(topic: string): boolean {
  const parts = topic.split("/");
  if (parts.some((level) => level.length === 0)) return false;
  return (
    (parts.length === 6 && parts[0] === "dipnet" && parts[1] === "v1" && parts[5] === "cmd") ||
    (parts.length === 5 && parts[0] === "spBv1.0" && parts[2] === "DCMD")
  );
}

function sameSecret(given: Buffer, expected: string): boolean {
  const want = Buffer.from(expected, "utf8");
  return given.length === want.length && timingSafeEqual(given, want);
}

/**
 * The socket as aedes reads it, closed as soon as a packet's fixed header announces more than
 * `maxBytes`: aedes buffers a whole packet before parsing it, so without this a client could make
 * it hold up to 256 MB per connection.
 */
function limitPacketSize(socket: Socket, maxBytes: number, onRefused: () => void): Duplex {
  // Parser state over the byte stream: skipping a body, or reading a fixed header.
  let skip = 0;
  let header: number[] | undefined;
  const oversized = (chunk: Buffer): boolean => {
    let i = 0;
    while (i < chunk.length) {
      if (skip > 0) {
        const n = Math.min(skip, chunk.length - i);
        skip -= n;
        i += n;
        continue;
      }
      if (!header) {
        header = [];
        i++; // packet type and flags
        continue;
      }
      const byte = chunk[i++] as number;
      header.push(byte);
      if (byte & 0x80) {
        if (header.length === 4) return true; // a fifth length byte: malformed
        continue;
      }
      const length = header.reduce((sum, b, k) => sum + (b & 0x7f) * 128 ** k, 0);
      header = undefined;
      if (length + 5 > maxBytes) return true;
      skip = length;
    }
    return false;
  };
  const guarded = new Duplex({
    read() {
      socket.resume();
    },
    write(chunk, _encoding, callback) {
      socket.write(chunk, callback);
    },
    final(callback) {
      socket.end(callback);
    },
    destroy(error, callback) {
      socket.destroy();
      callback(error);
    },
  });
  socket.on("data", (chunk: Buffer) => {
    if (oversized(chunk)) {
      onRefused();
      guarded.destroy();
      return;
    }
    if (!guarded.push(chunk)) socket.pause();
  });
  socket.on("end", () => guarded.push(null));
  socket.on("close", () => guarded.destroy());
  return guarded;
}
