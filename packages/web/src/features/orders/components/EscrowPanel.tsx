import { SplitBar } from "../../../components/charts.tsx";
import { Card, Pill } from "../../../components/ui.tsx";
import type { OrderDetail } from "../../../lib/api.ts";
import { formatAmount, formatBps, formatDate, type TokenMeta } from "../../../lib/format.ts";
import { useStakeToken, useTokenMeta } from "../../../lib/hooks.ts";
import { escrowHeld } from "../../../lib/orders.ts";

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
  const price = order.price ? BigInt(order.price) : 0n;
  const fee = order.fee ? BigInt(order.fee) : 0n;
  const released = BigInt(order.releasedAmount);
  const held = escrowHeld(order);
  const bond = bondState(order);
  const s = order.settlement;
  const parts = s
    ? [
        { key: "maker", label: "To the manufacturer", value: BigInt(s.makerAmount), color: "var(--c-maker)" },
        { key: "refund", label: "Refunded to the customer", value: BigInt(s.customerRefund), color: "var(--c-refund)" },
        { key: "fee", label: "Network fee", value: BigInt(s.fee), color: "var(--c-fee)" },
      ]
    : [
        { key: "released", label: "Released to the manufacturer", value: released, color: "var(--c-maker)" },
        {
          key: "held",
          label: "Held for the manufacturer",
          value: price > released ? price - released : 0n,
          color: "var(--c-held)",
        },
        { key: "fee", label: "Network fee", value: fee, color: "var(--c-fee)" },
      ];
  return (
    <Card
      title="Escrow"
      id="escrow"
      subtitle={s ? "Settled: paid out by pull to each party." : "How the customer's payment is held and split."}
    >
      {!order.price ? (
        <p className="muted" data-testid="escrow-empty">
          Nothing in escrow yet. The customer funds the agreed price plus the network fee when awarding (budget ceiling{" "}
          {formatAmount(order.budget, token)}).
        </p>
      ) : (
        <>
          <dl className="kv" data-testid="escrow">
            <dt>Agreed price</dt>
            <dd>{formatAmount(price, token)}</dd>
            <dt>Network fee</dt>
            <dd>{formatAmount(fee, token)}</dd>
            {s ? (
              <>
                <dt>Paid to the manufacturer</dt>
                <dd>{formatAmount(s.makerAmount, token)}</dd>
                {s.customerRefund !== "0" && (
                  <>
                    <dt>Refunded to the customer</dt>
                    <dd>{formatAmount(s.customerRefund, token)}</dd>
                  </>
                )}
              </>
            ) : (
              <>
                <dt>Released so far</dt>
                <dd>{formatAmount(released, token)}</dd>
              </>
            )}
            <dt>Still in escrow</dt>
            <dd data-testid="escrow-held">
              <strong>{formatAmount(held, token)}</strong>
            </dd>
          </dl>
          <SplitBar
            ariaLabel="Escrow split"
            parts={parts.map((p) => ({ ...p, value: toNumber(p.value, token), display: formatAmount(p.value, token) }))}
          />
        </>
      )}
      <h3 className="sub-title">Payment schedule</h3>
      <ol className="milestones" data-testid="payment-schedule">
        {order.milestoneBps.map((bps, i) => {
          const m = order.milestones.find((x) => x.index === i);
          const last = i === order.milestoneBps.length - 1;
          const amount = price > 0n ? (price * BigInt(bps)) / 10_000n : undefined;
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
              <span className="ms-amount">{amount !== undefined ? formatAmount(amount, token) : ""}</span>
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
