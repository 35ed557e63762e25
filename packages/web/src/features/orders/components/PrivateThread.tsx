// An order's private thread: only its customer, its maker and the arbiter of its dispute read and
// write it, signed in to the node with Sign-In with Ethereum (the node checks role and ownership).
// Messages are encrypted end to end (api/threadKeys.ts): sealed here to the readers' registered keys,
// opened here with the account's vault keys (lib/vaultKeys.tsx); the node holds ciphertext only.
import { useQuery } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { AddressLink, Card, ErrorNote, FailureLine, Loading, Pill } from "../../../components/ui.tsx";
import { api, type OrderDetail } from "../../../lib/api.ts";
import { formatDateTime } from "../../../lib/format.ts";
import { useIsArbiter } from "../../../lib/hooks.ts";
import { useSession } from "../../../lib/session.tsx";
import { useVaultKeys } from "../../../lib/vaultKeys.tsx";
import { useSignedInAs } from "../../auth/api/auth.ts";
import { SignInPrompt } from "../../auth/components/SignInPrompt.tsx";
import { useOpenedMessages, useReaderKeys, useSendSealed, useSetUpKey, useUnlockThread } from "../api/threadKeys.ts";

function Thread({ order }: { order: OrderDetail }) {
  const [text, setText] = useState("");
  const { signer } = useSession();
  const me = signer?.address.toLowerCase();
  const view = useQuery({
    queryKey: ["private", "order", order.id],
    queryFn: ({ signal }) => api.orderPrivate(order.id, signal),
    retry: 0,
  });
  const messages = useQuery({
    queryKey: ["private", "messages", order.id],
    queryFn: ({ signal }) => api.orderMessages(order.id, signal),
    enabled: view.isSuccess,
    refetchInterval: 5_000,
  });
  const readers = messages.data?.readers;
  const readerKeys = useReaderKeys(readers?.map((r) => r.account ?? "").filter(Boolean));
  const { keys } = useVaultKeys();
  const unlock = useUnlockThread();
  const setUp = useSetUpKey();
  const items = messages.data?.items ?? [];
  const opened = useOpenedMessages(
    order.id,
    items.map((m) => ({
      id: m.id ?? "",
      author: m.author ?? "",
      ciphertext: m.ciphertext ?? "",
      recipients: (m.recipients ?? []).map((r) => ({ account: r.account, keyVersion: r.keyVersion })),
    })),
    keys,
  );
  const own = readerKeys.data?.recipients.find((r) => r.account.toLowerCase() === me);
  const missingRequired = (readers ?? []).filter(
    (r) => r.required && readerKeys.data?.missing.some((m) => m.toLowerCase() === r.account?.toLowerCase()),
  );
  const send = useSendSealed(order.id, missingRequired.length === 0 ? readerKeys.data?.recipients : undefined);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (text.trim()) send.mutate(text.trim(), { onSuccess: () => setText("") });
  };
  // A refetch that fails keeps what was read: only a first read that fails is an error.
  if (view.error) return <ErrorNote error={view.error} />;
  if (!messages.data) return messages.error ? <ErrorNote error={messages.error} /> : <Loading rows={2} />;
  if (!readerKeys.data)
    return readerKeys.error ? (
      <ErrorNote error={readerKeys.error} retry={() => void readerKeys.refetch()} />
    ) : (
      <Loading rows={2} />
    );
  if (!view.data) return <Loading rows={2} />;
  if (!own) {
    return (
      <div className="stack" data-testid="thread-no-key">
        <p className="muted" style={{ margin: 0 }}>
          This thread is encrypted end to end, and you have no encryption key registered: nothing can be sealed to you
          yet. Register one here (one signature and one transaction; the key is derived from your signature and never
          leaves this page), or with <code>dipnet key setup</code>.
        </p>
        <button
          type="button"
          className="btn btn-small"
          data-testid="thread-setup-key"
          disabled={setUp.isPending}
          onClick={() => setUp.mutate()}
        >
          Set up my encryption key
        </button>
        <FailureLine error={setUp.error} />
      </div>
    );
  }
  if (!keys.some((k) => k.publicKey.toLowerCase() === own.publicKey.toLowerCase())) {
    return (
      <div className="stack">
        <p className="muted" style={{ margin: 0 }}>
          This thread is encrypted end to end. Sign once per key version you registered (your current one is v
          {own.keyVersion}) to derive your keys: they stay in this tab's memory until you leave.
        </p>
        <button
          type="button"
          className="btn btn-small"
          data-testid="thread-unlock"
          disabled={unlock.isPending}
          onClick={() => unlock.mutate()}
        >
          Unlock messages
        </button>
        <FailureLine error={unlock.error} />
      </div>
    );
  }
  return (
    <div className="stack" data-testid="private-thread">
      <p className="muted small" style={{ margin: 0 }}>
        You read this as the order's <Pill tone="accent">{view.data.role}</Pill>. Only its customer, its maker and the
        arbiter of a dispute can; messages are encrypted to their keys, and an arbiter reads those written from the
        dispute on.
      </p>
      {items.length ? (
        <ul className="thread">
          {items.map((m) => {
            const o = opened.data?.get(m.id ?? "");
            return (
              <li key={m.id} className="thread-message" data-testid="thread-message">
                <div className="thread-meta">
                  <AddressLink address={m.author ?? ""} /> <span className="muted">· {m.role} ·</span>{" "}
                  <span className="muted">{formatDateTime(Math.floor((m.createdAt ?? 0) / 1000))}</span>
                </div>
                {!o ? (
                  <div className="thread-body muted">Decrypting…</div>
                ) : "text" in o ? (
                  <div className="thread-body">{o.text}</div>
                ) : (
                  <div className="thread-body muted" data-testid="thread-unreadable">
                    <Pill tone="muted">sealed</Pill> {o.unreadable}
                  </div>
                )}
              </li>
            );
          })}
        </ul>
      ) : (
        <p className="muted">No messages yet.</p>
      )}
      {missingRequired.length > 0 ? (
        <p className="muted" data-testid="thread-reader-no-key">
          {missingRequired.map((r) => `The ${r.role}`).join(" and ")} {missingRequired.length > 1 ? "have" : "has"} no
          encryption key registered: messages cannot be sealed to them until they set one up.
        </p>
      ) : (
        <form className="mini-form" onSubmit={submit}>
          <label className="sr-only" htmlFor="thread-input">
            Message
          </label>
          <textarea
            id="thread-input"
            data-testid="thread-input"
            rows={2}
            maxLength={4000}
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder="Drawings, tolerances, delivery details…"
          />
          <button type="submit" className="btn btn-small" disabled={send.isPending || !text.trim()}>
            Send privately
          </button>
          <FailureLine error={send.error} />
        </form>
      )}
    </div>
  );
}

export function PrivateThread({ order }: { order: OrderDetail }) {
  const { signer } = useSession();
  const signedIn = useSignedInAs();
  const isArbiter = useIsArbiter(signer?.address);
  const me = signer?.address.toLowerCase();
  const party =
    me !== undefined &&
    (me === order.customer.toLowerCase() ||
      me === order.maker?.toLowerCase() ||
      (isArbiter && (order.status === "Disputed" || order.ruling?.arbiter.toLowerCase() === me)));
  if (!party) return null;
  return (
    <Card title="Private thread" subtitle="Between the customer, the maker and, in a dispute, the arbiter.">
      {signedIn ? (
        <Thread order={order} />
      ) : (
        <SignInPrompt
          reason="Sign in with your account to read and write this order's private messages. It takes one signature and no transaction."
          action="Sign in to read"
          testId="thread-signin"
        />
      )}
    </Card>
  );
}
