// The market's routes: RFQs, orders (with timeline and bids), balances, stats, contracts.
import { type PostedOrderStatus, postedOrderStatuses } from "@dipnet/sdk";
import type { Kysely, SelectQueryBuilder } from "kysely";
import type {
  BalancesTable,
  BidsTable,
  EventsTable,
  MilestonesTable,
  OrdersTable,
  Schema,
} from "../../core/db/schema.ts";
import { ApiError } from "../../core/http/errors.ts";
import { amountKeys, columnKey, listPage, type Page, type SortKey, sortParam } from "../../core/http/pagination.ts";
import {
  type Api,
  addressParams,
  bidStates,
  errors,
  listOf,
  listQuery,
  schemas,
  type View,
} from "../../core/http/schemas.ts";
import type { DocumentStore } from "../documents/store.ts";
import type { ApiDeployment } from "../services.ts";
import { itemsCitingEvidence } from "../traceability/history.ts";
import { activitySeries, indexedTime, networkStats } from "./aggregates.ts";

/** Steps of an order's timeline and bids that `GET /api/orders/:id` holds at most (the newest). */
const MAX_TIMELINE_STEPS = 500;
const MAX_ORDER_BIDS = 200;

function orderView(o: OrdersTable): View<typeof schemas.order> {
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
    licenceId: o.licence_id,
    royalty: o.royalty,
    royaltyRecipient: o.royalty_recipient,
    royaltiesPaid: o.royalties_paid,
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

function bidView(b: BidsTable): View<typeof schemas.bid> {
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

function stepView(e: EventsTable): View<typeof schemas.timelineStep> {
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

function milestoneView(m: MilestonesTable): View<typeof schemas.milestone> {
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

function balanceView(b: BalancesTable, participantRegistry: string): View<typeof schemas.balance> {
  return {
    contract: b.contract,
    kind: b.contract === participantRegistry ? "registry" : "market",
    token: b.token,
    owed: b.owed,
    updatedBlock: b.updated_block,
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

const orderFilters = {
  customer: { ...schemas.address, description: "Only orders of this customer" },
  maker: { ...schemas.address, description: "Only orders awarded to this manufacturer" },
  participant: { ...schemas.address, description: "Only orders this account is the customer or the manufacturer of" },
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
type OrdersSelect = SelectQueryBuilder<Schema, "orders", OrdersTable>;
/** What the order lists filter by: every filter of `/api/orders`, of which `/api/rfqs` takes some. */
type OrdersQuery = Page & { [F in keyof typeof orderFilters]?: string } & { sort: keyof typeof orderSorts };

function parseStatuses(raw: string | undefined): PostedOrderStatus[] | undefined {
  if (raw === undefined) return undefined;
  const wanted = raw.split(",").map((s) => s.trim());
  const out: PostedOrderStatus[] = [];
  for (const w of wanted) {
    const match = postedOrderStatuses.find((s) => s.toLowerCase() === w.toLowerCase());
    if (!match)
      throw new ApiError(
        400,
        `status must be one of: ${postedOrderStatuses.join(", ")} (several: comma-separated); got "${w}"`,
        "status",
      );
    out.push(match);
  }
  return out;
}

/**
 * `compute` memoised per indexed block: aggregates are computed once per block, however often they
 * are asked for (a failed computation is not kept).
 */
function perIndexedBlock<T>(db: Kysely<Schema>, compute: () => Promise<T>): () => Promise<T> {
  let cache: { key: string; value: Promise<T> } | undefined;
  return async () => {
    const cursor = await db.selectFrom("cursor").select(["block_number", "block_hash"]).executeTakeFirst();
    const key = `${cursor?.block_number}:${cursor?.block_hash}`;
    if (cache?.key !== key) {
      const value = compute();
      cache = { key, value };
      value.catch(() => {
        if (cache?.value === value) cache = undefined;
      });
    }
    return cache.value;
  };
}

/** Registers the market's routes: RFQs, orders, bids, balances, stats, contracts. */
export function registerMarketRoutes(
  app: Api,
  db: Kysely<Schema>,
  deployment: ApiDeployment,
  documents?: Pick<DocumentStore, "get">,
): void {
  registerOrderRoutes(app, db, deployment, documents);
  registerBidRoutes(app, db);
  registerBalanceRoutes(app, db, deployment);
  registerStatsRoutes(app, db);
  registerContractRoutes(app, deployment);
}

/** `/api/orders`, `/api/rfqs`, `/api/orders/:id`. */
function registerOrderRoutes(
  app: Api,
  db: Kysely<Schema>,
  deployment: ApiDeployment,
  documents?: Pick<DocumentStore, "get">,
): void {
  const listOrders = (q: OrdersQuery, where: (qb: OrdersSelect) => OrdersSelect) => {
    let qb = where(db.selectFrom("orders").selectAll());
    if (q.customer) qb = qb.where("customer", "=", q.customer.toLowerCase());
    if (q.maker) qb = qb.where("maker", "=", q.maker.toLowerCase());
    if (q.participant) {
      const account = q.participant.toLowerCase();
      qb = qb.where((eb) => eb.or([eb("customer", "=", account), eb("maker", "=", account)]));
    }
    if (q.process) qb = qb.where("process", "=", q.process);
    if (q.material) qb = qb.where("material", "=", q.material);
    if (q.token) qb = qb.where("token", "=", q.token.toLowerCase());
    return listPage(qb, orderSorts[q.sort], q, orderView);
  };

  app.get(
    "/api/orders",
    {
      schema: {
        summary: "List orders (every RFQ is an order; `status` says where it is)",
        tags: ["orders"],
        querystring: listQuery({
          status: {
            type: "string",
            maxLength: 200,
            description: `Comma-separated statuses: ${postedOrderStatuses.join(", ")}`,
          },
          sort: orderSort,
          ...orderFilters,
        }),
        response: { 200: listOf(schemas.order), ...errors },
      },
    },
    async (request) => {
      const statuses = parseStatuses(request.query.status);
      return listOrders(request.query, (qb) => (statuses ? qb.where("status", "in", statuses) : qb));
    },
  );

  app.get(
    "/api/rfqs",
    {
      schema: {
        summary: "List RFQs: orders in status Open (not yet awarded)",
        tags: ["orders"],
        querystring: listQuery({
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
        }),
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

  app.get(
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
}

/** `/api/bids`, `/api/orders/:id/bids`. */
function registerBidRoutes(app: Api, db: Kysely<Schema>): void {
  const bidFilters = {
    sort: sortParam(
      bidSorts,
      "createdAt",
      "Sort key: createdAt / updatedAt (block), price (revealed price; bids without one count as the lowest); ties by order id and maker",
    ),
    state: { type: "string", enum: bidStates, description: "Only bids in this state" },
  } as const;
  const listBids = (
    q: Page & { sort: keyof typeof bidSorts; state?: (typeof bidStates)[number]; maker?: string; orderId?: number },
  ) => {
    let qb = db.selectFrom("bids").selectAll();
    if (q.orderId !== undefined) qb = qb.where("order_id", "=", q.orderId);
    if (q.maker) qb = qb.where("maker", "=", q.maker.toLowerCase());
    if (q.state) qb = qb.where("state", "=", q.state);
    return listPage(qb, bidSorts[q.sort], q, bidView);
  };

  app.get(
    "/api/bids",
    {
      schema: {
        summary: "List bids across orders, newest first",
        tags: ["orders"],
        querystring: listQuery({
          ...bidFilters,
          maker: { ...schemas.address, description: "Only this manufacturer's bids" },
          orderId: {
            type: "integer",
            minimum: 1,
            maximum: Number.MAX_SAFE_INTEGER,
            description: "Only bids on this order (RFQ)",
          },
        }),
        response: { 200: listOf(schemas.bid), ...errors },
      },
    },
    async (request) => listBids(request.query),
  );

  app.get(
    "/api/orders/:id/bids",
    {
      schema: {
        summary: "Bids on one order, newest first",
        tags: ["orders"],
        params: idParams,
        querystring: listQuery(bidFilters),
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
}

/** `/api/balances/:address`: what the market and the registry owe an account. */
function registerBalanceRoutes(app: Api, db: Kysely<Schema>, deployment: ApiDeployment): void {
  app.get(
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
      const registry = deployment.contracts.participantRegistry.toLowerCase();
      return { items: rows.map((b) => balanceView(b, registry)), next: null };
    },
  );
}

/** `/api/stats`, `/api/stats/activity`: SQL aggregates, once per indexed block. */
function registerStatsRoutes(app: Api, db: Kysely<Schema>): void {
  const stats = perIndexedBlock(db, () => networkStats(db));
  const activity = perIndexedBlock(db, () => activitySeries(db));

  app.get(
    "/api/stats",
    {
      schema: {
        summary: "Network statistics (SQL aggregates, computed once per indexed block)",
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
                  byProcess: { type: "object", additionalProperties: { type: "integer" } },
                  byMaterial: { type: "object", additionalProperties: { type: "integer" } },
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
              rfqs: {
                type: "object",
                description:
                  "Open RFQs at the chain time of the newest indexed block (`at`), as `/api/rfqs?biddingOpen=`",
                properties: {
                  at: { type: "integer" },
                  takingBids: { type: "integer" },
                  awaitingAward: { type: "integer" },
                },
              },
              escrow: {
                type: "array",
                description:
                  "What escrow holds per payment token: price + fee less released milestones of awarded, shipped and disputed orders",
                items: { type: "object", properties: { token: schemas.address, held: schemas.amount } },
              },
              deliveries: {
                type: "object",
                description:
                  "Every manufacturer's deliveries, as the scorecard counts them: shipped by the due date, after it, or defaulted; onTimeRate = on time / all three",
                properties: {
                  shippedOnTime: { type: "integer" },
                  shippedLate: { type: "integer" },
                  defaulted: { type: "integer" },
                  onTimeRate: { type: ["number", "null"] },
                },
              },
            },
          },
        },
      },
    },
    () => stats(),
  );

  app.get(
    "/api/stats/activity",
    {
      schema: {
        summary:
          "Orders posted and completed, and prices awarded per payment token, per time bucket up to the newest indexed block (8–30 buckets sized to the span since the first order)",
        tags: ["network"],
        response: {
          200: {
            type: "object",
            properties: {
              at: { type: "integer", description: "Chain time of the newest indexed block" },
              bucketSeconds: { type: "integer" },
              unit: { type: "string", enum: ["hour", "6 hours", "day", "week", "month"] },
              buckets: {
                type: "array",
                items: {
                  type: "object",
                  properties: {
                    start: { type: "integer" },
                    posted: { type: "integer" },
                    completed: { type: "integer", description: "Completed or Resolved, by closing time" },
                    awarded: {
                      type: "object",
                      description: "Sum of prices awarded, by payment token",
                      additionalProperties: schemas.amount,
                    },
                  },
                },
              },
            },
          },
        },
      },
    },
    () => activity(),
  );
}

/** `/api/contracts`: the deployment this node indexes. */
function registerContractRoutes(app: Api, deployment: ApiDeployment): void {
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
                // Only the market and the registry are part of every deployment (the DAO's DIP,
                // timelock and Governor, the test stablecoin, … are not).
                required: ["orderMarket", "participantRegistry"],
                properties: {
                  orderMarket: schemas.address,
                  participantRegistry: schemas.address,
                  testStablecoin: schemas.address,
                  capacityLedger: schemas.address,
                  evidenceRegistry: schemas.address,
                  designRegistry: schemas.address,
                  confidentialAccess: schemas.address,
                  orderServices: schemas.address,
                  certifierRegistry: schemas.address,
                  eas: schemas.address,
                  schemaRegistry: schemas.address,
                  didRegistry: schemas.address,
                  dipToken: schemas.address,
                  timelock: schemas.address,
                  governor: schemas.address,
                },
              },
            },
          },
        },
      },
    },
    async () => deployment,
  );
}
