// Live updates: one EventSource on the node's /api/events. Every indexed event lands in the
// activity feed and refreshes the queries that may show it.
import { useQueryClient } from "@tanstack/react-query";
import { createContext, type ReactNode, useContext, useEffect, useRef, useState } from "react";
import { dipnetGovernorAbi, dipnetTimelockAbi, dipTokenAbi, orderMarketAbi, participantRegistryAbi } from "./sdk.ts";

/** One indexed domain event as the node streams it. */
export type LiveEvent = {
  name: string;
  contract: string;
  orderId: number | null;
  blockNumber: number;
  logIndex: number;
  time: number;
  txHash: string;
  args: Record<string, unknown>;
};

type Live = { connected: boolean; events: LiveEvent[] };

const LiveContext = createContext<Live>({ connected: false, events: [] });

const eventNames = [
  ...new Set(
    [...orderMarketAbi, ...participantRegistryAbi, ...dipnetGovernorAbi, ...dipnetTimelockAbi, ...dipTokenAbi].flatMap(
      (item) => (item.type === "event" ? [item.name] : []),
    ),
  ),
];

/** Queries that never change while the page is open. */
const staticKeys = new Set(["contracts", "token", "stakeToken", "marketParams"]);

export function LiveProvider({ children, max = 60 }: { children: ReactNode; max?: number }) {
  const queryClient = useQueryClient();
  const [state, setState] = useState<Live>({ connected: false, events: [] });
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => {
    if (typeof EventSource === "undefined") return;
    const source = new EventSource("/api/events");
    const refresh = () => {
      clearTimeout(timer.current);
      timer.current = setTimeout(() => {
        void queryClient.invalidateQueries({ predicate: (q) => !staticKeys.has(String(q.queryKey[0])) });
      }, 200);
    };
    const onEvent = (message: MessageEvent<string>) => {
      let event: LiveEvent;
      try {
        event = JSON.parse(message.data) as LiveEvent;
      } catch {
        return;
      }
      setState((s) => ({ connected: true, events: [event, ...s.events].slice(0, max) }));
      refresh();
    };
    for (const name of eventNames) source.addEventListener(name, onEvent);
    source.addEventListener("reorg", refresh);
    source.onopen = () => setState((s) => ({ ...s, connected: true }));
    source.onerror = () => setState((s) => ({ ...s, connected: false }));
    return () => {
      clearTimeout(timer.current);
      source.close();
    };
  }, [queryClient, max]);

  return <LiveContext.Provider value={state}>{children}</LiveContext.Provider>;
}

export function useLive(): Live {
  return useContext(LiveContext);
}
