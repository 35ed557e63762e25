import { Link } from "wouter";
import { AddressLink, Card, Empty, ErrorNote, HashText, Loading, PageHead, Pill } from "../../../components/ui.tsx";
import { bundleUrl } from "../../../lib/api.ts";
import { formatDateTime, humanize } from "../../../lib/format.ts";
import { useSession } from "../../../lib/session.tsx";
import { type HistoryEntry, usePartHistory, verifyPartHistory } from "../api/evidence.ts";
import { CheckList, useVerify, Verdict } from "./Checks.tsx";

/** The account of a `did:ethr:<chain>:<address>` party. */
const didAddress = (did: unknown) => (typeof did === "string" ? did.split(":").pop()?.toLowerCase() : undefined);

/** `bizStep` and `type` as a person reads them: "Commissioning (ObjectEvent)". */
function eventTitle(entry: HistoryEntry): string {
  const step = entry.event.bizStep ? humanize(String(entry.event.bizStep).replace(/_/g, "-")) : entry.type;
  return `${step} (${entry.type})`;
}

function Parties({ entry }: { entry: HistoryEntry }) {
  const source = (entry.event.sourceList as { source?: string }[] | undefined)?.[0]?.source;
  const destination = (entry.event.destinationList as { destination?: string }[] | undefined)?.[0]?.destination;
  if (!source && !destination) return null;
  return (
    <div className="small">
      from <AddressLink address={didAddress(source)} /> to <AddressLink address={didAddress(destination)} />
    </div>
  );
}

/** A part's traceability: its EPCIS events in time order, custody, and in-browser verification. */
export function PartPage({ id }: { id: string }) {
  const part = decodeURIComponent(id);
  const { readClient } = useSession();
  const q = usePartHistory(part);
  const history = q.data;
  const { state, run } = useVerify(readClient && history ? () => verifyPartHistory(readClient, history) : undefined);
  if (q.isPending) return <Loading rows={6} label="Loading the part's history…" />;
  if (q.error) return <ErrorNote error={q.error} retry={() => void q.refetch()} />;
  if (!history)
    return (
      <Empty title="No traceability events for this part" action={<Link href="/orders">All orders</Link>}>
        The node has no EPCIS event naming <span className="mono">{part}</span>.
      </Empty>
    );
  const order = /^urn:dipnet:lot:\d+:(\d+)$/.exec(part)?.[1];
  const result = state.kind === "done" ? state.result : undefined;
  const checksOf = (hash: string) => result?.events.find((e) => e.eventHash === hash)?.checks;
  const allChecks = result ? [...result.events.flatMap((e) => e.checks), result.custodian] : [];
  return (
    <div className="stack" data-testid="part-page">
      <nav className="crumbs" aria-label="Breadcrumb">
        <Link href="/orders">Orders</Link> <span aria-hidden="true">/</span>
        {order && (
          <>
            {" "}
            <Link href={`/orders/${order}`}>#{order}</Link> <span aria-hidden="true">/</span>
          </>
        )}{" "}
        <span>parts</span>
      </nav>
      <PageHead title="Part history">
        <p className="lede mono">{part}</p>
      </PageHead>
      <Card
        title="Traceability"
        subtitle="GS1 EPCIS 2.0 events in time order, as this node stores them; Verify checks each against the evidence registry on chain."
        actions={
          <>
            <a
              className="btn btn-small"
              href={bundleUrl({ part, orderId: history.orderId })}
              download
              data-testid="part-bundle"
            >
              Evidence bundle (.car)
            </a>
            <button
              type="button"
              className="btn btn-primary btn-small"
              disabled={!readClient || state.kind === "running"}
              onClick={() => void run()}
              data-testid="verify-part"
            >
              {state.kind === "running" ? "Verifying…" : "Verify"}
            </button>
          </>
        }
      >
        <dl className="kv">
          <dt>Custodian</dt>
          <dd data-testid="part-custodian">
            {history.custodian ? <AddressLink address={history.custodian} /> : <span className="muted">none</span>}
          </dd>
          <dt>Registry id</dt>
          <dd>
            <HashText value={history.itemId} label="item id" />
          </dd>
        </dl>
        {result && (
          <div className="verify-result">
            <Verdict checks={allChecks} testId="part-verdict" />
            <CheckList checks={[result.custodian]} testId="custodian-check" />
          </div>
        )}
        {state.kind === "error" && (
          <p className="field-error" role="alert">
            Could not verify: {state.message}
          </p>
        )}
        <ol className="timeline" data-testid="part-events">
          {history.events.map((e) => {
            const checks = checksOf(e.eventHash);
            const ok = checks?.every((c) => c.ok);
            return (
              <li
                key={e.eventHash}
                className={`tl-step tl-${checks ? (ok ? "ok" : "bad") : "plain"}`}
                data-testid="part-event"
                data-step={String(e.event.bizStep ?? "")}
              >
                <span className="tl-dot" aria-hidden="true" />
                <div className="tl-body">
                  <div className="tl-head">
                    <span className="tl-title">{eventTitle(e)}</span>
                    <time className="tl-time" dateTime={e.eventTime}>
                      {formatDateTime(Math.floor(Date.parse(e.eventTime) / 1000))}
                    </time>
                  </div>
                  <div className="tl-detail">
                    {e.via.item === part ? "this part" : <span className="mono">{e.via.item}</span>} ({e.via.role})
                    {e.custodyTo && (
                      <>
                        {" "}
                        · custody to <AddressLink address={e.custodyTo} />
                      </>
                    )}
                  </div>
                  <Parties entry={e} />
                  <div className="tl-meta">
                    <span>
                      event <HashText value={e.eventHash} label="event hash" />
                    </span>
                    {e.recorded ? (
                      <>
                        <span>
                          tx <HashText value={e.recorded.txHash} label="transaction hash" />
                        </span>
                        <span className="muted">block {e.recorded.blockNumber}</span>
                      </>
                    ) : (
                      <Pill tone="warn">not recorded on chain</Pill>
                    )}
                  </div>
                  {checks && <CheckList checks={checks} testId="event-checks" />}
                </div>
              </li>
            );
          })}
        </ol>
      </Card>
    </div>
  );
}
