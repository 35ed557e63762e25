import type { Hex } from "viem";
import { Link } from "wouter";
import { AddressLink, Card, HashText, Pill } from "../../../components/ui.tsx";
import type { OrderDetail, TimelineStep } from "../../../lib/api.ts";
import { formatDateTime, humanize } from "../../../lib/format.ts";
import type { ProductionEvent, ProductionEvidence, ReadingCitation } from "../../../lib/sdk.ts";
import { useSession } from "../../../lib/session.tsx";
import {
  asProductionEvidence,
  type EvidenceSite,
  useDocument,
  usePartHistory,
  verifyEvidence,
} from "../api/evidence.ts";
import { CheckList, useVerify, Verdict } from "./Checks.tsx";

const evidenceEvents = new Set(["MilestoneSubmitted", "OrderShipped"]);

/** Device time (ms) as the dashboard shows times. */
const at = (ms: number) => formatDateTime(Math.floor(ms / 1000));

function Citations({ readings }: { readings: readonly ReadingCitation[] }) {
  if (readings.length === 0) return null;
  return (
    <ul className="citations">
      {readings.map((c) => (
        <li key={`${c.manufacturer}/${c.device}:${c.seq}`}>
          reading <span className="mono">{c.device}</span> #{c.seq} · {at(c.ts)} · root{" "}
          <HashText value={c.root} label="anchored root" />
        </li>
      ))}
    </ul>
  );
}

function EventView({ event }: { event: ProductionEvent }) {
  switch (event.kind) {
    case "operation_started":
    case "operation_finished":
      return (
        <>
          <strong>{event.kind === "operation_started" ? "Operation started" : "Operation finished"}</strong>{" "}
          {humanize(event.operation)} on machine <span className="mono">{event.machineId}</span>
          {event.kind === "operation_finished" && ` · ${event.quantity} pcs`}
        </>
      );
    case "first_article":
      return (
        <>
          <strong>First article</strong> {event.part}:{" "}
          {event.measurements.map((m) => {
            const ok = m.measured >= m.nominal + m.lowerTolerance && m.measured <= m.nominal + m.upperTolerance;
            return (
              <span key={m.characteristic}>
                {m.characteristic} {m.nominal} {m.unit} ({m.lowerTolerance}/+{m.upperTolerance}), measured {m.measured}{" "}
                <Pill tone={ok ? "ok" : "warn"}>{ok ? "in tolerance" : "out of tolerance"}</Pill>
              </span>
            );
          })}
        </>
      );
    case "inspection":
      return (
        <>
          <strong>Inspection</strong> (ISO 2859-1, AQL {event.aql}): lot {event.lotSize}, code {event.plan.codeLetter},
          sample {event.plan.sampleSize}, accept ≤ {event.plan.acceptNumber} / reject ≥ {event.plan.rejectNumber} ·{" "}
          {event.nonconforming} nonconforming →{" "}
          <Pill tone={event.decision === "accept" ? "ok" : "warn"}>
            <span data-testid="aql-decision">{event.decision === "accept" ? "lot accepted" : "lot rejected"}</span>
          </Pill>
        </>
      );
  }
}

function ProductionEvidenceView({ doc }: { doc: ProductionEvidence }) {
  return (
    <ol className="evidence-events">
      {doc.events.map((e, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a document's events never reorder
        <li key={i} data-kind={e.kind}>
          <div className="evidence-event-head">
            <span>
              <EventView event={e} />
            </span>
            <time className="muted small">{at(e.at)}</time>
          </div>
          <Citations readings={e.readings} />
        </li>
      ))}
    </ol>
  );
}

function EvidenceItem({ order, step }: { order: OrderDetail; step: TimelineStep }) {
  const { readClient } = useSession();
  const hash = step.evidenceHash as Hex;
  const published = order.documents?.includes(hash.toLowerCase() as Hex) ?? false;
  const doc = useDocument(published ? hash : undefined);
  const evidenceDocument = doc.data ?? undefined;
  const production = asProductionEvidence(evidenceDocument);
  const index = Number((step.args as { index?: unknown }).index ?? 0);
  const title = step.name === "OrderShipped" ? "Shipment (final milestone)" : `Milestone ${index + 1}`;
  const site: EvidenceSite = {
    orderId: order.id,
    event: step.name as EvidenceSite["event"],
    blockNumber: step.blockNumber,
    evidenceHash: hash,
  };
  const { state, run } = useVerify(
    readClient && evidenceDocument !== undefined ? () => verifyEvidence(readClient, site, evidenceDocument) : undefined,
  );
  return (
    <li className="evidence-item" data-testid="evidence-item" data-evidence-event={step.name}>
      <div className="evidence-head">
        <div>
          <strong>{title}</strong> <span className="muted small">{formatDateTime(step.time)}</span>
          <div className="small">
            evidence <HashText value={hash} label="evidence hash" />{" "}
            {production ? (
              <Pill tone="accent">production evidence · {production.events.length} events</Pill>
            ) : evidenceDocument ? (
              <Pill tone="muted">production record</Pill>
            ) : null}
          </div>
        </div>
        <button
          type="button"
          className="btn btn-small"
          disabled={!readClient || evidenceDocument === undefined || state.kind === "running"}
          onClick={() => void run()}
          data-testid="verify-evidence"
        >
          {state.kind === "running" ? "Verifying…" : "Verify"}
        </button>
      </div>
      {!published || (!doc.isPending && evidenceDocument === undefined) ? (
        <p className="muted small">This node does not publish the document behind this hash.</p>
      ) : doc.isPending ? (
        <p className="muted small">Loading the document…</p>
      ) : production ? (
        <ProductionEvidenceView doc={production} />
      ) : (
        <p className="muted small">
          A production record without machine readings ({String(evidenceDocument?.kind ?? "document")}): its hash is
          checked, nothing more.
        </p>
      )}
      {state.kind === "done" && (
        <div className="verify-result" data-testid="evidence-verdict-box">
          <Verdict checks={state.result} testId="evidence-verdict" />
          <CheckList checks={state.result} testId="evidence-checks" />
        </div>
      )}
      {state.kind === "error" && (
        <p className="field-error" role="alert">
          Could not verify: {state.message}
        </p>
      )}
    </li>
  );
}

function TracedPart({ part }: { part: string }) {
  const history = usePartHistory(part);
  return (
    <li>
      <Link href={`/parts/${encodeURIComponent(part)}`}>{part}</Link>
      {history.data && (
        <>
          {" "}
          · {history.data.events.length} EPCIS events
          {history.data.custodian && (
            <>
              {" "}
              · custodian <AddressLink address={history.data.custodian} />
            </>
          )}
        </>
      )}
    </li>
  );
}

/** An order's evidence: each milestone's document with in-browser verification, and its traced parts. */
export function OrderEvidence({ order }: { order: OrderDetail }) {
  const steps = order.timeline.filter((s) => evidenceEvents.has(s.name) && s.evidenceHash);
  if (steps.length === 0) return null;
  return (
    <Card
      title="Evidence"
      id="evidence"
      subtitle="Each milestone's evidence document; Verify checks it in this browser against the chain alone."
    >
      <ol className="evidence-list">
        {steps.map((s) => (
          <EvidenceItem key={`${s.blockNumber}:${s.logIndex}`} order={order} step={s} />
        ))}
      </ol>
      {order.parts && order.parts.length > 0 && (
        <div className="evidence-trace" data-testid="order-parts">
          Parts traced with EPCIS events citing this evidence:
          <ul>
            {order.parts.map((part) => (
              <TracedPart key={part} part={part} />
            ))}
          </ul>
        </div>
      )}
    </Card>
  );
}
