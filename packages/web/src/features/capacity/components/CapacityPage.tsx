// Capacity: every machine's calendar on the capacity ledger — reservations per order, downtime,
// the planner's proposal for the open orders, and how full the network is in the window shown.
import { useMemo, useState } from "react";
import { useLocation } from "wouter";
import { Card, Empty, ErrorNote, Loading, PageHead, Segmented, Stat } from "../../../components/ui.tsx";
import { DAY, HOUR, humanize, shortHex } from "../../../lib/format.ts";
import { useChainNow, useNameOf } from "../../../lib/hooks.ts";
import { useCapacity, useProposal } from "../api/capacity.ts";
import { GanttChart, orderColour } from "./GanttChart.tsx";

/** Calendar windows, in days. */
const windows = [
  { value: 3, label: "3 days" },
  { value: 7, label: "1 week" },
  { value: 14, label: "2 weeks" },
  { value: 30, label: "30 days" },
] as const;

export function CapacityPage() {
  const now = useChainNow();
  const [days, setDays] = useState<number>(7);
  const [process, setProcess] = useState("");
  const [, navigate] = useLocation();
  const nameOf = useNameOf();
  // Whole hours, so the query key (and the chart) only moves once an hour of chain time.
  const from = Math.floor((now - DAY / 2) / HOUR) * HOUR;
  const to = from + days * DAY;
  const capacity = useCapacity(from, to);
  const [showProposal, setShowProposal] = useState(true);
  const proposal = useProposal(showProposal);
  const proposed = showProposal ? (proposal.data?.steps ?? []) : [];

  const rows = useMemo(
    () => (capacity.data?.machines ?? []).filter((r) => !process || r.machine.process === process),
    [capacity.data, process],
  );
  const processes = useMemo(
    () => [...new Set((capacity.data?.machines ?? []).map((r) => r.machine.process))].sort(),
    [capacity.data],
  );
  const figures = useMemo(() => {
    const horizonStart = Math.max(from, now);
    const clip = (s: number, e: number) => Math.max(0, Math.min(e, to) - Math.max(s, horizonStart));
    let reserved = 0;
    let down = 0;
    const orders = new Set<number>();
    for (const r of rows) {
      for (const res of r.reservations) {
        reserved += clip(res.start, res.end);
        if (res.orderId) orders.add(res.orderId);
      }
      for (const d of r.downtime) down += clip(d.start, d.end);
    }
    const available = rows.length * Math.max(1, to - horizonStart);
    const downNow = rows.filter((r) => r.downtime.some((d) => d.start <= now && now < d.end)).length;
    return {
      utilisation: reserved / available,
      downHours: down / HOUR,
      orders: [...orders].sort((a, b) => a - b),
      downNow,
    };
  }, [rows, from, to, now]);

  if (capacity.error) return <ErrorNote error={capacity.error} retry={() => void capacity.refetch()} />;
  const ownerName = (address: string) => nameOf(address) ?? shortHex(address);

  return (
    <div className="stack" data-testid="capacity-page">
      <PageHead
        title="Capacity"
        lede="Machine time reserved on the capacity ledger: no two reservations on a machine can overlap, and none lies in its downtime."
      />

      <section className="stats stats-4" aria-label="Capacity figures">
        <Stat label="Machines" value={rows.length} hint={`${processes.length} processes`} tone="accent" />
        <Stat
          label="Booked ahead"
          value={`${Math.round(figures.utilisation * 100)}%`}
          hint={`of machine time from now to ${windows.find((w) => w.value === days)?.label ?? `${days} days`} out`}
          testId="capacity-utilisation"
        />
        <Stat
          label="Orders holding time"
          value={figures.orders.length}
          hint="with live reservations in view"
          tone="ok"
        />
        <Stat
          label="Down now"
          value={figures.downNow}
          hint={`${Math.round(figures.downHours)} machine-hours of downtime ahead`}
          tone={figures.downNow > 0 ? "warn" : undefined}
        />
      </section>

      <Card
        title="Machine calendar"
        subtitle="Bars are reservations, coloured by order (click one to open it); hatched spans are downtime; dashed outlines are the planner's proposal for open orders. Click a machine for its telemetry."
        actions={
          <div className="gantt-controls">
            <label className="check">
              <input
                type="checkbox"
                checked={showProposal}
                onChange={(e) => setShowProposal(e.target.checked)}
                data-testid="proposal-toggle"
              />{" "}
              Proposal
            </label>
            <label className="sr-only" htmlFor="capacity-process">
              Process
            </label>
            <select id="capacity-process" value={process} onChange={(e) => setProcess(e.target.value)}>
              <option value="">All processes</option>
              {processes.map((p) => (
                <option key={p} value={p}>
                  {humanize(p)}
                </option>
              ))}
            </select>
            <Segmented<number> label="Window" options={windows} value={days} onChange={setDays} />
          </div>
        }
      >
        {capacity.isPending ? (
          <Loading rows={6} />
        ) : rows.length === 0 ? (
          <Empty title="No machines registered yet">
            Manufacturers register machines with <code>dipnet machine register</code>; the demo seed registers each demo
            factory's machine park.
          </Empty>
        ) : (
          <>
            <div className="gantt-wrap">
              <GanttChart
                rows={rows}
                from={from}
                to={to}
                now={now}
                ownerName={ownerName}
                proposed={proposed}
                onOrder={(id) => navigate(`/orders/${id}`)}
                onMachine={(id) => navigate(`/machines/${id}`)}
              />
            </div>
            {showProposal && proposal.data && (
              <p className="muted small" data-testid="proposal-summary">
                {proposal.data.steps.length === 0
                  ? "The planner has nothing to propose: every open order holds machine time."
                  : `The planner proposes ${proposal.data.steps.length} step(s) for ${new Set(proposal.data.steps.map((st) => st.orderId)).size} open order(s)${proposal.data.objective ? ` — ${proposal.data.objective.tardinessH.toFixed(1)} h late in all, makespan ${proposal.data.objective.makespanH.toFixed(0)} h` : ""}${proposal.data.unplanned.length ? `; ${proposal.data.unplanned.length} cannot be planned (no machine offers the process)` : ""}.`}
              </p>
            )}
            {showProposal && proposal.error && (
              <p className="muted small">No proposal: {(proposal.error as Error).message}.</p>
            )}
            <ul className="legend" aria-label="Legend">
              {figures.orders.slice(0, 10).map((id) => (
                <li key={id}>
                  <span className="swatch" style={{ background: orderColour(id) }} />
                  order #{id}
                </li>
              ))}
              {figures.orders.length > 10 && <li>… {figures.orders.length - 10} more</li>}
              <li>
                <span className="swatch swatch-hatch" />
                downtime
              </li>
              {proposed.length > 0 && (
                <li>
                  <span className="swatch swatch-proposed" />
                  proposed (planner)
                </li>
              )}
              <li>
                <span className="swatch swatch-now" />
                now (chain time)
              </li>
            </ul>
          </>
        )}
      </Card>
    </div>
  );
}
