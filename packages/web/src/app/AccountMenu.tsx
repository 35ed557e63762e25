// Choosing who to act as: a browser wallet, or (local chain only) one of the demo accounts.
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "wouter";
import { AddressLink } from "../components/ui.tsx";
import { SignInControl } from "../features/auth/components/SignInControl.tsx";
import { connectWallet, ensureWalletChain, injectedProvider } from "../lib/chain.ts";
import { devKeys } from "../lib/devKeys.ts";
import { describeError, useDirectory } from "../lib/hooks.ts";
import { orderMarketAbi } from "../lib/sdk.ts";
import { useSession } from "../lib/session.tsx";

/**
 * Says how to get a signer for an action: choose one under "Act as", or — with no wallet in the
 * browser and no demo accounts (a chain other than the local one) — install a wallet first.
 */
export function SignerHint({ to }: { to: string }) {
  const { local } = useSession();
  return (
    <span className="muted" data-testid="signer-hint">
      {local || injectedProvider()
        ? `Choose who to act as ("Act as" in the header) to ${to}.`
        : `Install a browser wallet (e.g. MetaMask), then choose it under "Act as" in the header to ${to}.`}
    </span>
  );
}

/** Role words for the demo accounts: registry roles plus arbiter (admitted by governance). */
function useDemoRoles(): Map<string, string> {
  const { cfg, readClient, local } = useSession();
  const { map } = useDirectory();
  const arbiters = useQuery({
    queryKey: ["demoArbiters", cfg?.contracts.orderMarket],
    enabled: Boolean(local && readClient),
    staleTime: 60_000,
    retry: 0,
    queryFn: () =>
      Promise.all(
        devKeys.map((k) =>
          (readClient as NonNullable<typeof readClient>).publicClient.readContract({
            address: cfg?.contracts.orderMarket as `0x${string}`,
            abi: orderMarketAbi,
            functionName: "isArbiter",
            args: [k.address],
          }),
        ),
      ),
  });
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
  const { cfg, local, demoAccounts, signer, setSigner } = useSession();
  const demoRoles = useDemoRoles();
  const [error, setError] = useState<string | undefined>();
  const hasWallet = Boolean(injectedProvider());
  const value = signer ? (signer.kind === "demo" ? `demo:${signer.name}` : "wallet") : "";

  const onChange = async (next: string) => {
    setError(undefined);
    if (next === "") return setSigner(undefined);
    if (next.startsWith("demo:")) {
      const key = devKeys.find((k) => k.name === next.slice(5));
      if (key) setSigner({ kind: "demo", name: key.name, address: key.address });
      return;
    }
    try {
      const address = await connectWallet();
      if (cfg) await ensureWalletChain(cfg);
      setSigner({ kind: "wallet", address });
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
        <option value="wallet" disabled={!hasWallet}>
          {hasWallet ? "Browser wallet (MetaMask…)" : "Browser wallet — none found"}
        </option>
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
            Acting as <AddressLink address={signer.address} /> through your browser wallet; it asks you to confirm each
            transaction.
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
