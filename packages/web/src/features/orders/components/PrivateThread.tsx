// An order's private thread: only its customer, its maker and the arbiter of its dispute read and
// write it, signed in to the node with Sign-In with Ethereum (the node checks role and ownership).
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { AddressLink, Card, ErrorNote, FailureLine, Loading, Pill } from "../../../components/ui.tsx";
import { api, type OrderDetail } from "../../../lib/api.ts";
import { formatDateTime } from "../../../lib/format.ts";
import { useIsArbiter } from "../../../lib/hooks.ts";
import { useSession } from "../../../lib/session.tsx";
import { useSignedInAs } from "../../auth/api/auth.ts";
import { SignInPrompt } from "../../auth/components/SignInPrompt.tsx";

function Thread({ order }: { order: OrderDetail }) {
  const queryClient = useQueryClient();
  const [text, setText] = useState("");
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
  const send = useMutation({
    mutationFn: (body: string) => api.postOrderMessage(order.id, body),
    onSuccess: () => {
      setText("");
      void queryClient.invalidateQueries({ queryKey: ["private", "messages", order.id] });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (text.trim()) send.mutate(text.trim());
  };
  if (view.isPending) return <Loading rows={2} />;
  if (view.error) return <ErrorNote error={view.error} />;
  return (
    <div className="stack" data-testid="private-thread">
      <p className="muted small" style={{ margin: 0 }}>
        You read this as the order's <Pill tone="accent">{view.data.role}</Pill>. Only its customer, its maker and the
        arbiter of a dispute can.
      </p>
      {messages.data?.items.length ? (
        <ul className="thread">
          {messages.data.items.map((m) => (
            <li key={m.id} className="thread-message" data-testid="thread-message">
              <div className="thread-meta">
                <AddressLink address={m.author} /> <span className="muted">· {m.role} ·</span>{" "}
                <span className="muted">{formatDateTime(Math.floor(m.createdAt / 1000))}</span>
              </div>
              <div className="thread-body">{m.body}</div>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">No messages yet.</p>
      )}
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
