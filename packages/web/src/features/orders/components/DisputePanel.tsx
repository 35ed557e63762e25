import { AddressLink, Card, HashText } from "../../../components/ui.tsx";
import type { OrderDetail } from "../../../lib/api.ts";
import { formatBps, formatDateTime } from "../../../lib/format.ts";

const disputeEvents = new Set(["DisputeOpened", "EvidenceSubmitted", "DisputeResolved"]);

/** The dispute record: who opened it, the evidence each side filed, and the ruling. */
export function DisputePanel({ order }: { order: OrderDetail }) {
  const steps = order.timeline.filter((s) => disputeEvents.has(s.name));
  if (steps.length === 0) return null;
  return (
    <Card title="Dispute record" id="dispute" className="card-warn">
      <ul className="dispute-list">
        {steps.map((s) => (
          <li key={`${s.blockNumber}:${s.logIndex}`}>
            <div className="dispute-head">
              <strong>
                {s.name === "DisputeOpened" ? "Opened" : s.name === "EvidenceSubmitted" ? "Evidence" : "Ruling"}
              </strong>
              <span className="muted">{formatDateTime(s.time)}</span>
            </div>
            {s.name === "DisputeResolved" ? (
              <div>
                <AddressLink address={s.args.arbiter as string} /> refunded {formatBps(Number(s.args.refundBps))} of the
                unreleased price and slashed {formatBps(Number(s.args.slashBps))} of the bond.
              </div>
            ) : (
              <div>
                by <AddressLink address={s.args.by as string} /> · evidence{" "}
                <HashText value={s.evidenceHash} label="evidence hash" />
              </div>
            )}
          </li>
        ))}
      </ul>
      {order.status === "Disputed" && <p className="muted">Waiting for an arbiter admitted by governance to rule.</p>}
    </Card>
  );
}
