// Signed device messages: the JSON wire format, its canonical signing bytes, Ed25519 keys and the
// MQTT topic scheme. Pure functions; nothing here touches the network or the store.
import { bytesToHex } from "@noble/hashes/utils";
import { ed25519PublicKey, ed25519Sign, ed25519Verify } from "#ed25519";
import { base64UrlToBytes, bytesToBase64Url } from "../internal/base64url.ts";

/** Version of the message format and of the topic scheme. */
export const IOT_VERSION = 1;

/** Prefix of every signed byte string, so a device key never signs anything but a DIPNET message. */
export const SIGNING_DOMAIN = "dipnet-iot/v1\n";

/** One measured value. */
export type Reading = {
  /** What was measured, e.g. `spindle_load`: 1–64 of `A-Z a-z 0-9 _ . : -`. */
  metric: string;
  /** A finite number, a boolean or a string of at most 256 characters. */
  value: number | boolean | string;
  /** Unit (UCUM-style code, e.g. `Cel`, `%`), at most 16 characters. Default: none. */
  unit?: string;
  /** When it was measured (ms since the epoch). Default: the message's `ts`. */
  ts?: number;
};

/** A device message before signing. */
export type UnsignedDeviceMessage = {
  v: typeof IOT_VERSION;
  /** Registered device id (`A-Z a-z 0-9 . _ -`, 1–64 characters). */
  device: string;
  /** Strictly increasing per device (gaps allowed); a safe non-negative integer. */
  seq: number;
  /** When the device sent it (ms since the epoch). */
  ts: number;
  /** 1–1000 readings. */
  readings: Reading[];
};

/** A signed device message as it travels over MQTT (UTF-8 JSON). */
export type DeviceMessage = UnsignedDeviceMessage & {
  /** Ed25519 signature (base64url, 64 bytes) over `signingBytes(unsigned fields)`. */
  sig: string;
};

/** Limits enforced on every message. */
export const messageLimits = {
  maxPayloadBytes: 256 * 1024,
  maxReadings: 1000,
  maxStringValue: 256,
  maxUnit: 16,
} as const;

const idPattern = /^[A-Za-z0-9._-]{1,64}$/;
const metricPattern = /^[A-Za-z0-9_.:-]{1,64}$/;
const sigPattern = /^[A-Za-z0-9_-]{86}$/;

/**
 * Canonical JSON (RFC 8785 for this value domain): object keys sorted by UTF-16 code units, no
 * whitespace, numbers in ECMAScript's shortest round-trip form. Throws on non-finite numbers.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === "boolean" || typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new TypeError("canonicalJson: non-finite number");
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  throw new TypeError(`canonicalJson: unsupported ${typeof value}`);
}

const utf8 = new TextEncoder();

/** The exact bytes a device signs: `SIGNING_DOMAIN` + canonical JSON of the unsigned fields. */
export function signingBytes(message: UnsignedDeviceMessage): Uint8Array {
  const { v, device, seq, ts, readings } = message;
  return utf8.encode(SIGNING_DOMAIN + canonicalJson({ v, device, seq, ts, readings }));
}

/** A device key pair: 32-byte Ed25519 seed and public key, hex. */
export type DeviceKey = { privateKey: string; publicKey: string };

const hex32 = /^[0-9a-fA-F]{64}$/;

function checkPrivateKey(privateKey: string): string {
  if (!hex32.test(privateKey)) throw new TypeError("device private key: expected 32 bytes hex");
  return privateKey;
}

/** Creates a random Ed25519 device key. */
export function createDeviceKey(): DeviceKey {
  const privateKey = bytesToHex(crypto.getRandomValues(new Uint8Array(32)));
  return { privateKey, publicKey: publicKeyOf(privateKey) };
}

/** The hex public key of a hex Ed25519 seed. */
export function publicKeyOf(privateKey: string): string {
  return ed25519PublicKey(checkPrivateKey(privateKey));
}

/** True when `signature` (base64url) signs `bytes` by `publicKey` (hex); false for any malformed input. */
function verifySignature(bytes: Uint8Array, signature: string, publicKey: string): boolean {
  const sig = base64UrlToBytes(signature);
  if (sig?.length !== 64 || !hex32.test(publicKey)) return false;
  try {
    return ed25519Verify(sig, bytes, publicKey);
  } catch {
    return false;
  }
}

/**
 * Signs a message with a device's hex Ed25519 seed.
 * @example const msg = signDeviceMessage({ v: 1, device: "d1", seq: 1, ts: Date.now(), readings: [{ metric: "t", value: 21.5 }] }, key.privateKey);
 */
export function signDeviceMessage(message: UnsignedDeviceMessage, privateKey: string): DeviceMessage {
  const sig = bytesToBase64Url(ed25519Sign(signingBytes(message), checkPrivateKey(privateKey)));
  return { ...message, sig };
}

/** True when `message.sig` is a valid signature of its unsigned fields by `publicKey` (hex). */
export function verifyDeviceMessage(message: DeviceMessage, publicKey: string): boolean {
  return verifySignature(signingBytes(message), message.sig, publicKey);
}

/** Prefix of the bytes a device signs to log in to the broker (never a message's signing bytes). */
export const MQTT_AUTH_DOMAIN = "dipnet-mqtt-auth/v1\n";

/** MQTT credentials of a device: its name and a login token `<ts>.<signature>` it makes offline. */
export type DeviceMqttCredentials = { username: string; password: string };

function mqttAuthBytes(username: string, ts: number): Uint8Array {
  return utf8.encode(`${MQTT_AUTH_DOMAIN}${username}\n${ts}`);
}

/** The broker username of a device: `<manufacturer>/<device id>` (ids live in their manufacturer's namespace). */
export function deviceMqttUsername(device: { manufacturer: string; id: string }): string {
  return `${device.manufacturer}/${device.id}`;
}

/** The device a broker username names, or undefined when it is not `<manufacturer>/<device id>`. */
export function parseDeviceMqttUsername(username: string): { manufacturer: string; id: string } | undefined {
  const parts = username.split("/");
  if (parts.length !== 2 || !parts.every(isIotId)) return undefined;
  const [manufacturer, id] = parts as [string, string];
  return { manufacturer, id };
}

/**
 * The broker login of a device: username = `<manufacturer>/<device id>`, password = `<ts>.<Ed25519
 * signature over MQTT_AUTH_DOMAIN + username + "\n" + ts>`. The embedded broker accepts it while
 * `ts` is within its clock skew; make new ones on every (re)connect.
 * @example const client = mqtt.connect(url, deviceMqttCredentials({ manufacturer: "0xabc…", id: "mill-7-spindle" }, key.privateKey));
 */
export function deviceMqttCredentials(
  device: { manufacturer: string; id: string },
  privateKey: string,
  now = Date.now(),
): DeviceMqttCredentials {
  const username = deviceMqttUsername(device);
  const sig = bytesToBase64Url(ed25519Sign(mqttAuthBytes(username, now), checkPrivateKey(privateKey)));
  return { username, password: `${now}.${sig}` };
}

/** Why a device's broker login is refused, or undefined when it is valid at `now`. */
export function checkDeviceMqttPassword(p: {
  /** The broker username (`deviceMqttUsername`). */
  username: string;
  publicKey: string;
  password: string;
  now: number;
  maxSkewMs: number;
}): string | undefined {
  const match = /^(\d{1,16})\.([A-Za-z0-9_-]{86})$/.exec(p.password);
  if (!match) return "password: not <ts>.<signature>";
  const ts = Number(match[1]);
  if (Math.abs(ts - p.now) > p.maxSkewMs) return `password: ts off by ${ts - p.now} ms`;
  return verifySignature(mqttAuthBytes(p.username, ts), match[2] as string, p.publicKey)
    ? undefined
    : "password: bad signature";
}

/** Why a payload is not a well-formed message. */
export type ParseFailure = { ok: false; reason: "malformed" | "unsigned"; detail: string };

// Keeps a leading byte order mark, as JSON.parse then refuses it.
const utf8Text = new TextDecoder("utf-8", { ignoreBOM: true });

/** Parses and validates a payload (UTF-8 JSON) without checking the signature. Never throws. */
export function parseDeviceMessage(payload: Uint8Array): { ok: true; message: DeviceMessage } | ParseFailure {
  const bad = (detail: string): ParseFailure => ({ ok: false, reason: "malformed", detail });
  if (payload.byteLength > messageLimits.maxPayloadBytes) return bad("payload too large");
  let raw: unknown;
  try {
    raw = JSON.parse(utf8Text.decode(payload));
  } catch {
    return bad("not JSON");
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return bad("not an object");
  const m = raw as Record<string, unknown>;
  for (const key of Object.keys(m)) {
    if (!["v", "device", "seq", "ts", "readings", "sig"].includes(key)) return bad(`unknown field ${key}`);
  }
  if (m.v !== IOT_VERSION) return bad("v must be 1");
  if (typeof m.device !== "string" || !idPattern.test(m.device)) return bad("device");
  if (!Number.isSafeInteger(m.seq) || (m.seq as number) < 0) return bad("seq");
  if (!Number.isSafeInteger(m.ts) || (m.ts as number) < 0) return bad("ts");
  if (!Array.isArray(m.readings) || m.readings.length === 0 || m.readings.length > messageLimits.maxReadings) {
    return bad("readings");
  }
  const readings: Reading[] = [];
  for (const r of m.readings as unknown[]) {
    if (typeof r !== "object" || r === null || Array.isArray(r)) return bad("reading");
    const { metric, value, unit, ts, ...rest } = r as Record<string, unknown>;
    if (Object.keys(rest).length > 0) return bad("reading field");
    if (typeof metric !== "string" || !metricPattern.test(metric)) return bad("reading metric");
    const valueOk =
      (typeof value === "number" && Number.isFinite(value)) ||
      typeof value === "boolean" ||
      (typeof value === "string" && value.length <= messageLimits.maxStringValue);
    if (!valueOk) return bad("reading value");
    if (unit !== undefined && (typeof unit !== "string" || unit.length > messageLimits.maxUnit)) {
      return bad("reading unit");
    }
    if (ts !== undefined && (!Number.isSafeInteger(ts) || (ts as number) < 0)) return bad("reading ts");
    const reading: Reading = { metric, value: value as Reading["value"] };
    if (unit !== undefined) reading.unit = unit as string;
    if (ts !== undefined) reading.ts = ts as number;
    readings.push(reading);
  }
  if (m.sig === undefined) return { ok: false, reason: "unsigned", detail: "no sig" };
  if (typeof m.sig !== "string" || !sigPattern.test(m.sig)) return bad("sig");
  return {
    ok: true,
    message: { v: IOT_VERSION, device: m.device, seq: m.seq as number, ts: m.ts as number, readings, sig: m.sig },
  };
}

/** Topic filter the gateway subscribes to. */
export const DATA_TOPIC_FILTER = "dipnet/v1/+/+/+/data";

/** Where a device publishes: `dipnet/v1/<manufacturer>/<machine>/<device>/data`. */
export function deviceTopic(p: { manufacturer: string; machine: string; device: string }): string {
  for (const [name, value] of Object.entries(p)) {
    if (!idPattern.test(value)) throw new TypeError(`deviceTopic: ${name} must match ${idPattern}`);
  }
  return `dipnet/v1/${p.manufacturer}/${p.machine}/${p.device}/data`;
}

/** Splits a data topic; `undefined` when it is not one. */
export function parseDeviceTopic(topic: string): { manufacturer: string; machine: string; device: string } | undefined {
  const parts = topic.split("/");
  if (parts.length !== 6 || parts[0] !== "dipnet" || parts[1] !== "v1" || parts[5] !== "data") return undefined;
  const [manufacturer, machine, device] = parts.slice(2, 5) as [string, string, string];
  if (![manufacturer, machine, device].every((s) => idPattern.test(s))) return undefined;
  return { manufacturer, machine, device };
}

/** True for a well-formed id (device, machine, manufacturer). */
export function isIotId(value: string): boolean {
  return idPattern.test(value);
}

/** True for a well-formed reading metric name. */
export function isMetricName(value: string): boolean {
  return metricPattern.test(value);
}
