// Who the dashboard acts as, and the deployment it talks to. Demo accounts are offered only on a
// local chain (chain id 31337, as the node says and the chain itself answers) served by a node on
// loopback; real users sign with a browser wallet (wallet.ts, through wagmi). The demo accounts sign
// beside wagmi, with their key in this page, as before: they are no wallet a user connects.
import { useQuery } from "@tanstack/react-query";
import { type ReactNode, useCallback, useMemo, useState } from "react";
import { api } from "./api.ts";
import { createReadClient, createSignerClient, type DemoSigner, isLocalChain, type Signer } from "./chain.ts";
import { devKeys, localChainId } from "./devKeys.ts";
import type { DipnetClient } from "./sdk.ts";
import { type ActAs, type Session, SessionContext } from "./sessionContext.ts";
import { useBrowserWallets } from "./wallet.ts";

const storageKey = "dipnet.signer";

/** The demo account this tab acts as, if it chose one. */
function loadDemo(): DemoSigner | undefined {
  try {
    const raw = window.sessionStorage.getItem(storageKey);
    const stored = raw ? (JSON.parse(raw) as Partial<DemoSigner>) : undefined;
    return stored?.kind === "demo" ? (stored as DemoSigner) : undefined;
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
  const { wallets, connection, connectWallet, disconnectWallet, switchToNodeChain } = useBrowserWallets(cfg);
  const [demo, setDemo] = useState<DemoSigner | undefined>(loadDemo);
  const storeDemo = useCallback((d: DemoSigner | undefined) => {
    setDemo(d);
    try {
      if (d) window.sessionStorage.setItem(storageKey, JSON.stringify(d));
      else window.sessionStorage.removeItem(storageKey);
    } catch {}
  }, []);
  const actAs = useCallback<ActAs>(
    async (choice) => {
      if (choice?.kind === "wallet") {
        await connectWallet(choice.id);
        return storeDemo(undefined);
      }
      await disconnectWallet();
      const key = choice && devKeys.find((k) => k.name === choice.name);
      storeDemo(key && { kind: "demo", name: key.name, address: key.address });
    },
    [connectWallet, disconnectWallet, storeDemo],
  );
  // A stored demo account signs only once the checks above passed.
  const signer = useMemo<Signer | undefined>(
    () =>
      demo && local ? demo : connection && { kind: "wallet", wallet: connection.wallet, address: connection.address },
    [demo, local, connection],
  );
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
      actAs,
      wallets,
      walletChainId: connection?.chainId,
      switchWalletChain: switchToNodeChain,
      client,
      readClient,
    };
  }, [cfg, contracts.error, local, demoAccounts, signer, actAs, wallets, connection, switchToNodeChain, readClient]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export { type Session, useSession } from "./sessionContext.ts";
