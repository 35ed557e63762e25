// A manufacturer's reputation as the node serves it (`scorecard` of GET /api/participants/:address,
// the SDK's computeScorecard over on-chain events — equal to `dipnet reputation`): the full card on
// profiles, a compact line next to each bid.
import { Pill } from "../../../components/ui.tsx";
import type { Scorecard } from "../../../lib/api.ts";
import { formatAmount, formatDuration } from "../../../lib/format.ts";
import { useTokenMeta } from "../../../lib/hooks.ts";
import { deliveriesText, onTimeMeaning, onTimeText, percent } from "../../../lib/orders.ts";
import { useParticipant } from "../api/participant.ts";

function Score({ label, value, detail }: { label: string; value: string | number; detail?: string }) {
  return (
    <div className="score">
      <div className="score-value">{value}</div>
      <div className="score-label">{label}</div>
      {detail && <div className="score-detail">{detail}</div>}
    </div>
  );
}

function CompletedValue({ token, amount }: { token: string; amount: string }) {
  const meta = useTokenMeta(token);
  return <span>{formatAmount(amount, meta)}</span>;
}

/** The full scorecard (profile page). */
export function ScorecardView({ card }: { card: Scorecard }) {
  const d = card.disputes;
  const values = Object.entries(card.completedValue);
  return (
    <>
      <div className="scorecard" data-testid="scorecard">
        <Score label="On time" value={onTimeText(card)} detail={deliveriesText(card)} />
        <Score
          label="Dispute rate"
          value={percent(d.rate)}
          detail={`${d.opened} of ${card.awarded} orders · ${d.open} open`}
        />
        <Score
          label="Completed"
          value={card.completedOrders}
          detail={values.length === 0 ? "no value yet" : undefined}
        />
        <Score
          label="First bid after RFQ"
          value={card.responseTime.medianSeconds === null ? "—" : formatDuration(card.responseTime.medianSeconds)}
          detail={
            card.responseTime.meanSeconds === null
              ? "no bids yet"
              : `median · mean ${formatDuration(card.responseTime.meanSeconds)} · ${card.responseTime.samples} bids`
          }
        />
      </div>
      <p className="muted small" data-testid="scorecard-detail" style={{ marginBottom: 0 }}>
        Completed value:{" "}
        {values.length === 0
          ? "none"
          : values.map(([token, amount], i) => (
              <span key={token}>
                {i > 0 && " + "}
                <CompletedValue token={token} amount={amount} />
              </span>
            ))}{" "}
        · won {card.awarded} of {card.ordersBidOn} orders bid on ({percent(card.winRate)}) · rulings: {d.makerFavoured}{" "}
        for the maker, {d.customerFavoured} for the customer, {d.split} split, {d.slashed} with the bond slashed
        {d.expired > 0 ? `, ${d.expired} ended unruled` : ""} · on time means {onTimeMeaning}
      </p>
    </>
  );
}

/** A response time in words: `under a minute`, `20 min`. */
const responseTime = (seconds: number) => (seconds < 60 ? "under a minute" : formatDuration(seconds));

/** A bidder's record in four labelled figures, next to its bid (order page). */
export function BidderScore({ maker }: { maker: string }) {
  const q = useParticipant(maker);
  const card = q.data?.scorecard;
  if (!card) return null;
  const d = card.disputes;
  const response = card.responseTime.medianSeconds;
  return (
    <ul className="bidder-score" data-testid="bidder-score" aria-label="Track record">
      <li title={`On time: ${onTimeMeaning}`}>
        <strong>{onTimeText(card)}</strong> on time
      </li>
      <li>
        <strong>{card.completedOrders}</strong> completed
      </li>
      <li title={`${d.opened} disputes of ${card.awarded} awarded orders`}>
        <strong>{percent(d.rate)}</strong> disputed
        {card.awarded > 0 && (
          <span className="muted">
            {" "}
            ({d.opened} of {card.awarded})
          </span>
        )}
      </li>
      <li title="Response time: the median time from an RFQ being posted to this maker's first bid on it">
        {response === null ? (
          <span className="muted">no response time yet</span>
        ) : (
          <>
            first bid <strong>{responseTime(response)}</strong> after the RFQ
          </>
        )}
      </li>
      {card.awarded === 0 && (
        <li>
          <Pill tone="muted">new</Pill>
        </li>
      )}
    </ul>
  );
}
