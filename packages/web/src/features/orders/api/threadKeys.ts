// The order thread's end-to-end encryption in the dashboard: the acting account's keys are the
// vault's (lib/vaultKeys.tsx: derived from wallet signatures once per tab, every registered version,
// kept in memory only), so one unlock serves the thread, designs and packages; messages are sealed
// to the readers' keys read from the chain and opened here. The node sees ciphertext only.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { Address } from "viem";
import { api } from "../../../lib/api.ts";
import {
  type MessageRecipient,
  openMessage,
  sealMessage,
  threadRecipients,
  type VaultKeyPair,
} from "../../../lib/sdk.ts";
import { useSession } from "../../../lib/session.tsx";
import { useVaultKeys } from "../../../lib/vaultKeys.tsx";

const recipientsQuery = (accounts: readonly string[]) => ["threadRecipients", ...accounts] as const;

/** Unlocks the acting account's keys (every registered version) in this tab: the vault's keys, shared. */
export function useUnlockThread() {
  const { unlock } = useVaultKeys();
  return useMutation({ mutationFn: () => unlock() });
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

/** Derives and registers the acting account's first key (a profile update), then unlocks it. */
export function useSetUpKey() {
  const { register } = useVaultKeys();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => register(),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["threadRecipients"] }),
  });
}

/** What a message says, or why it cannot be read with the key unlocked. */
export type OpenedMessage = { text: string } | { unreadable: string };

/** Opens each sealed message with `keys`; a message that will not open is reported, not thrown. */
export function useOpenedMessages(
  orderId: number,
  items: readonly {
    id: string;
    author: string;
    ciphertext: string;
    recipients: { account: string; keyVersion: number }[];
  }[],
  keys: readonly VaultKeyPair[],
) {
  const me = useSession().signer?.address.toLowerCase();
  return useQuery({
    queryKey: ["opened", orderId, ...keys.map((k) => k.publicKey), ...items.map((m) => m.id)],
    enabled: keys.length > 0,
    staleTime: Number.POSITIVE_INFINITY,
    queryFn: async () => {
      const opened = new Map<string, OpenedMessage>();
      for (const m of items) {
        try {
          const text = await openMessage({
            ciphertext: m.ciphertext,
            orderId,
            author: m.author as Address,
            keys,
          });
          opened.set(m.id, { text });
        } catch (e) {
          opened.set(m.id, { unreadable: unreadableReason(m, me, keys, e) });
        }
      }
      return opened;
    },
  });
}

function unreadableReason(
  m: { recipients: { account: string; keyVersion: number }[] },
  me: string | undefined,
  keys: readonly VaultKeyPair[],
  e: unknown,
): string {
  const mine = m.recipients.find((r) => r.account.toLowerCase() === me);
  if (!mine) return "Not sealed to your key: written before you could read this thread.";
  if (!keys.some((k) => k.version === mine.keyVersion))
    return `Sealed to your key v${mine.keyVersion}, which is not among the keys unlocked.`;
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
