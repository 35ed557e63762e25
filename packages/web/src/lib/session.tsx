// Who the dashboard acts as, and the deployment it talks to. Demo accounts are offered only on a
// local chain (chain id 31337); real users sign with an injected wallet.
import { useQuery } from "@tanstack/react-query";
import { type ReactNode, useCallback, useMemo, useState } from "react";
import { api } from "./api.ts";
import { createReadClient, createSignerClient, isLocalChain, type Signer } from "./chain.ts";
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
  const local = cfg ? isLocalChain(cfg) : false;
  const [stored, setStored] = useState<Signer | undefined>(loadSigner);
  const setSigner = useCallback((s: Signer | undefined) => {
    setStored(s);
    try {
      if (s) window.sessionStorage.setItem(storageKey, JSON.stringify(s));
      else window.sessionStorage.removeItem(storageKey);
    } catch {}
  }, []);
  // A stored demo account is dropped as soon as the node turns out not to be on a local chain.
  const signer = stored?.kind === "demo" && cfg && !local ? undefined : stored;
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
      signer,
      setSigner,
      client,
      readClient: cfg ? createReadClient(cfg) : undefined,
    };
  }, [cfg, contracts.error, local, signer, setSigner]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export { type Session, useSession } from "./sessionContext.ts";
