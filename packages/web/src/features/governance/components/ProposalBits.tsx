// Pieces every governance view shares: a proposal's state badge, its vote bars against the quorum,
// and its progress from submission to execution.
import type { CSSProperties, ReactNode } from "react";
import { formatAmount, formatDateTime, type TokenMeta } from "../../../lib/format.ts";
import type { Proposal, ProposalDetail, ProposalState } from "../api/governance.ts";

/** Readable names of proposal states. */
export const proposalStateLabels: Record<ProposalState, string> = {
  Pending: "Voting soon",
  Active: "Voting",
  Canceled: "Withdrawn",
  Defeated: "Defeated",
  Succeeded: "Passed",
  Queued: "Queued",
  Executed: "Executed",
};

export function ProposalStateBadge({ state, size }: { state: ProposalState; size?: "lg" }) {
  return (
    <span
      className={`badge proposal-${state.toLowerCase()} ${size === "lg" ? "badge-lg" : ""}`}
      data-testid="proposal-state"
      data-state={state}
    >
      <span className="badge-dot" aria-hidden="true" />
      {proposalStateLabels[state]}
    </span>
  );
}

const choices = [
  { key: "for", label: "For" },
  { key: "against", label: "Against" },
  { key: "abstain", label: "Abstain" },
] as const;

/**
 * For, against and abstain as bars on one scale, crossed by the quorum line: a proposal passes
 * with more for than against once for and abstain together reach the quorum.
 */
export function VoteBars({
  votes,
  quorum,
  dip,
  compact,
}: {
  votes: Proposal["votes"];
  quorum: string;
  dip: TokenMeta | undefined;
  compact?: boolean;
}) {
  const amounts = { for: BigInt(votes.for), against: BigInt(votes.against), abstain: BigInt(votes.abstain) };
  const quorumVotes = BigInt(quorum);
  const towardQuorum = amounts.for + amounts.abstain;
  const largest = [amounts.for, amounts.against, amounts.abstain, quorumVotes].reduce((a, b) => (b > a ? b : a), 1n);
  // Headroom past the largest bar, so the quorum line never sits on the card's edge.
  const scale = Number(largest) * 1.15;
  const fraction = (v: bigint) => Number(v) / scale;
  const share = (v: bigint) => `${(fraction(v) * 100).toFixed(2)}%`;
  const summary = `For ${formatAmount(amounts.for, dip)}, against ${formatAmount(amounts.against, dip)}, abstain ${formatAmount(amounts.abstain, dip)}; quorum ${formatAmount(quorumVotes, dip)}, ${towardQuorum >= quorumVotes ? "reached" : "not reached"}`;
  return (
    <figure className={`vote-bars ${compact ? "vote-bars-compact" : ""}`} data-testid="vote-bars" aria-label={summary}>
      <div className="vote-rows">
        {choices.map(({ key, label }) => (
          <div key={key} className={`vote-row vote-${key}`} data-choice={key} data-votes={amounts[key].toString()}>
            <span className="vote-label">{label}</span>
            <span className="vote-track">
              <span className="vote-fill" style={{ width: share(amounts[key]) }} />
            </span>
            <span className="vote-amount">{formatAmount(amounts[key], dip)}</span>
          </div>
        ))}
        {quorumVotes > 0n && (
          <span className="quorum-line" style={{ "--q": fraction(quorumVotes) } as CSSProperties} aria-hidden="true" />
        )}
      </div>
      {!compact && (
        <figcaption className="vote-caption">
          <span className="quorum-key" aria-hidden="true" /> Quorum {formatAmount(quorumVotes, dip)} (for + abstain):{" "}
          {towardQuorum >= quorumVotes ? (
            <strong className="ok-text">reached</strong>
          ) : (
            <span>{formatAmount(quorumVotes - towardQuorum, dip)} to go</span>
          )}
        </figcaption>
      )}
    </figure>
  );
}

type Step = ProposalDetail["timeline"][number]["state"];
const path: readonly Step[] = ["created", "active", "succeeded", "queued", "executed"];
const stepLabels: Record<Step, string> = {
  created: "Submitted",
  active: "Voting",
  succeeded: "Passed",
  defeated: "Defeated",
  queued: "Queued",
  executed: "Executed",
  canceled: "Withdrawn",
};

/** The path created → active → succeeded → queued → executed, cut short where a proposal was defeated or withdrawn. */
export function ProposalProgress({ proposal, now }: { proposal: ProposalDetail; now: number }) {
  const reached = new Map(proposal.timeline.map((t) => [t.state, t.at]));
  const end = (["defeated", "canceled"] as const).find((s) => reached.has(s));
  const steps: Step[] = end ? [...path.filter((s) => reached.has(s)), end] : [...path];
  // What is expected next, and when: it reads "voting opens …", "voting ends …" under a step not reached yet.
  const expected: Partial<Record<Step, ReactNode>> = {
    active: now < proposal.voteStart ? `opens ${formatDateTime(proposal.voteStart)}` : undefined,
    succeeded: `vote ends ${formatDateTime(proposal.voteEnd)}`,
    executed: proposal.eta ? `from ${formatDateTime(proposal.eta)}` : undefined,
  };
  const current = steps.findLastIndex((s) => reached.has(s));
  return (
    <ol
      className={`stepper proposal-steps ${end ? "stepper-off" : ""}`}
      style={{ "--steps": steps.length } as CSSProperties}
      aria-label="Proposal progress"
      data-testid="proposal-progress"
    >
      {steps.map((s, i) => {
        const at = reached.get(s);
        const state =
          s === end
            ? "bad"
            : at !== undefined && (i < current || s === "executed")
              ? "done"
              : i === current
                ? "current"
                : "todo";
        return (
          <li
            key={s}
            className={`step step-${state === "bad" ? "current step-bad" : state}`}
            aria-current={i === current ? "step" : undefined}
            data-step={s}
            data-reached={at !== undefined}
          >
            <span className="step-mark" aria-hidden="true">
              {state === "done" ? "✓" : state === "bad" ? "✕" : i + 1}
            </span>
            <span className="step-text">
              <span className="step-label">{stepLabels[s]}</span>
              <span className="step-when">{at !== undefined ? formatDateTime(at) : expected[s]}</span>
            </span>
          </li>
        );
      })}
    </ol>
  );
}
