import { type ReactNode, useMemo } from "react";
import { Link } from "wouter";
import { AreaChart, BarChart, SplitBar } from "../../../components/charts.tsx";
import { Card, ErrorNote, Loading, PageHead, Stat } from "../../../components/ui.tsx";
import { type OrderStatus, postedOrderStatuses } from "../../../lib/api.ts";
import { formatAmount, formatCompact, statusLabels, type TokenMeta } from "../../../lib/format.ts";
import { useStats, useTokenMeta } from "../../../lib/hooks.ts";
import { deliveriesText, onTimeMeaning, onTimeText } from "../../../lib/orders.ts";
import { useSession } from "../../../lib/session.tsx";
import { activityBuckets, useActivity, useRecentOrders } from "../api/overview.ts";
import { ActivityFeed } from "./ActivityFeed.tsx";

const statusColor: Record<OrderStatus, string> = {
  Open: "var(--s-open)",
  Awarded: "var(--s-awarded)",
  Shipped: "var(--s-shipped)",
  Disputed: "var(--s-disputed)",
  Completed: "var(--s-completed)",
  Resolved: "var(--s-resolved)",
  Cancelled: "var(--s-cancelled)",
  Defaulted: "var(--s-defaulted)",
};

/** A chart's place when it has nothing to draw. */
function ChartEmpty({ children }: { children: ReactNode }) {
  return (
    <div className="chart-empty" data-testid="chart-empty">
      {children}
    </div>
  );
}

/** An amount that always fits a key figure: compact from 10,000 up, exact on hover. */
function FittedAmount({ value, token }: { value: bigint; token: TokenMeta | undefined }) {
  const exact = formatAmount(value, token);
  const units = token ? Number(value) / 10 ** token.decimals : 0;
  if (!token || units < 10_000) return <>{exact}</>;
  return (
    <span title={exact} data-exact={exact}>
      {formatCompact(units)} {token.symbol}
    </span>
  );
}

export function OverviewPage() {
  const { cfg } = useSession();
  const stats = useStats();
  const activity = useActivity();
  const recent = useRecentOrders(8);
  const mainToken = cfg?.contracts.testStablecoin ?? stats.data?.volume[0]?.token;
  const token = useTokenMeta(mainToken);
  const inMainToken = <T extends { token: string }>(rows: readonly T[] | undefined) =>
    rows?.find((r) => r.token.toLowerCase() === mainToken?.toLowerCase());
  // "Open" orders whose bidding closed (at the newest indexed block) await the customer's award, not bids.
  const taking = stats.data?.rfqs.takingBids ?? 0;
  const awaitingAward = stats.data?.rfqs.awaitingAward ?? 0;
  const deliveries = stats.data?.deliveries;
  const buckets = useMemo(
    () => activityBuckets(activity.data, mainToken, token?.decimals ?? 0),
    [activity.data, mainToken, token?.decimals],
  );

  const noOrders = (stats.data?.orders.total ?? 0) === 0;
  const by = stats.data?.orders.byStatus ?? {};
  const n = (s: OrderStatus) => by[s] ?? 0;

  if (stats.error) return <ErrorNote error={stats.error} retry={() => void stats.refetch()} />;

  return (
    <div className="stack">
      <PageHead
        title="Network overview"
        lede="Orders, bids and payments across every factory on DIPNET, live from the chain."
        aside={
          <Link href="/orders?new=1" className="btn btn-primary">
            New RFQ
          </Link>
        }
      />

      <section className="stats stats-5" aria-label="Key figures">
        {stats.isPending ? (
          <Loading rows={2} />
        ) : (
          <>
            <Stat
              label="Open RFQs"
              value={taking}
              hint={awaitingAward > 0 ? `taking bids now · ${awaitingAward} closed, awaiting award` : "taking bids now"}
              tone="accent"
              testId="kpi-open"
            />
            <Stat
              label="In production"
              value={n("Awarded")}
              hint={`${n("Shipped")} shipped, awaiting acceptance`}
              testId="kpi-production"
            />
            <Stat
              label="Value in escrow"
              value={<FittedAmount value={BigInt(inMainToken(stats.data?.escrow)?.held ?? 0)} token={token} />}
              hint="held by the market contract"
              testId="kpi-escrow"
            />
            <Stat
              label="On-time delivery"
              value={<span title={`On time: ${onTimeMeaning}`}>{onTimeText(deliveries)}</span>}
              hint={deliveries?.onTimeRate == null ? "no deliveries yet" : deliveriesText(deliveries)}
              tone="ok"
              testId="kpi-ontime"
            />
            <Stat
              label="Disputes"
              value={n("Disputed")}
              hint={`open · ${n("Resolved")} resolved by arbiters`}
              tone={n("Disputed") > 0 ? "warn" : undefined}
              testId="kpi-disputes"
            />
          </>
        )}
      </section>

      <div className="overview-grid">
        <div className="stack">
          <Card title="Orders over time" subtitle={`Posted and completed per ${buckets.unit}`}>
            {activity.isPending ? (
              <Loading rows={4} />
            ) : noOrders ? (
              <ChartEmpty>No orders yet: RFQs posted and orders completed show here per {buckets.unit}.</ChartEmpty>
            ) : (
              <BarChart
                ariaLabel="Orders posted and completed over time"
                integer
                labels={buckets.labels}
                series={[
                  { key: "posted", label: "Posted", color: "var(--c-accent)", values: buckets.posted },
                  { key: "completed", label: "Completed", color: "var(--s-completed)", values: buckets.completed },
                ]}
              />
            )}
          </Card>
          <Card
            title="Value awarded"
            subtitle={`${token?.symbol ?? "Token units"} put into escrow per ${buckets.unit}`}
          >
            {activity.isPending ? (
              <Loading rows={4} />
            ) : !buckets.value.some((v) => v > 0) ? (
              <ChartEmpty>
                {noOrders ? "Nothing awarded yet." : `Nothing awarded in this period (per ${buckets.unit}).`} Awards
                show here as the value they put into escrow.
              </ChartEmpty>
            ) : (
              <AreaChart
                label="Value awarded over time"
                labels={buckets.labels}
                values={buckets.value}
                color="var(--c-maker)"
              />
            )}
          </Card>
          <Card title="Where orders are" subtitle={`${stats.data?.orders.total ?? 0} orders by status`}>
            {(stats.data?.orders.total ?? 0) === 0 ? (
              <ChartEmpty>No orders yet: each RFQ shows here by its status, from bidding to completion.</ChartEmpty>
            ) : (
              <SplitBar
                ariaLabel="Orders by status"
                inline
                parts={postedOrderStatuses
                  .filter((s) => n(s) > 0)
                  .flatMap((s) =>
                    // Open RFQs whose bidding closed await an award: shown apart, as in the figure above.
                    s === "Open"
                      ? [
                          { key: "taking", label: "Taking bids", value: taking, color: statusColor.Open },
                          {
                            key: "awaiting",
                            label: "Awaiting award",
                            value: awaitingAward,
                            color: "var(--s-open-closed)",
                          },
                        ].filter((p) => p.value > 0)
                      : [{ key: s, label: statusLabels[s], value: n(s), color: statusColor[s] }],
                  )
                  .map((p) => ({ ...p, display: String(p.value) }))}
              />
            )}
          </Card>
        </div>
        <div className="stack">
          <Card title="Live activity">
            <ActivityFeed recent={recent.data?.items ?? []} />
          </Card>
          <Card title="The network">
            <dl className="kv">
              <dt>Manufacturers</dt>
              <dd>
                <Link href="/network">{stats.data?.participants.manufacturers ?? "—"}</Link>
              </dd>
              <dt>Customers</dt>
              <dd>{stats.data?.participants.customers ?? "—"}</dd>
              <dt>Bids placed</dt>
              <dd>{stats.data ? formatCompact(stats.data.bids) : "—"}</dd>
              <dt>Total awarded</dt>
              <dd>{formatAmount(inMainToken(stats.data?.volume)?.awarded ?? "0", token)}</dd>
              <dt>Events on chain</dt>
              <dd>{stats.data ? formatCompact(stats.data.events) : "—"}</dd>
            </dl>
          </Card>
        </div>
      </div>
    </div>
  );
}
