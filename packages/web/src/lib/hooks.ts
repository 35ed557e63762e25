// Shared data hooks: token metadata, chain time, the participant directory, roles, and the one
// way every chain action runs (pending → confirmed → indexed, or a decoded error).
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState } from "react";
import type { Address } from "viem";
import { allPages, api, type Participant } from "./api.ts";
import { devNameOf } from "./devKeys.ts";
import type { TokenMeta } from "./format.ts";
import { type ResolvedProfile, resolveProfile } from "./profile.ts";
import {
  type DipnetClient,
  type DipnetReadClient,
  getTokenInfo,
  orderMarketAbi,
  participantRegistryAbi,
  type WriteResult,
} from "./sdk.ts";
import { useSession } from "./sessionContext.ts";

/**
 * A query that reads the chain (through the node's RPC gateway): it waits for the read client and,
 * with `enabled`, for whatever else it needs.
 */
export function useChainRead<T>(
  queryKey: readonly unknown[],
  read: (client: DipnetReadClient) => Promise<T>,
  options: { enabled?: boolean; staleTime?: number; retry?: number; refetchInterval?: number } = {},
) {
  const { readClient } = useSession();
  const { enabled = true, ...rest } = options;
  return useQuery({
    queryKey,
    enabled: readClient !== undefined && enabled,
    ...rest,
    queryFn: () => read(readClient as DipnetReadClient),
  });
}

/** Symbol and decimals of `token`, read from the chain. */
export function useTokenMeta(token: string | null | undefined): TokenMeta | undefined {
  const q = useChainRead(["token", token?.toLowerCase()], (rc) => getTokenInfo(rc, token as Address), {
    enabled: Boolean(token),
    staleTime: Infinity,
    retry: 1,
  });
  // Unreadable metadata (no RPC, not an ERC-20): show base units rather than nothing.
  return q.data ?? (q.isError ? rawUnits : undefined);
}

const rawUnits: TokenMeta = { symbol: "base units", decimals: 0 };

/** The token stake and bonds are posted in. */
export function useStakeToken(): TokenMeta | undefined {
  const { cfg } = useSession();
  const registry = cfg?.contracts.participantRegistry as Address;
  const q = useChainRead(
    ["stakeToken", registry],
    (rc) =>
      rc.publicClient.readContract({ address: registry, abi: participantRegistryAbi, functionName: "stakeToken" }),
    { staleTime: Infinity, retry: 1 },
  );
  return useTokenMeta(q.data);
}

/** The market's current parameters that forms validate against. */
export function useMarketParams() {
  const { cfg } = useSession();
  const market = cfg?.contracts.orderMarket as Address;
  return useChainRead(
    ["marketParams", market],
    (rc) => rc.publicClient.readContract({ address: market, abi: orderMarketAbi, functionName: "parameters" }),
    { staleTime: 60_000, retry: 1 },
  );
}

/** Chain time in unix seconds (latest block, advanced by the wall clock since it was read). */
export function useChainNow(): number {
  const q = useChainRead(
    ["chainNow"],
    async (rc) => {
      const block = await rc.publicClient.getBlock();
      return { chain: Number(block.timestamp), wall: Date.now() / 1000 };
    },
    { refetchInterval: 15_000, retry: 0 },
  );
  const wall = Date.now() / 1000;
  return q.data ? Math.floor(q.data.chain + (wall - q.data.wall)) : Math.floor(wall);
}

/** Whether `address` is an arbiter admitted by governance. */
export function useIsArbiter(address: string | undefined): boolean {
  const { cfg } = useSession();
  const market = cfg?.contracts.orderMarket as Address;
  const q = useChainRead(
    ["isArbiter", address?.toLowerCase()],
    (rc) =>
      rc.publicClient.readContract({
        address: market,
        abi: orderMarketAbi,
        functionName: "isArbiter",
        args: [address as Address],
      }),
    { enabled: Boolean(address), staleTime: 30_000, retry: 0 },
  );
  return q.data === true;
}

/** The network's figures, aggregated by the node (`GET /api/stats`). */
export function useStats() {
  return useQuery({ queryKey: ["stats"], queryFn: ({ signal }) => api.stats(signal) });
}

/** One directory entry: a participant with its profile, by lower-case address. */
export type DirectoryEntry = { participant: Participant; resolved: ResolvedProfile | undefined };

/** Every registered participant, by lower-case address. */
export function useDirectory() {
  const q = useQuery({
    queryKey: ["participants", "all"],
    staleTime: 10_000,
    queryFn: ({ signal }) =>
      allPages((cursor) => api.participants({ limit: 200, ...(cursor ? { cursor } : {}) }, signal), 1000),
  });
  const map = useMemo(() => {
    const m = new Map<string, DirectoryEntry>();
    for (const p of q.data ?? []) m.set(p.address.toLowerCase(), { participant: p, resolved: resolveProfile(p) });
    return m;
  }, [q.data]);
  return { ...q, map };
}

/** A person-friendly name for `address`: its profile name, else its dev account name. */
export function useNameOf(): (address: string | null | undefined) => string | undefined {
  const { map } = useDirectory();
  const { local } = useSession();
  return useCallback(
    (address) => {
      if (!address) return undefined;
      const name = map.get(address.toLowerCase())?.resolved?.profile.name;
      if (name) return name;
      return local ? devNameOf(address) : undefined;
    },
    [map, local],
  );
}

/** A failure phrased for people, and the contract's error name when it was a decoded revert. */
export type ActionError = { message: string; errorName: string | undefined; field?: string | undefined };

/** Turns whatever an action threw into words, keeping the decoded custom error's name apart. */
export function describeError(error: unknown): ActionError {
  const e = error as { shortMessage?: string; message?: string; errorName?: string; field?: string; name?: string };
  let message = e.shortMessage ?? e.message ?? String(error);
  const errorName = e.errorName;
  if (errorName) message = message.replace(new RegExp(`\\s*\\(${errorName}\\)$`), "");
  if (e.name === "UserRejectedRequestError" || /user rejected|denied/i.test(message)) {
    message = "you declined the request in your wallet";
  }
  return { message, errorName, field: e.field };
}

async function waitForIndex(blockNumber: bigint, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      const { indexedBlock } = await api.health();
      if (indexedBlock !== null && BigInt(indexedBlock) >= blockNumber) return;
    } catch {}
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

export type ActionState<R> =
  | { status: "idle" }
  | { status: "pending"; step: string }
  | { status: "success"; result: R; hash: string | undefined; message: string }
  | { status: "error"; error: ActionError };

/** What a finished action says: its words of success and its transaction. */
export type ActionOutcome = { message: string; hash: string | undefined };

/**
 * Receives the success of an action whose control went away with the change it made ("Approve and
 * release payment" once the milestone is paid), so the page can still say that it worked.
 */
export const OrphanedOutcomeContext = createContext<((outcome: ActionOutcome) => void) | undefined>(undefined);

/**
 * Runs one chain action as the current signer: sends it, waits for the receipt and for the node
 * to index its block, then refreshes every query. Errors come back decoded, for the control that
 * caused them.
 * @example const a = useChainAction((c) => bid(c, { orderId, price, leadTime }), "Bid placed"); a.run();
 */
export function useChainAction<A extends unknown[], R extends Partial<WriteResult> | undefined>(
  action: (client: DipnetClient, ...args: A) => Promise<R>,
  success: string,
) {
  const { client } = useSession();
  const queryClient = useQueryClient();
  const [state, setState] = useState<ActionState<R>>({ status: "idle" });
  const busy = useRef(false);
  // An action's control may go away with the change it made, even before the action has finished
  // (live updates refresh the page as soon as the node indexes the block): its outcome is then handed
  // to whoever listens for orphaned ones.
  const orphan = useRef({
    mounted: true,
    outcome: undefined as ActionOutcome | undefined,
    report: undefined as ((o: ActionOutcome) => void) | undefined,
  });
  orphan.current.report = useContext(OrphanedOutcomeContext);
  useEffect(() => {
    const o = orphan.current;
    o.mounted = true;
    return () => {
      o.mounted = false;
      if (o.outcome) o.report?.(o.outcome);
    };
  }, []);
  const run = useCallback(
    async (...args: A): Promise<R | undefined> => {
      if (busy.current) return undefined;
      orphan.current.outcome = undefined;
      if (!client) {
        setState({
          status: "error",
          error: { message: 'choose who to act as first ("Act as" in the header)', errorName: undefined },
        });
        return undefined;
      }
      busy.current = true;
      setState({ status: "pending", step: "Sending…" });
      try {
        const result = await action(client, ...args);
        const outcome = { message: success, hash: result?.hash };
        if (orphan.current.mounted) orphan.current.outcome = outcome;
        else orphan.current.report?.(outcome);
        setState({ status: "pending", step: "Confirmed, updating…" });
        if (result?.blockNumber !== undefined) await waitForIndex(result.blockNumber);
        await queryClient.invalidateQueries({ predicate: (q) => q.queryKey[0] !== "contracts" });
        setState({ status: "success", result, hash: result?.hash, message: success });
        return result;
      } catch (error) {
        // A rejection often means the page's view is behind the chain (e.g. a window closed in
        // chain time): read the chain clock again before saying why, so both agree.
        await queryClient.refetchQueries({ queryKey: ["chainNow"] }).catch(() => undefined);
        setState({ status: "error", error: describeError(error) });
        return undefined;
      } finally {
        busy.current = false;
      }
    },
    [client, action, success, queryClient],
  );
  const reset = useCallback(() => {
    orphan.current.outcome = undefined;
    setState({ status: "idle" });
  }, []);
  return { state, run, reset, pending: state.status === "pending" };
}
