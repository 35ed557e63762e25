// Test helpers for the IoT gateway: a registered device that signs numbered messages.

import { after, before } from "node:test";
import {
  createDeviceKey,
  type DeviceKey,
  type DeviceMqttCredentials,
  deviceMqttCredentials,
  deviceTopic,
  type Reading,
  signDeviceMessage,
  type UnsignedDeviceMessage,
} from "@dipnet/sdk";
import { signSparkplugMessage, sparkplugTopic } from "@dipnet/sdk/mqtt";
import type { Kysely } from "kysely";
import type { Database } from "../../core/db/index.ts";
import type { Schema } from "../../core/db/schema.ts";
import type { TestBackend } from "../../testing/index.ts";
import { createIngestor, type Ingestor } from "./ingest.ts";
import { registerDevice } from "./registry.ts";

type Overrides = { ts?: number; readings?: Reading[]; key?: DeviceKey };

/** A registered test device. */
export type TestDevice = {
  id: string;
  manufacturer: string;
  key: DeviceKey;
  topic: string;
  /** Signed JSON payload for `seq` (default readings: spindle load and temperature). */
  payload: (seq: number, over?: Overrides) => Buffer;
  /** The device's Sparkplug B DDATA topic. */
  sparkplugTopic: string;
  /** Signed Sparkplug B payload for `seq` (same readings as `payload`). */
  sparkplugPayload: (seq: number, over?: Overrides) => Buffer;
  /** Fresh broker login of the device (`deviceMqttCredentials`). */
  credentials: () => DeviceMqttCredentials;
};

export async function testDevice(
  db: Kysely<Schema>,
  id: string,
  where: { manufacturer?: string; machine?: string } = {},
): Promise<TestDevice> {
  const key = createDeviceKey();
  const manufacturer = where.manufacturer ?? "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";
  const machine = where.machine ?? "mill-7";
  await registerDevice(db, { id, publicKey: key.publicKey, manufacturer, machine });
  const unsigned = (seq: number, over: Overrides): UnsignedDeviceMessage => ({
    v: 1,
    device: id,
    seq,
    ts: over.ts ?? Date.now(),
    readings: over.readings ?? [
      { metric: "spindle_load", value: 40 + (seq % 20), unit: "%" },
      { metric: "temperature", value: 30 + (seq % 7) / 2, unit: "Cel" },
    ],
  });
  return {
    id,
    manufacturer,
    key,
    topic: deviceTopic({ manufacturer, machine, device: id }),
    payload: (seq, over = {}) =>
      Buffer.from(JSON.stringify(signDeviceMessage(unsigned(seq, over), (over.key ?? key).privateKey))),
    sparkplugTopic: sparkplugTopic({ manufacturer, machine, device: id }),
    sparkplugPayload: (seq, over = {}) =>
      Buffer.from(signSparkplugMessage(unsigned(seq, over), (over.key ?? key).privateKey)),
    credentials: () => deviceMqttCredentials({ manufacturer, id }, key.privateKey),
  };
}

/**
 * A suite's ingestor: before its tests, a database of `backend` with the devices `first` and `second`
 * (on another machine) registered; after them, the database closed.
 */
export function useIngestor(backend: TestBackend, first: string, second: string) {
  const suite = {} as { database: Database; ingest: Ingestor; d1: TestDevice; d2: TestDevice };
  before(async () => {
    suite.database = await backend.open();
    suite.ingest = createIngestor({ db: suite.database.db, maxSkewMs: 60_000 });
    suite.d1 = await testDevice(suite.database.db, first);
    suite.d2 = await testDevice(suite.database.db, second, { machine: "lathe-2" });
  });
  after(async () => {
    await suite.database?.close();
  });
  return suite;
}
