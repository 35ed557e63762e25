// Validation and durable storage of device messages, independent of the transport. Messages are
// checked and committed in batches (group commit): one transaction per batch stores every accepted
// message with its readings and advances each device's sequence number. `submit` resolves only
// after that commit, so a transport acknowledges (PUBACK) only what is durable.

import {
  canonicalJson,
  type DeviceMessage,
  type ParseFailure,
  parseDeviceMessage,
  parseDeviceTopic,
  verifyDeviceMessage,
} from "@dipnet/sdk";
import { isSparkplugDataTopic, parseSparkplugMessage, parseSparkplugTopic } from "@dipnet/sdk/mqtt";
import type { Kysely } from "kysely";
import type { Schema } from "../../core/db/schema.ts";
import {
  type IotDb,
  type IotDeviceStateTable,
  type IotDevicesTable,
  type IotMessagesTable,
  type IotReadingsTable,
  iotDb,
} from "./schema.ts";

/** Why a message was not stored. */
export type RejectReason =
  | "malformed"
  | "unsigned"
  | "bad_topic"
  | "unknown_device"
  | "revoked_device"
  | "foreign_device"
  | "bad_signature"
  | "replayed"
  | "out_of_order"
  | "stale"
  | "rate_limited";

export const rejectReasons: readonly RejectReason[] = [
  "malformed",
  "unsigned",
  "bad_topic",
  "unknown_device",
  "revoked_device",
  "foreign_device",
  "bad_signature",
  "replayed",
  "out_of_order",
  "stale",
  "rate_limited",
];

/** What happened to one message. Either way it is final: the transport may acknowledge it. */
export type IngestOutcome =
  | { accepted: true; device: string; seq: number; readings: number }
  | { accepted: false; reason: RejectReason; detail?: string | undefined };

/** Counters since start. */
export type IngestStats = {
  acceptedMessages: number;
  acceptedReadings: number;
  rejected: Record<RejectReason, number>;
  batches: number;
};

/** Parameters of `createIngestor`. */
export type CreateIngestorParameters = {
  db: Kysely<Schema>;
  /** Largest accepted |device ts − gateway clock| in ms. Default: 300000 (5 minutes). */
  maxSkewMs?: number | undefined;
  /** Messages per transaction at most. Default: 2000. */
  maxBatch?: number | undefined;
  /** Clock (ms). Default: `Date.now`. */
  now?: (() => number) | undefined;
  /**
   * Which device rows to trust, by `source`: `["chain"]` accepts only devices registered on chain
   * (the node's setting when its deployment has an evidence registry). Default: every source.
   */
  deviceSources?: readonly string[] | undefined;
  /**
   * Readings one device may send per second (a token bucket holding one second's worth): a
   * message beyond it is rejected as `rate_limited` before its signature is checked, so a flood
   * costs no verification or storage. Default: 1000.
   */
  maxReadingsPerSecond?: number | undefined;
};

/** Validates and stores device messages. */
export type Ingestor = {
  /**
   * Validates one MQTT message (DIPNET JSON or Sparkplug B, by its topic) and, if valid, stores it durably. Resolves after the commit with
   * the outcome; rejects only when the store failed (then nothing of it was stored: do not ack).
   */
  submit: (topic: string, payload: Uint8Array) => Promise<IngestOutcome>;
  stats: () => IngestStats;
  /** Resolves once everything submitted so far is committed or failed. */
  drain: () => Promise<void>;
};

/** A device's name across manufacturers: ids live in their manufacturer's namespace. */
const nameOf = (manufacturer: string, device: string) => `${manufacturer}/${device}`;

/** Where a message says it comes from (its topic). */
type Origin = { manufacturer: string; machine: string; device: string };

type Pending = {
  topic: string;
  origin: Origin;
  message: DeviceMessage;
  resolve: (outcome: IngestOutcome) => void;
  reject: (error: unknown) => void;
};

// Rows per INSERT statement: below SQLite's and PostgreSQL's bound-parameter limits (8 columns).
const INSERT_CHUNK = 500;

/**
 * Creates an ingestor over the node's database (migrated, so the IoT tables exist).
 * @example const ingest = createIngestor({ db }); const outcome = await ingest.submit(topic, payload);
 */
export function createIngestor(p: CreateIngestorParameters): Ingestor {
  const db = iotDb(p.db);
  const maxSkewMs = p.maxSkewMs ?? 300_000;
  const maxBatch = p.maxBatch ?? 2000;
  const now = p.now ?? Date.now;
  const sources = p.deviceSources ? new Set(p.deviceSources) : undefined;
  const maxReadingsPerSecond = p.maxReadingsPerSecond ?? 1000;
  // Per device: readings it may still send, as of `at` (ms).
  const buckets = new Map<string, { tokens: number; at: number }>();
  const rejected = Object.fromEntries(rejectReasons.map((r) => [r, 0])) as Record<RejectReason, number>;
  const stats = { acceptedMessages: 0, acceptedReadings: 0, batches: 0 };
  let queue: Pending[] = [];
  let flushing: Promise<void> | undefined;

  const reject = (reason: RejectReason, detail?: string): IngestOutcome => {
    rejected[reason]++;
    return { accepted: false, reason, detail };
  };

  async function commit(batch: Pending[]): Promise<IngestOutcome[]> {
    // Rows of every manufacturer's device of these ids are read; each message takes its own by `nameOf`.
    const ids = [...new Set(batch.map((b) => b.message.device))];
    return db.transaction().execute(async (trx) => {
      const devices = new Map<string, IotDevicesTable>();
      const states = new Map<string, IotDeviceStateTable>();
      for (let i = 0; i < ids.length; i += INSERT_CHUNK) {
        const slice = ids.slice(i, i + INSERT_CHUNK);
        for (const d of await trx.selectFrom("iot_devices").selectAll().where("device_id", "in", slice).execute()) {
          devices.set(nameOf(d.manufacturer, d.device_id), d);
        }
        for (const s of await trx
          .selectFrom("iot_device_state")
          .selectAll()
          .where("device_id", "in", slice)
          .execute()) {
          states.set(nameOf(s.manufacturer, s.device_id), {
            ...s,
            last_seq: Number(s.last_seq),
            messages: Number(s.messages),
          });
        }
      }
      const clock = now();
      const outcomes: (IngestOutcome | undefined)[] = [];
      const late: number[] = []; // indexes whose seq is not above the device's last one
      const messages: IotMessagesTable[] = [];
      const readings: IotReadingsTable[] = [];
      const touched = new Set<string>();
      for (const [i, { topic, origin: where, message }] of batch.entries()) {
        // The topic names the manufacturer whose device id the message claims.
        const name = nameOf(where.manufacturer, message.device);
        const device = devices.get(name);
        if (!device || (sources && !sources.has(device.source)))
          outcomes[i] = { accepted: false, reason: "unknown_device" };
        else if (Number(device.revoked) === 1) outcomes[i] = { accepted: false, reason: "revoked_device" };
        else if (where.device !== device.device_id || where.machine !== device.machine) {
          outcomes[i] = { accepted: false, reason: "foreign_device", detail: "topic is not this device's" };
        } else if (!verifyDeviceMessage(message, device.public_key)) {
          outcomes[i] = { accepted: false, reason: "bad_signature" };
        } else {
          const state = states.get(name);
          if (state && message.seq <= state.last_seq) {
            late.push(i);
          } else if (Math.abs(message.ts - clock) > maxSkewMs) {
            outcomes[i] = { accepted: false, reason: "stale", detail: `ts off by ${message.ts - clock} ms` };
          } else {
            const { v, device: id, seq, ts, readings: rs } = message;
            const { manufacturer } = device;
            states.set(name, {
              manufacturer,
              device_id: id,
              last_seq: seq,
              last_ts: ts,
              messages: (state?.messages ?? 0) + 1,
              updated_at: clock,
            });
            touched.add(name);
            messages.push({
              manufacturer,
              device_id: id,
              seq,
              ts,
              received_at: clock,
              topic,
              body: canonicalJson({ v, device: id, seq, ts, readings: rs }),
              sig: message.sig,
              readings: rs.length,
            });
            for (const [idx, r] of rs.entries()) {
              readings.push({
                manufacturer,
                device_id: id,
                seq,
                idx,
                metric: r.metric,
                value: JSON.stringify(r.value),
                num: typeof r.value === "number" ? r.value : null,
                unit: r.unit ?? null,
                ts: r.ts ?? ts,
              });
            }
            outcomes[i] = { accepted: true, device: id, seq, readings: rs.length };
          }
        }
      }
      await insertMessages(trx, messages);
      for (let i = 0; i < readings.length; i += INSERT_CHUNK) {
        await trx
          .insertInto("iot_readings")
          .values(readings.slice(i, i + INSERT_CHUNK))
          .onConflict((oc) => oc.doNothing())
          .execute();
      }
      for (const name of touched) {
        const s = states.get(name) as IotDeviceStateTable;
        await trx
          .insertInto("iot_device_state")
          .values(s)
          .onConflict((oc) =>
            oc.columns(["manufacturer", "device_id"]).doUpdateSet({
              last_seq: s.last_seq,
              last_ts: s.last_ts,
              messages: s.messages,
              updated_at: s.updated_at,
            }),
          )
          .execute();
      }
      // (After the inserts, so a duplicate inside this batch reads as a replay.)
      // A sequence number at or below the last accepted one: a replay if that exact message is
      // stored (e.g. redelivered after a crash: acknowledged again, stored once), else out of order.
      for (const i of late) {
        const { message, origin } = batch[i] as Pending;
        const stored = await trx
          .selectFrom("iot_messages")
          .select("sig")
          .where("manufacturer", "=", origin.manufacturer)
          .where("device_id", "=", message.device)
          .where("seq", "=", message.seq)
          .executeTakeFirst();
        outcomes[i] =
          stored !== undefined
            ? { accepted: false, reason: "replayed", detail: stored.sig === message.sig ? "redelivery" : "seq reused" }
            : { accepted: false, reason: "out_of_order" };
      }
      return outcomes as IngestOutcome[];
    });
  }

  async function flush(): Promise<void> {
    while (queue.length > 0) {
      const batch = queue.slice(0, maxBatch);
      queue = queue.slice(batch.length);
      let outcomes: IngestOutcome[];
      try {
        outcomes = await commit(batch);
      } catch (error) {
        // Nothing of this batch is stored. Fail what is queued behind it as well: a later message
        // of the same device must not be stored ahead of one that will be redelivered.
        const failed = [...batch, ...queue];
        queue = [];
        for (const b of failed) b.reject(error);
        continue;
      }
      stats.batches++;
      for (const [i, outcome] of outcomes.entries()) {
        if (outcome.accepted) {
          stats.acceptedMessages++;
          stats.acceptedReadings += outcome.readings;
        } else rejected[outcome.reason]++;
        (batch[i] as Pending).resolve(outcome);
      }
    }
  }

  /** Takes `count` readings from the topic's device's bucket; false (nothing taken) when it has too few. */
  function takeReadings(device: string, count: number): boolean {
    const clock = now();
    const bucket = buckets.get(device) ?? { tokens: maxReadingsPerSecond, at: clock };
    const tokens = Math.min(
      maxReadingsPerSecond,
      bucket.tokens + (Math.max(0, clock - bucket.at) * maxReadingsPerSecond) / 1000,
    );
    if (tokens < count) {
      buckets.set(device, { tokens, at: clock });
      return false;
    }
    // Bounded: a full bucket is the default state, so forgetting every bucket when there are many
    // only ever lets a device send one extra second's worth.
    if (buckets.size >= 100_000) buckets.clear();
    buckets.set(device, { tokens: tokens - count, at: clock });
    return true;
  }

  function schedule(): void {
    if (flushing) return;
    flushing = (async () => {
      // Let the messages already read from the sockets join this batch.
      await new Promise((r) => setImmediate(r));
      try {
        await flush();
      } finally {
        flushing = undefined;
        if (queue.length > 0) schedule();
      }
    })();
  }

  return {
    submit(topic, payload) {
      const parsed = decodeSubmission(topic, payload);
      if (!parsed.ok) return Promise.resolve(reject(parsed.reason, parsed.detail));
      if (!takeReadings(nameOf(parsed.origin.manufacturer, parsed.origin.device), parsed.message.readings.length)) {
        return Promise.resolve(reject("rate_limited", `over ${maxReadingsPerSecond} readings/s`));
      }
      return new Promise<IngestOutcome>((resolve, rejectPromise) => {
        queue.push({ topic, origin: parsed.origin, message: parsed.message, resolve, reject: rejectPromise });
        schedule();
      });
    },
    stats: () => ({ ...stats, rejected: { ...rejected } }),
    async drain() {
      while (flushing) await flushing;
    },
  };
}

/** Decodes a message by its topic's scheme: DIPNET JSON (`dipnet/v1/…`) or Sparkplug B (`spBv1.0/…/DDATA/…`). */
function decodeSubmission(
  topic: string,
  payload: Uint8Array,
):
  | { ok: true; origin: Origin; message: DeviceMessage }
  | ParseFailure
  | { ok: false; reason: "bad_topic"; detail: string } {
  if (isSparkplugDataTopic(topic)) {
    const origin = parseSparkplugTopic(topic);
    if (!origin)
      return { ok: false, reason: "bad_topic", detail: "not spBv1.0/<manufacturer>/DDATA/<machine>/<device>" };
    const parsed = parseSparkplugMessage(origin.device, payload);
    return parsed.ok ? { ...parsed, origin } : parsed;
  }
  const origin = parseDeviceTopic(topic);
  if (!origin)
    return { ok: false, reason: "bad_topic", detail: "not dipnet/v1/<manufacturer>/<machine>/<device>/data" };
  const parsed = parseDeviceMessage(payload);
  return parsed.ok ? { ...parsed, origin } : parsed;
}

async function insertMessages(trx: IotDb, rows: IotMessagesTable[]): Promise<void> {
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    await trx
      .insertInto("iot_messages")
      .values(rows.slice(i, i + INSERT_CHUNK))
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
}
