// The treasury: the timelock's balance per token, and what came in (fees, transfers) and went out
// (by proposal).
import { Link } from "wouter";
import { AddressLink, Card, ErrorNote, HashText, Loading } from "../../../components/ui.tsx";
import { formatAmount, formatDateTime } from "../../../lib/format.ts";
import { useTokenMeta } from "../../../lib/hooks.ts";
import { useTreasury } from "../api/governance.ts";
import { shortProposalId } from "../events.ts";

const kindLabels = { fee: "Protocol fee", in: "Received", out: "Paid out" } as const;

function TokenAmount({
  token,
  amount,
  sign = "",
  className,
}: {
  token: string;
  amount: string;
  sign?: string;
  className: string;
}) {
  const meta = useTokenMeta(token);
  return (
    <span className={className}>
      {sign}
      {formatAmount(amount, meta)}
    </span>
  );
}

export function TreasuryCard() {
  const q = useTreasury();
  const treasury = q.data;
  return (
    <Card
      title="Treasury"
      id="treasury"
      subtitle={
        <>
          Fees accrue to the timelock
          {treasury && (
            <>
              {" "}
              (<AddressLink address={treasury.address} plain />)
            </>
          )}
          ; only a proposal can spend them.
        </>
      }
    >
      {q.isPending ? (
        <Loading rows={3} />
      ) : q.error ? (
        <ErrorNote error={q.error} retry={() => void q.refetch()} />
      ) : (
        <>
          {q.data.balances.length === 0 && q.data.history.length === 0 && (
            <p className="muted">Nothing held yet: fees arrive as orders settle.</p>
          )}
          {q.data.balances.length > 0 && (
            <div className="treasury-balances" data-testid="treasury-balances">
              {q.data.balances.map((b) => (
                <div key={b.token} className="treasury-balance" data-token={b.token.toLowerCase()}>
                  <TokenAmount token={b.token} amount={b.amount} className="treasury-amount" />
                </div>
              ))}
            </div>
          )}
          {q.data.history.length > 0 && (
            <ul className="treasury-history" data-testid="treasury-history">
              {q.data.history.map((h) => (
                <li key={`${h.txHash}:${h.kind}:${h.token}`} className={`treasury-move move-${h.kind}`}>
                  <span className="move-kind">{kindLabels[h.kind]}</span>
                  <TokenAmount
                    token={h.token}
                    amount={h.amount}
                    sign={h.kind === "out" ? "−" : "+"}
                    className="move-amount"
                  />
                  <span className="move-who">
                    {h.kind === "out" ? "to " : "from "}
                    <AddressLink address={h.counterparty} />
                    {h.proposalId && (
                      <>
                        {" "}
                        by{" "}
                        <Link href={`/governance/proposals/${h.proposalId}`}>
                          proposal {shortProposalId(h.proposalId)}
                        </Link>
                      </>
                    )}
                  </span>
                  <span className="tl-meta">
                    {formatDateTime(h.at)} · tx <HashText value={h.txHash} label="transaction hash" />
                  </span>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </Card>
  );
}
