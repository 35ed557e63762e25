// Who the dashboard acts as, and the deployment it talks to. Demo accounts are offered only on a
// local chain (chain id 31337, as the node says and the chain itself answers) served by a node on
// loopback; real users sign with an injected wallet.
import { useQuery } from "@tanstack/react-query";
import { type ReactNode, useCallback, useMemo, useState } from "react";
import { api } from "./api.ts";
import { createReadClient, createSignerClient, isLocalChain, type Signer } from "./chain.ts";
import { localChainId } from "./devKeys.ts";
import type { DipnetClient } from "./sdk.ts";
import { type Session, SessionContext } from "./sessionContext.ts";

const storageKey = "dipnet.signer";

function loadSigner(): Signer | undefined {
  try {
    const raw = window.sessionStorage.getItem(storageKey);
    return raw ? (JSON.parse(raw) as Signer) : undefined;
  } catch {
    return undefined;
  }
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const contracts = useQuery({
    queryKey: ["contracts"],
    queryFn: ({ signal }) => api.contracts(signal),
    staleTime: Infinity,
  });
  const cfg = contracts.data;
  const readClient = useMemo(() => (cfg ? createReadClient(cfg) : undefined), [cfg]);
  const localClaimed = cfg ? isLocalChain(cfg) : false;
  const dashboard = useQuery({
    queryKey: ["dashboard"],
    queryFn: ({ signal }) => api.dashboard(signal),
    enabled: localClaimed,
    staleTime: Infinity,
  });
  // The node's word is not enough: the chain the page talks to must say 31337 itself.
  const rpcChainId = useQuery({
    queryKey: ["rpcChainId", cfg?.chainId],
    queryFn: () => (readClient as NonNullable<typeof readClient>).publicClient.getChainId(),
    enabled: localClaimed && dashboard.data?.demoAccounts === true && readClient !== undefined,
    staleTime: Infinity,
  });
  const demoAccounts: Session["demoAccounts"] = !cfg
    ? "checking"
    : !localClaimed || dashboard.isError || dashboard.data?.demoAccounts === false || rpcChainId.isError
      ? "off"
      : rpcChainId.data === undefined
        ? "checking"
        : rpcChainId.data === localChainId
          ? "on"
          : "off";
  const local = demoAccounts === "on";
  const [stored, setStored] = useState<Signer | undefined>(loadSigner);
  const setSigner = useCallback((s: Signer | undefined) => {
    setStored(s);
    try {
      if (s) window.sessionStorage.setItem(storageKey, JSON.stringify(s));
      else window.sessionStorage.removeItem(storageKey);
    } catch {}
  }, []);
  // A stored demo account signs only once the checks above passed.
  const signer = stored?.kind === "demo" && !local ? undefined : stored;
  const value = useMemo<Session>(() => {
    let client: DipnetClient | undefined;
    if (cfg && signer) {
      try {
        client = createSignerClient(cfg, signer);
      } catch {
        client = undefined;
      }
    }
    return {
      cfg,
      cfgError: contracts.error,
      local,
      demoAccounts,
      signer,
      setSigner,
      client,
      readClient,
    };
  }, [cfg, contracts.error, local, demoAccounts, signer, setSigner, readClient]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export { type Session, useSession } from "./sessionContext.ts";
