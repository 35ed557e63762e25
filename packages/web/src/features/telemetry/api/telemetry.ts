// Machine telemetry from the node's IoT read model: registered devices (GET /api/devices) and their
// signature-verified readings (GET /api/devices/:manufacturer/:id/readings).
import { useQuery } from "@tanstack/react-query";
import { type Answer, allPages, api } from "../../../lib/api.ts";
import type { Machine } from "../../capacity/api/capacity.ts";

export type Device = Answer<"/api/devices">["items"][number];
export type TelemetryReading = Answer<"/api/devices/{manufacturer}/{id}/readings">["items"][number];

/** Devices registered to a machine of the capacity ledger (manufacturer = owner, machine = ledger id). */
export function useMachineDevices(machine: Pick<Machine, "id" | "owner"> | undefined) {
  return useQuery({
    queryKey: ["devices", machine?.owner.toLowerCase(), machine?.id],
    enabled: machine !== undefined,
    queryFn: ({ signal }) =>
      api
        .devices({ manufacturer: machine?.owner.toLowerCase(), machine: String(machine?.id), limit: 50 }, signal)
        .then((p) => p.items),
    refetchInterval: 10_000,
  });
}

/** Devices of one manufacturer (owner address). */
export function useOwnerDevices(owner: string | undefined) {
  return useQuery({
    queryKey: ["devices", owner?.toLowerCase()],
    enabled: owner !== undefined,
    queryFn: ({ signal }) =>
      allPages((cursor) => api.devices({ manufacturer: owner?.toLowerCase(), limit: 200, cursor }, signal)),
    refetchInterval: 10_000,
  });
}

/** A device's readings since `from` (ms), oldest first, refreshed every 5 s. */
export function useReadings(device: Pick<Device, "manufacturer" | "id"> | undefined, from: number) {
  return useQuery({
    queryKey: ["readings", device?.manufacturer, device?.id, from],
    enabled: device !== undefined,
    queryFn: ({ signal }) =>
      allPages(
        (cursor) =>
          api.readings(
            { manufacturer: device?.manufacturer ?? "", id: device?.id ?? "" },
            { from, order: "asc", limit: 1000, cursor },
            signal,
          ),
        20_000,
      ),
    refetchInterval: 5_000,
    placeholderData: (previous) => previous,
  });
}

/** Machines on the capacity ledger (all, inactive too). */
export function useMachines(owner?: string, enabled = true) {
  return useQuery({
    queryKey: ["machines", owner?.toLowerCase()],
    enabled,
    queryFn: ({ signal }) => api.machines({ includeInactive: true, owner }, signal).then((r) => r.items),
    refetchInterval: 30_000,
  });
}
