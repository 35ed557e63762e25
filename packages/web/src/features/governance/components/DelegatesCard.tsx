// Who holds the votes: delegates by votes, with what they hold themselves and how many delegate to them.
import { AddressLink, Card, ErrorNote, Loading } from "../../../components/ui.tsx";
import { formatAmount } from "../../../lib/format.ts";
import { useTokenMeta } from "../../../lib/hooks.ts";
import { useDelegates, useDipToken } from "../api/governance.ts";

export function DelegatesCard() {
  const q = useDelegates();
  const dip = useTokenMeta(useDipToken());
  return (
    <Card title="Delegates" id="delegates" subtitle="Accounts holding votes, most first.">
      {q.isPending ? (
        <Loading rows={3} />
      ) : q.error ? (
        <ErrorNote error={q.error} retry={() => void q.refetch()} />
      ) : q.data.items.length === 0 ? (
        <p className="muted">Nobody has delegated yet: no DIP counts in votes.</p>
      ) : (
        <ol className="delegates" data-testid="delegates">
          {q.data.items.map((d) => (
            <li key={d.address} className="delegate">
              <AddressLink address={d.address} />
              <span className="delegate-votes">{formatAmount(d.votes, dip)}</span>
              <span className="muted small">
                {d.delegators === 1 ? "1 delegator" : `${d.delegators} delegators`} · holds{" "}
                {formatAmount(d.balance, dip)}
              </span>
            </li>
          ))}
        </ol>
      )}
    </Card>
  );
}
