// Machines and their calendars from the node's capacity read model (GET /api/capacity), and the
// planner's proposal for the open orders (GET /api/capacity/proposal).
import { useQuery } from "@tanstack/react-query";
import { getJson, type Hex } from "../../../lib/api.ts";

export type Machine = {
  id: number;
  owner: Hex;
  active: boolean;
  process: string;
  materials: string[];
  envelope: { x: number; y: number; z: number };
  /** Payment-token base units per machine hour. */
  hourlyRate: string;
  location: { latitude: number; longitude: number };
  slotSeconds: number;
  registeredAt: number;
};
export type Reservation = {
  id: number;
  orderId: number;
  agent: Hex;
  status: "Live" | "Released" | "Completed";
  fromSlot: number;
  toSlot: number;
  start: number;
  end: number;
};
export type Downtime = {
  id: number;
  reason: "Breakdown" | "Maintenance" | "Other";
  ended: boolean;
  fromSlot: number;
  toSlot: number;
  start: number;
  end: number;
};
export type MachineCalendar = { machine: Machine; reservations: Reservation[]; downtime: Downtime[] };
export type Capacity = { from: number; to: number; machines: MachineCalendar[] };

/** Live reservations and downtime of every active machine overlapping `[from, to)` (unix seconds). */
export function useCapacity(from: number, to: number) {
  return useQuery({
    queryKey: ["capacity", from, to],
    queryFn: ({ signal }) => getJson<Capacity>("/api/capacity", { from, to }, signal),
    refetchInterval: 10_000,
  });
}

/** A step the planner proposes for an open order (no reservation yet). */
export type ProposedStep = {
  orderId: number;
  step: number;
  process: string;
  machineId: number;
  start: number;
  end: number;
  explanation: string;
};
export type Proposal = {
  block: number;
  now: number;
  steps: ProposedStep[];
  unplanned: { orderId: number; reason: string }[];
  objective: { tardinessH: number; cost: number; makespanH: number; total: number } | null;
};

/** The planner's current proposal (the node recomputes it once per indexed block; 503 without a planner). */
export function useProposal(enabled: boolean) {
  return useQuery({
    queryKey: ["capacity-proposal"],
    queryFn: ({ signal }) => getJson<Proposal>("/api/capacity/proposal", undefined, signal),
    refetchInterval: 10_000,
    retry: false,
    enabled,
  });
}
