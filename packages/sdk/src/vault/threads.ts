// An order's private thread through a DIPNET node: messages are sealed here, in the client, to the
// readers' keys as registered on chain (read from the chain, not from the node, so a node cannot
// slip its own key in), and opened here; the node sees ciphertext only.
import type { Account, Address, Hex } from "viem";
import { createSiweMessage } from "viem/siwe";
import { participant } from "../actions/reads/participant.ts";
import { encryptionKeyHistory } from "../actions/registry/encryptionKeys.ts";
import { InvalidParameterError } from "../errors/base.ts";
import type { DipnetReadClient } from "../types.ts";
import { isEncryptionPublicKey, type VaultKeyPair } from "./keys.ts";
import { type MessageRecipient, openMessage, type SealedMessage, sealMessage } from "./messages.ts";
import { VaultNodeError } from "./node.ts";

/** Parameters of `threadRecipients`. */
export type ThreadRecipientsParameters = { accounts: readonly Address[] };
/** The accounts' current registered keys with their versions; `missing` have none registered. */
export type ThreadRecipientsReturnType = { recipients: MessageRecipient[]; missing: Address[] };

/**
 * The current registered encryption key (and its version) of each account, read from the chain.
 * @example const { recipients, missing } = await threadRecipients(client, { accounts: readers.map((r) => r.account) });
 */
export async function threadRecipients(
  client: DipnetReadClient,
  p: ThreadRecipientsParameters,
): Promise<ThreadRecipientsReturnType> {
  const recipients: MessageRecipient[] = [];
  const missing: Address[] = [];
  for (const account of p.accounts) {
    const current = (await participant(client, { account })).encryptionKey.toLowerCase() as Hex;
    const version = isEncryptionPublicKey(current)
      ? (await encryptionKeyHistory(client, { account })).keys.find((k) => k.publicKey === current)?.version
      : undefined;
    if (version === undefined) missing.push(account);
    else recipients.push({ account, keyVersion: version, publicKey: current });
  }
  return { recipients, missing };
}

/** How to reach the node and be signed in there. */
export type ThreadNodeOptions = {
  /** The node's API, e.g. `http://127.0.0.1:8080`. */
  nodeUrl: string;
  /** Extra request headers, e.g. `{ cookie: "dipnet_session=…" }` outside a browser. Default: none. */
  headers?: Record<string, string> | undefined;
};

/** Who may read an order's thread now, as the node reports it. */
export type ThreadReader = { account: Address; role: "customer" | "maker" | "arbiter"; required: boolean };

/** A thread message as stored: sealed. */
export type StoredThreadMessage = SealedMessage & {
  id: string;
  author: Address;
  role: "customer" | "maker" | "arbiter";
  createdAt: number;
};

/** A thread message as read: its text, or why it cannot be read with the keys given. */
export type ThreadMessage = Omit<StoredThreadMessage, "ciphertext"> &
  ({ text: string; unreadable?: undefined } | { text?: undefined; unreadable: string });

/** Parameters of `readThread`. */
export type ReadThreadParameters = ThreadNodeOptions & {
  orderId: bigint | number;
  /** Your key pairs (every version messages may be sealed to). */
  keys: readonly VaultKeyPair[];
};
/** The messages, oldest first, opened where a key fits, and the thread's readers now. */
export type ReadThreadReturnType = { messages: ThreadMessage[]; readers: ThreadReader[] };

/**
 * Reads an order's thread and opens each message; one that is not for your keys or fails to
 * authenticate is returned with `unreadable` saying why, not thrown.
 * @example const { messages } = await readThread({ nodeUrl, orderId: 4n, keys: [me], headers: { cookie } });
 */
export async function readThread(p: ReadThreadParameters): Promise<ReadThreadReturnType> {
  const response = await fetch(new URL(`/api/orders/${p.orderId}/messages`, p.nodeUrl), {
    headers: p.headers ?? {},
    credentials: "include",
  });
  if (!response.ok) throw await threadError(response, "read the thread");
  const body = (await response.json()) as { items: StoredThreadMessage[]; readers: ThreadReader[] };
  const messages = await Promise.all(
    body.items.map(async ({ ciphertext, ...m }): Promise<ThreadMessage> => {
      try {
        return { ...m, text: await openMessage({ ciphertext, orderId: p.orderId, author: m.author, keys: p.keys }) };
      } catch (e) {
        return { ...m, unreadable: e instanceof Error ? e.message : String(e) };
      }
    }),
  );
  return { messages, readers: body.readers };
}

/** Parameters of `postThreadMessage`. */
export type PostThreadMessageParameters = ThreadNodeOptions & {
  orderId: bigint | number;
  /** The signed-in account. */
  author: Address;
  text: string;
  /** The readers' keys (`threadRecipients`), the author's included. */
  recipients: readonly MessageRecipient[];
};

/**
 * Seals `text` to `recipients` and posts it to the order's thread.
 * @example await postThreadMessage({ nodeUrl, orderId: 4n, author, text: "Shipped today", recipients, headers: { cookie } });
 */
export async function postThreadMessage(p: PostThreadMessageParameters): Promise<StoredThreadMessage> {
  const sealed = await sealMessage({ orderId: p.orderId, author: p.author, text: p.text, recipients: p.recipients });
  const response = await fetch(new URL(`/api/orders/${p.orderId}/messages`, p.nodeUrl), {
    method: "POST",
    headers: { ...(p.headers ?? {}), "content-type": "application/json" },
    credentials: "include",
    body: JSON.stringify(sealed),
  });
  if (!response.ok) throw await threadError(response, "post the message");
  return (await response.json()) as StoredThreadMessage;
}

async function threadError(response: Response, what: string): Promise<VaultNodeError> {
  const body = (await response.json().catch(() => undefined)) as { message?: string } | undefined;
  return new VaultNodeError(
    `the node refused to ${what} (${response.status}): ${body?.message ?? response.statusText}`,
    response.status,
  );
}

/** Parameters of `signInToNode`. */
export type SignInToNodeParameters = {
  /** The node's API; its host must be the node's public URL's (DIPNET_PUBLIC_URL). */
  nodeUrl: string;
  /** A local account (it signs the EIP-4361 message). */
  account: Account;
  /** The chain the node indexes. */
  chainId: number;
};

/**
 * Signs in to a node with Sign-In with Ethereum (one signature, no transaction) outside a browser;
 * resolves with the session cookie to pass as `headers: { cookie }`.
 * @example const { cookie } = await signInToNode({ nodeUrl, account, chainId: 31337 });
 */
export async function signInToNode(p: SignInToNodeParameters): Promise<{ cookie: string }> {
  if (!p.account.signMessage) throw new InvalidParameterError("account", "cannot sign messages (use a local account)");
  const origin = new URL(p.nodeUrl);
  const nonceResponse = await fetch(new URL("/api/auth/nonce", origin));
  if (!nonceResponse.ok) throw await threadError(nonceResponse, "issue a sign-in nonce");
  const { nonce } = (await nonceResponse.json()) as { nonce: string };
  const message = createSiweMessage({
    domain: origin.host,
    address: p.account.address,
    statement: "Sign in to the DIPNET node to read and write private order data.",
    uri: origin.origin,
    version: "1",
    chainId: p.chainId,
    nonce,
    issuedAt: new Date(),
    expirationTime: new Date(Date.now() + 3_600_000),
  });
  const signature = await p.account.signMessage({ message });
  const verified = await fetch(new URL("/api/auth/verify", origin), {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ message, signature }),
  });
  if (!verified.ok) throw await threadError(verified, "sign in");
  const cookie = verified.headers.get("set-cookie")?.split(";")[0];
  if (!cookie) throw new VaultNodeError("the node signed in but set no session cookie", verified.status);
  return { cookie };
}
