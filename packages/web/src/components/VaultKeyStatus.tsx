// The acting account's encryption key: whether it has registered one, and the button that sets it
// up (derived from a wallet signature, its public half registered on chain) when it has not.
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { describeError } from "../lib/hooks.ts";
import { encryptionKeyHistory } from "../lib/sdk.ts";
import { useSession } from "../lib/session.tsx";
import { useVaultKeys } from "../lib/vaultKeys.tsx";
import { FailureLine } from "./ui.tsx";

export function VaultKeyStatus() {
  const { client, readClient } = useSession();
  const { keys, register } = useVaultKeys();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>();
  const address = client?.account.address;
  const history = useQuery({
    queryKey: ["encryptionKeys", address?.toLowerCase()],
    queryFn: () => encryptionKeyHistory(readClient as NonNullable<typeof readClient>, { account: address as never }),
    enabled: Boolean(address && readClient),
  });
  if (!address || !history.data) return null;
  const registered = history.data.keys.length;
  const setUp = async () => {
    setPending(true);
    setError(undefined);
    try {
      await register();
      await history.refetch();
    } catch (e) {
      setError(describeError(e));
    } finally {
      setPending(false);
    }
  };
  return (
    <div className="key-status" data-testid="vault-key-status">
      {registered === 0 ? (
        <>
          <span>You have no encryption key yet: files are encrypted to it, so set it up first.</span>
          <button type="button" className="btn btn-small btn-primary" onClick={() => void setUp()} disabled={pending}>
            {pending ? "Setting up…" : "Set up my encryption key"}
          </button>
        </>
      ) : (
        <span className="muted small">
          Encryption key version {registered} registered · {keys.length > 0 ? "unlocked in this tab" : "locked"}
        </span>
      )}
      <FailureLine error={error} />
    </div>
  );
}
