// One proposal: what it does (its calls decoded), how the vote stands against the quorum, its path
// from submission to execution, every vote with its reason, and what the acting account can do.

import { Link } from "wouter";
import { AddressLink, Card, Empty, ErrorNote, HashText, Loading, PageHead } from "../../../components/ui.tsx";
import { ApiError } from "../../../lib/api.ts";
import { formatAmount, formatDateTime, formatRelative } from "../../../lib/format.ts";
import { useChainNow, useTokenMeta } from "../../../lib/hooks.ts";
import { type ProposalDetail, useDipToken, useProposal } from "../api/governance.ts";
import { proposalBody } from "../description.ts";
import { shortProposalId } from "../events.ts";
import { ProposalProgress, ProposalStateBadge, VoteBars } from "./ProposalBits.tsx";
import { ProposalControls } from "./ProposalControls.tsx";

const supportLabels = { for: "For", against: "Against", abstain: "Abstain" } as const;

function Ballots({ proposal }: { proposal: ProposalDetail }) {
  const dip = useTokenMeta(useDipToken());
  if (proposal.ballots.length === 0) return <Empty title="No votes yet" />;
  return (
    <ul className="ballots" data-testid="ballots">
      {proposal.ballots.map((b) => (
        <li key={b.txHash} className="ballot" data-voter={b.voter.toLowerCase()} data-support={b.support}>
          <div className="ballot-head">
            <AddressLink address={b.voter} />
            <span className={`vote-tag vote-${b.support}`}>{supportLabels[b.support]}</span>
            <span className="ballot-weight">{formatAmount(b.weight, dip)}</span>
          </div>
          {b.reason && <blockquote className="ballot-reason">{b.reason}</blockquote>}
          <div className="tl-meta">
            <time dateTime={new Date(b.at * 1000).toISOString()}>{formatDateTime(b.at)}</time>
            <span>
              tx <HashText value={b.txHash} label="transaction hash" />
            </span>
          </div>
        </li>
      ))}
    </ul>
  );
}

export function ProposalPage({ id }: { id: string }) {
  const valid = /^\d+$/.test(id);
  const q = useProposal(id);
  const now = useChainNow();
  const dip = useTokenMeta(useDipToken());
  if (!valid) return <Empty title="No such proposal">Proposal ids are whole numbers.</Empty>;
  if (q.isPending) return <Loading rows={8} label="Loading the proposal…" />;
  if (q.error) {
    if (q.error instanceof ApiError && q.error.status === 404)
      return (
        <Empty
          title={`Proposal ${shortProposalId(id)} is not known`}
          action={<Link href="/governance">All proposals</Link>}
        >
          It may not have been indexed yet, or the id is wrong.
        </Empty>
      );
    return <ErrorNote error={q.error} retry={() => void q.refetch()} />;
  }
  const proposal = q.data;
  const text = proposalBody(proposal);
  return (
    <div className="stack" data-testid="proposal-page" data-state={proposal.state}>
      <nav className="crumbs" aria-label="Breadcrumb">
        <Link href="/governance">Governance</Link> <span aria-hidden="true">/</span>{" "}
        <span className="mono">{shortProposalId(proposal.id)}</span>
      </nav>
      <PageHead
        title={proposal.title}
        lede={
          <>
            Proposed by <AddressLink address={proposal.proposer} /> · {formatDateTime(proposal.createdAt)} ·{" "}
            {now < proposal.voteStart
              ? `voting opens ${formatRelative(proposal.voteStart, now)}`
              : now < proposal.voteEnd
                ? `voting ends ${formatRelative(proposal.voteEnd, now)}`
                : `voting ended ${formatDateTime(proposal.voteEnd)}`}
          </>
        }
        aside={<ProposalStateBadge state={proposal.state} size="lg" />}
      />
      <ProposalProgress proposal={proposal} now={now} />
      <div className="order-grid">
        <div className="stack">
          <Card title="What it does" subtitle="The calls the timelock makes if the proposal passes, decoded.">
            <ol className="call-list" data-testid="proposal-calls">
              {proposal.actions.map((a, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: a proposal's calls are fixed, and may repeat
                <li key={i}>
                  <code className="call-text">{a.text}</code>
                  {a.value !== "0" && (
                    <span className="muted small">
                      {" "}
                      · sends {formatAmount(a.value, { symbol: "ETH", decimals: 18 })}
                    </span>
                  )}
                </li>
              ))}
            </ol>
            {text && <p className="proposal-body">{text}</p>}
          </Card>
          <Card title="Votes" id="votes" subtitle="Each vote weighs the DIP delegated to its voter when voting opened.">
            <VoteBars votes={proposal.votes} quorum={proposal.quorum} dip={dip} />
            <Ballots proposal={proposal} />
          </Card>
        </div>
        <aside className="stack">
          <ProposalControls proposal={proposal} />
        </aside>
      </div>
    </div>
  );
}
