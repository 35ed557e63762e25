// The one client of the node's HTTP API (REST under /api): openapi-fetch over the types generated
// from the node's /openapi.json (openapi.d.ts: `npm run generate:api -w @dipnet/web`), so every
// response type is the node's response schema.

import createClient from "openapi-fetch";
import type { paths } from "./openapi.d.ts";

export { postedOrderStatuses } from "@dipnet/sdk";

/** The JSON body of a 2xx answer of `method` on `path`. */
type Answer<P extends keyof paths, M extends "get" | "post" | "put" = "get"> = paths[P][M] extends {
  responses:
    | { 200: { content: { "application/json": infer T } } }
    | { 201: { content: { "application/json": infer T } } };
}
  ? T
  : never;

/** A decimal string of token base units. */
export type Amount = string;
export type Hex = `0x${string}`;

export type Order = Answer<"/api/orders">["items"][number];
/** The status of an order, as the node reports it. */
export type OrderStatus = Order["status"];
export type OrderDetail = Answer<"/api/orders/{id}">;
export type Bid = OrderDetail["bids"][number];
export type BidState = Bid["state"];
export type TimelineStep = OrderDetail["timeline"][number];
export type Milestone = OrderDetail["milestones"][number];
export type Participant = Answer<"/api/participants/{address}">;
/** A manufacturer's reputation (the SDK's `Scorecard`). */
export type Scorecard = NonNullable<Participant["scorecard"]>;
/** A certification (EAS attestation) and what the chain says of it now. */
export type Certification = Answer<"/api/participants/{address}/certifications">["items"][number];
/** The account signed in to the node (Sign-In with Ethereum). */
export type ApiSession = Answer<"/api/auth/verify", "post">;
export type OrderPrivate = Answer<"/api/orders/{id}/private">;
export type OrderMessage = Answer<"/api/orders/{id}/messages", "post">;
export type AccountSettings = Answer<"/api/participants/{address}/settings">;
export const notificationKinds = ["rfqs", "bids", "awards", "milestones", "disputes", "payments"] as const;
export type Balance = Answer<"/api/balances/{address}">["items"][number];
export type Stats = Answer<"/api/stats">;
/** Orders posted and completed, and prices awarded per payment token, per time bucket. */
export type Activity = Answer<"/api/stats/activity">;
/** One account's orders by status, as the customer and as the manufacturer. */
export type AccountOrderStats = Answer<"/api/participants/{address}/stats">;
/** What the node says about its deployment. */
export type Contracts = Answer<"/api/contracts">;
export type OrderFilters = NonNullable<paths["/api/orders"]["get"]["parameters"]["query"]>;

export type Page<T> = { items: T[]; next: string | null };

/** An error answer of the API: `{ statusCode, error, message, field? }`. */
export class ApiError extends Error {
  override name = "ApiError";
  readonly status: number;
  readonly field: string | undefined;
  constructor(status: number, message: string, field?: string) {
    super(message);
    this.status = status;
    this.field = field;
  }
}

type Query = Record<string, unknown>;

/** `a=1&b=x`, leaving out empty values (what the node's filters expect). */
function queryString(query: Query | undefined): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {}))
    if (v !== undefined && v !== null && v !== "") params.set(k, String(v));
  return params.toString();
}

// Same origin: the session cookie goes along.
const client = createClient<paths>({ headers: { accept: "application/json" }, querySerializer: queryString });

/** The data of an answer; non-2xx answers throw `ApiError` with the node's message. */
async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  let result: Awaited<typeof call>;
  try {
    result = await call;
  } catch (error) {
    if ((error as Error).name === "AbortError") throw error;
    throw new ApiError(0, "the DIPNET node is not reachable");
  }
  const { response } = result;
  if (!response.ok) {
    const body = result.error as { message?: string; field?: string } | undefined;
    throw new ApiError(response.status, body?.message || `the node answered ${response.status}`, body?.field);
  }
  return result.data as T;
}

/** GET a JSON resource of the node that has no typed route below; non-2xx answers throw `ApiError`. */
export async function getJson<T>(path: string, query?: Query, signal?: AbortSignal): Promise<T> {
  let response: Response;
  try {
    const search = queryString(query);
    response = await fetch(search ? `${path}?${search}` : path, {
      headers: { accept: "application/json" },
      signal: signal ?? null,
    });
  } catch (error) {
    if ((error as Error).name === "AbortError") throw error;
    throw new ApiError(0, "the DIPNET node is not reachable");
  }
  if (!response.ok) {
    let body: { message?: string; field?: string } | undefined;
    try {
      body = await response.json();
    } catch {}
    throw new ApiError(response.status, body?.message || `the node answered ${response.status}`, body?.field);
  }
  return (await response.json()) as T;
}

export const api = {
  contracts: (signal?: AbortSignal) => unwrap(client.GET("/api/contracts", { signal })),
  dashboard: (signal?: AbortSignal) => unwrap(client.GET("/api/dashboard", { signal })),
  stats: (signal?: AbortSignal) => unwrap(client.GET("/api/stats", { signal })),
  activity: (signal?: AbortSignal) => unwrap(client.GET("/api/stats/activity", { signal })),
  orders: (filters: OrderFilters = {}, signal?: AbortSignal) =>
    unwrap(client.GET("/api/orders", { params: { query: filters }, signal })),
  order: (id: number, signal?: AbortSignal) =>
    unwrap(client.GET("/api/orders/{id}", { params: { path: { id } }, signal })),
  participants: (
    query: NonNullable<paths["/api/participants"]["get"]["parameters"]["query"]> = {},
    signal?: AbortSignal,
  ) => unwrap(client.GET("/api/participants", { params: { query }, signal })),
  participant: (address: string, signal?: AbortSignal) =>
    unwrap(client.GET("/api/participants/{address}", { params: { path: { address } }, signal })),
  participantStats: (address: string, signal?: AbortSignal) =>
    unwrap(client.GET("/api/participants/{address}/stats", { params: { path: { address } }, signal })),
  balances: (address: string, signal?: AbortSignal) =>
    unwrap(client.GET("/api/balances/{address}", { params: { path: { address } }, signal })),
  certifications: (address: string, signal?: AbortSignal) =>
    unwrap(client.GET("/api/participants/{address}/certifications", { params: { path: { address } }, signal })),
  authNonce: () => unwrap(client.GET("/api/auth/nonce")),
  authVerify: (message: string, signature: Hex) =>
    unwrap(client.POST("/api/auth/verify", { body: { message, signature } })),
  authSession: (signal?: AbortSignal) => unwrap(client.GET("/api/auth/session", { signal })),
  authLogout: () => unwrap(client.POST("/api/auth/logout")),
  orderPrivate: (id: number, signal?: AbortSignal) =>
    unwrap(client.GET("/api/orders/{id}/private", { params: { path: { id } }, signal })),
  orderMessages: (id: number, signal?: AbortSignal) =>
    unwrap(client.GET("/api/orders/{id}/messages", { params: { path: { id } }, signal })),
  postOrderMessage: (id: number, body: string) =>
    unwrap(client.POST("/api/orders/{id}/messages", { params: { path: { id } }, body: { body } })),
  settings: (address: string, signal?: AbortSignal) =>
    unwrap(client.GET("/api/participants/{address}/settings", { params: { path: { address } }, signal })),
  putSettings: (address: string, settings: Pick<AccountSettings, "email" | "notify">) =>
    unwrap(client.PUT("/api/participants/{address}/settings", { params: { path: { address } }, body: settings })),
};

/**
 * Every page of a list, following `next` cursors up to `max` items.
 * @example const orders = await allPages((cursor) => api.orders({ limit: 200, cursor }));
 */
export async function allPages<T>(load: (cursor: string | undefined) => Promise<Page<T>>, max = 2000): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await load(cursor);
    items.push(...page.items);
    if (!page.next || items.length >= max) return items;
    cursor = page.next;
  }
}
