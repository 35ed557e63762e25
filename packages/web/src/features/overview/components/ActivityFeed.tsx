import { Link } from "wouter";
import { Empty, StatusBadge } from "../../../components/ui.tsx";
import type { Order } from "../../../lib/api.ts";
import { formatRelative, humanize } from "../../../lib/format.ts";
import { useChainNow, useNameOf, useStakeToken, useTokenMeta } from "../../../lib/hooks.ts";
import { useLive } from "../../../lib/live.tsx";
import { biddingOpen, describeStep, orderIdOfEvent } from "../../../lib/orders.ts";
import { useSession } from "../../../lib/session.tsx";
import { describeGovernanceEvent, quietGovernanceEvents, shortProposalId } from "../../governance/events.ts";

const quiet = new Set<string>([
  "BondLocked",
  "BondReleased",
  "OrderSettled",
  "Withdrawn",
  "StakeDeposited",
  "StakeWithdrawn",
  ...quietGovernanceEvents,
]);

function registryTitle(
  name: string,
  args: Record<string, unknown>,
  nameOf: (a: string) => string | undefined,
): string | undefined {
  const who = typeof args.account === "string" ? (nameOf(args.account) ?? `${args.account.slice(0, 8)}…`) : "someone";
  if (name === "ParticipantRegistered") {
    const roles = Number(args.roles);
    const r = [roles & 1 ? "customer" : "", roles & 2 ? "manufacturer" : ""].filter(Boolean).join(" & ");
    return `${who} joined the network as ${r || "participant"}`;
  }
  if (name === "StakeDeposited") return `${who} posted stake`;
  if (name === "RolesGranted") return `${who} took on new roles`;
  if (name === "ProfileUpdated") return `${who} updated their profile`;
  return undefined;
}

/** Live events as they are indexed; before any arrive, the most recently changed orders. */
export function ActivityFeed({ recent }: { recent: readonly Order[] }) {
  const { events, connected } = useLive();
  const { cfg } = useSession();
  const now = useChainNow();
  const nameOf = useNameOf();
  const token = useTokenMeta(cfg?.contracts.testStablecoin);
  const stakeToken = useStakeToken();
  const shown = events.filter((e) => !quiet.has(e.name)).slice(0, 12);
  return (
    <div className="feed" aria-live="polite" data-testid="activity-feed">
      <div className="feed-status">
        <span className={`live ${connected ? "live-on" : ""}`}>
          <span className="live-dot" aria-hidden="true" />
          {connected ? "Streaming live from the chain" : "Connecting to live updates…"}
        </span>
      </div>
      {shown.length > 0 && (
        <ul className="feed-list">
          {shown.map((e) => {
            const orderId = orderIdOfEvent(e);
            const isMarket = e.contract.toLowerCase() === cfg?.contracts.orderMarket.toLowerCase();
            const governance = isMarket ? undefined : describeGovernanceEvent(e.name, e.args, (a) => nameOf(a));
            const title = isMarket
              ? describeStep(e.name, e.args, { token, stakeToken, nameOf }).title
              : (governance?.title ??
                registryTitle(e.name, e.args, (a) => nameOf(a)) ??
                describeStep(e.name, e.args, { token, stakeToken, nameOf }).title);
            return (
              <li key={`${e.blockNumber}:${e.logIndex}`} className="feed-item feed-new">
                <span className="feed-dot" aria-hidden="true" />
                <div className="feed-body">
                  <div className="feed-title">
                    {orderId !== null && isMarket ? <Link href={`/orders/${orderId}`}>#{orderId}</Link> : null}
                    {governance?.proposalId && (
                      <Link href={`/governance/proposals/${governance.proposalId}`}>
                        {shortProposalId(governance.proposalId)}
                      </Link>
                    )}{" "}
                    {title}
                  </div>
                  <div className="feed-meta">{formatRelative(e.time, now)}</div>
                </div>
              </li>
            );
          })}
        </ul>
      )}
      {shown.length === 0 && recent.length === 0 && (
        <Empty title="Quiet so far">New RFQs, bids and deliveries appear here the moment they are on chain.</Empty>
      )}
      {shown.length < 6 && recent.length > 0 && (
        <>
          <div className="feed-sub">Recently changed orders</div>
          <ul className="feed-list">
            {recent.slice(0, 8 - shown.length).map((o) => (
              <li key={o.id} className="feed-item">
                <span className="feed-dot feed-dot-muted" aria-hidden="true" />
                <div className="feed-body">
                  <div className="feed-title">
                    <Link href={`/orders/${o.id}`}>#{o.id}</Link> {humanize(o.process)} · {o.quantity} pcs{" "}
                    <StatusBadge
                      status={o.status}
                      label={o.status === "Open" && !biddingOpen(o, now) ? "Awaiting award" : undefined}
                    />
                  </div>
                  <div className="feed-meta">{formatRelative(o.updatedAt, now)}</div>
                </div>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
