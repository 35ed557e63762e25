// IoT routes: registered devices with their ingest state, and a device's stored readings.
import type { FromSchema } from "json-schema-to-ts";
import type { Kysely } from "kysely";
import type { Schema } from "../../core/db/schema.ts";
import { ApiError } from "../../core/http/errors.ts";
import { decodeCursor, pageOf } from "../../core/http/pagination.ts";
import { type Api, closedObject, errors, listOf, pageQuery, type View } from "../../core/http/schemas.ts";
import { toDevice } from "./registry.ts";
import { type IotDeviceStateTable, type IotDevicesTable, type IotReadingsTable, iotDb } from "./schema.ts";

const ms = { type: "integer", description: "Milliseconds since the epoch" } as const;
const iotId = { type: "string", pattern: "^[A-Za-z0-9._-]{1,64}$" } as const;

const deviceSchema = {
  type: "object",
  required: [
    "id",
    "keyType",
    "publicKey",
    "manufacturer",
    "machine",
    "revoked",
    "source",
    "registeredAt",
    "lastSeq",
    "lastTs",
    "messages",
  ],
  properties: {
    id: { type: "string" },
    keyType: { type: "string", enum: ["ed25519"] },
    publicKey: { type: "string", pattern: "^[0-9a-f]{64}$", description: "Raw Ed25519 public key, hex" },
    manufacturer: { type: "string" },
    machine: { type: "string" },
    revoked: { type: "boolean" },
    source: { type: "string", description: "Who registered it: `local` or `chain`" },
    registeredAt: ms,
    lastSeq: { anyOf: [{ type: "integer" }, { type: "null" }], description: "Highest accepted sequence number" },
    lastTs: { anyOf: [ms, { type: "null" }], description: "Device time of the last accepted message" },
    messages: { type: "integer", description: "Accepted messages" },
  },
} as const;

const readingSchema = {
  type: "object",
  required: ["seq", "idx", "metric", "value", "unit", "ts"],
  properties: {
    seq: { type: "integer", description: "Sequence number of the signed message that carried it" },
    idx: { type: "integer", description: "Position in that message" },
    metric: { type: "string" },
    value: { type: ["number", "boolean", "string"] },
    unit: { anyOf: [{ type: "string" }, { type: "null" }] },
    ts: ms,
  },
} as const;

function readingView(r: IotReadingsTable): View<typeof readingSchema> {
  return {
    seq: Number(r.seq),
    idx: Number(r.idx),
    metric: r.metric,
    value: JSON.parse(r.value) as number | boolean | string,
    unit: r.unit,
    ts: Number(r.ts),
  };
}

// Manufacturers are often addresses, written checksummed or in lower case alike; chain rows hold lower case.
const storedManufacturer = (m: string) => (/^0x[0-9a-fA-F]{40}$/.test(m) ? m.toLowerCase() : m);

function deviceView(row: IotDevicesTable, state: IotDeviceStateTable | undefined): View<typeof deviceSchema> {
  return {
    ...toDevice(row),
    lastSeq: state ? Number(state.last_seq) : null,
    lastTs: state ? Number(state.last_ts) : null,
    messages: state ? Number(state.messages) : 0,
  };
}

/**
 * Registers `GET /api/devices`, `GET /api/devices/:manufacturer/:id` and
 * `GET /api/devices/:manufacturer/:id/readings` (device ids live in their manufacturer's namespace).
 */
export function registerIotRoutes(app: Api, db: Kysely<Schema>): void {
  const idb = iotDb(db);

  app.get(
    "/api/devices",
    {
      schema: {
        summary: "Registered IoT devices with their ingest state, by id (then manufacturer)",
        tags: ["iot"],
        querystring: closedObject({
          ...pageQuery,
          order: { ...pageQuery.order, default: "asc", description: "Sort direction by id. Default: asc" },
          manufacturer: {
            ...iotId,
            description: "Only this manufacturer's devices (as registered, in any letter case)",
          },
          machine: { ...iotId, description: "Only devices of this machine (as registered)" },
        }),
        response: { 200: listOf(deviceSchema), ...errors },
      },
    },
    async (request) => {
      const q = request.query;
      const key = decodeCursor(q.cursor, ["string", "string"]) as [string, string] | undefined;
      let qb = idb.selectFrom("iot_devices").selectAll();
      if (q.manufacturer)
        qb = qb.where((eb) => eb(eb.fn("lower", ["manufacturer"]), "=", q.manufacturer?.toLowerCase() ?? ""));
      if (q.machine) qb = qb.where("machine", "=", q.machine);
      if (key) {
        const op = q.order === "desc" ? "<" : ">";
        const [id, manufacturer] = key;
        qb = qb.where((eb) =>
          eb.or([eb("device_id", op, id), eb.and([eb("device_id", "=", id), eb("manufacturer", op, manufacturer)])]),
        );
      }
      const rows = await qb
        .orderBy("device_id", q.order)
        .orderBy("manufacturer", q.order)
        .limit(q.limit + 1)
        .execute();
      const ids = [...new Set(rows.map((r) => r.device_id))];
      const name = (r: { manufacturer: string; device_id: string }) => `${r.manufacturer}/${r.device_id}`;
      const states = new Map(
        ids.length === 0
          ? []
          : (await idb.selectFrom("iot_device_state").selectAll().where("device_id", "in", ids).execute()).map((s) => [
              name(s),
              s,
            ]),
      );
      return pageOf(
        rows,
        q,
        (r) => [r.device_id, r.manufacturer],
        (r) => deviceView(r, states.get(name(r))),
      );
    },
  );

  const idParams = {
    type: "object",
    required: ["manufacturer", "id"],
    additionalProperties: false,
    properties: { manufacturer: { ...iotId, description: "The device's manufacturer (as registered)" }, id: iotId },
  } as const;
  const findDevice = async ({ manufacturer, id }: FromSchema<typeof idParams>) => {
    const row = await idb
      .selectFrom("iot_devices")
      .selectAll()
      .where("manufacturer", "=", storedManufacturer(manufacturer))
      .where("device_id", "=", id)
      .executeTakeFirst();
    if (!row) throw new ApiError(404, `no device ${id} of ${manufacturer}`);
    return row;
  };

  app.get(
    "/api/devices/:manufacturer/:id",
    {
      schema: {
        summary: "One IoT device with its ingest state",
        tags: ["iot"],
        params: idParams,
        response: { 200: deviceSchema, ...errors },
      },
    },
    async (request) => {
      const row = await findDevice(request.params);
      const state = await idb
        .selectFrom("iot_device_state")
        .selectAll()
        .where("manufacturer", "=", row.manufacturer)
        .where("device_id", "=", row.device_id)
        .executeTakeFirst();
      return deviceView(row, state);
    },
  );

  app.get(
    "/api/devices/:manufacturer/:id/readings",
    {
      schema: {
        summary: "A device's stored readings (signature-verified), by reading time",
        description:
          "Readings of accepted messages only, ordered by (ts, seq, idx). `from`/`to` bound the reading time " +
          "[from, to) in ms since the epoch. Up to 1000 per page for charts.",
        tags: ["iot"],
        params: idParams,
        querystring: closedObject({
          ...pageQuery,
          limit: { ...pageQuery.limit, maximum: 1000, description: "Items per page (1-1000). Default: 50" },
          metric: {
            type: "string",
            pattern: "^[A-Za-z0-9_.:-]{1,64}$",
            description: "Only this metric. Default: all",
          },
          from: { ...ms, minimum: 0, description: "Earliest reading time, inclusive (ms). Default: none" },
          to: { ...ms, minimum: 0, description: "Latest reading time, exclusive (ms). Default: none" },
        }),
        response: { 200: listOf(readingSchema), ...errors },
      },
    },
    async (request) => {
      const q = request.query;
      if (q.from !== undefined && q.to !== undefined && q.to <= q.from) {
        throw new ApiError(400, "`to` must be after `from`", "to");
      }
      const device = await findDevice(request.params);
      const key = decodeCursor(q.cursor, ["number", "number", "number"]) as [number, number, number] | undefined;
      const op = q.order === "desc" ? "<" : ">";
      let qb = idb
        .selectFrom("iot_readings")
        .selectAll()
        .where("manufacturer", "=", device.manufacturer)
        .where("device_id", "=", device.device_id);
      if (q.metric) qb = qb.where("metric", "=", q.metric);
      if (q.from !== undefined) qb = qb.where("ts", ">=", q.from);
      if (q.to !== undefined) qb = qb.where("ts", "<", q.to);
      if (key) {
        const [ts, seq, idx] = key;
        qb = qb.where((eb) =>
          eb.or([
            eb("ts", op, ts),
            eb.and([eb("ts", "=", ts), eb.or([eb("seq", op, seq), eb.and([eb("seq", "=", seq), eb("idx", op, idx)])])]),
          ]),
        );
      }
      const rows = await qb
        .orderBy("ts", q.order)
        .orderBy("seq", q.order)
        .orderBy("idx", q.order)
        .limit(q.limit + 1)
        .execute();
      return pageOf(rows, q, (r) => [Number(r.ts), Number(r.seq), Number(r.idx)], readingView);
    },
  );
}
