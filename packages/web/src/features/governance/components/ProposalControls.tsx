// The proposal page's Vote, Queue and Execute: each signs with the acting account through the SDK,
// says beforehand what its transaction does, and shows the Governor's refusal in words beside it.
import { type FormEvent, type ReactNode, useState } from "react";
import type { Address } from "viem";
import { SignerHint } from "../../../app/AccountMenu.tsx";
import { ActionFeedback, Card, capitalize, Field, OutcomeText, SubmitRow } from "../../../components/ui.tsx";
import { formatAmount, formatDateTime, formatDuration, formatRelative, type TokenMeta } from "../../../lib/format.ts";
import {
  type ActionOutcome,
  type ActionState,
  OrphanedOutcomeContext,
  useChainAction,
  useChainNow,
  useChainRead,
  useTokenMeta,
} from "../../../lib/hooks.ts";
import { castVote, dipnetTimelockAbi, dipTokenAbi, execute, queue, type VoteChoice } from "../../../lib/sdk.ts";
import { useSession } from "../../../lib/session.tsx";
import { type ControlAvailability, proposalControls } from "../actions.ts";
import { type ProposalDetail, proposalContent, useDipToken } from "../api/governance.ts";
import { shortProposalId } from "../events.ts";

function Control({
  title,
  testId,
  availability,
  children,
}: {
  title: string;
  testId: string;
  availability: ControlAvailability;
  children: ReactNode;
}) {
  return (
    <div className={`action-section ${availability.enabled ? "" : "action-off"}`} data-testid={testId}>
      <h3 className="action-title">{title}</h3>
      {children}
      {!availability.enabled && (
        <p className="field-hint" data-testid={`${testId}-why-not`}>
          {capitalize(availability.reason)}.
        </p>
      )}
    </div>
  );
}

const voteOptions: { value: VoteChoice; label: string }[] = [
  { value: "for", label: "For" },
  { value: "against", label: "Against" },
  { value: "abstain", label: "Abstain" },
];

/** The acting account's votes at the proposal's snapshot: what its ballot weighs. */
function useVotesAtSnapshot(account: string | undefined, snapshot: number, now: number) {
  const dipToken = useDipToken();
  return useChainRead(
    ["votesAtSnapshot", account?.toLowerCase(), snapshot],
    (rc) =>
      rc.publicClient.readContract({
        address: dipToken as Address,
        abi: dipTokenAbi,
        functionName: "getPastVotes",
        args: [account as Address, BigInt(snapshot)],
      }),
    // The token answers only for a moment in the past.
    { enabled: Boolean(account && dipToken) && snapshot < now, retry: 0 },
  );
}

function VoteForm({
  proposal,
  availability,
  dip,
  now,
}: {
  proposal: ProposalDetail;
  availability: ControlAvailability;
  dip: TokenMeta | undefined;
  now: number;
}) {
  const { signer } = useSession();
  const [choice, setChoice] = useState<VoteChoice>("for");
  const [reason, setReason] = useState("");
  const weight = useVotesAtSnapshot(signer?.address, proposal.voteStart, now);
  const action = useChainAction(castVote, "Vote recorded");
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void action.run({ proposalId: BigInt(proposal.id), choice, reason: reason.trim() || undefined });
  };
  const off = !availability.enabled;
  return (
    <Control title="Vote" testId="vote-section" availability={availability}>
      <form className="form" onSubmit={submit} noValidate>
        <fieldset className="vote-choice" disabled={off}>
          <legend className="sr-only">Your vote</legend>
          {voteOptions.map((o) => (
            <label
              key={o.value}
              className={`vote-option vote-${o.value} ${choice === o.value ? "vote-option-on" : ""}`}
            >
              <input
                type="radio"
                name="vote-choice"
                value={o.value}
                checked={choice === o.value}
                onChange={() => setChoice(o.value)}
              />
              {o.label}
            </label>
          ))}
        </fieldset>
        <Field label="Reason (optional, recorded on chain)" htmlFor="vote-reason">
          <textarea
            id="vote-reason"
            rows={2}
            maxLength={1000}
            value={reason}
            disabled={off}
            onChange={(e) => setReason(e.target.value)}
            placeholder="Why you vote this way"
          />
        </Field>
        {availability.enabled && (
          <p className="muted small" data-testid="vote-preview">
            Casts {weight.data !== undefined ? <strong>{formatAmount(weight.data, dip)}</strong> : "your votes"} — the
            DIP delegated to you at the snapshot ({formatDateTime(proposal.voteStart)}) —{" "}
            <strong>{choice === "abstain" ? "as an abstention" : choice}</strong> on proposal{" "}
            {shortProposalId(proposal.id)}
            {reason.trim() ? ", with your reason" : ""}. A vote cannot be changed.
          </p>
        )}
        <SubmitRow action={action} label="Cast vote" disabled={off} testId="vote-submit" />
      </form>
    </Control>
  );
}

function QueueControl({ proposal, availability }: { proposal: ProposalDetail; availability: ControlAvailability }) {
  const { cfg } = useSession();
  const timelock = cfg?.contracts.timelock as Address | undefined;
  const delay = useChainRead(
    ["timelockDelay", timelock],
    (rc) =>
      rc.publicClient.readContract({
        address: timelock as Address,
        abi: dipnetTimelockAbi,
        functionName: "getMinDelay",
      }),
    { enabled: Boolean(timelock), staleTime: 60_000 },
  );
  const action = useChainAction(queue, "Queued in the timelock");
  const calls = proposal.actions.length;
  return (
    <Control title="Queue" testId="queue-section" availability={availability}>
      <p className="muted small" data-testid="queue-preview">
        Schedules the proposal's {calls === 1 ? "call" : `${calls} calls`} in the timelock
        {delay.data !== undefined
          ? `; they can be executed ${formatDuration(Number(delay.data))} later, when the timelock's delay has passed`
          : ""}
        . Anyone may queue a proposal that passed.
      </p>
      <ActionButton
        label="Queue"
        disabled={!availability.enabled}
        action={action}
        onClick={() => void action.run(proposalContent(proposal))}
        testId="queue-submit"
      />
    </Control>
  );
}

function ExecuteControl({
  proposal,
  availability,
  now,
}: {
  proposal: ProposalDetail;
  availability: ControlAvailability;
  now: number;
}) {
  const action = useChainAction(execute, "Executed");
  return (
    <Control title="Execute" testId="execute-section" availability={availability}>
      <div className="muted small" data-testid="execute-preview">
        The timelock makes {proposal.actions.length === 1 ? "this call" : "these calls"}, in order
        {proposal.eta ? `, from ${formatDateTime(proposal.eta)} (${formatRelative(proposal.eta, now)})` : ""}:
        <ol className="call-list call-list-small">
          {proposal.actions.map((a, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: a proposal's calls are fixed, and may repeat
            <li key={i} className="mono">
              {a.text}
            </li>
          ))}
        </ol>
      </div>
      <ActionButton
        label="Execute"
        disabled={!availability.enabled}
        action={action}
        onClick={() => void action.run(proposalContent(proposal))}
        testId="execute-submit"
      />
    </Control>
  );
}

function ActionButton<R>({
  label,
  disabled,
  action,
  onClick,
  testId,
}: {
  label: string;
  disabled: boolean;
  action: { pending: boolean; state: ActionState<R> };
  onClick: () => void;
  testId: string;
}) {
  return (
    <div className="simple-action">
      <button
        type="button"
        className="btn btn-primary"
        disabled={disabled || action.pending}
        onClick={onClick}
        data-testid={testId}
      >
        {action.pending ? "Sending…" : label}
      </button>
      <ActionFeedback state={action.state} />
    </div>
  );
}

/** What a proposal that reached the end of its path says instead of its controls. */
const finalWords: Partial<Record<ProposalDetail["state"], string>> = {
  Executed: "The timelock has carried it out.",
  Defeated: "It did not pass: nothing will be carried out.",
  Canceled: "Its proposer withdrew it before voting opened.",
};

/** Vote, Queue and Execute, each enabled only in the states where it applies. */
export function ProposalControls({ proposal }: { proposal: ProposalDetail }) {
  const { signer } = useSession();
  const now = useChainNow();
  const dip = useTokenMeta(useDipToken());
  const mine = signer && proposal.ballots.find((b) => b.voter.toLowerCase() === signer.address.toLowerCase());
  const controls = proposalControls(proposal, signer && { address: signer.address, voted: mine?.support }, now);
  // The success of the action that ended the proposal's path (execution), whose control went with it.
  const [orphaned, setOrphaned] = useState<ActionOutcome | undefined>(undefined);
  const ended = finalWords[proposal.state];
  return (
    <Card title="What you can do" id="proposal-actions" className="card-actions-panel">
      {orphaned && (
        <div className="feedback feedback-ok" role="status" data-testid="action-outcome">
          <OutcomeText outcome={orphaned} />
        </div>
      )}
      {ended ? (
        <p className="muted" data-testid="proposal-ended">
          Nothing more to do on this proposal. {ended}
        </p>
      ) : (
        <>
          {!signer && (
            <p>
              <SignerHint to="vote, queue or execute" />
            </p>
          )}
          <OrphanedOutcomeContext.Provider value={setOrphaned}>
            <div className="actions-stack">
              <VoteForm proposal={proposal} availability={controls.vote} dip={dip} now={now} />
              <QueueControl proposal={proposal} availability={controls.queue} />
              <ExecuteControl proposal={proposal} availability={controls.execute} now={now} />
            </div>
          </OrphanedOutcomeContext.Provider>
        </>
      )}
    </Card>
  );
}
