// Governance events as the activity feed tells them: proposals submitted, votes, queueing,
// execution, delegation. The bookkeeping events behind them (checkpoints, timelock calls, token
// transfers) say nothing new and stay out of the feed.

/** Governance events the feed leaves out: each repeats what a told event says. */
export const quietGovernanceEvents = [
  "DelegateVotesChanged",
  "Transfer",
  "CallScheduled",
  "CallExecuted",
  "CallSalt",
  "ProposalThresholdSet",
] as const;

/** `#101146…5480`: proposal ids are 256-bit hashes. */
export function shortProposalId(id: string): string {
  return id.length > 12 ? `#${id.slice(0, 6)}…${id.slice(-4)}` : `#${id}`;
}

const supportWords = ["voted against", "voted for", "abstained"] as const;

/**
 * A governance event in words, and the proposal it concerns (the feed links it before the words,
 * as it does an order); undefined for an event that is no governance event. `nameOf` names accounts.
 */
export function describeGovernanceEvent(
  name: string,
  args: Record<string, unknown>,
  nameOf: (address: string) => string | undefined,
): { title: string; proposalId: string | undefined } | undefined {
  const who = (a: unknown) => (typeof a === "string" ? (nameOf(a) ?? `${a.slice(0, 8)}…`) : "someone");
  const proposalId = args.proposalId === undefined ? undefined : String(args.proposalId);
  switch (name) {
    case "ProposalCreated": {
      const title = String(args.description ?? "")
        .split("\n")[0]
        ?.replace(/^#+\s*/, "");
      return { title: `Proposed by ${who(args.proposer)}: “${title}”`, proposalId };
    }
    case "VoteCast":
    case "VoteCastWithParams":
      return { title: `${who(args.voter)} ${supportWords[Number(args.support)] ?? "voted"}`, proposalId };
    case "ProposalQueued":
      return { title: "Queued in the timelock", proposalId };
    case "ProposalExecuted":
      return { title: "Executed by the timelock", proposalId };
    case "ProposalCanceled":
      return { title: "Withdrawn by its proposer", proposalId };
    case "DelegateChanged":
      return {
        title:
          String(args.delegator).toLowerCase() === String(args.toDelegate).toLowerCase()
            ? `${who(args.delegator)} now casts their own DIP votes`
            : `${who(args.delegator)} delegated their DIP votes to ${who(args.toDelegate)}`,
        proposalId: undefined,
      };
    default:
      return undefined;
  }
}
