// Manufacturers with their profiles, and each one's load and record from the orders awarded to them.
import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { allPages, api, type Order, type Participant } from "../../../lib/api.ts";
import { type Record_, recordOf } from "../../../lib/orders.ts";
import { type ResolvedProfile, resolveProfile } from "../../../lib/profile.ts";
import { useAllOrders } from "../../orders/api/orders.ts";

export type Manufacturer = {
  participant: Participant;
  resolved: ResolvedProfile | undefined;
  record: Record_;
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
  const orders = useAllOrders();
  const list = useMemo<Manufacturer[]>(() => {
    const byMaker = new Map<string, Order[]>();
    for (const o of orders.data ?? []) {
      if (!o.maker) continue;
      const k = o.maker.toLowerCase();
      byMaker.set(k, [...(byMaker.get(k) ?? []), o]);
    }
    return (makers.data ?? []).map((p) => {
      const mine = byMaker.get(p.address.toLowerCase()) ?? [];
      return {
        participant: p,
        resolved: resolveProfile(p),
        record: recordOf(mine),
        inProduction: mine.filter((o) => ["Awarded", "Shipped", "Disputed"].includes(o.status)).length,
        proven: {
          processes: [...new Set(mine.map((o) => o.process))].sort(),
          materials: [...new Set(mine.map((o) => o.material))].sort(),
        },
      };
    });
  }, [makers.data, orders.data]);
  return {
    list,
    isPending: makers.isPending || orders.isPending,
    error: makers.error ?? orders.error,
    refetch: makers.refetch,
  };
}
