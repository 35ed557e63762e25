// Overview figures: activity over time (aggregated by the node) and the latest orders.
import { useQuery } from "@tanstack/react-query";
import { type Activity, api } from "../../../lib/api.ts";

export function useActivity() {
  return useQuery({ queryKey: ["stats", "activity"], queryFn: ({ signal }) => api.activity(signal) });
}

/** The most recently changed orders. */
export function useRecentOrders(limit: number) {
  return useQuery({
    queryKey: ["orders", "recent", limit],
    queryFn: ({ signal }) => api.orders({ sort: "updatedAt", limit }, signal),
  });
}

export type Buckets = { labels: string[]; posted: number[]; completed: number[]; value: number[]; unit: string };

/** The node's activity series as chart series: labels, counts, and value awarded in `token` (in whole units). */
export function activityBuckets(activity: Activity | undefined, token: string | undefined, decimals: number): Buckets {
  const buckets = activity?.buckets ?? [];
  const fmt =
    (activity?.bucketSeconds ?? 0) < 86_400
      ? new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit" })
      : new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short" });
  // Labels must be unique keys: disambiguate repeats (e.g. the same hour on two days).
  const seen = new Map<string, number>();
  const labels = buckets.map((b) => {
    const label = fmt.format(new Date(b.start * 1000));
    const c = seen.get(label) ?? 0;
    seen.set(label, c + 1);
    return c ? `${label} (${c + 1})` : label;
  });
  const awardedIn = (awarded: Record<string, string>) =>
    Number(Object.entries(awarded).find(([t]) => t.toLowerCase() === token?.toLowerCase())?.[1] ?? 0) / 10 ** decimals;
  return {
    labels,
    posted: buckets.map((b) => b.posted),
    completed: buckets.map((b) => b.completed),
    value: buckets.map((b) => awardedIn(b.awarded)),
    unit: activity?.unit ?? "day",
  };
}
