// Browser wallets through wagmi: the injected provider (window.ethereum) and every wallet that
// announces itself (EIP-6963 multi-injected-provider discovery), connected on the node's chain.
// wagmi keeps which wallet this tab connected (in sessionStorage, so a reload reconnects it) and
// follows the wallet's account and chain; the session reads its store through wagmi's actions.
import { useCallback, useEffect, useMemo, useState } from "react";
import type { Address, EIP1193Provider } from "viem";
import { type Config, createConfig, createStorage, http, injected } from "wagmi";
import {
  connect,
  disconnect,
  getConnection,
  getConnectors,
  reconnect,
  switchChain,
  watchConnection,
  watchConnectors,
} from "wagmi/actions";
import type { Contracts } from "./api.ts";
import { type BrowserWallet, chainOf, rpcUrl } from "./chain.ts";

/** The wallet this tab acts through: its selected account and the chain it is on now. */
export type WalletConnection = { wallet: BrowserWallet; address: Address; chainId: number };

/** The id of the connector for a plain window.ethereum that does not announce itself. */
export const plainInjectedId = "injected";

function createWalletConfig(cfg: Contracts): Config {
  const chain = chainOf(cfg);
  return createConfig({
    chains: [chain],
    // Without the disconnect shim window.ethereum is asked for accounts (eth_requestAccounts)
    // without a permissions prompt first; it reconnects only while wagmi's `injected.connected`
    // mark is set, which disconnecting clears. Announced wallets get wagmi's defaults.
    connectors: [injected({ shimDisconnect: false })],
    multiInjectedProviderDiscovery: true,
    storage: createStorage({ storage: window.sessionStorage, key: "dipnet.wallet" }),
    transports: { [chain.id]: http(rpcUrl()) },
  });
}

/** The wallets present, announced ones first; window.ethereum only when no announced wallet is it. */
async function walletsOf(config: Config): Promise<BrowserWallet[]> {
  const found = await Promise.all(
    getConnectors(config).map(async (c) => ({ c, provider: (await c.getProvider()) as EIP1193Provider | undefined })),
  );
  const wallets: BrowserWallet[] = [];
  for (const { c, provider } of [...found.filter((f) => f.c.id !== plainInjectedId), ...found]) {
    if (provider && !wallets.some((w) => w.provider === provider)) wallets.push({ id: c.id, name: c.name, provider });
  }
  return wallets;
}

type WalletState = { wallets: BrowserWallet[]; connection: WalletConnection | undefined };

/**
 * The browser's wallets for the deployment `cfg` (none until it is known), the one connected, and
 * how to connect one (switching it to the node's chain), disconnect it, or switch its chain back.
 */
export function useBrowserWallets(cfg: Contracts | undefined) {
  const config = useMemo(() => (cfg ? createWalletConfig(cfg) : undefined), [cfg]);
  const [state, setState] = useState<WalletState>({ wallets: [], connection: undefined });
  useEffect(() => {
    if (!config) return;
    let current = true;
    const read = async () => {
      const wallets = await walletsOf(config);
      const c = getConnection(config);
      const wallet = wallets.find((w) => w.id === c.connector?.id);
      if (!current) return;
      setState({
        wallets,
        connection: c.status === "connected" && wallet ? { wallet, address: c.address, chainId: c.chainId } : undefined,
      });
    };
    const stops = [
      watchConnectors(config, { onChange: () => void read() }),
      watchConnection(config, { onChange: () => void read() }),
    ];
    void read();
    void reconnect(config);
    return () => {
      current = false;
      for (const stop of stops) stop();
    };
  }, [config]);

  const connectWallet = useCallback(
    async (id: string) => {
      if (!config || !cfg) throw new Error("the node's deployment is not loaded yet");
      const connector = getConnectors(config).find((c) => c.id === id);
      if (!connector) throw new Error("that wallet is no longer in the browser");
      const now = getConnection(config);
      if (now.connector?.id === id) return;
      if (now.connector) await disconnect(config);
      await connect(config, { connector, chainId: cfg.chainId });
    },
    [config, cfg],
  );
  const disconnectWallet = useCallback(async () => {
    if (config && getConnection(config).connector) await disconnect(config);
  }, [config]);
  const switchToNodeChain = useCallback(async () => {
    if (config && cfg) await switchChain(config, { chainId: cfg.chainId });
  }, [config, cfg]);

  return { ...state, connectWallet, disconnectWallet, switchToNodeChain };
}
