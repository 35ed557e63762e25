// Machines and their calendars from the node's capacity read model (GET /api/capacity), and the
// planner's proposal for the open orders (GET /api/capacity/proposal).
import { useQuery } from "@tanstack/react-query";
import { type Answer, api } from "../../../lib/api.ts";

/** A machine with its live reservations and downtime in the window asked for. */
export type MachineCalendar = Answer<"/api/capacity">["machines"][number];
export type Machine = MachineCalendar["machine"];

/** Live reservations and downtime of every active machine overlapping `[from, to)` (unix seconds). */
export function useCapacity(from: number, to: number) {
  return useQuery({
    queryKey: ["capacity", from, to],
    queryFn: ({ signal }) => api.capacity({ from, to }, signal),
    refetchInterval: 10_000,
  });
}

/** A step the planner proposes for an open order (no reservation yet). */
export type ProposedStep = Answer<"/api/capacity/proposal">["steps"][number];

/** The planner's current proposal (the node recomputes it once per indexed block; 503 without a planner). */
export function useProposal(enabled: boolean) {
  return useQuery({
    queryKey: ["capacity-proposal"],
    queryFn: ({ signal }) => api.capacityProposal(signal),
    refetchInterval: 10_000,
    retry: false,
    enabled,
  });
}
