// The order thread's end-to-end encryption in the dashboard: the acting account's X25519 key is
// derived from its signature of a fixed EIP-712 message (SDK `encryptionKeyMessage`), asked once per
// page session and kept in memory only (React Query's cache, never persisted); messages are sealed
// to the readers' keys read from the chain and opened here. The node sees ciphertext only.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { Address } from "viem";
import { api } from "../../../lib/api.ts";
import {
  encryptionKeyMessage,
  keyPairFromSignature,
  type MessageRecipient,
  openMessage,
  sealMessage,
  setEncryptionKey,
  threadRecipients,
  type VaultKeyPair,
} from "../../../lib/sdk.ts";
import { useSession } from "../../../lib/session.tsx";

const keyQuery = (address: string | undefined) => ["threadKey", address?.toLowerCase()] as const;
const recipientsQuery = (accounts: readonly string[]) => ["threadRecipients", ...accounts] as const;

/** The acting account's derived key, once unlocked in this page session; undefined before. */
export function useThreadKey(): VaultKeyPair | undefined {
  const { signer } = useSession();
  return (
    useQuery<VaultKeyPair | null>({
      queryKey: keyQuery(signer?.address),
      queryFn: () => null,
      enabled: false,
      staleTime: Number.POSITIVE_INFINITY,
      gcTime: Number.POSITIVE_INFINITY,
    }).data ?? undefined
  );
}

/** Asks the acting account to sign for its key of `version` and keeps the key pair in memory. */
export function useUnlockThread() {
  const { client } = useSession();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (version: number) => {
      if (!client) throw new Error("choose an account to act as first");
      const signature = await client.walletClient.signTypedData({
        account: client.account,
        ...encryptionKeyMessage(version),
      });
      return keyPairFromSignature(signature, version);
    },
    onSuccess: (key) => queryClient.setQueryData(keyQuery(client?.account.address), key),
  });
}

/** The current registered keys (and versions) of `accounts`, read from the chain. */
export function useReaderKeys(accounts: readonly string[] | undefined) {
  const { readClient } = useSession();
  return useQuery({
    queryKey: recipientsQuery(accounts ?? []),
    queryFn: () => {
      if (!readClient) throw new Error("the chain is not reachable yet");
      return threadRecipients(readClient, { accounts: (accounts ?? []) as Address[] });
    },
    enabled: !!readClient && !!accounts,
    staleTime: 30_000,
  });
}

/** Registers the acting account's key v1 (a profile update): for an account that has none yet. */
export function useSetUpKey() {
  const { client } = useSession();
  const unlock = useUnlockThread();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async () => {
      if (!client) throw new Error("choose an account to act as first");
      const key = await unlock.mutateAsync(1);
      await setEncryptionKey(client, { publicKey: key.publicKey });
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["threadRecipients"] }),
  });
}

/** What a message says, or why it cannot be read with the key unlocked. */
export type OpenedMessage = { text: string } | { unreadable: string };

/** Opens each sealed message with `key`; a message that will not open is reported, not thrown. */
export function useOpenedMessages(
  orderId: number,
  items: readonly {
    id: string;
    author: string;
    ciphertext: string;
    recipients: { account: string; keyVersion: number }[];
  }[],
  key: VaultKeyPair | undefined,
) {
  const me = useSession().signer?.address.toLowerCase();
  return useQuery({
    queryKey: ["opened", orderId, key?.publicKey, ...items.map((m) => m.id)],
    enabled: !!key,
    staleTime: Number.POSITIVE_INFINITY,
    queryFn: async () => {
      const opened = new Map<string, OpenedMessage>();
      for (const m of items) {
        try {
          const text = await openMessage({
            ciphertext: m.ciphertext,
            orderId,
            author: m.author as Address,
            keys: key ? [key] : [],
          });
          opened.set(m.id, { text });
        } catch (e) {
          opened.set(m.id, { unreadable: unreadableReason(m, me, key, e) });
        }
      }
      return opened;
    },
  });
}

function unreadableReason(
  m: { recipients: { account: string; keyVersion: number }[] },
  me: string | undefined,
  key: VaultKeyPair | undefined,
  e: unknown,
): string {
  const mine = m.recipients.find((r) => r.account.toLowerCase() === me);
  if (!mine) return "Not sealed to your key: written before you could read this thread.";
  if (key && mine.keyVersion !== key.version)
    return `Sealed to your key v${mine.keyVersion}, not v${key.version}: it cannot be opened with the key unlocked.`;
  return `Cannot be opened: ${e instanceof Error ? e.message : String(e)}`;
}

/** Seals `text` to `recipients` and posts it. */
export function useSendSealed(orderId: number, recipients: readonly MessageRecipient[] | undefined) {
  const { client } = useSession();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (text: string) => {
      if (!client || !recipients) throw new Error("the readers' keys are not known yet");
      const sealed = await sealMessage({ orderId, author: client.account.address, text, recipients });
      return api.postOrderMessage(orderId, sealed);
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["private", "messages", orderId] }),
  });
}
