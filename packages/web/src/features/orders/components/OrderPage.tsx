import { Link } from "wouter";
import {
  AddressLink,
  Card,
  Empty,
  ErrorNote,
  HashText,
  Loading,
  PageHead,
  Pill,
  StatusBadge,
} from "../../../components/ui.tsx";
import { ApiError, type OrderDetail } from "../../../lib/api.ts";
import { formatAmount, formatDateTime, formatRelative, humanize } from "../../../lib/format.ts";
import { useChainNow, useStakeToken, useTokenMeta } from "../../../lib/hooks.ts";
import { biddingOpen, lifecycle, lifecycleIndex } from "../../../lib/orders.ts";
import { OrderEvidence } from "../../evidence/components/OrderEvidence.tsx";
import { PublishedDocuments } from "../../evidence/components/PublishedDocuments.tsx";
import { useOrder } from "../api/orders.ts";
import { BidsPanel } from "./BidsPanel.tsx";
import { DisputePanel } from "./DisputePanel.tsx";
import { EscrowPanel } from "./EscrowPanel.tsx";
import { OrderActions } from "./OrderActions.tsx";
import { PackagePanel } from "./PackagePanel.tsx";
import { PrivateThread } from "./PrivateThread.tsx";
import { Timeline } from "./Timeline.tsx";

const stepLabels: Record<(typeof lifecycle)[number], string> = {
  Open: "Bidding",
  Awarded: "In production",
  Shipped: "Shipped",
  Completed: "Completed",
};

function Stepper({ order }: { order: OrderDetail }) {
  const at = lifecycleIndex(order.status);
  const off = ["Cancelled", "Defaulted"].includes(order.status);
  const disputed = order.status === "Disputed" || order.status === "Resolved";
  return (
    <ol className={`stepper ${off ? "stepper-off" : ""}`} aria-label="Order progress">
      {lifecycle.map((s, i) => {
        let label: string = stepLabels[s];
        if (s === "Completed" && order.status === "Resolved") label = "Resolved by arbiter";
        if (s === "Shipped" && order.status === "Disputed") label = "Shipped · in dispute";
        if (off && i === at) label = order.status;
        const state =
          i < at || (i === at && ["Completed", "Resolved"].includes(order.status))
            ? "done"
            : i === at
              ? "current"
              : "todo";
        return (
          <li
            key={s}
            className={`step step-${state} ${disputed && i === 2 ? "step-warn" : ""}`}
            aria-current={state === "current" ? "step" : undefined}
          >
            <span className="step-mark" aria-hidden="true">
              {state === "done" ? "✓" : i + 1}
            </span>
            <span className="step-label">{label}</span>
          </li>
        );
      })}
    </ol>
  );
}

function Facts({ order }: { order: OrderDetail }) {
  const token = useTokenMeta(order.token);
  const stakeToken = useStakeToken();
  const now = useChainNow();
  return (
    <dl className="facts" data-testid="order-facts">
      <div>
        <dt>Customer</dt>
        <dd>
          <AddressLink address={order.customer} />
        </dd>
      </div>
      <div>
        <dt>Manufacturer</dt>
        <dd data-testid="order-maker">
          {order.maker ? <AddressLink address={order.maker} /> : <span className="muted">not awarded yet</span>}
        </dd>
      </div>
      <div>
        <dt>{order.price ? "Agreed price" : "Budget"}</dt>
        <dd data-testid="order-price">{formatAmount(order.price ?? order.budget, token)}</dd>
      </div>
      <div>
        <dt>Bond</dt>
        <dd>{formatAmount(order.bond, stakeToken)}</dd>
      </div>
      <div>
        <dt>{biddingOpen(order, now) ? "Bidding closes" : "Bidding closed"}</dt>
        <dd>
          {formatDateTime(order.biddingEnds)}
          {order.status === "Open" && <span className="muted small"> ({formatRelative(order.biddingEnds, now)})</span>}
        </dd>
      </div>
      <div>
        <dt>{order.dueAt ? "Due" : "Deliver by"}</dt>
        <dd>{formatDateTime(order.dueAt ?? order.deadline)}</dd>
      </div>
      {order.acceptanceEnds && (
        <div>
          <dt>Acceptance window</dt>
          <dd>until {formatDateTime(order.acceptanceEnds)}</dd>
        </div>
      )}
      <div>
        <dt>Specification</dt>
        <dd>
          <HashText value={order.specHash} label="specification hash" />
        </dd>
      </div>
      <div>
        <dt>Certification required</dt>
        <dd data-testid="order-required-certification">
          {order.requiredCertification ? (
            <span title="Only manufacturers holding a valid certification of this type can bid or be awarded (enforced by the contract)">
              <Pill tone="accent">{order.requiredCertification}</Pill>
            </span>
          ) : (
            <span className="muted">none</span>
          )}
        </dd>
      </div>
      {order.licenceId && (
        <div>
          <dt>Design licence</dt>
          <dd data-testid="order-licence">
            <span title="Only manufacturers the licence allows can bid or be awarded; the designer is paid the royalty from the escrow, pro rata to what the manufacturer is paid (enforced by the contract)">
              #{order.licenceId}
            </span>
            {order.royalty && order.royaltyRecipient && (
              <>
                {" "}
                · royalty {formatAmount(order.royalty, token)} to <AddressLink address={order.royaltyRecipient} /> ·
                paid {formatAmount(order.royaltiesPaid, token)}
              </>
            )}
          </dd>
        </div>
      )}
    </dl>
  );
}

export function OrderPage({ id }: { id: string }) {
  const orderId = Number(id);
  const valid = Number.isSafeInteger(orderId) && orderId > 0;
  const q = useOrder(orderId);
  if (!valid) return <Empty title="No such order">Order ids are whole numbers starting at 1.</Empty>;
  if (q.isPending) return <Loading rows={8} label="Loading the order…" />;
  if (q.error) {
    if (q.error instanceof ApiError && q.error.status === 404)
      return (
        <Empty title={`Order #${orderId} is not on the network`} action={<Link href="/orders">All orders</Link>}>
          It may not have been indexed yet, or the id is wrong.
        </Empty>
      );
    return <ErrorNote error={q.error} retry={() => void q.refetch()} />;
  }
  const order = q.data;
  return (
    <div className="stack" data-testid="order-page" data-status={order.status}>
      <nav className="crumbs" aria-label="Breadcrumb">
        <Link href="/orders">Orders</Link> <span aria-hidden="true">/</span> <span>#{order.id}</span>
      </nav>
      <PageHead
        title={`Order #${order.id} · ${humanize(order.process)}`}
        lede={
          <>
            {humanize(order.material)} · {order.quantity} pcs · posted {formatDateTime(order.createdAt)}
            {order.inviteOnly && " · invite only"}
            {order.sealed && " · sealed bids"}
          </>
        }
        aside={<StatusBadge status={order.status} size="lg" />}
      />
      <Stepper order={order} />
      <Card>
        <Facts order={order} />
      </Card>
      <div className="order-grid">
        <div className="stack">
          <BidsPanel order={order} />
          <Card
            title="Timeline"
            id="timeline"
            subtitle="Every step as recorded on chain, with its transaction and evidence."
          >
            <Timeline order={order} />
          </Card>
          <OrderEvidence order={order} />
          <PublishedDocuments order={order} />
        </div>
        <aside className="stack">
          <OrderActions order={order} />
          <EscrowPanel order={order} />
          <DisputePanel order={order} />
          <PackagePanel order={order} />
          <PrivateThread order={order} />
        </aside>
      </div>
    </div>
  );
}
