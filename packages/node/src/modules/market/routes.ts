// Domain routes: participants, RFQs, orders (with timeline and bids), balances, stats, contracts.
import type { FastifyInstance } from "fastify";
import { type Kysely, type RawBuilder, type SelectQueryBuilder, sql } from "kysely";
import type {
  BidsTable,
  EventsTable,
  MilestonesTable,
  OrdersTable,
  ParticipantsTable,
  Schema,
} from "../../core/db/schema.ts";
import { bidStates, listOf, pageQuery, schemas, statusNames } from "../../core/http/schemas.ts";
import { registerCapacityRoutes } from "../capacity/routes.ts";
import type { DocumentStore } from "../documents/store.ts";
import { registerEvidenceRoutes } from "../evidence/routes.ts";
import type { ProposalSource } from "../planning/proposal.ts";
import { scorecardOf } from "../registry/reputation.ts";
import { itemsCitingEvidence } from "../traceability/history.ts";

/** An HTTP error with a status and, for 400s, the field at fault. */
export class ApiError extends Error {
  readonly statusCode: number;
  readonly field: string | undefined;
  constructor(statusCode: number, message: string, field?: string) {
    super(message);
    this.statusCode = statusCode;
    this.field = field;
  }
}

/** What the API serves about the deployment. */
export type ApiDeployment = {
  chainId: number;
  deployBlock: number;
  contracts: {
    orderMarket: string;
    participantRegistry: string;
    testStablecoin?: string | undefined;
    evidenceRegistry?: string | undefined;
  };
};

/** Steps of an order's timeline and bids that `GET /api/orders/:id` holds at most (the newest). */
const MAX_TIMELINE_STEPS = 500;
const MAX_ORDER_BIDS = 200;

/** Common list query: page size, cursor, direction. */
export type Page = { limit: number; cursor?: string; order: "asc" | "desc" };

function encodeCursor(key: unknown[]): string {
  return Buffer.from(JSON.stringify(key)).toString("base64url");
}

/** Decodes a `next` cursor of the given shape; 400 naming `cursor` otherwise. */
export function decodeCursor(cursor: string | undefined, shape: ("number" | "string")[]): unknown[] | undefined {
  if (cursor === undefined) return undefined;
  try {
    const key = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown;
    if (Array.isArray(key) && key.length === shape.length && key.every((v, i) => typeof v === shape[i])) return key;
  } catch {}
  throw new ApiError(400, "cursor is not a value returned as `next` by this list", "cursor");
}

/** `{ items, next }` from `limit + 1` rows. */
export function pageOf<R, T>(rows: R[], page: Page, keyOf: (row: R) => unknown[], map: (row: R) => T) {
  const more = rows.length > page.limit;
  const items = more ? rows.slice(0, page.limit) : rows;
  const last = items[items.length - 1];
  return { items: items.map(map), next: more && last !== undefined ? encodeCursor(keyOf(last)) : null };
}

/** One part of a list's sort order: an SQL expression and its value in a row (for the cursor). */
type SortKey<R> = { sql: RawBuilder<unknown>; type: "number" | "string"; of: (row: R) => number | string };

function columnKey<R>(column: keyof R & string, type: "number" | "string"): SortKey<R> {
  return {
    sql: sql`${sql.ref(column)}`,
    type,
    of: (row) => (type === "number" ? Number(row[column]) : String(row[column])),
  };
}

/**
 * Keys that sort a decimal-string amount column numerically (by length, then text: amounts have no
 * leading zeros); NULL sorts as the smallest amount.
 */
function amountKeys<R>(column: keyof R & string): SortKey<R>[] {
  const text = sql<string>`coalesce(${sql.ref(column)}, '')`;
  const value = (row: R) => String(row[column] ?? "");
  return [
    { sql: sql`length(${text})`, type: "number", of: (row) => value(row).length },
    { sql: text, type: "string", of: value },
  ];
}

/**
 * One page of a query in the order of `keys` (all in the page's direction), after the cursor's key:
 * keyset pagination on the row value of the keys, stable under inserts. The last key must be unique.
 */
async function listPage<DB, TB extends keyof DB, O, T>(
  qb: SelectQueryBuilder<DB, TB, O>,
  keys: readonly SortKey<O>[],
  page: Page,
  view: (row: O) => T,
) {
  const key = decodeCursor(
    page.cursor,
    keys.map((k) => k.type),
  );
  const keyRow = sql.join(keys.map((k) => k.sql));
  let q = qb;
  if (key) q = q.where(sql<boolean>`(${keyRow}) ${sql.raw(page.order === "desc" ? "<" : ">")} (${sql.join(key)})`);
  for (const k of keys) q = q.orderBy(k.sql, page.order);
  const rows = (await q.limit(page.limit + 1).execute()) as O[];
  return pageOf(rows, page, (row) => keys.map((k) => k.of(row)), view);
}

function orderView(o: OrdersTable) {
  const invitees = JSON.parse(o.invitees) as string[];
  return {
    id: o.id,
    status: o.status,
    customer: o.customer,
    maker: o.maker,
    token: o.token,
    budget: o.budget,
    price: o.price,
    fee: o.fee,
    bond: o.bond,
    deadline: o.deadline,
    biddingEnds: o.bidding_ends,
    revealEnds: o.reveal_ends,
    sealed: o.sealed === 1,
    inviteOnly: invitees.length > 0,
    invitees,
    specHash: o.spec_hash,
    specURI: o.spec_uri,
    process: o.process,
    material: o.material,
    quantity: o.quantity,
    milestoneBps: JSON.parse(o.milestone_bps) as number[],
    milestonesSubmitted: o.milestones_submitted,
    milestonesReleased: o.milestones_released,
    requiredCertification: o.required_certification,
    releasedAmount: o.released_amount,
    leadTime: o.lead_time,
    dueAt: o.due_at,
    acceptanceEnds: o.acceptance_ends,
    rulingEnds: o.ruling_ends,
    bidCount: o.bid_count,
    ruling: o.arbiter ? { arbiter: o.arbiter, refundBps: o.refund_bps ?? 0, slashBps: o.slash_bps ?? 0 } : null,
    disputeExpired: o.dispute_expired === 1,
    cancellationCompensation: o.cancellation_compensation,
    settlement:
      o.maker_amount !== null
        ? {
            makerAmount: o.maker_amount,
            customerRefund: o.customer_refund ?? "0",
            fee: o.settled_fee ?? "0",
            bondSlashed: o.bond_slashed ?? "0",
          }
        : null,
    createdBlock: o.created_block,
    createdAt: o.created_at,
    createdTx: o.created_tx,
    awardedAt: o.awarded_at,
    shippedAt: o.shipped_at,
    closedAt: o.closed_at,
    updatedBlock: o.updated_block,
    updatedAt: o.updated_at,
  };
}

function bidView(b: BidsTable) {
  return {
    orderId: b.order_id,
    maker: b.maker,
    state: b.state,
    price: b.price,
    leadTime: b.lead_time,
    commitment: b.commitment,
    deposit: b.deposit,
    depositState: b.deposit_state,
    counterOffer: b.counter_price !== null ? { price: b.counter_price, leadTime: b.counter_lead_time ?? 0 } : null,
    createdAt: b.created_at,
    updatedAt: b.updated_at,
    updatedBlock: b.updated_block,
    updatedTx: b.updated_tx,
  };
}

function stepView(e: EventsTable) {
  const args = JSON.parse(e.args) as Record<string, unknown>;
  return {
    name: e.name,
    contract: e.contract,
    blockNumber: e.block_number,
    blockHash: e.block_hash,
    logIndex: e.log_index,
    time: e.block_time,
    txHash: e.tx_hash,
    evidenceHash: typeof args.evidenceHash === "string" ? args.evidenceHash : null,
    args,
  };
}

function milestoneView(m: MilestonesTable) {
  return {
    index: m.idx,
    bps: m.bps,
    evidenceHash: m.evidence_hash,
    submittedTx: m.submitted_tx,
    submittedBlock: m.submitted_block,
    submittedAt: m.submitted_at,
    amount: m.amount,
    releasedTx: m.released_tx,
    releasedBlock: m.released_block,
    releasedAt: m.released_at,
  };
}

/** The published document behind a hash, parsed; null when this node does not hold it. */
function documentOf(documents: Pick<DocumentStore, "get"> | undefined, hash: string | null): unknown {
  const text = hash && documents ? documents.get(hash) : undefined;
  return text === undefined ? null : (JSON.parse(text) as unknown);
}

function participantView(p: ParticipantRow, documents?: Pick<DocumentStore, "get">) {
  const roles: string[] = [];
  if (p.roles & 1) roles.push("customer");
  if (p.roles & 2) roles.push("manufacturer");
  return {
    address: p.address,
    roles,
    roleBits: p.roles,
    registeredAt: p.registered_at,
    registeredBlock: p.registered_block,
    profileHash: p.profile_hash,
    profileURI: p.profile_uri,
    profile: documentOf(documents, p.profile_hash),
    encryptionKey: p.encryption_key,
    stake: p.stake,
    locked: p.locked,
    freeStake: (BigInt(p.stake) - BigInt(p.locked)).toString(),
    openBonds: p.open_bonds,
    completedOrders: Number(p.completed_orders),
    updatedAt: p.updated_at,
  };
}

const orderId = columnKey<OrdersTable>("id", "number");
const orderSorts = {
  id: [orderId],
  createdAt: [columnKey<OrdersTable>("created_block", "number"), orderId],
  updatedAt: [columnKey<OrdersTable>("updated_block", "number"), orderId],
  deadline: [columnKey<OrdersTable>("deadline", "number"), orderId],
  biddingEnds: [columnKey<OrdersTable>("bidding_ends", "number"), orderId],
} satisfies Record<string, SortKey<OrdersTable>[]>;

const bidId = [columnKey<BidsTable>("order_id", "number"), columnKey<BidsTable>("maker", "string")];
const bidSorts = {
  createdAt: [columnKey<BidsTable>("created_block", "number"), ...bidId],
  updatedAt: [columnKey<BidsTable>("updated_block", "number"), ...bidId],
  price: [...amountKeys<BidsTable>("price"), ...bidId],
} satisfies Record<string, SortKey<BidsTable>[]>;

/** A participant row with the number of orders it completed as the maker. */
type ParticipantRow = ParticipantsTable & { completed_orders: number };
/** Orders a participant completed as the maker (accepted deliveries). */
const completedOrders = sql<number>`(select count(*) from orders where orders.maker = participants.address and orders.status = 'Completed')`;
const participantAddress = columnKey<ParticipantRow>("address", "string");
const participantSorts = {
  registeredAt: [columnKey<ParticipantRow>("registered_block", "number"), participantAddress],
  address: [participantAddress],
  stake: [...amountKeys<ParticipantRow>("stake"), participantAddress],
  completedOrders: [
    { sql: completedOrders, type: "number", of: (p: ParticipantRow) => Number(p.completed_orders) },
    participantAddress,
  ],
} satisfies Record<string, SortKey<ParticipantRow>[]>;

/** `sort` query parameter over the keys of `sorts`. */
const sortParam = (sorts: object, fallback: string, description: string) =>
  ({
    type: "string",
    enum: Object.keys(sorts),
    default: fallback,
    description: `${description}. Default: ${fallback}`,
  }) as const;

const orderFilters = {
  customer: { ...schemas.address, description: "Only orders of this customer" },
  maker: { ...schemas.address, description: "Only orders awarded to this manufacturer" },
  process: { type: "string", maxLength: 100, description: "Manufacturing process, e.g. cnc-milling" },
  material: { type: "string", maxLength: 100, description: "Material, e.g. aluminium-6061" },
  token: { ...schemas.address, description: "Payment token" },
} as const;
const orderSort = sortParam(
  orderSorts,
  "id",
  "Sort key: id, createdAt / updatedAt (block), deadline, biddingEnds (unix seconds); ties by id",
);

const idParams = {
  type: "object",
  required: ["id"],
  additionalProperties: false,
  properties: { id: { type: "integer", minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description: "Order id" } },
} as const;
const addressParams = {
  type: "object",
  required: ["address"],
  additionalProperties: false,
  properties: { address: schemas.address },
} as const;
/** 400 and 404 responses of a route. */
export const errors = { 400: { $ref: "Error#" }, 404: { $ref: "Error#" } } as const;

type OrdersSelect = SelectQueryBuilder<Schema, "orders", OrdersTable>;
type OrderFilters = { customer?: string; maker?: string; process?: string; material?: string; token?: string };
type OrdersQuery = Page & OrderFilters & { status?: string; sort: keyof typeof orderSorts };
type RfqsQuery = Page & Omit<OrderFilters, "maker"> & { sort: keyof typeof orderSorts; biddingOpen?: boolean };
type BidsQuery = Page & { sort: keyof typeof bidSorts; state?: string; maker?: string; orderId?: number };

function parseStatuses(raw: string | undefined): string[] | undefined {
  if (raw === undefined) return undefined;
  const wanted = raw.split(",").map((s) => s.trim());
  const out: string[] = [];
  for (const w of wanted) {
    const match = statusNames.find((s) => s.toLowerCase() === w.toLowerCase());
    if (!match)
      throw new ApiError(
        400,
        `status must be one of: ${statusNames.join(", ")} (several: comma-separated); got "${w}"`,
        "status",
      );
    out.push(match);
  }
  return out;
}

/** Chain time of the read model: the time of the newest indexed block (0 before any). */
async function indexedTime(db: Kysely<Schema>): Promise<number> {
  const newest = await db.selectFrom("blocks").select("timestamp").orderBy("number", "desc").executeTakeFirst();
  return Number(newest?.timestamp ?? 0);
}

/** Registers the domain routes. */
export function registerDomainRoutes(
  app: FastifyInstance,
  db: Kysely<Schema>,
  deployment: ApiDeployment,
  documents?: Pick<DocumentStore, "get">,
  proposals?: ProposalSource,
): void {
  let statsCache: { key: string; value: ReturnType<typeof computeStats> } | undefined;
  const listOrders = (q: OrdersQuery | RfqsQuery, where: (qb: OrdersSelect) => OrdersSelect) => {
    let qb = where(db.selectFrom("orders").selectAll());
    if (q.customer) qb = qb.where("customer", "=", q.customer.toLowerCase());
    if ("maker" in q && q.maker) qb = qb.where("maker", "=", q.maker.toLowerCase());
    if (q.process) qb = qb.where("process", "=", q.process);
    if (q.material) qb = qb.where("material", "=", q.material);
    if (q.token) qb = qb.where("token", "=", q.token.toLowerCase());
    return listPage(qb, orderSorts[q.sort], q, orderView);
  };

  app.get<{ Querystring: OrdersQuery }>(
    "/api/orders",
    {
      schema: {
        summary: "List orders (every RFQ is an order; `status` says where it is)",
        tags: ["orders"],
        querystring: {
          type: "object",
          additionalProperties: false,
          properties: {
            ...pageQuery,
            status: {
              type: "string",
              maxLength: 200,
              description: `Comma-separated statuses: ${statusNames.join(", ")}`,
            },
            sort: orderSort,
            ...orderFilters,
          },
        },
        response: { 200: listOf(schemas.order), ...errors },
      },
    },
    async (request) => {
      const statuses = parseStatuses(request.query.status);
      return listOrders(request.query, (qb) => (statuses ? qb.where("status", "in", statuses) : qb));
    },
  );

  app.get<{ Querystring: RfqsQuery }>(
    "/api/rfqs",
    {
      schema: {
        summary: "List RFQs: orders in status Open (not yet awarded)",
        tags: ["orders"],
        querystring: {
          type: "object",
          additionalProperties: false,
          properties: {
            ...pageQuery,
            sort: orderSort,
            customer: orderFilters.customer,
            process: orderFilters.process,
            material: orderFilters.material,
            token: orderFilters.token,
            biddingOpen: {
              type: "boolean",
              description:
                "true: only RFQs still taking bids at the chain time of the newest indexed block; false: only those whose bidding closed (awaiting award)",
            },
          },
        },
        response: { 200: listOf(schemas.order), ...errors },
      },
    },
    async (request) => {
      const { biddingOpen } = request.query;
      const now = biddingOpen === undefined ? 0 : await indexedTime(db);
      return listOrders(request.query, (qb) => {
        const open = qb.where("status", "=", "Open");
        if (biddingOpen === undefined) return open;
        return open.where("bidding_ends", biddingOpen ? ">" : "<=", now);
      });
    },
  );

  app.get<{ Params: { id: number } }>(
    "/api/orders/:id",
    {
      schema: {
        summary:
          "One order with its full timeline (every step's tx hash, block, time, evidence hash), milestones and bids",
        tags: ["orders"],
        params: idParams,
        response: {
          200: {
            type: "object",
            properties: {
              ...schemas.order.properties,
              timeline: {
                type: "array",
                items: schemas.timelineStep,
                description: `The newest ${MAX_TIMELINE_STEPS} steps, oldest first`,
              },
              milestones: { type: "array", items: schemas.milestone },
              bids: {
                type: "array",
                items: schemas.bid,
                description: `The newest ${MAX_ORDER_BIDS} bids, oldest first; all of them at /api/orders/:id/bids`,
              },
              truncated: {
                type: "object",
                properties: { timeline: { type: "boolean" }, bids: { type: "boolean" } },
                description: "Whether older timeline steps or bids were left out",
              },
              documents: {
                type: "array",
                items: { type: "string" },
                description: "The order's evidence hashes whose documents this node publishes at /api/documents/:hash",
              },
              parts: {
                type: "array",
                items: { type: "string" },
                description:
                  "Items (EPC URIs) whose EPCIS events cite the order's evidence: see /api/parts/:id/history",
              },
            },
          },
          ...errors,
        },
      },
    },
    async (request) => {
      const id = request.params.id;
      const order = await db.selectFrom("orders").selectAll().where("id", "=", id).executeTakeFirst();
      if (!order) throw new ApiError(404, `order ${id} not found`);
      // Bids and bid revisions cost only gas: keep the newest of each, in time order, and say so.
      const [newestSteps, milestones, newestBids] = await Promise.all([
        db
          .selectFrom("events")
          .selectAll()
          .where("order_id", "=", id)
          .orderBy("block_number", "desc")
          .orderBy("log_index", "desc")
          .limit(MAX_TIMELINE_STEPS + 1)
          .execute(),
        db.selectFrom("milestones").selectAll().where("order_id", "=", id).orderBy("idx").execute(),
        db
          .selectFrom("bids")
          .selectAll()
          .where("order_id", "=", id)
          .orderBy("created_block", "desc")
          .orderBy("maker", "desc")
          .limit(MAX_ORDER_BIDS + 1)
          .execute(),
      ]);
      const timeline = newestSteps.slice(0, MAX_TIMELINE_STEPS).reverse();
      const bids = newestBids.slice(0, MAX_ORDER_BIDS).reverse();
      const steps = timeline.map(stepView);
      const evidence = [...new Set(steps.flatMap((s) => (s.evidenceHash ? [s.evidenceHash.toLowerCase()] : [])))];
      return {
        ...orderView(order),
        timeline: steps,
        milestones: milestones.map(milestoneView),
        bids: bids.map(bidView),
        truncated: { timeline: newestSteps.length > MAX_TIMELINE_STEPS, bids: newestBids.length > MAX_ORDER_BIDS },
        documents: evidence.filter((hash) => documents?.get(hash) !== undefined),
        parts: await itemsCitingEvidence(db, {
          orderId: id,
          hashes: evidence,
          registry: deployment.contracts.evidenceRegistry,
        }),
      };
    },
  );

  const bidFilters = {
    sort: sortParam(
      bidSorts,
      "createdAt",
      "Sort key: createdAt / updatedAt (block), price (revealed price; bids without one count as the lowest); ties by order id and maker",
    ),
    state: { type: "string", enum: bidStates, description: "Only bids in this state" },
  } as const;
  const listBids = (q: BidsQuery) => {
    let qb = db.selectFrom("bids").selectAll();
    if (q.orderId !== undefined) qb = qb.where("order_id", "=", q.orderId);
    if (q.maker) qb = qb.where("maker", "=", q.maker.toLowerCase());
    if (q.state) qb = qb.where("state", "=", q.state);
    return listPage(qb, bidSorts[q.sort], q, bidView);
  };

  app.get<{ Querystring: BidsQuery }>(
    "/api/bids",
    {
      schema: {
        summary: "List bids across orders, newest first",
        tags: ["orders"],
        querystring: {
          type: "object",
          additionalProperties: false,
          properties: {
            ...pageQuery,
            ...bidFilters,
            maker: { ...schemas.address, description: "Only this manufacturer's bids" },
            orderId: {
              type: "integer",
              minimum: 1,
              maximum: Number.MAX_SAFE_INTEGER,
              description: "Only bids on this order (RFQ)",
            },
          },
        },
        response: { 200: listOf(schemas.bid), ...errors },
      },
    },
    async (request) => listBids(request.query),
  );

  app.get<{ Params: { id: number }; Querystring: BidsQuery }>(
    "/api/orders/:id/bids",
    {
      schema: {
        summary: "Bids on one order, newest first",
        tags: ["orders"],
        params: idParams,
        querystring: {
          type: "object",
          additionalProperties: false,
          properties: { ...pageQuery, ...bidFilters },
        },
        response: { 200: listOf(schemas.bid), ...errors },
      },
    },
    async (request) => {
      const id = request.params.id;
      const exists = await db.selectFrom("orders").select("id").where("id", "=", id).executeTakeFirst();
      if (!exists) throw new ApiError(404, `order ${id} not found`);
      return listBids({ ...request.query, orderId: id });
    },
  );

  app.get<{
    Querystring: Page & { role?: "customer" | "manufacturer"; sort: keyof typeof participantSorts };
  }>(
    "/api/participants",
    {
      schema: {
        summary: "List registered participants, newest first",
        tags: ["participants"],
        querystring: {
          type: "object",
          additionalProperties: false,
          properties: {
            ...pageQuery,
            sort: sortParam(
              participantSorts,
              "registeredAt",
              "Sort key: registeredAt (block), address, stake, completedOrders (orders completed as the maker); ties by address",
            ),
            role: { type: "string", enum: ["customer", "manufacturer"], description: "Only participants in this role" },
          },
        },
        response: { 200: listOf(schemas.participant), ...errors },
      },
    },
    async (request) => {
      const q = request.query;
      let qb = db.selectFrom("participants").selectAll().select(completedOrders.as("completed_orders"));
      if (q.role) {
        const bit = q.role === "customer" ? 1 : 2;
        qb = qb.where(sql<number>`(roles & ${sql.lit(bit)})`, "=", bit);
      }
      return listPage(qb, participantSorts[q.sort], q, (row) => participantView(row, documents));
    },
  );

  app.get<{ Params: { address: string } }>(
    "/api/participants/:address",
    {
      schema: {
        summary: "One participant",
        tags: ["participants"],
        params: addressParams,
        response: { 200: schemas.participant, ...errors },
      },
    },
    async (request) => {
      const address = request.params.address.toLowerCase();
      const row = await db
        .selectFrom("participants")
        .selectAll()
        .select(completedOrders.as("completed_orders"))
        .where("address", "=", address)
        .executeTakeFirst();
      if (!row) throw new ApiError(404, `participant ${address} not found`);
      const scorecard = row.roles & 2 ? await scorecardOf(db, deployment.contracts.orderMarket, address) : null;
      return { ...participantView(row, documents), scorecard };
    },
  );

  app.get<{ Params: { hash: string } }>(
    "/api/documents/:hash",
    {
      schema: {
        summary: "A published document (profile, specification, evidence) by its keccak256 content hash",
        tags: ["documents"],
        params: {
          type: "object",
          required: ["hash"],
          properties: {
            hash: { type: "string", pattern: "^0x[0-9a-fA-F]{64}$", description: "keccak256 of the document" },
          },
        },
        response: { 200: { type: "object", additionalProperties: true }, ...errors },
      },
    },
    async (request, reply) => {
      const hash = request.params.hash.toLowerCase();
      const text = documents?.get(hash);
      if (text === undefined) throw new ApiError(404, `document ${hash} not found on this node`);
      reply.type("application/json; charset=utf-8");
      return text;
    },
  );

  app.get<{ Params: { address: string } }>(
    "/api/balances/:address",
    {
      schema: {
        summary:
          "What the contracts owe an account: withdrawable payments (market) and claimable slashed stake (registry); one item per contract and token, so never paged (`next` is null)",
        tags: ["balances"],
        params: addressParams,
        response: { 200: listOf(schemas.balance), ...errors },
      },
    },
    async (request) => {
      const address = request.params.address.toLowerCase();
      const rows = await db
        .selectFrom("balances")
        .selectAll()
        .where("account", "=", address)
        .orderBy("contract")
        .orderBy("token")
        .execute();
      return {
        items: rows.map((b) => ({
          contract: b.contract,
          kind: b.contract === deployment.contracts.participantRegistry.toLowerCase() ? "registry" : "market",
          token: b.token,
          owed: b.owed,
          updatedBlock: b.updated_block,
        })),
        next: null,
      };
    },
  );

  app.get(
    "/api/stats",
    {
      schema: {
        summary: "Network statistics",
        tags: ["network"],
        response: {
          200: {
            type: "object",
            properties: {
              orders: {
                type: "object",
                properties: {
                  total: { type: "integer" },
                  byStatus: { type: "object", additionalProperties: { type: "integer" } },
                },
              },
              participants: {
                type: "object",
                properties: {
                  total: { type: "integer" },
                  customers: { type: "integer" },
                  manufacturers: { type: "integer" },
                },
              },
              bids: { type: "integer" },
              events: { type: "integer" },
              volume: {
                type: "array",
                description: "Sum of awarded prices per payment token",
                items: {
                  type: "object",
                  properties: { token: schemas.address, awarded: schemas.amount, orders: { type: "integer" } },
                },
              },
            },
          },
        },
      },
    },
    async () => {
      // Awarded volume sums every awarded order (amounts are decimal text, summed exactly here):
      // computed once per indexed block, however often it is asked for.
      const cursor = await db.selectFrom("cursor").select(["block_number", "block_hash"]).executeTakeFirst();
      const key = `${cursor?.block_number}:${cursor?.block_hash}`;
      if (statsCache?.key !== key) {
        const value = computeStats();
        statsCache = { key, value };
        value.catch(() => {
          if (statsCache?.value === value) statsCache = undefined;
        });
      }
      return statsCache.value;
    },
  );

  async function computeStats() {
    const count = sql<number>`count(*)`;
    const [byStatus, participants, bids, events, awarded] = await Promise.all([
      db
        .selectFrom("orders")
        .select(["status", count.as("n")])
        .groupBy("status")
        .execute(),
      db
        .selectFrom("participants")
        .select([
          count.as("total"),
          sql<number>`coalesce(sum(case when (roles & 1) = 1 then 1 else 0 end), 0)`.as("customers"),
          sql<number>`coalesce(sum(case when (roles & 2) = 2 then 1 else 0 end), 0)`.as("manufacturers"),
        ])
        .executeTakeFirstOrThrow(),
      db.selectFrom("bids").select(count.as("n")).executeTakeFirstOrThrow(),
      db.selectFrom("events").select(count.as("n")).executeTakeFirstOrThrow(),
      db.selectFrom("orders").select(["token", "price"]).where("price", "is not", null).execute(),
    ]);
    const volume = new Map<string, { awarded: bigint; orders: number }>();
    for (const o of awarded) {
      const v = volume.get(o.token) ?? { awarded: 0n, orders: 0 };
      v.awarded += BigInt(o.price ?? 0);
      v.orders++;
      volume.set(o.token, v);
    }
    const statusCounts = Object.fromEntries(byStatus.map((r) => [r.status, Number(r.n)]));
    return {
      orders: { total: Object.values(statusCounts).reduce((a, b) => a + b, 0), byStatus: statusCounts },
      participants: {
        total: Number(participants.total),
        customers: Number(participants.customers),
        manufacturers: Number(participants.manufacturers),
      },
      bids: Number(bids.n),
      events: Number(events.n),
      volume: [...volume].map(([token, v]) => ({ token, awarded: v.awarded.toString(), orders: v.orders })),
    };
  }

  app.get(
    "/api/contracts",
    {
      schema: {
        summary: "Chain id and contract addresses of the deployment this node indexes",
        tags: ["network"],
        response: {
          200: {
            type: "object",
            properties: {
              chainId: { type: "integer" },
              deployBlock: { type: "integer" },
              contracts: {
                type: "object",
                properties: {
                  orderMarket: schemas.address,
                  participantRegistry: schemas.address,
                  testStablecoin: schemas.address,
                  evidenceRegistry: schemas.address,
                },
              },
            },
          },
        },
      },
    },
    async () => deployment,
  );
  registerCapacityRoutes(app, db, proposals);
  registerEvidenceRoutes(app, db, deployment);
}
