// Signed device messages as MQTT Sparkplug B payloads (protobuf, `sparkplug-payload`). A DDATA
// message carries the readings as metrics plus two reserved metrics: `dipnet/seq` (the device's
// strictly rising sequence number; Sparkplug's own 0–255 `seq` wraps, so it cannot stop replays) and
// `dipnet/signature` (Ed25519, 64 bytes). The signature covers exactly the bytes a JSON message
// would: `signingBytes({ v: 1, device, seq, ts, readings })`, with the device id from the topic, so
// one verifier, one stored body and one audit path serve both wire formats. Pure functions.
import { encodePayload } from "sparkplug-payload/lib/sparkplugbpayload.js";
import sparkplugProto from "sparkplug-payload/lib/sparkplugPayloadProto.js";
import {
  type DeviceMessage,
  IOT_VERSION,
  isIotId,
  isMetricName,
  messageLimits,
  type ParseFailure,
  type Reading,
  signDeviceMessage,
  type UnsignedDeviceMessage,
} from "../iot/message.ts";

const { Payload } = sparkplugProto.org.eclipse.tahu.protobuf;

/** The Sparkplug B topic namespace. */
export const SPARKPLUG_NAMESPACE = "spBv1.0";

/** Reserved metric carrying the DIPNET sequence number (UInt64). */
export const SEQ_METRIC = "dipnet/seq";

/** Reserved metric carrying the Ed25519 signature (Bytes, 64). */
export const SIGNATURE_METRIC = "dipnet/signature";

/** Reading property naming the unit (the common Sparkplug convention). */
export const UNIT_PROPERTY = "engUnit";

/** Topic filter the gateway subscribes to: device data messages. */
export const SPARKPLUG_TOPIC_FILTER = `${SPARKPLUG_NAMESPACE}/+/DDATA/+/+`;

// Sparkplug B data types (Tahu `DataType`).
const T = {
  Int8: 1,
  Int16: 2,
  Int32: 3,
  Int64: 4,
  UInt8: 5,
  UInt16: 6,
  UInt32: 7,
  UInt64: 8,
  Float: 9,
  Double: 10,
  Boolean: 11,
  String: 12,
  Text: 14,
  Bytes: 17,
} as const;

/**
 * Where a device publishes Sparkplug B data: `spBv1.0/<manufacturer>/DDATA/<machine>/<device>`
 * (Sparkplug group = manufacturer, edge node = machine, device = device id).
 */
export function sparkplugTopic(p: { manufacturer: string; machine: string; device: string }): string {
  for (const [name, value] of Object.entries(p)) {
    if (!isIotId(value)) throw new TypeError(`sparkplugTopic: ${name} must be 1-64 of A-Z a-z 0-9 . _ -`);
  }
  return `${SPARKPLUG_NAMESPACE}/${p.manufacturer}/DDATA/${p.machine}/${p.device}`;
}

/** Splits a Sparkplug B DDATA topic; `undefined` when it is not one with valid ids. */
export function parseSparkplugTopic(
  topic: string,
): { manufacturer: string; machine: string; device: string } | undefined {
  const parts = topic.split("/");
  if (parts.length !== 5 || parts[0] !== SPARKPLUG_NAMESPACE || parts[2] !== "DDATA") return undefined;
  const [, manufacturer, , machine, device] = parts as [string, string, string, string, string];
  if (![manufacturer, machine, device].every(isIotId)) return undefined;
  return { manufacturer, machine, device };
}

/**
 * True for the Sparkplug topics the gateway ingests (device data). Other Sparkplug messages (BIRTH,
 * DEATH, NDATA, commands, STATE) are not readings: they pass through the broker untouched.
 */
export function isSparkplugDataTopic(topic: string): boolean {
  const parts = topic.split("/");
  return parts[0] === SPARKPLUG_NAMESPACE && parts[2] === "DDATA";
}

/** Encodes a signed message as a Sparkplug B DDATA payload. `sparkplugSeq` default: `seq % 256`. */
export function encodeSparkplugMessage(message: DeviceMessage, sparkplugSeq?: number): Uint8Array {
  const metrics = message.readings.map((r) => ({
    name: r.metric,
    ...(typeof r.value === "number"
      ? { type: "Double" as const, value: r.value }
      : typeof r.value === "boolean"
        ? { type: "Boolean" as const, value: r.value }
        : { type: "String" as const, value: r.value }),
    ...(r.ts !== undefined ? { timestamp: r.ts } : {}),
    ...(r.unit !== undefined ? { properties: { [UNIT_PROPERTY]: { type: "String" as const, value: r.unit } } } : {}),
  }));
  return encodePayload({
    timestamp: message.ts,
    seq: sparkplugSeq ?? message.seq % 256,
    metrics: [
      ...metrics,
      { name: SEQ_METRIC, type: "UInt64", value: message.seq },
      { name: SIGNATURE_METRIC, type: "Bytes", value: Buffer.from(message.sig, "base64url") },
    ],
  });
}

/**
 * Signs a message with a device's hex Ed25519 seed and encodes it as a Sparkplug B DDATA payload.
 * Numbers travel as Double, so every value decodes to exactly what was signed.
 * @example client.publish(sparkplugTopic(where), signSparkplugMessage({ v: 1, device, seq, ts, readings }, key.privateKey), { qos: 1 });
 */
export function signSparkplugMessage(message: UnsignedDeviceMessage, privateKey: string): Uint8Array {
  return encodeSparkplugMessage(signDeviceMessage(message, privateKey));
}

type LongLike = { low: number; high: number };

/** A protobuf 64-bit value (number or Long) as a safe integer; `signed` reads it as two's complement. */
function safeInteger(value: unknown, signed = false): number | undefined {
  if (typeof value === "number") return Number.isSafeInteger(value) ? value : undefined;
  if (typeof value === "object" && value !== null && "low" in value && "high" in value) {
    const { low, high } = value as LongLike;
    let n = (BigInt(high >>> 0) << 32n) | BigInt(low >>> 0);
    if (signed && n >= 1n << 63n) n -= 1n << 64n;
    return n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : undefined;
  }
  return undefined;
}

type ProtoMetric = {
  name?: string | null;
  datatype?: number | null;
  timestamp?: unknown;
  isNull?: boolean | null;
  intValue?: number | null;
  longValue?: unknown;
  floatValue?: number | null;
  doubleValue?: number | null;
  booleanValue?: boolean | null;
  stringValue?: string | null;
  bytesValue?: Uint8Array | null;
  properties?: {
    keys?: string[] | null;
    values?: { type?: number | null; stringValue?: string | null }[] | null;
  } | null;
};

const has = (object: object, key: string) => Object.hasOwn(object, key);

function metricValue(m: ProtoMetric): Reading["value"] | undefined {
  switch (m.datatype) {
    case T.Int8:
    case T.Int16:
    case T.Int32:
      return has(m, "intValue") ? (m.intValue as number) | 0 : undefined;
    case T.UInt8:
    case T.UInt16:
    case T.UInt32:
      return has(m, "intValue") ? (m.intValue as number) >>> 0 : safeInteger(m.longValue);
    case T.Int64:
      return safeInteger(m.longValue, true);
    case T.UInt64:
      return safeInteger(m.longValue);
    case T.Float:
      return has(m, "floatValue") && Number.isFinite(m.floatValue) ? (m.floatValue as number) : undefined;
    case T.Double:
      return has(m, "doubleValue") && Number.isFinite(m.doubleValue) ? (m.doubleValue as number) : undefined;
    case T.Boolean:
      return has(m, "booleanValue") ? (m.booleanValue as boolean) : undefined;
    case T.String:
    case T.Text:
      return has(m, "stringValue") && (m.stringValue as string).length <= messageLimits.maxStringValue
        ? (m.stringValue as string)
        : undefined;
    default:
      return undefined;
  }
}

function unitOf(m: ProtoMetric): string | undefined | null {
  const keys = m.properties?.keys ?? [];
  const at = keys.indexOf(UNIT_PROPERTY);
  if (at < 0) return undefined;
  const property = m.properties?.values?.[at];
  if (!property || (property.type !== T.String && property.type !== T.Text) || !has(property, "stringValue")) {
    return null;
  }
  const unit = property.stringValue as string;
  return unit.length <= messageLimits.maxUnit ? unit : null;
}

/**
 * Parses a Sparkplug B DDATA payload of `device` (from the topic) into a signed message, without
 * checking the signature. Never throws.
 */
export function parseSparkplugMessage(
  device: string,
  payload: Uint8Array,
): { ok: true; message: DeviceMessage } | ParseFailure {
  const bad = (detail: string): ParseFailure => ({ ok: false, reason: "malformed", detail });
  if (payload.byteLength > messageLimits.maxPayloadBytes) return bad("payload too large");
  let decoded: { timestamp?: unknown; metrics?: ProtoMetric[] | null };
  try {
    decoded = Payload.decode(payload) as typeof decoded;
  } catch {
    return bad("not a Sparkplug B payload");
  }
  const ts = safeInteger(decoded.timestamp);
  if (!has(decoded, "timestamp") || ts === undefined || ts < 0) return bad("timestamp");
  const metrics = decoded.metrics ?? [];
  let seq: number | undefined;
  let sig: Uint8Array | undefined;
  const readings: Reading[] = [];
  for (const m of metrics) {
    if (!has(m, "name")) return bad("metric without a name (aliases are not supported)");
    const name = m.name as string;
    if (m.isNull) return bad(`metric ${name.slice(0, 64)}: null value`);
    if (name === SEQ_METRIC) {
      if (seq !== undefined || (m.datatype !== T.UInt64 && m.datatype !== T.Int64)) return bad(SEQ_METRIC);
      seq = safeInteger(m.longValue);
      if (seq === undefined || seq < 0) return bad(SEQ_METRIC);
    } else if (name === SIGNATURE_METRIC) {
      if (sig !== undefined || m.datatype !== T.Bytes || m.bytesValue?.length !== 64) return bad(SIGNATURE_METRIC);
      sig = m.bytesValue;
    } else {
      if (!isMetricName(name)) return bad("metric name");
      const value = metricValue(m);
      if (value === undefined) return bad(`metric ${name}: value or type`);
      const reading: Reading = { metric: name, value };
      const unit = unitOf(m);
      if (unit === null) return bad(`metric ${name}: ${UNIT_PROPERTY}`);
      if (unit !== undefined) reading.unit = unit;
      if (has(m, "timestamp")) {
        const at = safeInteger(m.timestamp);
        if (at === undefined || at < 0) return bad(`metric ${name}: timestamp`);
        reading.ts = at;
      }
      readings.push(reading);
    }
  }
  if (readings.length === 0 || readings.length > messageLimits.maxReadings) return bad("readings");
  if (seq === undefined) return bad(SEQ_METRIC);
  if (sig === undefined) return { ok: false, reason: "unsigned", detail: `no ${SIGNATURE_METRIC}` };
  return {
    ok: true,
    message: { v: IOT_VERSION, device, seq, ts, readings, sig: Buffer.from(sig).toString("base64url") },
  };
}
