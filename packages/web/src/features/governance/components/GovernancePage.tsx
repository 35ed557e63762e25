// /governance: the proposals by state, your voting power, the treasury, the governed parameters and
// the delegates. DIP holders decide; the timelock carries out what passes.
import { useMemo, useState } from "react";
import { Link } from "wouter";
import { AddressLink, Card, Empty, ErrorNote, Loading, PageHead } from "../../../components/ui.tsx";
import { formatRelative } from "../../../lib/format.ts";
import { useChainNow, useTokenMeta } from "../../../lib/hooks.ts";
import { useSession } from "../../../lib/session.tsx";
import { type Proposal, type ProposalState, useDipToken, useProposals } from "../api/governance.ts";
import { shortProposalId } from "../events.ts";
import { DelegatesCard } from "./DelegatesCard.tsx";
import { DelegationCard } from "./DelegationCard.tsx";
import { ParametersCard } from "./ParametersCard.tsx";
import { ProposalStateBadge, proposalStateLabels, VoteBars } from "./ProposalBits.tsx";
import { TreasuryCard } from "./TreasuryCard.tsx";

/** The board's filters, in the order a proposal passes them; `all` first. */
const filters: readonly ("all" | ProposalState)[] = [
  "all",
  "Pending",
  "Active",
  "Succeeded",
  "Queued",
  "Executed",
  "Defeated",
  "Canceled",
];

function when(p: Proposal, now: number): string {
  switch (p.state) {
    case "Pending":
      return `voting opens ${formatRelative(p.voteStart, now)}`;
    case "Active":
      return `voting ends ${formatRelative(p.voteEnd, now)}`;
    case "Queued":
      return p.eta ? `executable ${formatRelative(p.eta, now)}` : "queued";
    default:
      return `voting ended ${formatRelative(p.voteEnd, now)}`;
  }
}

function ProposalRow({ proposal, now }: { proposal: Proposal; now: number }) {
  const dip = useTokenMeta(useDipToken());
  return (
    <li className="proposal-row" data-testid="proposal-row" data-state={proposal.state} data-id={proposal.id}>
      <div className="proposal-row-main">
        <div className="proposal-row-head">
          <Link href={`/governance/proposals/${proposal.id}`} className="proposal-title">
            {proposal.title}
          </Link>
          <ProposalStateBadge state={proposal.state} />
        </div>
        <div className="muted small">
          <span className="mono">{shortProposalId(proposal.id)}</span> · by{" "}
          <AddressLink address={proposal.proposer} plain /> ·{" "}
          {proposal.actions.length === 1 ? "1 call" : `${proposal.actions.length} calls`} · {when(proposal, now)}
        </div>
      </div>
      <VoteBars votes={proposal.votes} quorum={proposal.quorum} dip={dip} compact />
    </li>
  );
}

function Proposals({ proposals, now }: { proposals: Proposal[]; now: number }) {
  const [filter, setFilter] = useState<(typeof filters)[number]>("all");
  const count = (f: (typeof filters)[number]) =>
    f === "all" ? proposals.length : proposals.filter((p) => p.state === f).length;
  const shown = filter === "all" ? proposals : proposals.filter((p) => p.state === filter);
  return (
    <Card title="Proposals" id="proposals" subtitle="Latest first. Submit one with `dipnet gov propose`.">
      <fieldset className="chips proposal-filters" aria-label="Show proposals">
        {filters
          .filter((f) => f === "all" || f === filter || count(f) > 0)
          .map((f) => (
            <button
              key={f}
              type="button"
              className={`chip ${f === filter ? "chip-on" : ""}`}
              aria-pressed={f === filter}
              onClick={() => setFilter(f)}
            >
              {f === "all" ? "All" : proposalStateLabels[f]} <span className="chip-count">{count(f)}</span>
            </button>
          ))}
      </fieldset>
      {shown.length === 0 ? (
        <Empty title={proposals.length === 0 ? "No proposals yet" : "None in this state"} />
      ) : (
        <ul className="proposal-list" data-testid="proposals">
          {shown.map((p) => (
            <ProposalRow key={p.id} proposal={p} now={now} />
          ))}
        </ul>
      )}
    </Card>
  );
}

export function GovernancePage() {
  const { signer } = useSession();
  const dipToken = useDipToken();
  const now = useChainNow();
  const q = useProposals();
  const byId = useMemo(() => new Map((q.data ?? []).map((p) => [p.id, p])), [q.data]);
  return (
    <div className="stack" data-testid="governance-page">
      <PageHead
        title="Governance"
        lede="DIP holders decide the protocol's parameters, its members and its treasury by proposal; after a vote and the timelock's delay, the timelock carries out what passed. No account holds any other power."
      />
      {!dipToken ? (
        <Empty title="This network has no DAO">
          Its contracts are still owned by the account that deployed them; nothing here to vote on.
        </Empty>
      ) : (
        <>
          <div className="order-grid">
            <div className="stack">
              {q.isPending ? (
                <Loading rows={5} />
              ) : q.error ? (
                <ErrorNote error={q.error} retry={() => void q.refetch()} />
              ) : (
                <Proposals proposals={q.data} now={now} />
              )}
            </div>
            <aside className="stack">
              {signer ? (
                <DelegationCard address={signer.address} />
              ) : (
                <Card title="Voting power">
                  <p className="muted">Choose who to act as ("Act as" in the header) to see and delegate your votes.</p>
                </Card>
              )}
              <TreasuryCard />
            </aside>
          </div>
          <ParametersCard proposals={byId} />
          <DelegatesCard />
        </>
      )}
    </div>
  );
}
