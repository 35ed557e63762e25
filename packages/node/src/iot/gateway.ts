// The MQTT gateway: takes device messages from the node's embedded broker (aedes) or from any
// external broker, and hands them to the ingestor. Acknowledgement follows durability: a QoS 1
// message is acknowledged (PUBACK) only after the transaction that stored or rejected it committed.
//
// - Embedded: aedes calls `authorizePublish` before it writes the PUBACK; the handler waits for
//   the commit. A store failure fails the handler, so aedes closes the connection without PUBACK
//   and the device resends on reconnect.
// - External: subscriptions `dipnet/v1/+/+/+/data` and `spBv1.0/+/DDATA/+/+` at QoS 1 in a persistent session
//   (`clean: false`, fixed client id), so the broker keeps and redelivers what was not acknowledged
//   while the gateway was down. `handleMessage` sends the PUBACK after the commit; on a store
//   failure the connection is dropped and nothing more is taken from it, so the broker redelivers.
import { createServer, type Server } from "node:net";
import { Aedes } from "aedes";
import type { Kysely } from "kysely";
import mqtt, { type MqttClient } from "mqtt";
import type { Schema } from "../db/schema.ts";
import { createIngestor, type Ingestor, type IngestStats } from "./ingest.ts";
import { DATA_TOPIC_FILTER } from "./message.ts";
import { isSparkplugDataTopic, SPARKPLUG_TOPIC_FILTER } from "./sparkplug.ts";

/** Where messages come from. */
export type GatewayMqtt =
  | {
      kind: "embedded";
      /** Default: 127.0.0.1. */
      host?: string | undefined;
      /** Default: 1884 (1883 is usually a system Mosquitto). 0 picks a free port. */
      port?: number | undefined;
    }
  | {
      kind: "external";
      /** mqtt://, mqtts://, ws:// or wss:// URL of the broker. */
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
  /** Diagnostics. Default: none. */
  log?: ((level: "info" | "warn" | "error", message: string) => void) | undefined;
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
  /** Starts listening (embedded) or connecting (external); resolves with the broker URL. */
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
  const log = p.log ?? (() => {});
  const ingestor = createIngestor({ db: p.db, maxSkewMs: p.maxSkewMs, deviceSources: p.deviceSources });
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

  async function startEmbedded(host: string, port: number): Promise<{ url: string }> {
    const broker = await Aedes.createBroker({
      authorizePublish(_client, packet, callback) {
        if (packet.topic.startsWith("$SYS/")) return callback(new Error("$SYS/ topics are reserved"));
        if (!isDeviceData(packet.topic)) return callback(null);
        ingest(packet.topic, packet.payload).then(
          () => callback(null),
          (error: unknown) => {
            counters.storeFailures++;
            log("error", `iot: storing a message failed, not acknowledged: ${String(error)}`);
            callback(error instanceof Error ? error : new Error(String(error)));
          },
        );
      },
    });
    broker.on("clientError", () => counters.mqttErrors++);
    broker.on("connectionError", () => counters.mqttErrors++);
    const server: Server = createServer((socket) => {
      socket.on("error", () => {});
      broker.handle(socket);
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
    log("info", `iot: embedded MQTT broker on mqtt://${shownHost}:${bound}`);
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
          log("error", `iot: storing a message failed, reconnecting for redelivery: ${String(error)}`);
          poisoned = true;
          client.stream.destroy();
        },
      );
    };
    client.on("connect", () => {
      poisoned = false;
      const filters = [DATA_TOPIC_FILTER, SPARKPLUG_TOPIC_FILTER].map((f) => `${prefix}${f}`);
      client.subscribe(filters, { qos: 1 }, (error) => {
        if (error) log("error", `iot: subscribing failed: ${error.message}`);
      });
    });
    client.on("error", (error) => {
      counters.mqttErrors++;
      log("warn", `iot: MQTT client: ${error.message}`);
    });
    await new Promise<void>((resolve, reject) => {
      const onError = (error: Error) => {
        client.end(true);
        reject(error);
      };
      client.once("error", onError);
      client.once("connect", () => {
        client.off("error", onError);
        resolve();
      });
    });
    stopper = async () => {
      await client.endAsync(true);
    };
    return { url };
  }

  return {
    ingestor,
    async start() {
      const started =
        p.mqtt.kind === "embedded"
          ? await startEmbedded(p.mqtt.host ?? "127.0.0.1", p.mqtt.port ?? 1884)
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
