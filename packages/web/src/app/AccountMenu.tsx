// Choosing who to act as: one of the browser's wallets, or (local chain only) one of the demo accounts.
import { useState } from "react";
import { Link } from "wouter";
import { AddressLink } from "../components/ui.tsx";
import { SignInControl } from "../features/auth/components/SignInControl.tsx";
import { devKeys } from "../lib/devKeys.ts";
import { describeError, useChainRead, useDirectory } from "../lib/hooks.ts";
import { orderMarketAbi } from "../lib/sdk.ts";
import { useSession } from "../lib/session.tsx";
import { plainInjectedId } from "../lib/wallet.ts";

/**
 * Says how to get a signer for an action: choose one under "Act as", or — with no wallet in the
 * browser and no demo accounts (a chain other than the local one) — install a wallet first.
 */
export function SignerHint({ to }: { to: string }) {
  const { local, wallets } = useSession();
  return (
    <span className="muted" data-testid="signer-hint">
      {local || wallets.length > 0
        ? `Choose who to act as ("Act as" in the header) to ${to}.`
        : `Install a browser wallet (e.g. MetaMask), then choose it under "Act as" in the header to ${to}.`}
    </span>
  );
}

/** Role words for the demo accounts: registry roles plus arbiter (admitted by governance). */
function useDemoRoles(): Map<string, string> {
  const { cfg, local } = useSession();
  const { map } = useDirectory();
  const market = cfg?.contracts.orderMarket as `0x${string}`;
  const arbiters = useChainRead(
    ["demoArbiters", market],
    (rc) =>
      Promise.all(
        devKeys.map((k) =>
          rc.publicClient.readContract({
            address: market,
            abi: orderMarketAbi,
            functionName: "isArbiter",
            args: [k.address],
          }),
        ),
      ),
    { enabled: local, staleTime: 60_000, retry: 0 },
  );
  const out = new Map<string, string>();
  devKeys.forEach((k, i) => {
    const roles: string[] = [...(map.get(k.address.toLowerCase())?.participant.roles ?? [])];
    if (arbiters.data?.[i]) roles.push("arbiter");
    if (k.name === "deployer") roles.push("governance");
    out.set(k.name, roles.length ? roles.join(", ") : "not registered");
  });
  return out;
}

export function AccountMenu() {
  const { local, demoAccounts, signer, actAs, wallets } = useSession();
  const demoRoles = useDemoRoles();
  const [error, setError] = useState<string | undefined>();
  const value = signer ? (signer.kind === "demo" ? `demo:${signer.name}` : `wallet:${signer.wallet.id}`) : "";

  const onChange = async (next: string) => {
    setError(undefined);
    try {
      if (next.startsWith("demo:")) await actAs({ kind: "demo", name: next.slice("demo:".length) });
      else if (next.startsWith("wallet:")) await actAs({ kind: "wallet", id: next.slice("wallet:".length) });
      else await actAs(undefined);
    } catch (e) {
      setError(describeError(e).message);
    }
  };

  return (
    <div className="account">
      <label htmlFor="signer" className="account-label">
        Act as
      </label>
      <select
        id="signer"
        data-testid="signer-select"
        data-demo-accounts={demoAccounts}
        value={value}
        onChange={(e) => void onChange(e.target.value)}
        className="account-select"
      >
        <option value="">Viewer (read only)</option>
        {wallets.length === 0 ? (
          <option value="wallet" disabled>
            Browser wallet — none found
          </option>
        ) : (
          wallets.map((w) => (
            <option key={w.id} value={`wallet:${w.id}`}>
              {w.id === plainInjectedId ? "Browser wallet (MetaMask…)" : w.name}
            </option>
          ))
        )}
        {local && (
          <optgroup label="Demo accounts · local chain only">
            {devKeys.map((k) => (
              <option key={k.name} value={`demo:${k.name}`}>
                {k.name} — {demoRoles.get(k.name)}
              </option>
            ))}
          </optgroup>
        )}
      </select>
      {error && (
        <div className="account-error" role="alert">
          {error}
        </div>
      )}
    </div>
  );
}

/** Says so when the wallet moved to another chain than the node's, and offers to switch it back. */
function WalletChainWarning() {
  const { cfg, walletChainId, switchWalletChain } = useSession();
  const [error, setError] = useState<string | undefined>();
  if (!cfg || walletChainId === undefined || walletChainId === cfg.chainId) return null;
  const switchBack = () => {
    setError(undefined);
    switchWalletChain().catch((e: unknown) => setError(describeError(e).message));
  };
  return (
    <span className="warn-text" role="alert" data-testid="wallet-chain-warning">
      {" "}
      Your wallet is on chain {walletChainId}, not this network's chain {cfg.chainId}: it would send transactions there.{" "}
      <button type="button" className="btn btn-small" onClick={switchBack} data-testid="wallet-switch-chain">
        Switch to chain {cfg.chainId}
      </button>
      {error && ` ${error}`}
    </span>
  );
}

export function SignerBanner() {
  const { signer } = useSession();
  if (!signer) return null;
  return (
    <div className={`signer-banner ${signer.kind === "demo" ? "signer-demo" : ""}`} data-testid="signer-banner">
      <div className="signer-inner">
        {signer.kind === "demo" ? (
          <span>
            <strong>Demo account · local chain only.</strong> Acting as <AddressLink address={signer.address} />. Its
            key is one of anvil's public test keys and signs in this browser — a convenience of local networks, never
            offered on a real chain.
          </span>
        ) : (
          <span>
            Acting as <AddressLink address={signer.address} /> through your browser wallet
            {signer.wallet.id === plainInjectedId ? "" : ` (${signer.wallet.name})`}; it asks you to confirm each
            transaction.
            <WalletChainWarning />
          </span>
        )}
        <Link href={`/participants/${signer.address}`} className="signer-link">
          My profile &amp; balances →
        </Link>
        <SignInControl />
      </div>
    </div>
  );
}
