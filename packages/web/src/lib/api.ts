// The one client of the node's HTTP API (REST under /api): openapi-fetch over the types generated
// from the node's /openapi.json (openapi.d.ts: `npm run generate:api -w @dipnet/web`), so every
// response type is the node's response schema.

import createClient from "openapi-fetch";
import type { components, paths } from "./openapi.d.ts";
import type { SealedMessage } from "./sdk.ts";

export { postedOrderStatuses } from "@dipnet/sdk";

/** The JSON body of a 2xx answer of `method` on `path`. */
export type Answer<P extends keyof paths, M extends "get" | "post" | "put" = "get"> = paths[P][M] extends {
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
export type AccountSettings = Answer<"/api/participants/{address}/settings">;
export type PublishDocument = NonNullable<
  paths["/api/documents"]["post"]["requestBody"]
>["content"]["application/json"];
export const notificationKinds = ["rfqs", "bids", "awards", "milestones", "disputes", "payments"] as const;
export type Balance = Answer<"/api/balances/{address}">["items"][number];
/** Orders posted and completed, and prices awarded per payment token, per time bucket. */
export type Activity = Answer<"/api/stats/activity">;
/** What the node says about its deployment. */
export type Contracts = Answer<"/api/contracts">;
export type Proposal = Answer<"/api/governance/proposals">["items"][number];
/** A proposal's state, as the node computes it at its newest indexed block. */
export type ProposalState = Proposal["state"];
/** A proposal with its ballots (votes and reasons) and its timeline. */
export type ProposalDetail = Answer<"/api/governance/proposals/{id}">;
export type GovernedParameter = Answer<"/api/governance/parameters">["items"][number];
export type Delegate = Answer<"/api/governance/delegates">["items"][number];
export type Treasury = Answer<"/api/governance/treasury">;
export type Design = Answer<"/api/designs">["items"][number];
export type DesignDetail = Answer<"/api/designs/{id}">;
export type Licence = Answer<"/api/licences/{id}">;
export type OrderAccess = Answer<"/api/orders/{id}/access">;
/** The query parameters of GET `path`. */
type Query<P extends keyof paths> = paths[P]["get"] extends { parameters: { query?: infer Q } }
  ? NonNullable<Q>
  : never;
export type OrderFilters = Query<"/api/orders">;

export type Page<T> = { items: T[]; next: string | null };

/** An error answer of the API, with the node's message and the request field at fault; status 0: no answer. */
export class ApiError extends Error {
  override name = "ApiError";
  readonly status: number;
  readonly field: string | undefined;
  constructor(status: number, answer?: Partial<components["schemas"]["Error"]>) {
    super(answer?.message || (status === 0 ? "the DIPNET node is not reachable" : `the node answered ${status}`));
    this.status = status;
    this.field = answer?.field;
  }
}

/** `a=1&b=x`, leaving out empty values (what the node's filters expect). */
function queryString(query: Record<string, unknown> | undefined): string {
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
    throw new ApiError(0);
  }
  const { response } = result;
  if (!response.ok) throw new ApiError(response.status, result.error as Partial<components["schemas"]["Error"]>);
  return result.data as T;
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
  participants: (query: Query<"/api/participants"> = {}, signal?: AbortSignal) =>
    unwrap(client.GET("/api/participants", { params: { query }, signal })),
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
  postOrderMessage: (id: number, sealed: SealedMessage) =>
    unwrap(client.POST("/api/orders/{id}/messages", { params: { path: { id } }, body: sealed })),
  settings: (address: string, signal?: AbortSignal) =>
    unwrap(client.GET("/api/participants/{address}/settings", { params: { path: { address } }, signal })),
  putSettings: (address: string, settings: Pick<AccountSettings, "email" | "notify">) =>
    unwrap(client.PUT("/api/participants/{address}/settings", { params: { path: { address } }, body: settings })),
  document: (hash: Hex, signal?: AbortSignal) =>
    unwrap(client.GET("/api/documents/{hash}", { params: { path: { hash } }, signal })),
  orderDocuments: (id: number, signal?: AbortSignal) =>
    unwrap(client.GET("/api/orders/{id}/documents", { params: { path: { id } }, signal })),
  publishDocument: (body: PublishDocument) => unwrap(client.POST("/api/documents", { body })),
  partHistory: (part: string, signal?: AbortSignal) =>
    unwrap(client.GET("/api/parts/{id}/history", { params: { path: { id: part } }, signal })),
  machines: (query: Query<"/api/machines"> = {}, signal?: AbortSignal) =>
    unwrap(client.GET("/api/machines", { params: { query }, signal })),
  capacity: (query: Query<"/api/capacity"> = {}, signal?: AbortSignal) =>
    unwrap(client.GET("/api/capacity", { params: { query }, signal })),
  capacityProposal: (signal?: AbortSignal) => unwrap(client.GET("/api/capacity/proposal", { signal })),
  devices: (query: Query<"/api/devices"> = {}, signal?: AbortSignal) =>
    unwrap(client.GET("/api/devices", { params: { query }, signal })),
  readings: (
    device: { manufacturer: string; id: string },
    query: Query<"/api/devices/{manufacturer}/{id}/readings"> = {},
    signal?: AbortSignal,
  ) => unwrap(client.GET("/api/devices/{manufacturer}/{id}/readings", { params: { path: device, query }, signal })),
  proposals: (query: Query<"/api/governance/proposals"> = {}, signal?: AbortSignal) =>
    unwrap(client.GET("/api/governance/proposals", { params: { query }, signal })),
  proposal: (id: string, signal?: AbortSignal) =>
    unwrap(client.GET("/api/governance/proposals/{id}", { params: { path: { id } }, signal })),
  governedParameters: (signal?: AbortSignal) => unwrap(client.GET("/api/governance/parameters", { signal })),
  delegates: (query: Query<"/api/governance/delegates"> = {}, signal?: AbortSignal) =>
    unwrap(client.GET("/api/governance/delegates", { params: { query }, signal })),
  treasury: (query: Query<"/api/governance/treasury"> = {}, signal?: AbortSignal) =>
    unwrap(client.GET("/api/governance/treasury", { params: { query }, signal })),
  designs: (query: Query<"/api/designs"> = {}, signal?: AbortSignal) =>
    unwrap(client.GET("/api/designs", { params: { query }, signal })),
  design: (id: number, signal?: AbortSignal) =>
    unwrap(client.GET("/api/designs/{id}", { params: { path: { id } }, signal })),
  orderAccess: (id: number, signal?: AbortSignal) =>
    unwrap(client.GET("/api/orders/{id}/access", { params: { path: { id } }, signal })),
  /** The node's indexing state; its body also when it answers 503 (not ready). */
  health: async () => {
    const { data, error } = await client.GET("/health");
    return data ?? error;
  },
};

/** Where the node serves an order's or a part's evidence bundle (a CAR file) for download. */
export const bundleUrl = (subject: { orderId: number } | { part: string; orderId: number }): string =>
  "part" in subject
    ? `/api/parts/${encodeURIComponent(subject.part)}/bundle.car?order=${subject.orderId}`
    : `/api/orders/${subject.orderId}/bundle.car`;

/** The answer, or null when the node has no such resource (404); a query's data cannot be undefined. */
export async function nullIfNotFound<T>(answer: Promise<T>): Promise<T | null> {
  try {
    return await answer;
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
}

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
