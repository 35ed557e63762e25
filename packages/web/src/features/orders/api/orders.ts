// Order queries: the filterable board (cursor pages), one order, an account's balances.
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { ApiError, api, type OrderFilters } from "../../../lib/api.ts";

export function useOrderBoard(filters: Omit<OrderFilters, "cursor">) {
  return useInfiniteQuery({
    queryKey: ["orders", "board", filters],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) => api.orders({ ...filters, limit: 25, cursor: pageParam }, signal),
    getNextPageParam: (last) => last.next ?? undefined,
  });
}

export function useOrder(id: number) {
  return useQuery({
    queryKey: ["order", id],
    enabled: Number.isSafeInteger(id) && id > 0,
    queryFn: ({ signal }) => api.order(id, signal),
    // A just-created order may not be indexed yet: ask again shortly instead of failing.
    retry: (count, error) => (error instanceof ApiError && error.status === 404 ? count < 8 : count < 2),
    retryDelay: 500,
  });
}

export function useBalances(address: string | undefined) {
  return useQuery({
    queryKey: ["balances", address?.toLowerCase()],
    enabled: Boolean(address),
    queryFn: ({ signal }) => api.balances(address as string, signal),
  });
}
