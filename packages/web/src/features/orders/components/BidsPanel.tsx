// Bids side by side, a price-versus-lead-time chart, and the customer's award and counter-offer controls.
import { type FormEvent, useState } from "react";
import { ScatterChart } from "../../../components/charts.tsx";
import { ActionFeedback, AddressLink, Card, Empty, Pill } from "../../../components/ui.tsx";
import type { Bid, OrderDetail } from "../../../lib/api.ts";
import {
  formatAmount,
  formatCompact,
  formatDateTime,
  formatRelative,
  parseUnitsStrict,
  type TokenMeta,
} from "../../../lib/format.ts";
import { useChainAction, useChainNow, useNameOf, useTokenMeta } from "../../../lib/hooks.ts";
import { award, counterOffer, withdrawCounterOffer } from "../../../lib/sdk.ts";
import { useSession } from "../../../lib/session.tsx";
import { BidderScore } from "../../participants/components/Scorecard.tsx";

const units = (v: string | null, token: TokenMeta | undefined) => (v ? Number(v) / 10 ** (token?.decimals ?? 0) : 0);

function CounterOfferForm({ order, bid, token }: { order: OrderDetail; bid: Bid; token: TokenMeta | undefined }) {
  const [price, setPrice] = useState("");
  const [days, setDays] = useState(bid.leadTime ? String(bid.leadTime / 86_400) : "");
  const [error, setError] = useState<string | undefined>();
  const action = useChainAction(counterOffer, "Counter-offer sent");
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const p = parseUnitsStrict(price, token?.decimals ?? 0);
    const d = Number(days);
    if (p === undefined || p === 0n) return setError("Enter a positive price.");
    if (p > BigInt(order.budget)) return setError(`At most the budget, ${formatAmount(order.budget, token)}.`);
    if (!Number.isFinite(d) || d <= 0) return setError("Enter a lead time in days, more than zero.");
    setError(undefined);
    void action.run({ orderId: BigInt(order.id), maker: bid.maker, price: p, leadTime: Math.round(d * 86_400) });
  };
  return (
    <form className="mini-form" onSubmit={submit} noValidate>
      <div className="mini-row">
        <label>
          <span>Price{token ? ` (${token.symbol})` : ""}</span>
          <input
            inputMode="decimal"
            value={price}
            onChange={(e) => setPrice(e.target.value)}
            aria-invalid={Boolean(error)}
          />
        </label>
        <label>
          <span>Lead time (days)</span>
          <input inputMode="decimal" value={days} onChange={(e) => setDays(e.target.value)} />
        </label>
      </div>
      {error && (
        <div className="field-error" role="alert">
          {error}
        </div>
      )}
      <button type="submit" className="btn btn-small" disabled={action.pending}>
        Send counter-offer
      </button>
      <ActionFeedback state={action.state} />
    </form>
  );
}

function BidCard({
  order,
  bid,
  token,
  rank,
}: {
  order: OrderDetail;
  bid: Bid;
  token: TokenMeta | undefined;
  rank: number;
}) {
  const { signer } = useSession();
  const now = useChainNow();
  const nameOf = useNameOf();
  const [countering, setCountering] = useState(false);
  const awardAction = useChainAction(award, "Awarded; escrow funded");
  const withdrawCounter = useChainAction(withdrawCounterOffer, "Counter-offer withdrawn");
  const isCustomer = signer?.address.toLowerCase() === order.customer.toLowerCase();
  const winner = order.maker?.toLowerCase() === bid.maker.toLowerCase();
  const budget = BigInt(order.budget);
  const price = bid.price ? BigInt(bid.price) : undefined;
  const share = price !== undefined && budget > 0n ? Number((price * 1000n) / budget) / 10 : undefined;
  const canAct = isCustomer && order.status === "Open" && bid.state === "Active";
  // The contract awards only after bidding (or, sealed, the reveal window) has closed, by chain time.
  const closesAt = order.revealEnds || order.biddingEnds;
  const biddingOpen = now <= closesAt;
  return (
    <article
      className={`bid-card ${winner ? "bid-win" : ""} ${bid.state === "Withdrawn" ? "bid-out" : ""}`}
      data-testid={`bid-${bid.maker.toLowerCase()}`}
      aria-label={`Bid from ${nameOf(bid.maker) ?? bid.maker}`}
    >
      <header className="bid-head">
        <AddressLink address={bid.maker} />
        {winner ? (
          <Pill tone="ok">Awarded</Pill>
        ) : rank === 0 && order.status === "Open" && bid.state === "Active" ? (
          <Pill tone="accent">Lowest</Pill>
        ) : null}
        {bid.state !== "Active" && <Pill tone="muted">{bid.state}</Pill>}
      </header>
      <div className="bid-price">{bid.price ? formatAmount(bid.price, token) : "sealed"}</div>
      {bid.deposit && bid.depositState && bid.deposit !== "0" && (
        <div className="bid-facts muted small" data-testid="bid-deposit">
          Commit deposit {formatAmount(bid.deposit, token)}{" "}
          {bid.depositState === "held"
            ? "held until the reveal"
            : bid.depositState === "returned"
              ? "returned on reveal"
              : "forfeited to the customer: never revealed"}
        </div>
      )}
      <div className="bid-facts">
        <span>{bid.leadTime ? `${Math.round((bid.leadTime / 86_400) * 10) / 10} days lead time` : "—"}</span>
        {share !== undefined && <span className="muted">{share}% of budget</span>}
      </div>
      <BidderScore maker={bid.maker} />
      {bid.counterOffer && (
        <div className="bid-counter">
          Counter-offer: {formatAmount(bid.counterOffer.price, token)} ·{" "}
          {Math.round((bid.counterOffer.leadTime / 86_400) * 10) / 10} days
        </div>
      )}
      {canAct && (
        <div className="bid-actions">
          {biddingOpen ? (
            <div className="field-hint bid-award-later" data-testid="award-later">
              Awarding opens when bidding closes, {formatRelative(closesAt, now)} ({formatDateTime(closesAt)}).
            </div>
          ) : (
            <button
              type="button"
              className="btn btn-primary btn-small"
              disabled={awardAction.pending}
              // The terms shown: a bid changed since makes the award revert instead of binding other terms.
              onClick={() =>
                void awardAction.run({
                  orderId: BigInt(order.id),
                  maker: bid.maker,
                  price: BigInt(bid.price ?? 0),
                  leadTime: bid.leadTime ?? 0,
                })
              }
              data-testid="award-button"
            >
              {awardAction.pending ? "Awarding…" : "Award & fund escrow"}
            </button>
          )}
          <button
            type="button"
            className="btn btn-small btn-ghost"
            onClick={() => setCountering((c) => !c)}
            aria-expanded={countering}
          >
            Counter-offer
          </button>
          {bid.counterOffer && (
            <button
              type="button"
              className="btn btn-small btn-ghost"
              disabled={withdrawCounter.pending}
              onClick={() => void withdrawCounter.run({ orderId: BigInt(order.id), maker: bid.maker })}
              data-testid="withdraw-counter"
            >
              Withdraw counter-offer
            </button>
          )}
          <ActionFeedback state={awardAction.state} />
          <ActionFeedback state={withdrawCounter.state} />
          {countering && <CounterOfferForm order={order} bid={bid} token={token} />}
        </div>
      )}
    </article>
  );
}

export function BidsPanel({ order }: { order: OrderDetail }) {
  const token = useTokenMeta(order.token);
  const nameOf = useNameOf();
  const bids = [...order.bids].sort((a, b) => {
    const pa = a.price ? BigInt(a.price) : 2n ** 128n;
    const pb = b.price ? BigInt(b.price) : 2n ** 128n;
    return pa < pb ? -1 : pa > pb ? 1 : 0;
  });
  const priced = bids.filter((b) => b.price && b.leadTime && b.state !== "Withdrawn");
  const points = priced.map((b) => ({
    key: b.maker,
    x: (b.leadTime ?? 0) / 86_400,
    y: units(b.price, token),
    label: nameOf(b.maker) ?? `${b.maker.slice(0, 6)}…`,
    tone: order.maker?.toLowerCase() === b.maker.toLowerCase() ? ("win" as const) : undefined,
  }));
  let activeRank = 0;
  return (
    <Card
      title={`Bids (${bids.length})`}
      id="bids"
      subtitle={
        order.sealed
          ? "Sealed bidding: prices appear when revealed."
          : "Lowest price first. Award one after bidding closes."
      }
    >
      {bids.length === 0 ? (
        <Empty title="No bids yet">Registered manufacturers with enough free stake can bid until bidding closes.</Empty>
      ) : (
        <>
          <div className="bid-grid">
            {bids.map((b) => {
              const rank = b.state === "Active" ? activeRank++ : -1;
              return <BidCard key={b.maker} order={order} bid={b} token={token} rank={rank} />;
            })}
          </div>
          {points.length > 0 && (
            <ScatterChart
              ariaLabel="Bids: price against lead time"
              points={points}
              xLabel="Lead time (days)"
              yLabel={`Price${token ? ` (${token.symbol})` : ""}`}
              limit={{
                value: units(order.budget, token),
                label: `budget ${formatCompact(units(order.budget, token))}`,
              }}
              formatX={(v) => `${Math.round(v * 10) / 10}`}
            />
          )}
        </>
      )}
    </Card>
  );
}
