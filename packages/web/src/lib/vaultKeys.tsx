// The acting account's vault keys in this tab: derived from the wallet's signature of the fixed
// EIP-712 message of each key version it registered (the wallet asks once per version), checked
// against the registered public key, and kept in memory only — a reload asks again.
import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from "react";
import {
  type DipnetClient,
  type DipnetReadClient,
  encryptionKeyHistory,
  encryptionKeyMessage,
  keyPairFromSignature,
  setEncryptionKey,
  type VaultKeyPair,
} from "./sdk.ts";
import { useSession } from "./session.tsx";

export type VaultKeys = {
  /** The unlocked key pairs of the acting account, oldest version first; empty while locked. */
  keys: readonly VaultKeyPair[];
  /** Asks the wallet for the signatures and derives every registered version; resolves with them. */
  unlock: () => Promise<readonly VaultKeyPair[]>;
  /** Derives the next key version and registers its public half on chain (set-up, or rotation). */
  register: () => Promise<readonly VaultKeyPair[]>;
};

const VaultKeysContext = createContext<VaultKeys | undefined>(undefined);

async function derive(client: DipnetClient, version: number): Promise<VaultKeyPair> {
  const signature = await client.walletClient.signTypedData({
    account: client.account,
    ...encryptionKeyMessage(version),
  });
  return keyPairFromSignature(signature, version);
}

/** Every registered version's key pair, each checked against the key on chain. */
async function deriveRegistered(client: DipnetClient, readClient: DipnetReadClient): Promise<VaultKeyPair[]> {
  const { keys: registered } = await encryptionKeyHistory(readClient, { account: client.account.address });
  if (registered.length === 0)
    throw new Error("this account has no encryption key yet: set one up first (Set up my key, or `dipnet key setup`)");
  const pairs: VaultKeyPair[] = [];
  for (const { version, publicKey } of registered) {
    const pair = await derive(client, version);
    if (pair.publicKey.toLowerCase() !== publicKey.toLowerCase())
      throw new Error(
        `this wallet derives another key than the one registered as version ${version}: was that key set up with another client?`,
      );
    pairs.push(pair);
  }
  return pairs;
}

export function VaultKeysProvider({ children }: { children: ReactNode }) {
  const { client, readClient } = useSession();
  const address = client?.account.address.toLowerCase();
  const [unlocked, setUnlocked] = useState<{ address: string; keys: readonly VaultKeyPair[] }>();
  const keys = useMemo(() => (unlocked && unlocked.address === address ? unlocked.keys : []), [unlocked, address]);

  const unlock = useCallback(async () => {
    if (!client || !readClient || !address) throw new Error("choose an account to act as first");
    if (unlocked?.address === address) return unlocked.keys;
    const pairs = await deriveRegistered(client, readClient);
    setUnlocked({ address, keys: pairs });
    return pairs;
  }, [client, readClient, address, unlocked]);

  const register = useCallback(async () => {
    if (!client || !readClient || !address) throw new Error("choose an account to act as first");
    const { keys: registered } = await encryptionKeyHistory(readClient, { account: client.account.address });
    const pair = await derive(client, registered.length + 1);
    await setEncryptionKey(client, { publicKey: pair.publicKey });
    const pairs = await deriveRegistered(client, readClient);
    setUnlocked({ address, keys: pairs });
    return pairs;
  }, [client, readClient, address]);

  const value = useMemo(() => ({ keys, unlock, register }), [keys, unlock, register]);
  return <VaultKeysContext.Provider value={value}>{children}</VaultKeysContext.Provider>;
}

export function useVaultKeys(): VaultKeys {
  const v = useContext(VaultKeysContext);
  if (!v) throw new Error("useVaultKeys outside VaultKeysProvider");
  return v;
}
