// Every governed parameter (a set's members each on a row of their own): its value now, and each
// change — when, in which transaction, by which proposal and whose.
import { Link } from "wouter";
import { AddressLink, Card, ErrorNote, HashText, Loading } from "../../../components/ui.tsx";
import { formatDateTime } from "../../../lib/format.ts";
import { type GovernedParameter, type Proposal, useGovernedParameters } from "../api/governance.ts";
import { shortId } from "./ProposalControls.tsx";

function Change({
  change,
  proposals,
}: {
  change: GovernedParameter["history"][number];
  proposals: Map<string, Proposal>;
}) {
  const proposal = change.proposalId ? proposals.get(change.proposalId) : undefined;
  return (
    <span className="param-change">
      {change.proposalId ? (
        <>
          <Link href={`/governance/proposals/${change.proposalId}`} data-testid="param-proposal">
            {proposal?.title ?? `Proposal ${shortId(change.proposalId)}`}
          </Link>
          {proposal && (
            <span className="muted">
              {" "}
              by <AddressLink address={proposal.proposer} />
            </span>
          )}
        </>
      ) : (
        <span className="muted">set at deployment</span>
      )}
      <span className="tl-meta">
        {formatDateTime(change.at)} · tx <HashText value={change.txHash} label="transaction hash" />
      </span>
    </span>
  );
}

/** The governed parameters, linking each change to the proposal that made it (`proposals`: by id). */
export function ParametersCard({ proposals }: { proposals: Map<string, Proposal> }) {
  const q = useGovernedParameters();
  return (
    <Card
      title="Parameters"
      id="parameters"
      subtitle="What governance controls, each within bounds the contracts enforce. Live orders keep the values of their award."
    >
      {q.isPending ? (
        <Loading rows={4} />
      ) : q.error ? (
        <ErrorNote error={q.error} retry={() => void q.refetch()} />
      ) : (
        <div className="table-wrap">
          <table className="table params-table" data-testid="parameters">
            <thead>
              <tr>
                <th scope="col">Parameter</th>
                <th scope="col" className="num">
                  Value
                </th>
                <th scope="col">Last changed</th>
              </tr>
            </thead>
            <tbody>
              {q.data.items.map((p) => {
                const [latest, ...earlier] = [...p.history].sort((a, b) => b.blockNumber - a.blockNumber);
                return (
                  <tr
                    key={`${p.contract}.${p.name}.${p.member ?? ""}`}
                    data-parameter={p.name}
                    data-contract={p.contract}
                    data-member={p.member?.toLowerCase()}
                  >
                    <th scope="row">
                      <span className="param-name">{p.name}</span>
                      {p.member && (
                        <>
                          {" "}
                          <AddressLink address={p.member} />
                        </>
                      )}
                      <span className="muted small"> · {p.contract}</span>
                    </th>
                    <td className="num mono" data-testid="param-value">
                      {p.value}
                    </td>
                    <td>
                      {latest ? <Change change={latest} proposals={proposals} /> : <span className="muted">never</span>}
                      {earlier.length > 0 && (
                        <details className="param-history">
                          <summary>
                            {earlier.length === 1 ? "1 earlier value" : `${earlier.length} earlier values`}
                          </summary>
                          <ul>
                            {earlier.map((c) => (
                              <li key={c.txHash}>
                                <span className="mono">{c.value}</span> — <Change change={c} proposals={proposals} />
                              </li>
                            ))}
                          </ul>
                        </details>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}
