// One participant, the node's figures of its orders, and the orders it took part in (newest first).
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { api } from "../../../lib/api.ts";

export function useParticipant(address: string) {
  return useQuery({
    queryKey: ["participant", address.toLowerCase()],
    queryFn: ({ signal }) => api.participant(address, signal),
  });
}

/** Its orders by status as the customer and as the manufacturer (aggregated by the node). */
export function useParticipantStats(address: string) {
  return useQuery({
    queryKey: ["participant", address.toLowerCase(), "stats"],
    queryFn: ({ signal }) => api.participantStats(address, signal),
  });
}

/** The orders it is the customer or the manufacturer of, most recently changed first, page by page. */
export function useParticipantOrders(address: string) {
  return useInfiniteQuery({
    queryKey: ["orders", "of", address.toLowerCase()],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) =>
      api.orders({ participant: address, sort: "updatedAt", limit: 25, cursor: pageParam }, signal),
    getNextPageParam: (last) => last.next ?? undefined,
  });
}
