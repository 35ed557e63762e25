import { SplitBar } from "../../../components/charts.tsx";
import { Card, Pill } from "../../../components/ui.tsx";
import type { OrderDetail } from "../../../lib/api.ts";
import { escrowFigures } from "../../../lib/escrow.ts";
import { formatAmount, formatBps, formatDate, type TokenMeta } from "../../../lib/format.ts";
import { useStakeToken, useTokenMeta } from "../../../lib/hooks.ts";

const toNumber = (v: bigint, token: TokenMeta | undefined) => Number(v) / 10 ** (token?.decimals ?? 0);

function bondState(order: OrderDetail): { label: string; tone: "accent" | "ok" | "warn" | "muted" } {
  if (!order.maker) return { label: "asked of the winner", tone: "muted" };
  if (order.timeline.some((s) => s.name === "BondSlashed")) return { label: "slashed", tone: "warn" };
  if (order.timeline.some((s) => s.name === "BondReleased")) return { label: "released", tone: "ok" };
  return { label: "locked", tone: "accent" };
}

/** What escrow holds for an order, how it will be (or was) split, and the manufacturer's bond. */
export function EscrowPanel({ order }: { order: OrderDetail }) {
  const token = useTokenMeta(order.token);
  const stakeToken = useStakeToken();
  const f = escrowFigures(order);
  const price = f.price;
  const bond = bondState(order);
  const s = order.settlement;
  const amount = (v: bigint) => formatAmount(v, token);
  // The same three figures in the list and in the bar's legend: together they make price + fee.
  const parts = f.settled
    ? [
        { key: "maker", label: "Paid to the manufacturer", value: f.paidToMaker, color: "var(--c-maker)" },
        { key: "refund", label: "Refunded to the customer", value: f.refund, color: "var(--c-refund)" },
        { key: "fee", label: "Network fee charged", value: f.feeCharged, color: "var(--c-fee)" },
      ]
    : [
        { key: "released", label: "Released to the manufacturer", value: f.paidAtMilestones, color: "var(--c-maker)" },
        {
          key: "held",
          label: "Held for the manufacturer",
          value: price > f.paidAtMilestones ? price - f.paidAtMilestones : 0n,
          color: "var(--c-held)",
        },
        { key: "fee", label: "Network fee", value: f.feeEscrowed, color: "var(--c-fee)" },
      ];
  return (
    <Card
      title="Escrow"
      id="escrow"
      className="card-escrow"
      subtitle={s ? "Settled: paid out by pull to each party." : "How the customer's payment is held and split."}
    >
      {!order.price ? (
        <p className="muted escrow-empty" data-testid="escrow-empty">
          {order.status === "Cancelled"
            ? "Nothing was escrowed: the RFQ was withdrawn before an award."
            : `Nothing in escrow yet. The customer funds the agreed price plus the network fee when awarding (budget ceiling ${formatAmount(order.budget, token)}).`}
        </p>
      ) : (
        <>
          <dl className="kv" data-testid="escrow">
            <dt>Agreed price</dt>
            <dd>{amount(price)}</dd>
            {f.settled ? (
              <>
                <dt>Paid to the manufacturer</dt>
                <dd data-testid="escrow-maker">{amount(f.paidToMaker)}</dd>
                {f.paidAtMilestones > 0n && (
                  <dd className="kv-note">
                    {amount(f.paidAtMilestones)} at milestones + {amount(f.paidAtSettlement)} at settlement
                  </dd>
                )}
                {f.compensation > 0n && (
                  <dd className="kv-note" data-testid="escrow-compensation">
                    including {amount(f.compensation)} compensation for the lead time elapsed before the cancellation
                  </dd>
                )}
                {f.refund > 0n && (
                  <>
                    <dt>Refunded to the customer</dt>
                    <dd data-testid="escrow-refund">{amount(f.refund)}</dd>
                    {f.refundOfFee > 0n && (
                      <dd className="kv-note">
                        {amount(f.refundOfPrice)} of the price + {amount(f.refundOfFee)} of the fee
                      </dd>
                    )}
                  </>
                )}
                <dt>Network fee charged</dt>
                <dd data-testid="escrow-fee">{amount(f.feeCharged)}</dd>
                {f.feeCharged !== f.feeEscrowed && (
                  <dd className="kv-note">
                    of {amount(f.feeEscrowed)} escrowed: the fee follows what the manufacturer earned
                  </dd>
                )}
              </>
            ) : (
              <>
                <dt>Network fee</dt>
                <dd data-testid="escrow-fee">{amount(f.feeEscrowed)}</dd>
                <dt>Released so far</dt>
                <dd>{amount(f.paidAtMilestones)}</dd>
              </>
            )}
            <dt>Still in escrow</dt>
            <dd data-testid="escrow-held">
              <strong>{amount(f.held)}</strong>
            </dd>
          </dl>
          <SplitBar
            ariaLabel="Escrow split"
            testId="escrow-split"
            parts={parts.map((p) => ({ ...p, value: toNumber(p.value, token), display: amount(p.value) }))}
          />
        </>
      )}
      <h3 className="sub-title">Payment schedule</h3>
      <ol className="milestones" data-testid="payment-schedule">
        {order.milestoneBps.map((bps, i) => {
          const m = order.milestones.find((x) => x.index === i);
          const last = i === order.milestoneBps.length - 1;
          const share = price > 0n ? (price * BigInt(bps)) / 10_000n : undefined;
          // A share never released on its own went into the final settlement (split above).
          const state = m?.releasedAt
            ? { label: `paid ${formatDate(m.releasedAt)}`, tone: "ok" as const }
            : s
              ? { label: "in the final settlement", tone: "muted" as const }
              : m?.submittedAt
                ? { label: "awaiting approval", tone: "warn" as const }
                : { label: last ? "on acceptance" : "pending", tone: "muted" as const };
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: a milestone is identified by its position
            <li key={i}>
              <span className="ms-index">{i + 1}</span>
              <span className="ms-share">{formatBps(bps)}</span>
              <span className="ms-amount">{share !== undefined ? amount(share) : ""}</span>
              <Pill tone={state.tone}>{state.label}</Pill>
            </li>
          );
        })}
      </ol>
      <h3 className="sub-title">Manufacturer's bond</h3>
      <div className="bond-row">
        <span>{formatAmount(order.bond, stakeToken)}</span>
        <Pill tone={bond.tone}>{bond.label}</Pill>
        {s && s.bondSlashed !== "0" && (
          <span className="warn-text">{formatAmount(s.bondSlashed, stakeToken)} slashed to the customer</span>
        )}
      </div>
    </Card>
  );
}
