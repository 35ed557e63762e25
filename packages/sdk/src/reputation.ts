// A manufacturer's reputation, computed from OrderMarket events alone: one pure function used by
// the CLI (events read from chain logs) and by the node (events from its `events` table), so both
// give the same scorecard for the same chain.

/** One OrderMarket event as either source provides it. Numbers may be bigint, number or decimal string. */
export type ReputationEvent = {
  /** Event name, e.g. `OrderAwarded`. */
  name: string;
  /** Unix seconds of the block the event is in. */
  blockTime: number;
  /** Decoded arguments by name (addresses in any case). */
  args: Record<string, unknown>;
};

/** A manufacturer's scorecard. Amounts are decimal strings of payment-token base units, per token. */
export type Scorecard = {
  /** Lowercase address. */
  maker: string;
  /** Orders the maker bid on (placed or committed a bid). */
  ordersBidOn: number;
  /** Orders awarded to the maker. */
  awarded: number;
  /** awarded / ordersBidOn; null without bids. */
  winRate: number | null;
  /** Shipped by the due date. */
  shippedOnTime: number;
  /** Shipped after the due date. */
  shippedLate: number;
  /** Never shipped: the customer claimed default. */
  defaulted: number;
  /** shippedOnTime / (shipped + defaulted); null while no delivery is decided. */
  onTimeRate: number | null;
  disputes: {
    opened: number;
    /** opened / awarded; null without awards. */
    rate: number | null;
    /** Rulings refunding nothing to the customer. */
    makerFavoured: number;
    /** Rulings refunding the customer in full. */
    customerFavoured: number;
    /** Rulings in between. */
    split: number;
    /** Rulings that slashed the maker's bond. */
    slashed: number;
    /** Disputes no arbiter ruled on by their ruling end, ended by the contract's default (half refunded). */
    expired: number;
    /** Still waiting for a ruling. */
    open: number;
  };
  /** Orders accepted by the customer (Completed). */
  completedOrders: number;
  /** Sum of the awarded prices of completed orders, per payment token (lowercase address). */
  completedValue: Record<string, string>;
  /** Seconds from an RFQ's creation to the maker's first bid on it: mean and median; null without bids. */
  responseTime: { meanSeconds: number | null; medianSeconds: number | null; samples: number };
};

const big = (v: unknown): bigint => (typeof v === "bigint" ? v : BigInt(String(v)));
const num = (v: unknown): number => Number(v);
const lower = (v: unknown): string => String(v).toLowerCase();
/** Three decimals: the same on every platform, short in JSON. */
const ratio = (a: number, b: number): number | null => (b === 0 ? null : Math.round((a / b) * 1000) / 1000);

/**
 * Computes `maker`'s scorecard from OrderMarket events in chain order (block, then log index).
 * Pure: the same events always give the same scorecard.
 * @example const card = computeScorecard(events, "0xabc…");
 */
export function computeScorecard(events: readonly ReputationEvent[], maker: string): Scorecard {
  const me = maker.toLowerCase();
  const rfqAt = new Map<string, number>();
  const tokenOf = new Map<string, string>();
  const firstBidAt = new Map<string, number>();
  const mine = new Map<string, { dueAt: number; price: bigint }>();
  const disputed = new Set<string>();
  let shippedOnTime = 0;
  let shippedLate = 0;
  let defaulted = 0;
  let completedOrders = 0;
  const completedValue = new Map<string, bigint>();
  const d = { opened: 0, makerFavoured: 0, customerFavoured: 0, split: 0, slashed: 0, expired: 0, resolved: 0 };

  for (const e of events) {
    const a = e.args;
    if (a.orderId === undefined) continue;
    const id = big(a.orderId).toString();
    switch (e.name) {
      case "RfqCreated": {
        rfqAt.set(id, e.blockTime);
        const params = a.params as Record<string, unknown> | undefined;
        if (params?.paymentToken !== undefined) tokenOf.set(id, lower(params.paymentToken));
        break;
      }
      case "BidPlaced":
      case "BidCommitted":
        if (lower(a.maker) === me && !firstBidAt.has(id)) firstBidAt.set(id, e.blockTime);
        break;
      case "OrderAwarded":
        if (lower(a.maker) === me) mine.set(id, { dueAt: num(a.dueAt), price: big(a.price) });
        break;
      default: {
        const order = mine.get(id);
        if (!order) break;
        if (e.name === "OrderShipped") {
          if (e.blockTime <= order.dueAt) shippedOnTime++;
          else shippedLate++;
        } else if (e.name === "OrderDefaulted") defaulted++;
        else if (e.name === "OrderAccepted") {
          completedOrders++;
          const token = tokenOf.get(id) ?? "unknown";
          completedValue.set(token, (completedValue.get(token) ?? 0n) + order.price);
        } else if (e.name === "DisputeOpened" && !disputed.has(id)) {
          disputed.add(id);
          d.opened++;
        } else if (e.name === "DisputeResolved") {
          d.resolved++;
          const refund = num(a.refundBps);
          if (refund === 0) d.makerFavoured++;
          else if (refund >= 10_000) d.customerFavoured++;
          else d.split++;
          if (num(a.slashBps) > 0) d.slashed++;
        } else if (e.name === "DisputeExpired") {
          d.resolved++;
          d.expired++;
        }
      }
    }
  }

  const delays = [...firstBidAt]
    .filter(([id]) => rfqAt.has(id))
    .map(([id, at]) => at - (rfqAt.get(id) ?? at))
    .sort((x, y) => x - y);
  const mid = delays.length >> 1;
  const median =
    delays.length === 0
      ? null
      : delays.length % 2
        ? (delays[mid] ?? 0)
        : ((delays[mid - 1] ?? 0) + (delays[mid] ?? 0)) / 2;
  const decided = shippedOnTime + shippedLate + defaulted;
  return {
    maker: me,
    ordersBidOn: firstBidAt.size,
    awarded: mine.size,
    winRate: ratio(mine.size, firstBidAt.size),
    shippedOnTime,
    shippedLate,
    defaulted,
    onTimeRate: ratio(shippedOnTime, decided),
    disputes: {
      opened: d.opened,
      rate: ratio(d.opened, mine.size),
      makerFavoured: d.makerFavoured,
      customerFavoured: d.customerFavoured,
      split: d.split,
      slashed: d.slashed,
      expired: d.expired,
      open: d.opened - d.resolved,
    },
    completedOrders,
    completedValue: Object.fromEntries([...completedValue].sort().map(([t, v]) => [t, v.toString()])),
    responseTime: {
      meanSeconds: delays.length ? Math.round(delays.reduce((s, x) => s + x, 0) / delays.length) : null,
      medianSeconds: median,
      samples: delays.length,
    },
  };
}
