// The one client of the node's HTTP API (REST under /api, see the node's /openapi.json). Types
// mirror the node's response schemas (packages/node/src/api/schemas.ts).

import type { PostedOrderStatus } from "@dipnet/sdk";

export { postedOrderStatuses } from "@dipnet/sdk";
/** The status of an order, as the node reports it. */
export type OrderStatus = PostedOrderStatus;

/** A decimal string of token base units. */
export type Amount = string;
export type Hex = `0x${string}`;

export type Order = {
  id: number;
  status: OrderStatus;
  customer: Hex;
  maker: Hex | null;
  token: Hex;
  budget: Amount;
  price: Amount | null;
  fee: Amount | null;
  bond: Amount;
  deadline: number;
  biddingEnds: number;
  revealEnds: number;
  sealed: boolean;
  inviteOnly: boolean;
  invitees: Hex[];
  specHash: Hex;
  specURI: string;
  process: string;
  material: string;
  quantity: number;
  milestoneBps: number[];
  milestonesSubmitted: number;
  milestonesReleased: number;
  /** Certification type bidders must hold, e.g. "ISO 9001". */
  requiredCertification: string | null;
  releasedAmount: Amount;
  leadTime: number | null;
  dueAt: number | null;
  acceptanceEnds: number | null;
  /** Once shipped: arbiters may rule a dispute until then; after it anyone may expire the dispute. */
  rulingEnds: number | null;
  bidCount: number;
  ruling: { arbiter: Hex; refundBps: number; slashBps: number } | null;
  /** The dispute ended unruled after `rulingEnds`: half the unreleased price refunded, bond released. */
  disputeExpired: boolean;
  /** Cancelled after award: what the maker was credited beyond released milestones. */
  cancellationCompensation: Amount | null;
  settlement: { makerAmount: Amount; customerRefund: Amount; fee: Amount; bondSlashed: Amount } | null;
  createdBlock: number;
  createdAt: number;
  createdTx: Hex;
  awardedAt: number | null;
  shippedAt: number | null;
  closedAt: number | null;
  updatedBlock: number;
  updatedAt: number;
};

export type BidState = "Committed" | "Active" | "Withdrawn" | "None";

export type Bid = {
  orderId: number;
  maker: Hex;
  state: BidState;
  price: Amount | null;
  leadTime: number | null;
  commitment: Hex | null;
  /** Commit deposit of a sealed bid, in the payment token. */
  deposit: Amount | null;
  /** Where the commit deposit is: held until the reveal, returned to the maker, or forfeited to the customer. */
  depositState: "held" | "returned" | "forfeited" | null;
  counterOffer: { price: Amount; leadTime: number } | null;
  createdAt: number;
  updatedAt: number;
  updatedBlock: number;
  updatedTx: Hex;
};

export type TimelineStep = {
  name: string;
  contract: Hex;
  blockNumber: number;
  blockHash: Hex;
  logIndex: number;
  time: number;
  txHash: Hex;
  evidenceHash: Hex | null;
  args: Record<string, unknown>;
};

export type Milestone = {
  index: number;
  bps: number;
  evidenceHash: Hex | null;
  submittedTx: Hex | null;
  submittedBlock: number | null;
  submittedAt: number | null;
  amount: Amount | null;
  releasedTx: Hex | null;
  releasedBlock: number | null;
  releasedAt: number | null;
};

export type OrderDetail = Order & {
  timeline: TimelineStep[];
  milestones: Milestone[];
  bids: Bid[];
  /** Its evidence hashes whose documents the node publishes. */
  documents?: Hex[];
  /** Items (EPC URIs) whose EPCIS events cite its evidence. */
  parts?: string[];
};

export type Participant = {
  address: Hex;
  roles: ("customer" | "manufacturer")[];
  roleBits: number;
  registeredAt: number;
  registeredBlock: number;
  profileHash: Hex;
  profileURI: string;
  encryptionKey: Hex;
  stake: Amount;
  locked: Amount;
  freeStake: Amount;
  openBonds: number;
  updatedAt: number;
  /** The resolved profile document, when the node serves one (optional). */
  profile?: unknown;
  /** Manufacturers: reputation from on-chain events (the SDK's `computeScorecard`); null otherwise. */
  scorecard?: Scorecard | null;
};

/** A manufacturer's reputation (the SDK's `Scorecard`). Ratios are 0–1 with three decimals. */
export type Scorecard = {
  maker: string;
  ordersBidOn: number;
  awarded: number;
  winRate: number | null;
  shippedOnTime: number;
  shippedLate: number;
  defaulted: number;
  onTimeRate: number | null;
  disputes: {
    opened: number;
    rate: number | null;
    makerFavoured: number;
    customerFavoured: number;
    split: number;
    slashed: number;
    /** Ended unruled at the ruling end by the contract's default. */
    expired: number;
    open: number;
  };
  completedOrders: number;
  /** Per payment token (lowercase address): sum of awarded prices of completed orders. */
  completedValue: Record<string, Amount>;
  responseTime: { meanSeconds: number | null; medianSeconds: number | null; samples: number };
};

/** A certification (EAS attestation) and what the chain says of it now. */
export type Certification = {
  uid: Hex;
  type: string;
  standard: string;
  certificateNumber: string;
  scope: string;
  documentHash: Hex;
  issuer: Hex;
  issuerDid: string;
  issuedAt: number;
  expiresAt: number;
  revokedAt: number | null;
  valid: boolean;
  status: "valid" | "expired" | "revoked" | "issuer-not-admitted";
};

/** The account signed in to the node (Sign-In with Ethereum). */
export type ApiSession = { address: Hex; chainId: number; expiresAt: number };

export type OrderPrivate = {
  orderId: number;
  role: "customer" | "maker" | "arbiter";
  status: OrderStatus;
  customer: Hex;
  maker: Hex | null;
  arbiter: Hex | null;
  price: Amount | null;
  specUri: string;
  messages: number;
};

export type OrderMessage = { id: string; author: Hex; role: OrderPrivate["role"]; body: string; createdAt: number };

export const notificationKinds = ["rfqs", "bids", "awards", "milestones", "disputes", "payments"] as const;
export type AccountSettings = {
  address: Hex;
  email: string | null;
  notify: Record<(typeof notificationKinds)[number], boolean>;
  updatedAt: number | null;
};

export type Balance = { contract: Hex; kind: "market" | "registry"; token: Hex; owed: Amount; updatedBlock: number };

export type Stats = {
  orders: {
    total: number;
    byStatus: Partial<Record<OrderStatus, number>>;
    byProcess: Record<string, number>;
    byMaterial: Record<string, number>;
  };
  participants: { total: number; customers: number; manufacturers: number };
  bids: number;
  events: number;
  volume: { token: Hex; awarded: Amount; orders: number }[];
  /** Open RFQs at the chain time `at` of the newest indexed block. */
  rfqs: { at: number; takingBids: number; awaitingAward: number };
  /** What escrow holds per payment token. */
  escrow: { token: Hex; held: Amount }[];
  /** Every manufacturer's deliveries, counted as the scorecard counts them. */
  deliveries: Pick<Scorecard, "shippedOnTime" | "shippedLate" | "defaulted" | "onTimeRate">;
};

/** Orders posted and completed, and prices awarded per payment token, per time bucket. */
export type Activity = {
  at: number;
  bucketSeconds: number;
  unit: "hour" | "6 hours" | "day" | "week" | "month";
  buckets: { start: number; posted: number; completed: number; awarded: Record<string, Amount> }[];
};

/** One account's orders by status, as the customer and as the manufacturer. */
export type AccountOrderStats = {
  address: Hex;
  asCustomer: { total: number; byStatus: Partial<Record<OrderStatus, number>> };
  asMaker: {
    total: number;
    byStatus: Partial<Record<OrderStatus, number>>;
    byProcess: Record<string, number>;
    byMaterial: Record<string, number>;
  };
};

/** What the node says about its deployment (plus optional fields a node may add). */
export type Contracts = {
  chainId: number;
  deployBlock: number;
  contracts: { orderMarket: Hex; participantRegistry: Hex; testStablecoin?: Hex; evidenceRegistry?: Hex };
  /** JSON-RPC endpoint the browser may use; default: `/rpc` on the node's origin. */
  rpcUrl?: string;
  /** Token metadata, when the node serves it. */
  tokens?: { address: Hex; symbol: string; decimals: number }[];
};

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

type Query = Record<string, string | number | undefined | null>;

function withQuery(path: string, query: Query | undefined): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== "") params.set(k, String(v));
  const s = params.toString();
  return s ? `${path}?${s}` : path;
}

/** GET a JSON resource of the node; non-2xx answers throw `ApiError` with the node's message. */
export async function getJson<T>(path: string, query?: Query, signal?: AbortSignal): Promise<T> {
  return requestJson<T>(path, { method: "GET", query, signal });
}

/** Any request to the node (the session cookie goes along: same origin). */
async function requestJson<T>(
  path: string,
  p: { method: "GET" | "POST" | "PUT"; query?: Query | undefined; body?: unknown; signal?: AbortSignal | undefined },
): Promise<T> {
  let response: Response;
  try {
    response = await fetch(withQuery(path, p.query), {
      method: p.method,
      headers: { accept: "application/json", ...(p.body !== undefined ? { "content-type": "application/json" } : {}) },
      ...(p.body !== undefined ? { body: JSON.stringify(p.body) } : {}),
      signal: p.signal ?? null,
    });
  } catch (error) {
    if ((error as Error).name === "AbortError") throw error;
    throw new ApiError(0, "the DIPNET node is not reachable");
  }
  if (!response.ok) {
    let message = `the node answered ${response.status}`;
    let field: string | undefined;
    try {
      const body = (await response.json()) as { message?: string; field?: string };
      if (body.message) message = body.message;
      field = body.field;
    } catch {}
    throw new ApiError(response.status, message, field);
  }
  return (await response.json()) as T;
}

export type OrderFilters = {
  status?: string | undefined;
  customer?: string | undefined;
  maker?: string | undefined;
  /** Orders this account is the customer or the manufacturer of. */
  participant?: string | undefined;
  process?: string | undefined;
  material?: string | undefined;
  sort?: "id" | "createdAt" | "updatedAt" | "deadline" | "biddingEnds" | undefined;
  order?: "asc" | "desc" | undefined;
  limit?: number | undefined;
  cursor?: string | undefined;
};

export const api = {
  contracts: (signal?: AbortSignal) => getJson<Contracts>("/api/contracts", undefined, signal),
  dashboard: (signal?: AbortSignal) => getJson<{ demoAccounts: boolean }>("/api/dashboard", undefined, signal),
  stats: (signal?: AbortSignal) => getJson<Stats>("/api/stats", undefined, signal),
  activity: (signal?: AbortSignal) => getJson<Activity>("/api/stats/activity", undefined, signal),
  orders: (filters: OrderFilters = {}, signal?: AbortSignal) =>
    getJson<Page<Order>>("/api/orders", filters as Query, signal),
  order: (id: number, signal?: AbortSignal) => getJson<OrderDetail>(`/api/orders/${id}`, undefined, signal),
  participants: (
    q: { role?: "customer" | "manufacturer"; limit?: number; cursor?: string } = {},
    signal?: AbortSignal,
  ) => getJson<Page<Participant>>("/api/participants", q, signal),
  participant: (address: string, signal?: AbortSignal) =>
    getJson<Participant>(`/api/participants/${address}`, undefined, signal),
  participantStats: (address: string, signal?: AbortSignal) =>
    getJson<AccountOrderStats>(`/api/participants/${address}/stats`, undefined, signal),
  balances: (address: string, signal?: AbortSignal) =>
    getJson<Page<Balance>>(`/api/balances/${address}`, undefined, signal),
  certifications: (address: string, signal?: AbortSignal) =>
    getJson<Page<Certification> & { chainTime: number }>(
      `/api/participants/${address}/certifications`,
      undefined,
      signal,
    ),
  authNonce: () => getJson<{ nonce: string; expiresAt: number }>("/api/auth/nonce"),
  authVerify: (message: string, signature: Hex) =>
    requestJson<ApiSession>("/api/auth/verify", { method: "POST", body: { message, signature } }),
  authSession: (signal?: AbortSignal) =>
    getJson<({ signedIn: true } & ApiSession) | { signedIn: false }>("/api/auth/session", undefined, signal),
  authLogout: () => requestJson<{ signedOut: boolean }>("/api/auth/logout", { method: "POST", body: {} }),
  orderPrivate: (id: number, signal?: AbortSignal) =>
    getJson<OrderPrivate>(`/api/orders/${id}/private`, undefined, signal),
  orderMessages: (id: number, signal?: AbortSignal) =>
    getJson<Page<OrderMessage>>(`/api/orders/${id}/messages`, undefined, signal),
  postOrderMessage: (id: number, body: string) =>
    requestJson<OrderMessage>(`/api/orders/${id}/messages`, { method: "POST", body: { body } }),
  settings: (address: string, signal?: AbortSignal) =>
    getJson<AccountSettings>(`/api/participants/${address}/settings`, undefined, signal),
  putSettings: (address: string, settings: Pick<AccountSettings, "email" | "notify">) =>
    requestJson<AccountSettings>(`/api/participants/${address}/settings`, { method: "PUT", body: settings }),
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
