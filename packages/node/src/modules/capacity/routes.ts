// Capacity routes: machines, and reservations + downtime per machine in a time window.
import type { Kysely } from "kysely";
import type { DowntimesTable, MachinesTable, ReservationsTable, Schema } from "../../core/db/schema.ts";
import { ApiError } from "../../core/http/errors.ts";
import { decodeCursor, pageOf } from "../../core/http/pagination.ts";
import { type Api, closedObject, listOf, pageQuery, unix, type View } from "../../core/http/schemas.ts";

const address = { type: "string", pattern: "^0x[0-9a-fA-F]{40}$" } as const;
const machineSchema = {
  type: "object",
  required: [
    "id",
    "owner",
    "active",
    "process",
    "materials",
    "envelope",
    "hourlyRate",
    "location",
    "slotSeconds",
    "registeredAt",
  ],
  properties: {
    id: { type: "integer" },
    owner: address,
    active: { type: "boolean" },
    process: { type: "string" },
    materials: { type: "array", items: { type: "string" } },
    envelope: {
      type: "object",
      properties: { x: { type: "integer" }, y: { type: "integer" }, z: { type: "integer" } },
      description: "Work envelope in millimetres",
    },
    hourlyRate: { type: "string", pattern: "^[0-9]+$", description: "Payment-token base units per machine hour" },
    location: {
      type: "object",
      properties: { latitude: { type: "number" }, longitude: { type: "number" } },
      description: "Decimal degrees",
    },
    slotSeconds: { type: "integer" },
    registeredAt: unix,
  },
} as const;

const intervalProps = {
  fromSlot: { type: "integer" },
  toSlot: { type: "integer" },
  start: unix,
  end: unix,
} as const;

/** Machines a page of `/api/machines` or `/api/capacity` holds at most (anyone can register machines for gas). */
const MAX_MACHINES = 200;
/** Reservations plus downtimes one `/api/capacity` answer holds at most; `truncated` says when more exist. */
const MAX_INTERVALS = 5000;

/** `limit` and `cursor` of the machine lists: by machine id, ascending. */
const machinePage = {
  limit: {
    ...pageQuery.limit,
    default: MAX_MACHINES,
    description: `Machines per page (1-${MAX_MACHINES}). Default: ${MAX_MACHINES}`,
  },
  cursor: pageQuery.cursor,
} as const;

const reservationSchema = {
  type: "object",
  properties: {
    id: { type: "integer" },
    orderId: { type: "integer", description: "0 for work outside DIPNET" },
    agent: address,
    status: { type: "string", enum: ["Live", "Released", "Completed"] },
    ...intervalProps,
  },
} as const;

const downtimeSchema = {
  type: "object",
  properties: {
    id: { type: "integer" },
    reason: { type: "string", enum: ["Breakdown", "Maintenance", "Other"] },
    ended: { type: "boolean" },
    ...intervalProps,
  },
} as const;

const capacitySchema = {
  type: "object",
  required: ["from", "to", "machines", "next", "truncated"],
  properties: {
    from: unix,
    to: unix,
    next: {
      anyOf: [{ type: "string" }, { type: "null" }],
      description: "Cursor of the next page of machines; null on the last page",
    },
    truncated: {
      type: "boolean",
      description: `True when the window holds more than ${MAX_INTERVALS} reservations and downtimes on these machines: only the earliest are listed`,
    },
    machines: {
      type: "array",
      items: {
        type: "object",
        required: ["machine", "reservations", "downtime"],
        properties: {
          machine: machineSchema,
          reservations: { type: "array", items: reservationSchema },
          downtime: { type: "array", items: downtimeSchema },
        },
      },
    },
  },
} as const;

function machineView(m: MachinesTable): View<typeof machineSchema> {
  return {
    id: Number(m.machine_id),
    owner: m.owner,
    active: m.active === 1,
    process: m.process,
    materials: JSON.parse(m.materials) as string[],
    envelope: { x: m.envelope_x, y: m.envelope_y, z: m.envelope_z },
    hourlyRate: m.hourly_rate,
    location: { latitude: m.latitude / 1e6, longitude: m.longitude / 1e6 },
    slotSeconds: m.slot_seconds,
    registeredAt: Number(m.registered_at),
  };
}

function reservationView(r: ReservationsTable): View<typeof reservationSchema> {
  return {
    id: Number(r.reservation_id),
    orderId: Number(r.order_id),
    agent: r.agent,
    status: r.status,
    fromSlot: Number(r.from_slot),
    toSlot: Number(r.to_slot),
    start: Number(r.start_time),
    end: Number(r.end_time),
  };
}

function downtimeView(d: DowntimesTable): View<typeof downtimeSchema> {
  return {
    id: Number(d.downtime_id),
    reason: d.reason,
    ended: d.ended === 1,
    fromSlot: Number(d.from_slot),
    toSlot: Number(d.to_slot),
    start: Number(d.start_time),
    end: Number(d.end_time),
  };
}

const MAX_WINDOW = 366 * 86_400;

/** Registers `GET /api/machines` and `GET /api/capacity`. */
export function registerCapacityRoutes(app: Api, db: Kysely<Schema>): void {
  /** Machines by id after the cursor's, ascending. */
  const machinesAfter = (cursor: string | undefined) => {
    const key = decodeCursor(cursor, ["number"]);
    const q = db.selectFrom("machines").selectAll().orderBy("machine_id");
    return key ? q.where("machine_id", ">", key[0] as number) : q;
  };
  app.get(
    "/api/machines",
    {
      schema: {
        summary: "Machines registered on the capacity ledger",
        tags: ["capacity"],
        querystring: closedObject({
          ...machinePage,
          owner: address,
          includeInactive: {
            type: "boolean",
            default: false,
            description: "Include deactivated machines. Default: false",
          },
        }),
        response: { 200: listOf(machineSchema) },
      },
    },
    async (request) => {
      const query = request.query;
      let q = machinesAfter(query.cursor).limit(query.limit + 1);
      if (query.owner) q = q.where("owner", "=", query.owner.toLowerCase());
      if (!query.includeInactive) q = q.where("active", "=", 1);
      return pageOf(await q.execute(), { ...query, order: "asc" }, (m) => [Number(m.machine_id)], machineView);
    },
  );

  app.get(
    "/api/capacity",
    {
      schema: {
        summary: "Reservations and downtime per active machine overlapping [from, to)",
        tags: ["capacity"],
        querystring: closedObject({
          ...machinePage,
          from: { ...unix, minimum: 0, description: "Window start. Default: now - 1 day" },
          to: { ...unix, minimum: 0, description: "Window end. Default: from + 14 days; at most a year after from" },
          status: {
            type: "string",
            enum: ["Live", "all"],
            default: "Live",
            description: "Live reservations only, or all. Default: Live",
          },
        }),
        response: { 200: capacitySchema },
      },
    },
    async (request) => {
      const from = request.query.from ?? Math.floor(Date.now() / 1000) - 86_400;
      const to = request.query.to ?? from + 14 * 86_400;
      if (to <= from || to - from > MAX_WINDOW) {
        throw new ApiError(400, "`to` must be after `from` and at most a year later", "to");
      }
      const page = pageOf(
        await machinesAfter(request.query.cursor)
          .where("active", "=", 1)
          .limit(request.query.limit + 1)
          .execute(),
        { ...request.query, order: "asc" },
        (m) => [Number(m.machine_id)],
        (m) => m,
      );
      const machines = page.items;
      const ids = machines.map((m) => m.machine_id);
      let rq = db
        .selectFrom("reservations")
        .selectAll()
        .where("machine_id", "in", ids.length > 0 ? ids : [-1])
        .where("start_time", "<", to)
        .where("end_time", ">", from)
        .orderBy("start_time")
        .orderBy("reservation_id")
        .limit(MAX_INTERVALS + 1);
      if (request.query.status !== "all") rq = rq.where("status", "=", "Live");
      const reservations = await rq.execute();
      const downtimes = await db
        .selectFrom("downtimes")
        .selectAll()
        .where("machine_id", "in", ids.length > 0 ? ids : [-1])
        .where("start_time", "<", to)
        .where("end_time", ">", from)
        .whereRef("to_slot", ">", "from_slot")
        .orderBy("start_time")
        .orderBy("downtime_id")
        .limit(MAX_INTERVALS + 1)
        .execute();
      const truncated = reservations.length + downtimes.length > MAX_INTERVALS;
      // Downtime first: it is what a planner must not miss; reservations fill the rest of the bound.
      downtimes.splice(MAX_INTERVALS);
      reservations.splice(MAX_INTERVALS - downtimes.length);
      return {
        from,
        to,
        next: page.next,
        truncated,
        machines: machines.map((m) => ({
          machine: machineView(m),
          reservations: reservations.filter((r) => Number(r.machine_id) === Number(m.machine_id)).map(reservationView),
          downtime: downtimes.filter((d) => Number(d.machine_id) === Number(m.machine_id)).map(downtimeView),
        })),
      };
    },
  );
}
