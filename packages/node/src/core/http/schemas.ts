// JSON schemas of the API's requests and responses; the OpenAPI document is built from them, and
// the types of the handlers' requests and of the views' answers are derived from them.
import type { IncomingMessage, ServerResponse } from "node:http";
import { postedOrderStatuses } from "@dipnet/sdk";
import type { JsonSchemaToTsProvider } from "@fastify/type-provider-json-schema-to-ts";
import type { FastifyBaseLogger, FastifyInstance, FastifyTypeProvider, RawServerDefault } from "fastify";
import type { FromSchema, JSONSchema } from "json-schema-to-ts";
import { scorecardSchema } from "../../modules/registry/reputation.ts";

const address = {
  type: "string",
  pattern: "^0x[0-9a-fA-F]{40}$",
  description: "20-byte address, 0x-prefixed",
} as const;
const hash = { type: "string", pattern: "^0x[0-9a-f]{64}$" } as const;
const amount = {
  type: "string",
  pattern: "^[0-9]+$",
  description: "Token amount in base units (decimal string)",
} as const;
const nullable = <const T extends JSONSchema>(schema: T) => ({ anyOf: [schema, { type: "null" }] }) as const;
/** A time in unix seconds. */
export const unix = { type: "integer", description: "Unix seconds" } as const;

/** States of a bid: sealed and committed, open (placed or revealed), withdrawn; None: only a counter-offer. */
export const bidStates = ["Committed", "Active", "Withdrawn", "None"] as const;

export const schemas = {
  address,
  hash,
  amount,
  error: {
    $id: "Error",
    type: "object",
    required: ["statusCode", "error", "message"],
    properties: {
      statusCode: { type: "integer" },
      error: { type: "string" },
      message: { type: "string" },
      field: { type: "string", description: "The request field at fault, for 400 responses" },
    },
  },
  order: {
    type: "object",
    properties: {
      id: { type: "integer" },
      status: { type: "string", enum: postedOrderStatuses },
      customer: address,
      maker: nullable(address),
      token: address,
      budget: amount,
      price: nullable(amount),
      fee: nullable(amount),
      bond: amount,
      deadline: unix,
      biddingEnds: unix,
      revealEnds: unix,
      sealed: { type: "boolean" },
      inviteOnly: { type: "boolean" },
      invitees: { type: "array", items: address },
      specHash: hash,
      specURI: { type: "string" },
      process: { type: "string" },
      material: { type: "string" },
      quantity: { type: "integer" },
      milestoneBps: { type: "array", items: { type: "integer" } },
      milestonesSubmitted: { type: "integer" },
      milestonesReleased: { type: "integer" },
      requiredCertification: nullable({
        type: "string",
        description: 'certification bidders must hold, e.g. "ISO 9001"',
      }),
      licenceId: nullable({
        type: "string",
        pattern: "^[1-9][0-9]*$",
        description: "design licence the parts are built under (decimal id)",
      }),
      royalty: nullable({
        ...amount,
        description: "once a licensed order is awarded: what a completed order pays the designer",
      }),
      royaltyRecipient: nullable({ ...address, description: "the design's owner at award" }),
      royaltiesPaid: { ...amount, description: "royalty credited to the designer so far, pro rata to the maker's pay" },
      releasedAmount: amount,
      leadTime: nullable({ type: "integer" }),
      dueAt: nullable(unix),
      acceptanceEnds: nullable(unix),
      rulingEnds: nullable({
        ...unix,
        description: "once shipped: arbiters may rule a dispute until then; after it anyone may expire it",
      }),
      bidCount: { type: "integer" },
      ruling: nullable({
        type: "object",
        properties: { arbiter: address, refundBps: { type: "integer" }, slashBps: { type: "integer" } },
      }),
      disputeExpired: {
        type: "boolean",
        description: "the dispute ended unruled after rulingEnds: half the unreleased price refunded, bond released",
      },
      cancellationCompensation: nullable({
        ...amount,
        description: "cancelled after award: what the maker was credited beyond released milestones",
      }),
      settlement: nullable({
        type: "object",
        properties: { makerAmount: amount, customerRefund: amount, fee: amount, bondSlashed: amount },
      }),
      createdBlock: { type: "integer" },
      createdAt: unix,
      createdTx: hash,
      awardedAt: nullable(unix),
      shippedAt: nullable(unix),
      closedAt: nullable(unix),
      updatedBlock: { type: "integer" },
      updatedAt: unix,
    },
  },
  bid: {
    type: "object",
    properties: {
      orderId: { type: "integer" },
      maker: address,
      state: { type: "string", enum: bidStates },
      price: nullable(amount),
      leadTime: nullable({ type: "integer" }),
      commitment: nullable(hash),
      deposit: nullable({ ...amount, description: "commit deposit of a sealed bid, in the payment token" }),
      depositState: nullable({ type: "string", enum: ["held", "returned", "forfeited"] }),
      counterOffer: nullable({ type: "object", properties: { price: amount, leadTime: { type: "integer" } } }),
      createdAt: unix,
      updatedAt: unix,
      updatedBlock: { type: "integer" },
      updatedTx: hash,
    },
  },
  timelineStep: {
    type: "object",
    properties: {
      name: { type: "string", description: "Event name, e.g. OrderShipped" },
      contract: address,
      blockNumber: { type: "integer" },
      blockHash: hash,
      logIndex: { type: "integer" },
      time: unix,
      txHash: hash,
      evidenceHash: nullable(hash),
      args: { type: "object", additionalProperties: true },
    },
  },
  milestone: {
    type: "object",
    properties: {
      index: { type: "integer" },
      bps: { type: "integer" },
      evidenceHash: nullable(hash),
      submittedTx: nullable(hash),
      submittedBlock: nullable({ type: "integer" }),
      submittedAt: nullable(unix),
      amount: nullable(amount),
      releasedTx: nullable(hash),
      releasedBlock: nullable({ type: "integer" }),
      releasedAt: nullable(unix),
    },
  },
  participant: {
    type: "object",
    // profile: only when this node holds the document; scorecard: on GET /api/participants/:address only.
    required: [
      "address",
      "roles",
      "roleBits",
      "registeredAt",
      "registeredBlock",
      "profileHash",
      "profileURI",
      "encryptionKey",
      "stake",
      "locked",
      "freeStake",
      "openBonds",
      "completedOrders",
      "updatedAt",
    ],
    properties: {
      address,
      roles: { type: "array", items: { type: "string", enum: ["customer", "manufacturer"] } },
      roleBits: { type: "integer" },
      registeredAt: unix,
      registeredBlock: { type: "integer" },
      profileHash: hash,
      profileURI: { type: "string" },
      profile: {
        anyOf: [{ type: "object", additionalProperties: true }, { type: "null" }],
        description: "The profile document behind profileHash, when this node holds it",
      },
      encryptionKey: hash,
      stake: amount,
      locked: amount,
      freeStake: amount,
      openBonds: { type: "integer" },
      completedOrders: { type: "integer", description: "Orders it completed as the maker (deliveries accepted)" },
      updatedAt: unix,
      scorecard: scorecardSchema,
    },
  },
  balance: {
    type: "object",
    properties: {
      contract: address,
      kind: {
        type: "string",
        enum: ["market", "registry"],
        description: "market: withdrawable payments; registry: claimable slashed stake",
      },
      token: address,
      owed: amount,
      updatedBlock: { type: "integer" },
    },
  },
} as const;

/** `{ items, next }` list envelope around an item schema. */
export function listOf<const Item extends JSONSchema>(item: Item) {
  return {
    type: "object",
    required: ["items", "next"],
    properties: {
      items: { type: "array", items: item },
      next: {
        anyOf: [{ type: "string" }, { type: "null" }],
        description: "Cursor of the next page; null on the last page",
      },
    },
  } as const;
}

/** Query parameters every list accepts. */
export const pageQuery = {
  limit: { type: "integer", minimum: 1, maximum: 200, default: 50, description: "Items per page (1-200). Default: 50" },
  cursor: { type: "string", maxLength: 200, description: "The `next` value of the previous page" },
  order: { type: "string", enum: ["asc", "desc"], default: "desc", description: "Sort direction. Default: desc" },
} as const;

/** An object of these properties and no others: a route's query or path parameters. */
export function closedObject<const Properties extends Record<string, JSONSchema>>(properties: Properties) {
  return { type: "object", additionalProperties: false, properties } as const;
}

/** The query of a list route: the page parameters and the route's own, nothing else. */
export const listQuery = <const Properties extends Record<string, JSONSchema>>(properties: Properties) =>
  closedObject({ ...pageQuery, ...properties });

export const addressParams = {
  type: "object",
  required: ["address"],
  additionalProperties: false,
  properties: { address: schemas.address },
} as const;
/** 400 and 404 responses of a route. */
export const errors = { 400: { $ref: "Error#" }, 404: { $ref: "Error#" } } as const;

/**
 * A response schema as the API's clients read it (the dashboard's generated client does too): an
 * object without `required` has every property, and an object without `additionalProperties` no other.
 */
type Answered<S> = S extends readonly unknown[]
  ? { readonly [I in keyof S]: Answered<S[I]> }
  : S extends object
    ? {
        readonly [K in keyof S]: K extends "properties"
          ? { readonly [P in keyof S[K]]: Answered<S[K][P]> }
          : Answered<S[K]>;
      } & (S extends { readonly properties: object; readonly required?: undefined }
        ? { readonly required: readonly (keyof S["properties"])[] }
        : unknown) &
        (S extends { readonly properties: object; readonly additionalProperties?: undefined }
          ? { readonly additionalProperties: false }
          : unknown)
    : S;

/** The type of an answer under a response schema: a field missing from the view or from the schema is a type error. */
export type View<S extends JSONSchema> =
  Answered<S> extends infer A extends JSONSchema ? FromSchema<A, { references: [typeof schemas.error] }> : never;

type RequestOf<S> = (JsonSchemaToTsProvider & { schema: S })["validator"];

/**
 * The route schemas' types (a Fastify type provider): requests as `@fastify/type-provider-json-schema-to-ts`
 * reads their schemas, answers as `View` does.
 */
export interface SchemaTypes extends FastifyTypeProvider {
  validator: RequestOf<this["schema"]>;
  serializer: this["schema"] extends JSONSchema ? View<this["schema"]> : unknown;
}

/** The HTTP server as the modules see it: requests and answers typed by their route schemas. */
export type Api = FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, FastifyBaseLogger, SchemaTypes>;
