// "What you can do": a control for each action `availableActions` (../actions.ts) gives the current
// signer on this order, each with its own validation and its own place for the chain's answer.
import { type FormEvent, type ReactNode, useEffect, useState } from "react";
import type { Hex } from "viem";
import { SignerHint } from "../../../app/AccountMenu.tsx";
import { EvidenceInput, type EvidenceValue, evidenceMissing } from "../../../components/EvidenceInput.tsx";
import { ActionFeedback, Card, OutcomeText, SubmitRow, TextField, useTextFields } from "../../../components/ui.tsx";
import type { OrderDetail } from "../../../lib/api.ts";
import { contentHash } from "../../../lib/evidence.ts";
import { formatAmount, formatDateTime, formatRelative, parseUnitsStrict } from "../../../lib/format.ts";
import {
  type ActionOutcome,
  OrphanedOutcomeContext,
  useChainAction,
  useChainNow,
  useChainRead,
  useIsArbiter,
  useTokenMeta,
} from "../../../lib/hooks.ts";
import {
  accept,
  acceptCounterOffer,
  approveMilestone,
  bid,
  cancellationCompensation,
  cancelOrder,
  cancelRfq,
  claimDefault,
  type DipnetClient,
  dispute,
  expireDispute,
  finalize,
  rule,
  ship,
  submitEvidence,
  submitMilestone,
  type WriteResult,
  withdraw,
  withdrawBid,
} from "../../../lib/sdk.ts";
import { useSession } from "../../../lib/session.tsx";
import { availableActions, type OrderAction } from "../actions.ts";
import { useBalances } from "../api/orders.ts";

function Section({ title, children, testId }: { title: string; children: ReactNode; testId?: string }) {
  return (
    <div className="action-section" data-testid={testId}>
      <h3 className="action-title">{title}</h3>
      {children}
    </div>
  );
}

function BidForm({ order, revising }: { order: OrderDetail; revising: boolean }) {
  const token = useTokenMeta(order.token);
  const now = useChainNow();
  const fields = useTextFields("bid", { price: "", days: "" });
  const action = useChainAction(bid, "Bid placed");
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const { price, days } = fields.values;
    const p = parseUnitsStrict(price, token?.decimals ?? 0);
    const d = Number(days);
    const next: typeof fields.errors = {};
    if (p === undefined || p === 0n) next.price = `Enter a positive price${token ? ` in ${token.symbol}` : ""}.`;
    else if (p > BigInt(order.budget))
      next.price = `The budget is ${formatAmount(order.budget, token)}; bid at most that.`;
    if (!days.trim() || !Number.isFinite(d) || d <= 0) next.days = "Enter a lead time in days, more than zero.";
    else if (d * 86_400 > 4_294_967_295) next.days = "That lead time is too long.";
    fields.setErrors(next);
    if (Object.keys(next).length > 0 || p === undefined) return;
    void action.run({ orderId: BigInt(order.id), price: p, leadTime: Math.round(d * 86_400) });
  };
  const closed = now >= order.biddingEnds;
  return (
    <Section title={revising ? "Revise your bid" : "Place a bid"} testId="bid-section">
      <p className="muted small">
        Budget {formatAmount(order.budget, token)} ·{" "}
        {closed
          ? `bidding closed ${formatDateTime(order.biddingEnds)}`
          : `bidding closes ${formatRelative(order.biddingEnds, now)}`}
      </p>
      <form className="form" onSubmit={submit} noValidate>
        <div className="form-grid form-grid-2">
          <TextField
            label={`Price${token ? ` (${token.symbol})` : ""}`}
            inputMode="decimal"
            {...fields.bind("price")}
          />
          <TextField label="Lead time (days)" inputMode="decimal" {...fields.bind("days")} />
        </div>
        <SubmitRow action={action} label={revising ? "Update bid" : "Place bid"} testId="bid-submit" />
      </form>
    </Section>
  );
}

function SimpleAction<P>({
  label,
  run,
  params,
  success,
  tone = "primary",
  hint,
  testId,
  section,
  children,
}: {
  label: string;
  run: (client: DipnetClient, p: P) => Promise<Partial<WriteResult> | undefined>;
  params: P;
  success: string;
  tone?: "primary" | "ghost" | "danger";
  hint?: ReactNode;
  testId?: string;
  /** A section of its own, headed `title`; `children` say what the button does. */
  section?: { title: string; testId?: string };
  children?: ReactNode;
}) {
  const action = useChainAction(run, success);
  const button = (
    <div className="simple-action">
      <button
        type="button"
        className={`btn btn-${tone}`}
        disabled={action.pending}
        onClick={() => void action.run(params)}
        data-testid={testId}
      >
        {action.pending ? "Sending…" : label}
      </button>
      {hint && action.state.status === "idle" && <div className="field-hint">{hint}</div>}
      <ActionFeedback state={action.state} />
    </div>
  );
  return section ? (
    <Section title={section.title} testId={section.testId}>
      {children}
      {button}
    </Section>
  ) : (
    button
  );
}

type EvidenceKind = "submitMilestone" | "ship" | "dispute" | "submitEvidence";
type EvidenceRun = (
  client: DipnetClient,
  p: { orderId: bigint; evidenceHash: Hex },
) => Promise<Partial<WriteResult> | undefined>;

/** The SDK function each evidence action runs: the action kinds are their names. */
const evidenceRuns: Record<EvidenceKind, EvidenceRun> = { submitMilestone, ship, dispute, submitEvidence };

/** Actions that put an evidence hash on the order: their section, button, prompt and word of success. */
const evidenceActions: Record<
  EvidenceKind,
  { title: string; button: string; placeholder: string; success: string; testId: string }
> = {
  submitMilestone: {
    title: "Report milestone done",
    button: "Report milestone",
    placeholder: "Inspection report, photos, machine log…",
    success: "Milestone reported",
    testId: "milestone-section",
  },
  ship: {
    title: "Ship the order",
    button: "Mark as shipped",
    placeholder: "Carrier and tracking number, packing list, final inspection…",
    success: "Shipped; the customer's acceptance window has started",
    testId: "ship-section",
  },
  dispute: {
    title: "Open a dispute",
    button: "Open dispute",
    placeholder: "What is wrong: measurements, photos, inspection report…",
    success: "Dispute opened; an arbiter will rule",
    testId: "dispute-section",
  },
  submitEvidence: {
    title: "Add evidence",
    button: "Submit evidence",
    placeholder: "Your side: reports, photos, correspondence…",
    success: "Evidence recorded",
    testId: "evidence-section",
  },
};

function EvidenceAction({
  action,
  orderId,
}: {
  action: Extract<OrderAction, { kind: EvidenceKind }>;
  orderId: number;
}) {
  const { button, placeholder, success, testId } = evidenceActions[action.kind];
  const title =
    action.kind === "submitMilestone"
      ? `Report milestone ${action.milestone} done`
      : evidenceActions[action.kind].title;
  const tone = action.kind === "dispute" ? "danger" : "primary";
  const [value, setValue] = useState<EvidenceValue>({ text: "", file: null });
  const [error, setError] = useState<string | undefined>();
  const chainAction = useChainAction(evidenceRuns[action.kind], success);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (evidenceMissing(value)) return setError("Describe the evidence or attach a file.");
    setError(undefined);
    const evidenceHash = await contentHash(value.file, value.text);
    await chainAction.run({ orderId: BigInt(orderId), evidenceHash });
  };
  return (
    <Section title={title} testId={testId}>
      <form className="form" onSubmit={(e) => void submit(e)} noValidate>
        <EvidenceInput
          label="Evidence"
          placeholder={placeholder}
          value={value}
          onChange={setValue}
          error={error}
          testId={`${testId}-text`}
        />
        <SubmitRow action={chainAction} label={button} tone={tone} />
      </form>
    </Section>
  );
}

function RuleForm({ order }: { order: OrderDetail }) {
  const fields = useTextFields("rule", { refund: "50", slash: "0" });
  const action = useChainAction(rule, "Ruling recorded");
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const r = Number(fields.values.refund);
    const s = Number(fields.values.slash);
    const next: typeof fields.errors = {};
    if (!Number.isFinite(r) || r < 0 || r > 100) next.refund = "A percentage from 0 to 100.";
    if (!Number.isFinite(s) || s < 0 || s > 100) next.slash = "A percentage from 0 to 100.";
    fields.setErrors(next);
    if (Object.keys(next).length) return;
    void action.run({ orderId: BigInt(order.id), refundBps: Math.round(r * 100), slashBps: Math.round(s * 100) });
  };
  return (
    <Section title="Rule on the dispute" testId="rule-section">
      <form className="form" onSubmit={submit} noValidate>
        <div className="form-grid form-grid-2">
          <TextField
            label="Refund to customer (% of unreleased price)"
            inputMode="decimal"
            {...fields.bind("refund")}
          />
          <TextField label="Slash of the bond (%)" inputMode="decimal" {...fields.bind("slash")} />
        </div>
        <SubmitRow action={action} label="Rule" />
      </form>
    </Section>
  );
}

/** What cancelling now would credit the manufacturer, read from the contract and refreshed with chain time. */
function CancellationPreview({ order }: { order: OrderDetail }) {
  const token = useTokenMeta(order.token);
  const compensation = useChainRead(
    ["cancellationCompensation", order.id, order.updatedBlock],
    (rc) => cancellationCompensation(rc, { orderId: BigInt(order.id) }),
    { refetchInterval: 15_000 },
  );
  return (
    <p className="muted small" data-testid="cancel-preview">
      The manufacturer keeps what milestones released and is compensated for the lead time elapsed: a share of the price
      that grows from the RFQ's floor at the award to all of it at the due date
      {compensation.data !== undefined ? (
        <>
          {" "}
          — <strong data-testid="cancel-compensation">{formatAmount(compensation.data.toString(), token)}</strong> if
          you cancel now
        </>
      ) : null}
      . The rest is refunded and the bond released.
    </p>
  );
}

function WithdrawBox({ order, owed }: { order: OrderDetail; owed: string }) {
  const token = useTokenMeta(order.token);
  return (
    <SimpleAction
      section={{ title: "Your balance", testId: "withdraw-section" }}
      label="Withdraw"
      run={withdraw}
      params={{ token: order.token }}
      success="Withdrawn to your wallet"
      testId="withdraw-button"
    >
      <p>
        The market owes you <strong data-testid="owed-amount">{formatAmount(owed, token)}</strong> (across all your
        orders).
      </p>
    </SimpleAction>
  );
}

type ButtonKind =
  | "cancelRfq"
  | "withdrawBid"
  | "approveMilestone"
  | "cancelOrder"
  | "claimDefault"
  | "accept"
  | "finalize"
  | "expireDispute";
type ButtonAction = Extract<OrderAction, { kind: ButtonKind }>;

/** The SDK function each button runs: the action kinds are their names. */
const buttonRuns: Record<
  ButtonKind,
  (client: DipnetClient, p: { orderId: bigint }) => Promise<Partial<WriteResult> | undefined>
> = { cancelRfq, withdrawBid, approveMilestone, cancelOrder, claimDefault, accept, finalize, expireDispute };

/**
 * Actions that are one button acting on the order alone: what it says, how success reads, the
 * section it heads (none: the button stands alone), and `testId`, the section's and the button's
 * test ids (`<testId>-section`, `<testId>-button`).
 */
const orderButtons: Record<
  ButtonKind,
  { label: string; success: string; tone?: "ghost" | "danger"; section?: string; testId?: string }
> = {
  cancelRfq: { label: "Withdraw this RFQ", success: "RFQ withdrawn", tone: "ghost" },
  withdrawBid: { label: "Withdraw my bid", success: "Bid withdrawn", tone: "ghost" },
  approveMilestone: {
    label: "Approve and release payment",
    success: "Milestone paid",
    section: "Milestone awaits your approval",
    testId: "approve",
  },
  cancelOrder: { label: "Cancel order", success: "Order cancelled", tone: "danger", section: "Cancel the order" },
  claimDefault: {
    label: "Claim default",
    success: "Escrow returned; bond slashed to you",
    tone: "danger",
    section: "Late delivery",
  },
  accept: {
    label: "Accept delivery",
    success: "Accepted; payment released",
    section: "Accept the delivery",
    testId: "accept",
  },
  finalize: { label: "Finalise the order", success: "Order finalised", section: "Acceptance window has passed" },
  expireDispute: {
    label: "End the dispute unruled",
    success: "Dispute ended; escrow settled",
    section: "No arbiter ruled in time",
    testId: "expire",
  },
};

/** What a button's section says about it, above the button. */
function ButtonNote({ action, order, now }: { action: ButtonAction; order: OrderDetail; now: number }) {
  switch (action.kind) {
    case "cancelOrder":
      return <CancellationPreview order={order} />;
    case "accept":
      return (
        <p className="muted small">
          Releases the rest of the price to the manufacturer and returns the bond. Acceptance window{" "}
          {action.acceptanceEnds ? `ends ${formatRelative(action.acceptanceEnds, now)}` : "open"}.
        </p>
      );
    case "expireDispute":
      return (
        <p className="muted small">
          Arbiters could rule until {formatDateTime(action.rulingEnds)}. Anyone may now end the dispute by the
          contract's default: half of the unreleased price back to the customer, half to the manufacturer, the bond
          released.
        </p>
      );
    default:
      return null;
  }
}

function OrderButton({ action, order, now }: { action: ButtonAction; order: OrderDetail; now: number }) {
  const { label, success, tone, section, testId } = orderButtons[action.kind];
  const title = action.kind === "approveMilestone" ? `Milestone ${action.milestone} awaits your approval` : section;
  return (
    <SimpleAction
      label={label}
      tone={tone}
      run={buttonRuns[action.kind]}
      params={{ orderId: BigInt(order.id) }}
      success={success}
      testId={testId && `${testId}-button`}
      section={title === undefined ? undefined : { title, testId: testId && `${testId}-section` }}
      hint={
        action.kind === "claimDefault"
          ? `Due ${formatDateTime(action.dueAt)}; possible once the grace period has passed.`
          : undefined
      }
    >
      <ButtonNote action={action} order={order} now={now} />
    </SimpleAction>
  );
}

/** The control of one action, with what it needs from the order. */
function ActionSection({ action, order, now }: { action: OrderAction; order: OrderDetail; now: number }) {
  const token = useTokenMeta(order.token);
  switch (action.kind) {
    case "award":
      return (
        <Section title="Choose a bid">
          <p className="muted small" data-testid="award-guide">
            {action.biddingClosesAt !== undefined
              ? `Bidding closes ${formatRelative(action.biddingClosesAt, now)}; then award one of the bids (awarding approves and funds escrow in one go). Until then you can send counter-offers.`
              : "Bidding has closed: award one of the bids (awarding approves and funds escrow in one go), or send a counter-offer."}
          </p>
        </Section>
      );
    case "bid":
      return <BidForm order={order} revising={action.revising} />;
    case "acceptCounterOffer":
      return (
        <SimpleAction
          section={{ title: "Counter-offer from the customer" }}
          label="Accept counter-offer"
          run={acceptCounterOffer}
          // The terms shown: an offer swapped since makes the acceptance revert.
          params={{ orderId: BigInt(order.id), price: BigInt(action.price), leadTime: action.leadTime }}
          success="Your bid now carries these terms"
        >
          <p>
            {formatAmount(action.price, token)} with {Math.round((action.leadTime / 86_400) * 10) / 10} days lead time.
          </p>
        </SimpleAction>
      );
    case "submitMilestone":
    case "ship":
    case "dispute":
    case "submitEvidence":
      return <EvidenceAction action={action} orderId={order.id} />;
    case "rule":
      return <RuleForm order={order} />;
    case "withdraw":
      return <WithdrawBox order={order} owed={action.owed} />;
    default:
      return <OrderButton action={action} order={order} now={now} />;
  }
}

export function OrderActions({ order }: { order: OrderDetail }) {
  const { signer } = useSession();
  const now = useChainNow();
  const isArbiter = useIsArbiter(signer?.address);
  const balances = useBalances(signer?.address);
  const owed = balances.data?.items.find(
    (b) => b.kind === "market" && b.token.toLowerCase() === order.token.toLowerCase() && b.owed !== "0",
  )?.owed;
  const actions = availableActions(order, signer && { address: signer.address, isArbiter, owed }, now);
  // The success of an action whose section went away with it (a paid milestone, an accepted offer).
  const [orphaned, setOrphaned] = useState<ActionOutcome | undefined>(undefined);
  // biome-ignore lint/correctness/useExhaustiveDependencies: an outcome belongs to the account and order it was for
  useEffect(() => setOrphaned(undefined), [signer?.address, order.id]);

  return (
    <Card title="What you can do" id="actions" className="card-actions-panel">
      {orphaned && (
        <div className="feedback feedback-ok" role="status" data-testid="action-outcome">
          <OutcomeText outcome={orphaned} />
        </div>
      )}
      {!signer ? (
        <p>
          <SignerHint to="bid, award, ship, accept or dispute from here" />
        </p>
      ) : actions.length === 0 ? (
        <p className="muted" data-testid="no-actions">
          Nothing for you to do on this order right now
          {order.status === "Open" ? "." : ` — it is ${order.status.toLowerCase()}.`}
        </p>
      ) : null}
      {signer && (
        <OrphanedOutcomeContext.Provider value={setOrphaned}>
          <div className="actions-stack">
            {actions.map((action) => (
              <ActionSection key={action.kind} action={action} order={order} now={now} />
            ))}
          </div>
        </OrphanedOutcomeContext.Provider>
      )}
    </Card>
  );
}
