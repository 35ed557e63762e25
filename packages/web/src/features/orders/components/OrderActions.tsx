// "What you can do": a control for each action `availableActions` (../actions.ts) gives the current
// signer on this order, each with its own validation and its own place for the chain's answer.
import { type FormEvent, type ReactNode, useEffect, useState } from "react";
import type { Hex } from "viem";
import { SignerHint } from "../../../app/AccountMenu.tsx";
import { EvidenceInput, type EvidenceValue, evidenceMissing } from "../../../components/EvidenceInput.tsx";
import { ActionFeedback, Card, OutcomeText, TextField, useTextFields } from "../../../components/ui.tsx";
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
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={action.pending} data-testid="bid-submit">
            {action.pending ? "Sending…" : revising ? "Update bid" : "Place bid"}
          </button>
          <ActionFeedback state={action.state} />
        </div>
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

function EvidenceAction({
  title,
  button,
  placeholder,
  run,
  orderId,
  success,
  tone = "primary",
  testId,
}: {
  title: string;
  button: string;
  placeholder: string;
  run: (client: DipnetClient, p: { orderId: bigint; evidenceHash: Hex }) => Promise<Partial<WriteResult> | undefined>;
  orderId: number;
  success: string;
  tone?: "primary" | "danger";
  testId?: string;
}) {
  const [value, setValue] = useState<EvidenceValue>({ text: "", file: null });
  const [error, setError] = useState<string | undefined>();
  const action = useChainAction(run, success);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (evidenceMissing(value)) return setError("Describe the evidence or attach a file.");
    setError(undefined);
    const evidenceHash = await contentHash(value.file, value.text);
    await action.run({ orderId: BigInt(orderId), evidenceHash });
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
          testId={testId ? `${testId}-text` : undefined}
        />
        <div className="form-actions">
          <button type="submit" className={`btn btn-${tone}`} disabled={action.pending}>
            {action.pending ? "Sending…" : button}
          </button>
          <ActionFeedback state={action.state} />
        </div>
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
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={action.pending}>
            Rule
          </button>
          <ActionFeedback state={action.state} />
        </div>
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

/** The control of one action, with what it needs from the order. */
function ActionSection({ action, order, now }: { action: OrderAction; order: OrderDetail; now: number }) {
  const token = useTokenMeta(order.token);
  const id = BigInt(order.id);
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
    case "cancelRfq":
      return (
        <SimpleAction
          label="Withdraw this RFQ"
          tone="ghost"
          run={cancelRfq}
          params={{ orderId: id }}
          success="RFQ withdrawn"
        />
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
          params={{ orderId: id, price: BigInt(action.price), leadTime: action.leadTime }}
          success="Your bid now carries these terms"
        >
          <p>
            {formatAmount(action.price, token)} with {Math.round((action.leadTime / 86_400) * 10) / 10} days lead time.
          </p>
        </SimpleAction>
      );
    case "withdrawBid":
      return (
        <SimpleAction
          label="Withdraw my bid"
          tone="ghost"
          run={withdrawBid}
          params={{ orderId: id }}
          success="Bid withdrawn"
        />
      );
    case "submitMilestone":
      return (
        <EvidenceAction
          title={`Report milestone ${action.milestone} done`}
          button="Report milestone"
          placeholder="Inspection report, photos, machine log…"
          run={submitMilestone}
          orderId={order.id}
          success="Milestone reported"
          testId="milestone-section"
        />
      );
    case "ship":
      return (
        <EvidenceAction
          title="Ship the order"
          button="Mark as shipped"
          placeholder="Carrier and tracking number, packing list, final inspection…"
          run={ship}
          orderId={order.id}
          success="Shipped; the customer's acceptance window has started"
          testId="ship-section"
        />
      );
    case "approveMilestone":
      return (
        <SimpleAction
          section={{ title: `Milestone ${action.milestone} awaits your approval`, testId: "approve-section" }}
          label="Approve and release payment"
          run={approveMilestone}
          params={{ orderId: id }}
          success="Milestone paid"
        />
      );
    case "cancelOrder":
      return (
        <SimpleAction
          section={{ title: "Cancel the order" }}
          label="Cancel order"
          tone="danger"
          run={cancelOrder}
          params={{ orderId: id }}
          success="Order cancelled"
        >
          <CancellationPreview order={order} />
        </SimpleAction>
      );
    case "claimDefault":
      return (
        <SimpleAction
          section={{ title: "Late delivery" }}
          label="Claim default"
          tone="danger"
          run={claimDefault}
          params={{ orderId: id }}
          success="Escrow returned; bond slashed to you"
          hint={`Due ${formatDateTime(action.dueAt)}; possible once the grace period has passed.`}
        />
      );
    case "accept":
      return (
        <SimpleAction
          section={{ title: "Accept the delivery", testId: "accept-section" }}
          label="Accept delivery"
          run={accept}
          params={{ orderId: id }}
          success="Accepted; payment released"
          testId="accept-button"
        >
          <p className="muted small">
            Releases the rest of the price to the manufacturer and returns the bond. Acceptance window{" "}
            {action.acceptanceEnds ? `ends ${formatRelative(action.acceptanceEnds, now)}` : "open"}.
          </p>
        </SimpleAction>
      );
    case "dispute":
      return (
        <EvidenceAction
          title="Open a dispute"
          button="Open dispute"
          tone="danger"
          placeholder="What is wrong: measurements, photos, inspection report…"
          run={dispute}
          orderId={order.id}
          success="Dispute opened; an arbiter will rule"
          testId="dispute-section"
        />
      );
    case "finalize":
      return (
        <SimpleAction
          section={{ title: "Acceptance window has passed" }}
          label="Finalise the order"
          run={finalize}
          params={{ orderId: id }}
          success="Order finalised"
        />
      );
    case "submitEvidence":
      return (
        <EvidenceAction
          title="Add evidence"
          button="Submit evidence"
          placeholder="Your side: reports, photos, correspondence…"
          run={submitEvidence}
          orderId={order.id}
          success="Evidence recorded"
          testId="evidence-section"
        />
      );
    case "rule":
      return <RuleForm order={order} />;
    case "expireDispute":
      return (
        <SimpleAction
          section={{ title: "No arbiter ruled in time", testId: "expire-section" }}
          label="End the dispute unruled"
          run={expireDispute}
          params={{ orderId: id }}
          success="Dispute ended; escrow settled"
          testId="expire-button"
        >
          <p className="muted small">
            Arbiters could rule until {formatDateTime(action.rulingEnds)}. Anyone may now end the dispute by the
            contract's default: half of the unreleased price back to the customer, half to the manufacturer, the bond
            released.
          </p>
        </SimpleAction>
      );
    case "withdraw":
      return <WithdrawBox order={order} owed={action.owed} />;
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
