// What the proposal page lets an account do: vote while voting is open, queue a proposal that
// passed, execute it once the timelock's delay has run. Free of React so node can test it. The
// Governor has the last word; this only disables controls it would refuse, and says why.
import type { ProposalState } from "./api/governance.ts";

/** A control of the proposal page. */
export type ProposalControl = "vote" | "queue" | "execute";

/** Whether a control applies now; when it does not, why, in words. */
export type ControlAvailability = { enabled: true } | { enabled: false; reason: string };

/** What the decision reads of a proposal: its state and times (unix seconds). */
export type ControllableProposal = { state: ProposalState; voteStart: number; voteEnd: number; eta: number | null };

/** The acting account's part in the proposal: how it voted, if it did. */
export type Voter = { address: string; voted: "for" | "against" | "abstain" | undefined };

const closedBecause: Record<ProposalState, string> = {
  Pending: "voting has not opened yet",
  Active: "voting is still open",
  Canceled: "the proposal was withdrawn",
  Defeated: "the proposal was defeated",
  Succeeded: "the proposal passed and awaits queueing",
  Queued: "the proposal is queued in the timelock",
  Executed: "the proposal has been executed",
};

/**
 * Each control's availability for `voter` (none: a viewer) on `proposal` at chain time `now`.
 * Queueing and execution are open to anyone; voting to every account, once.
 */
export function proposalControls(
  proposal: ControllableProposal,
  voter: Voter | undefined,
  now: number,
): Record<ProposalControl, ControlAvailability> {
  const { state } = proposal;
  const no = (reason: string): ControlAvailability => ({ enabled: false, reason });
  const yes: ControlAvailability = { enabled: true };
  const noSigner = no('choose who to act as ("Act as" in the header)');
  return {
    vote: !voter
      ? noSigner
      : state !== "Active"
        ? no(closedBecause[state])
        : voter.voted
          ? no(`you voted ${voter.voted === "abstain" ? "to abstain" : voter.voted}`)
          : yes,
    queue: !voter ? noSigner : state === "Succeeded" ? yes : no(queueBlockedBecause(state)),
    execute: !voter
      ? noSigner
      : state !== "Queued"
        ? no(state === "Succeeded" ? "the proposal must be queued first" : closedBecause[state])
        : proposal.eta !== null && now < proposal.eta
          ? no("the timelock's delay has not passed yet")
          : yes,
  };
}

function queueBlockedBecause(state: ProposalState): string {
  if (state === "Pending" || state === "Active") return "only a proposal that passed can be queued";
  return closedBecause[state];
}
