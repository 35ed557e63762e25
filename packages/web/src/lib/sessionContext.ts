// The session's shape and context (no JSX, so plain .ts modules can use it); the provider is in session.tsx.
import { createContext, useContext } from "react";
import type { Contracts } from "./api.ts";
import type { BrowserWallet, Signer } from "./chain.ts";
import type { DipnetClient, DipnetReadClient } from "./sdk.ts";

/** Acts as a demo account (by name), through a browser wallet (by id: connects it), or as nobody. */
export type ActAs = (
  choice: { kind: "demo"; name: string } | { kind: "wallet"; id: string } | undefined,
) => Promise<void>;

export type Session = {
  cfg: Contracts | undefined;
  /** Why the deployment could not be loaded, if it could not. */
  cfgError: Error | null;
  /** Demo accounts are offered: see `demoAccounts`. */
  local: boolean;
  /**
   * Whether the demo accounts may be offered: `on` only when the deployment's chain id is 31337,
   * the node says it listens on loopback alone, and the chain itself answers eth_chainId 31337
   * through the RPC this page uses; `checking` until all three are known.
   */
  demoAccounts: "checking" | "on" | "off";
  signer: Signer | undefined;
  actAs: ActAs;
  /** The browser's wallets: announced ones (EIP-6963) and a plain window.ethereum. */
  wallets: readonly BrowserWallet[];
  /** The chain the connected wallet is on now, if one is connected. */
  walletChainId: number | undefined;
  /** Asks the connected wallet to switch to the deployment's chain. */
  switchWalletChain: () => Promise<void>;
  /** Signs as `signer`; undefined when nobody is selected. */
  client: DipnetClient | undefined;
  readClient: DipnetReadClient | undefined;
};

export const SessionContext = createContext<Session | undefined>(undefined);
export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error("useSession outside SessionProvider");
  return s;
}
