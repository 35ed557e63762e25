// The documents an order's parties published (inspection reports, certificates, measurements,
// delivery notes…), each signed by its publisher with EIP-712; a publish form for the order's
// customer, maker and dispute arbiter (signed in to the node); and the order's evidence bundle (a
// CAR file an auditor checks with `dipnet evidence check` and an RPC alone) for download, and the
// same check run in this browser.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { AddressLink, Card, FailureLine, HashText, Loading, Pill } from "../../../components/ui.tsx";
import { api, bundleUrl, type OrderDetail } from "../../../lib/api.ts";
import { formatDateTime } from "../../../lib/format.ts";
import { useIsArbiter } from "../../../lib/hooks.ts";
import { type DocumentKind, documentKinds, signPublication } from "../../../lib/sdk.ts";
import { useSession } from "../../../lib/session.tsx";
import { useSignedInAs } from "../../auth/api/auth.ts";
import { SignInPrompt } from "../../auth/components/SignInPrompt.tsx";
import { checkBundleAt } from "../api/evidence.ts";
import { CheckList, useVerify, Verdict } from "./Checks.tsx";

const kindLabels: Record<DocumentKind, string> = {
  "inspection-report": "Inspection report",
  certificate: "Certificate",
  measurement: "Measurement",
  photo: "Photo",
  "delivery-note": "Delivery note",
  "production-evidence": "Production evidence",
  other: "Other",
};

/** Parses the form's JSON; an Error naming the problem otherwise. */
function parseDocument(text: string): unknown {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    throw new Error("the document is not JSON");
  }
  if (typeof document !== "object" || document === null || Array.isArray(document))
    throw new Error("the document must be a JSON object");
  return document;
}

function PublishForm({ order }: { order: OrderDetail }) {
  const { client } = useSession();
  const queryClient = useQueryClient();
  const [kind, setKind] = useState<DocumentKind>("inspection-report");
  const [text, setText] = useState("");
  const publish = useMutation({
    mutationFn: async () => {
      if (!client) throw new Error("choose an account to act as first");
      const document = parseDocument(text);
      const signed = await signPublication(client, { orderId: order.id, kind, document });
      return api.publishDocument({
        orderId: order.id,
        kind,
        document: document as Record<string, unknown>,
        signature: signed.signature,
      });
    },
    onSuccess: () => {
      setText("");
      void queryClient.invalidateQueries({ queryKey: ["documents", order.id] });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    publish.mutate();
  };
  return (
    <form className="mini-form" onSubmit={submit} data-testid="publish-document">
      <label htmlFor="document-kind">Kind</label>
      <select
        id="document-kind"
        value={kind}
        onChange={(e) => setKind(e.target.value as DocumentKind)}
        data-testid="document-kind"
      >
        {documentKinds.map((k) => (
          <option key={k} value={k}>
            {kindLabels[k]}
          </option>
        ))}
      </select>
      <label htmlFor="document-json">Document (JSON object)</label>
      <textarea
        id="document-json"
        data-testid="document-json"
        rows={4}
        value={text}
        onChange={(e) => setText(e.target.value)}
        placeholder='{ "title": "Final inspection", "result": "pass" }'
      />
      <button type="submit" className="btn btn-small" disabled={publish.isPending || !text.trim()}>
        {publish.isPending ? "Signing…" : "Sign and publish"}
      </button>
      <FailureLine error={publish.error} />
    </form>
  );
}

/** Whether the acting account may publish for the order: its customer, its maker, or its dispute's arbiter. */
function useIsParty(order: OrderDetail): boolean {
  const { signer } = useSession();
  const isArbiter = useIsArbiter(signer?.address);
  const me = signer?.address.toLowerCase();
  return (
    me !== undefined &&
    (me === order.customer.toLowerCase() ||
      me === order.maker?.toLowerCase() ||
      (isArbiter && (order.status === "Disputed" || order.ruling?.arbiter.toLowerCase() === me)))
  );
}

export function PublishedDocuments({ order }: { order: OrderDetail }) {
  const party = useIsParty(order);
  const signedIn = useSignedInAs();
  const documents = useQuery({
    queryKey: ["documents", order.id],
    queryFn: ({ signal }) => api.orderDocuments(order.id, signal),
  });
  const bundle = bundleUrl({ orderId: order.id });
  const { state, run } = useVerify(() => checkBundleAt(bundle));
  return (
    <Card
      title="Published documents"
      id="documents"
      subtitle="Signed by the party that published them; the evidence bundle holds them with every chain reference, for an auditor to check with an RPC alone."
      actions={
        <>
          <a className="btn btn-small" href={bundle} download data-testid="order-bundle">
            Evidence bundle (.car)
          </a>
          <button
            type="button"
            className="btn btn-small"
            disabled={state.kind === "running"}
            onClick={() => void run()}
            data-testid="check-bundle"
          >
            {state.kind === "running" ? "Checking…" : "Check bundle"}
          </button>
        </>
      }
    >
      {state.kind === "done" && (
        <div className="verify-result">
          <Verdict checks={state.result} testId="bundle-verdict" />
          <CheckList checks={state.result} testId="bundle-checks" />
        </div>
      )}
      {state.kind === "error" && (
        <p className="field-error" role="alert">
          Could not check: {state.message}
        </p>
      )}
      {documents.isPending ? (
        <Loading rows={1} />
      ) : documents.data?.items.length ? (
        <ul className="thread" data-testid="published-documents">
          {documents.data.items.map((d) => (
            <li key={`${d.documentHash}-${d.publisher}-${d.kind}`} className="thread-message">
              <div className="thread-meta">
                <Pill tone="accent">{kindLabels[d.kind]}</Pill> <AddressLink address={d.publisher} />{" "}
                <span className="muted">
                  · {d.role} · {formatDateTime(Math.floor(d.publishedAt / 1000))}
                </span>
              </div>
              <a href={`/api/documents/${d.documentHash}`} target="_blank" rel="noreferrer">
                <HashText value={d.documentHash} label="document hash" />
              </a>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">No documents published yet.</p>
      )}
      {party &&
        (signedIn ? (
          <PublishForm order={order} />
        ) : (
          <SignInPrompt
            reason="Sign in to publish a document for this order: one signature to sign in, one to sign the document."
            action="Sign in to publish"
            testId="documents-signin"
          />
        ))}
    </Card>
  );
}
