// A device's side of the IoT gateway: signs readings with the device key and publishes them over
// MQTT at QoS 1 (JSON or Sparkplug B). Used by edge adapters (OPC UA) and the demo's machines.
import mqtt, { type MqttClient } from "mqtt";
import {
  deviceMqttCredentials,
  deviceMqttUsername,
  deviceTopic,
  type Reading,
  signDeviceMessage,
} from "../iot/message.ts";
import { encodeSparkplugMessage, sparkplugTopic } from "./sparkplug.ts";

/** Parameters of `createDevicePublisher`. */
export type CreateDevicePublisherParameters = {
  /** Broker URL (mqtt://, mqtts://, ws://, wss://), e.g. the node's embedded broker `mqtt://127.0.0.1:1884`. */
  url: string;
  /** The registered device: its id, and the manufacturer and machine it is registered to. */
  device: { id: string; manufacturer: string; machine: string };
  /** The device's hex Ed25519 seed (32 bytes). */
  privateKey: string;
  /** Wire format. Default: `json`. */
  format?: "json" | "sparkplug" | undefined;
  /** Topic prefix on a shared broker (as the gateway's `topicPrefix`). Default: none. */
  topicPrefix?: string | undefined;
  /** MQTT client id. Default: `dipnet-device-<manufacturer>/<device id>`. */
  clientId?: string | undefined;
  /** Clock (ms). Default: `Date.now`. */
  now?: (() => number) | undefined;
  /** Diagnostics. Default: none. */
  log?: ((level: "info" | "warn" | "error", message: string) => void) | undefined;
};

/** Publishes a device's signed readings. */
export type DevicePublisher = {
  /** Signs and publishes one message; resolves with its sequence number once the broker acknowledged it (PUBACK). */
  publish: (readings: Reading[]) => Promise<{ seq: number }>;
  /** Messages published and not yet acknowledged. */
  inFlight: () => number;
  /** True while connected to the broker. */
  connected: () => boolean;
  /** Disconnects; unacknowledged messages are dropped. Safe to call twice. */
  close: () => Promise<void>;
};

/**
 * Creates a publisher for one device. Sequence numbers are `max(previous + 1, now in ms)`: strictly
 * rising, and a restarted publisher continues above its earlier numbers without stored state (as
 * long as the clock does not go back).
 * @example const pub = createDevicePublisher({ url: "mqtt://127.0.0.1:1884", device, privateKey }); await pub.publish([{ metric: "temperature", value: 41.5, unit: "Cel" }]);
 */
export function createDevicePublisher(p: CreateDevicePublisherParameters): DevicePublisher {
  const now = p.now ?? Date.now;
  const log = p.log ?? (() => {});
  const format = p.format ?? "json";
  const where = { manufacturer: p.device.manufacturer, machine: p.device.machine, device: p.device.id };
  const topic = `${p.topicPrefix ? `${p.topicPrefix}/` : ""}${format === "json" ? deviceTopic(where) : sparkplugTopic(where)}`;
  signDeviceMessage({ v: 1, device: p.device.id, seq: 0, ts: 0, readings: [] }, p.privateKey); // checks the key now
  // Logs in as the device (an external broker may check these or its own); the login token is
  // signed anew before every reconnect, since the embedded broker accepts it only while it is fresh.
  const client: MqttClient = mqtt.connect(p.url, {
    clientId: p.clientId ?? `dipnet-device-${deviceMqttUsername(p.device)}`,
    reconnectPeriod: 1000,
    connectTimeout: 10_000,
    ...deviceMqttCredentials(p.device, p.privateKey, now()),
  });
  client.on("reconnect", () => {
    Object.assign(client.options, deviceMqttCredentials(p.device, p.privateKey, now()));
  });
  let lastError = "";
  client.on("error", (error) => {
    if (error.message !== lastError) log("warn", `device ${p.device.id}: MQTT: ${error.message}`);
    lastError = error.message;
  });
  client.on("connect", () => {
    lastError = "";
  });
  let seq = 0;
  let inFlight = 0;
  let closed = false;
  return {
    async publish(readings) {
      if (closed) throw new Error(`device ${p.device.id}: publisher is closed`);
      const ts = now();
      seq = Math.max(seq + 1, ts);
      const message = signDeviceMessage({ v: 1, device: p.device.id, seq, ts, readings }, p.privateKey);
      const payload =
        format === "json" ? Buffer.from(JSON.stringify(message)) : Buffer.from(encodeSparkplugMessage(message));
      inFlight++;
      try {
        await client.publishAsync(topic, payload, { qos: 1 });
      } finally {
        inFlight--;
      }
      return { seq: message.seq };
    },
    inFlight: () => inFlight,
    connected: () => client.connected,
    async close() {
      if (closed) return;
      closed = true;
      await client.endAsync(true);
    },
  };
}
