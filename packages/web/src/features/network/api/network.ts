// Manufacturers with their profiles, and each one's load and record as the node aggregates them.
import { useQueries, useQuery } from "@tanstack/react-query";
import { allPages, api, type Participant } from "../../../lib/api.ts";
import { type Deliveries, statusSums } from "../../../lib/orders.ts";
import { type ResolvedProfile, resolveProfile } from "../../../lib/profile.ts";

export type Manufacturer = {
  participant: Participant;
  resolved: ResolvedProfile | undefined;
  /** Orders completed (accepted or resolved) and disputed; deliveries from its scorecard. */
  record: { completed: number; disputes: number; deliveries: Deliveries | undefined };
  /** Orders awarded and not yet closed (in production, shipped or disputed). */
  inProduction: number;
  /** Processes and materials it has won orders for (its proven capabilities). */
  proven: { processes: string[]; materials: string[] };
};

export function useManufacturers() {
  const makers = useQuery({
    queryKey: ["participants", "manufacturer"],
    queryFn: ({ signal }) =>
      allPages(
        (cursor) => api.participants({ role: "manufacturer", limit: 200, ...(cursor ? { cursor } : {}) }, signal),
        1000,
      ),
  });
  const addresses = (makers.data ?? []).map((p) => p.address);
  const stats = useQueries({
    queries: addresses.map((address) => ({
      queryKey: ["participant", address.toLowerCase(), "stats"],
      queryFn: ({ signal }: { signal: AbortSignal }) => api.participantStats(address, signal),
    })),
  });
  const cards = useQueries({
    queries: addresses.map((address) => ({
      queryKey: ["participant", address.toLowerCase()],
      queryFn: ({ signal }: { signal: AbortSignal }) => api.participant(address, signal),
    })),
  });
  const list = (makers.data ?? []).map((p, i): Manufacturer => {
    const mine = stats[i]?.data?.asMaker;
    const sums = statusSums(mine?.byStatus ?? {});
    return {
      participant: p,
      resolved: resolveProfile(p),
      record: {
        completed: sums.completed,
        disputes: sums.disputes,
        deliveries: cards[i]?.data?.scorecard ?? undefined,
      },
      inProduction: sums.inProduction,
      proven: {
        processes: Object.keys(mine?.byProcess ?? {}).sort(),
        materials: Object.keys(mine?.byMaterial ?? {}).sort(),
      },
    };
  });
  const pending = makers.isPending || stats.some((q) => q.isPending);
  return {
    list,
    isPending: pending,
    error: makers.error ?? stats.find((q) => q.error)?.error ?? null,
    refetch: makers.refetch,
  };
}
