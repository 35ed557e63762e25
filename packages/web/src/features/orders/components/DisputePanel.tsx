import { AddressLink, Card, HashText } from "../../../components/ui.tsx";
import type { OrderDetail } from "../../../lib/api.ts";
import { formatBps, formatDateTime } from "../../../lib/format.ts";

const disputeEvents = new Set(["DisputeOpened", "EvidenceSubmitted", "DisputeResolved", "DisputeExpired"]);
const headings: Record<string, string> = {
  DisputeOpened: "Opened",
  EvidenceSubmitted: "Evidence",
  DisputeResolved: "Ruling",
  DisputeExpired: "Expired unruled",
};

/** The dispute record: who opened it, the evidence each side filed, and the ruling (or its expiry). */
export function DisputePanel({ order }: { order: OrderDetail }) {
  const steps = order.timeline.filter((s) => disputeEvents.has(s.name));
  if (steps.length === 0) return null;
  return (
    <Card title="Dispute record" id="dispute" className="card-warn">
      <ul className="dispute-list">
        {steps.map((s) => (
          <li key={`${s.blockNumber}:${s.logIndex}`}>
            <div className="dispute-head">
              <strong>{headings[s.name]}</strong>
              <span className="muted">{formatDateTime(s.time)}</span>
            </div>
            {s.name === "DisputeResolved" ? (
              <div>
                <AddressLink address={s.args.arbiter as string} /> refunded {formatBps(Number(s.args.refundBps))} of the
                unreleased price and slashed {formatBps(Number(s.args.slashBps))} of the bond.
              </div>
            ) : s.name === "DisputeExpired" ? (
              <div>
                No arbiter ruled by the ruling end; <AddressLink address={s.args.by as string} /> ended it by the
                contract's default: {formatBps(Number(s.args.refundBps))} of the unreleased price refunded, the bond
                released.
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
      {order.status === "Disputed" && (
        <p className="muted">
          Waiting for an arbiter admitted by governance to rule
          {order.rulingEnds
            ? ` until ${formatDateTime(order.rulingEnds)}; after that anyone may end the dispute by the contract's default`
            : ""}
          .
        </p>
      )}
    </Card>
  );
}
