// IoT routes: registered devices with their ingest state, and a device's stored readings.
import type { FastifyInstance } from "fastify";
import type { Kysely } from "kysely";
import { ApiError, decodeCursor, errors, type Page, pageOf } from "../api/routes.ts";
import { listOf, pageQuery } from "../api/schemas.ts";
import type { Schema } from "../db/schema.ts";
import { toDevice } from "./registry.ts";
import { type IotDeviceStateTable, type IotDevicesTable, iotDb } from "./schema.ts";

const ms = { type: "integer", description: "Milliseconds since the epoch" } as const;
const iotId = { type: "string", pattern: "^[A-Za-z0-9._-]{1,64}$" } as const;

const deviceSchema = {
  type: "object",
  required: ["id", "keyType", "publicKey", "manufacturer", "machine", "revoked", "source", "registeredAt", "messages"],
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
  required: ["seq", "idx", "metric", "value", "ts"],
  properties: {
    seq: { type: "integer", description: "Sequence number of the signed message that carried it" },
    idx: { type: "integer", description: "Position in that message" },
    metric: { type: "string" },
    value: { type: ["number", "boolean", "string"] },
    unit: { anyOf: [{ type: "string" }, { type: "null" }] },
    ts: ms,
  },
} as const;

function deviceView(row: IotDevicesTable, state: IotDeviceStateTable | undefined) {
  return {
    ...toDevice(row),
    lastSeq: state ? Number(state.last_seq) : null,
    lastTs: state ? Number(state.last_ts) : null,
    messages: state ? Number(state.messages) : 0,
  };
}

/** Registers `GET /api/devices`, `GET /api/devices/:id` and `GET /api/devices/:id/readings`. */
export function registerIotRoutes(app: FastifyInstance, db: Kysely<Schema>): void {
  const idb = iotDb(db);

  app.get<{ Querystring: Page & { manufacturer?: string; machine?: string } }>(
    "/api/devices",
    {
      schema: {
        summary: "Registered IoT devices with their ingest state, by id",
        tags: ["iot"],
        querystring: {
          type: "object",
          additionalProperties: false,
          properties: {
            ...pageQuery,
            order: { ...pageQuery.order, default: "asc", description: "Sort direction by id. Default: asc" },
            manufacturer: {
              ...iotId,
              description: "Only this manufacturer's devices (as registered, in any letter case)",
            },
            machine: { ...iotId, description: "Only devices of this machine (as registered)" },
          },
        },
        response: { 200: listOf(deviceSchema), ...errors },
      },
    },
    async (request) => {
      const q = request.query;
      const key = decodeCursor(q.cursor, ["string"]);
      let qb = idb.selectFrom("iot_devices").selectAll();
      // Manufacturers are often addresses, written checksummed or in lower case alike.
      if (q.manufacturer)
        qb = qb.where((eb) => eb(eb.fn("lower", ["manufacturer"]), "=", q.manufacturer?.toLowerCase() ?? ""));
      if (q.machine) qb = qb.where("machine", "=", q.machine);
      if (key) qb = qb.where("device_id", q.order === "desc" ? "<" : ">", key[0] as string);
      const rows = await qb
        .orderBy("device_id", q.order)
        .limit(q.limit + 1)
        .execute();
      const ids = rows.map((r) => r.device_id);
      const states = new Map(
        ids.length === 0
          ? []
          : (await idb.selectFrom("iot_device_state").selectAll().where("device_id", "in", ids).execute()).map((s) => [
              s.device_id,
              s,
            ]),
      );
      return pageOf(
        rows,
        q,
        (r) => [r.device_id],
        (r) => deviceView(r, states.get(r.device_id)),
      );
    },
  );

  const idParams = {
    type: "object",
    required: ["id"],
    additionalProperties: false,
    properties: { id: iotId },
  } as const;

  app.get<{ Params: { id: string } }>(
    "/api/devices/:id",
    {
      schema: {
        summary: "One IoT device with its ingest state",
        tags: ["iot"],
        params: idParams,
        response: { 200: deviceSchema, ...errors },
      },
    },
    async (request) => {
      const row = await idb
        .selectFrom("iot_devices")
        .selectAll()
        .where("device_id", "=", request.params.id)
        .executeTakeFirst();
      if (!row) throw new ApiError(404, `no device ${request.params.id}`);
      const state = await idb
        .selectFrom("iot_device_state")
        .selectAll()
        .where("device_id", "=", row.device_id)
        .executeTakeFirst();
      return deviceView(row, state);
    },
  );

  app.get<{ Params: { id: string }; Querystring: Page & { metric?: string; from?: number; to?: number } }>(
    "/api/devices/:id/readings",
    {
      schema: {
        summary: "A device's stored readings (signature-verified), by reading time",
        description:
          "Readings of accepted messages only, ordered by (ts, seq, idx). `from`/`to` bound the reading time " +
          "[from, to) in ms since the epoch. Up to 1000 per page for charts.",
        tags: ["iot"],
        params: idParams,
        querystring: {
          type: "object",
          additionalProperties: false,
          properties: {
            ...pageQuery,
            limit: { ...pageQuery.limit, maximum: 1000, description: "Items per page (1-1000). Default: 50" },
            metric: {
              type: "string",
              pattern: "^[A-Za-z0-9_.:-]{1,64}$",
              description: "Only this metric. Default: all",
            },
            from: { ...ms, minimum: 0, description: "Earliest reading time, inclusive (ms). Default: none" },
            to: { ...ms, minimum: 0, description: "Latest reading time, exclusive (ms). Default: none" },
          },
        },
        response: { 200: listOf(readingSchema), ...errors },
      },
    },
    async (request) => {
      const { id } = request.params;
      const q = request.query;
      if (q.from !== undefined && q.to !== undefined && q.to <= q.from) {
        throw new ApiError(400, "`to` must be after `from`", "to");
      }
      const device = await idb
        .selectFrom("iot_devices")
        .select("device_id")
        .where("device_id", "=", id)
        .executeTakeFirst();
      if (!device) throw new ApiError(404, `no device ${id}`);
      const key = decodeCursor(q.cursor, ["number", "number", "number"]) as [number, number, number] | undefined;
      const op = q.order === "desc" ? "<" : ">";
      let qb = idb.selectFrom("iot_readings").selectAll().where("device_id", "=", id);
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
      return pageOf(
        rows,
        q,
        (r) => [Number(r.ts), Number(r.seq), Number(r.idx)],
        (r) => ({
          seq: Number(r.seq),
          idx: Number(r.idx),
          metric: r.metric,
          value: JSON.parse(r.value) as number | boolean | string,
          unit: r.unit,
          ts: Number(r.ts),
        }),
      );
    },
  );
}
