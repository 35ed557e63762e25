// Registered designs (newest first, page by page) and one design with its versions and licences.
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { api } from "../../../lib/api.ts";

export function useDesigns(owner?: string) {
  return useInfiniteQuery({
    queryKey: ["designs", owner?.toLowerCase() ?? "all"],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) => api.designs({ limit: 25, cursor: pageParam, owner }, signal),
    getNextPageParam: (last) => last.next ?? undefined,
  });
}

export function useDesign(id: number) {
  return useQuery({ queryKey: ["design", id], queryFn: ({ signal }) => api.design(id, signal) });
}
