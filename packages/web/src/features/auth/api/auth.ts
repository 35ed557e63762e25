// Sign-In with Ethereum against the node: the acting account signs an EIP-4361 message naming this
// page's host, the node's chain and a nonce from the node; the node answers with a session cookie.
// Private data (an order's thread, your own settings) is read with that cookie.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { createSiweMessage } from "viem/siwe";
import { type ApiSession, api } from "../../../lib/api.ts";
import { useSession } from "../../../lib/session.tsx";

const sessionKey = ["apiSession"] as const;

/** The account signed in to the node; `null` while signed out. */
export function useApiSession() {
  return useQuery({
    queryKey: sessionKey,
    queryFn: async ({ signal }): Promise<ApiSession | null> => {
      const s = await api.authSession(signal);
      return s.signedIn ? { address: s.address, chainId: s.chainId, expiresAt: s.expiresAt } : null;
    },
    staleTime: 60_000,
    retry: 0,
  });
}

/** Whether the node's session belongs to the account the dashboard acts as. */
export function useSignedInAs(): ApiSession | undefined {
  const { signer } = useSession();
  const session = useApiSession().data ?? undefined;
  return session && signer && session.address.toLowerCase() === signer.address.toLowerCase() ? session : undefined;
}

/** Signs the acting account in to the node (one signature, no transaction). */
export function useSignIn() {
  const { client, cfg } = useSession();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async () => {
      if (!client || !cfg) throw new Error("choose an account to act as first");
      const { nonce } = await api.authNonce();
      const message = createSiweMessage({
        domain: window.location.host,
        address: client.account.address,
        statement: "Sign in to the DIPNET dashboard to see your private order data and settings.",
        uri: window.location.origin,
        version: "1",
        chainId: cfg.chainId,
        nonce,
        issuedAt: new Date(),
        expirationTime: new Date(Date.now() + 24 * 3_600_000),
      });
      const signature = await client.walletClient.signMessage({ account: client.account, message });
      return api.authVerify(message, signature);
    },
    onSuccess: async (session) => {
      // A session read still in flight was sent with the cookie before this one: its answer (the
      // previous account, or none) must not overwrite the session just started.
      await queryClient.cancelQueries({ queryKey: sessionKey });
      queryClient.setQueryData(sessionKey, session);
      void queryClient.invalidateQueries({ queryKey: ["private"] });
    },
  });
}

/** Ends the node session. */
export function useSignOut() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.authLogout(),
    onSuccess: () => {
      queryClient.setQueryData(sessionKey, null);
      queryClient.removeQueries({ queryKey: ["private"] });
    },
  });
}
