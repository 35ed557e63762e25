// Overview figures: network stats from the node and series bucketed from every order.
import { useQuery } from "@tanstack/react-query";
import { api, type Order } from "../../../lib/api.ts";

export function useStats() {
  return useQuery({ queryKey: ["stats"], queryFn: ({ signal }) => api.stats(signal) });
}

export type Buckets = { labels: string[]; posted: number[]; completed: number[]; value: number[]; unit: string };

const sizes = [
  { s: 3_600, unit: "hour" },
  { s: 6 * 3_600, unit: "6 hours" },
  { s: 86_400, unit: "day" },
  { s: 7 * 86_400, unit: "week" },
  { s: 30 * 86_400, unit: "month" },
] as const;

/** Orders posted and completed, and value awarded, per time bucket up to `now` (bucket size adapts to the span). */
export function bucketOrders(orders: readonly Order[], now: number, decimals: number): Buckets {
  const first = orders.reduce((m, o) => Math.min(m, o.createdAt), now);
  const span = Math.max(1, now - first);
  const size = sizes.find((x) => span / x.s <= 24) ?? sizes[4];
  const n = Math.min(30, Math.max(8, Math.ceil(span / size.s) + 1));
  const end = Math.ceil((now + 1) / size.s) * size.s;
  const start = end - n * size.s;
  const posted = new Array<number>(n).fill(0);
  const completed = new Array<number>(n).fill(0);
  const value = new Array<number>(n).fill(0);
  const at = (t: number | null) => (t === null || t < start || t >= end ? -1 : Math.floor((t - start) / size.s));
  for (const o of orders) {
    const i = at(o.createdAt);
    if (i >= 0) posted[i] = (posted[i] ?? 0) + 1;
    if (o.status === "Completed" || o.status === "Resolved") {
      const j = at(o.closedAt);
      if (j >= 0) completed[j] = (completed[j] ?? 0) + 1;
    }
    if (o.price && o.awardedAt !== null) {
      const k = at(o.awardedAt);
      if (k >= 0) value[k] = (value[k] ?? 0) + Number(o.price) / 10 ** decimals;
    }
  }
  const fmt =
    size.s < 86_400
      ? new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit" })
      : new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short" });
  const labels = Array.from({ length: n }, (_, i) => fmt.format(new Date((start + i * size.s) * 1000)));
  // Labels must be unique keys: disambiguate repeats (e.g. the same hour on two days).
  const seen = new Map<string, number>();
  const unique = labels.map((l) => {
    const c = seen.get(l) ?? 0;
    seen.set(l, c + 1);
    return c ? `${l} (${c + 1})` : l;
  });
  return { labels: unique, posted, completed, value, unit: size.unit };
}
