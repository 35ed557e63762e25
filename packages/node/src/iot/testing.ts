// Test helpers for the IoT gateway: a registered device that signs numbered messages.
import type { Kysely } from "kysely";
import type { Schema } from "../db/schema.ts";
import { createDeviceKey, type DeviceKey, deviceTopic, type Reading, signDeviceMessage } from "./message.ts";
import { registerDevice } from "./registry.ts";

/** A registered test device. */
export type TestDevice = {
  id: string;
  key: DeviceKey;
  topic: string;
  /** Signed JSON payload for `seq` (default readings: spindle load and temperature). */
  payload: (seq: number, over?: { ts?: number; readings?: Reading[]; key?: DeviceKey }) => Buffer;
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
  return {
    id,
    key,
    topic: deviceTopic({ manufacturer, machine, device: id }),
    payload: (seq, over = {}) =>
      Buffer.from(
        JSON.stringify(
          signDeviceMessage(
            {
              v: 1,
              device: id,
              seq,
              ts: over.ts ?? Date.now(),
              readings: over.readings ?? [
                { metric: "spindle_load", value: 40 + (seq % 20), unit: "%" },
                { metric: "temperature", value: 30 + (seq % 7) / 2, unit: "Cel" },
              ],
            },
            (over.key ?? key).privateKey,
          ),
        ),
      ),
  };
}
