// Gantt chart of machines × time: one row per machine, reservations as bars coloured by order,
// downtime hatched, the planner's proposed steps as dashed outlines in the order's colour, the
// current chain time as a line. Pure SVG; scales to its container. The time axis's and the bars'
// labels go where components/labels.ts finds room: inside their bar, clear of the "now" marker.
import { useMemo } from "react";
import { type Box, placeLabels } from "../../../components/labels.ts";
import { textWidth } from "../../../components/textWidth.ts";
import { DAY, formatDateTime, humanize } from "../../../lib/format.ts";
import type { MachineCalendar, ProposedStep } from "../api/capacity.ts";

const LABEL_W = 230;
const WIDTH = 1180;
const ROW_H = 34;
const AXIS_H = 30;
const BAR_PAD = 7;
/** The axis's and the bars' type (`.gantt-tick` 400, `.gantt-bar-label` 650: 11px); a label box is its ascent and descent tall. */
const labelType = { size: 11, ascent: 9, descent: 3 } as const;

/** The box of `text` set from `left` on `baseline`. */
function textBox(text: string, left: number, baseline: number, weight: number): Box {
  const right = left + textWidth(text, labelType.size, weight);
  return { left, right, top: baseline - labelType.ascent, bottom: baseline + labelType.descent };
}

/** Distinct, calm hues; an order keeps its colour wherever it runs (neighbouring ids differ most). */
const palette = [
  "#2f7bbf",
  "#5a5fc7",
  "#1f8a8a",
  "#3a9a6b",
  "#8a6fb3",
  "#c07a2c",
  "#b8577a",
  "#4f8fa6",
  "#6c8a3a",
  "#9a5b3f",
];
export const orderColour = (orderId: number) => palette[(orderId * 3) % palette.length] as string;

export type GanttChartProps = {
  rows: readonly MachineCalendar[];
  from: number;
  to: number;
  now: number;
  ownerName: (address: string) => string;
  /** The planner's proposed steps for open orders (drawn as dashed outlines). Default: none. */
  proposed?: readonly ProposedStep[] | undefined;
  /** Called with the order id when a reservation bar is clicked. */
  onOrder?: ((orderId: number) => void) | undefined;
  /** Called with the machine id when a machine's label (a link to `/machines/<id>`) is clicked. */
  onMachine?: ((machineId: number) => void) | undefined;
};

export function GanttChart({ rows, from, to, now, ownerName, proposed = [], onOrder, onMachine }: GanttChartProps) {
  const plotW = WIDTH - LABEL_W - 12;
  const height = AXIS_H + rows.length * ROW_H + 8;
  const x = (t: number) => LABEL_W + ((Math.min(Math.max(t, from), to) - from) / (to - from)) * plotW;
  const ticks = useMemo(() => {
    const span = to - from;
    const step = span <= 4 * DAY ? DAY / 4 : span <= 16 * DAY ? DAY : 2 * DAY;
    const out: number[] = [];
    // Skip a tick that would sit on the label column's edge.
    for (let t = Math.ceil(from / step) * step; t < to; t += step) if (t - from > span / 40) out.push(t);
    return out;
  }, [from, to]);
  const tickLabel = (t: number) => {
    const d = new Date(t * 1000);
    const date = d.toLocaleDateString(undefined, { day: "numeric", month: "short", timeZone: "UTC" });
    return t % DAY === 0 ? date : `${String(d.getUTCHours()).padStart(2, "0")}:00`;
  };
  const showsNow = now >= from && now <= to;
  // Each bar in view, and its label: written inside it when it fits.
  const bars = rows.map((r, i) => {
    const y = AXIS_H + i * ROW_H;
    const bar = (start: number, end: number) => ({ x0: x(start), w: Math.max(3, x(end) - x(start)) });
    return {
      reservations: r.reservations.map((res) => ({
        res,
        ...bar(res.start, res.end),
        label: res.orderId === 0 ? "outside work" : `#${res.orderId}`,
      })),
      proposed: proposed
        .filter((st) => st.machineId === r.machine.id && st.end > from && st.start < to)
        .map((st) => ({ st, ...bar(st.start, st.end), label: `#${st.orderId}` })),
      y,
    };
  });
  const barItems = bars.flatMap((row) => [...row.reservations, ...row.proposed].map((bar) => ({ bar, y: row.y })));
  const placed = placeLabels(
    [
      ...ticks.map((t) => ({ spots: [{ box: textBox(tickLabel(t), x(t) + 4, AXIS_H - 10, 400) }] })),
      ...barItems.map(({ bar, y }) => ({
        spots: [{ box: textBox(bar.label, bar.x0 + 6, y + ROW_H / 2 + 4, 650) }],
        within: { left: bar.x0, right: bar.x0 + bar.w - 4, top: y + BAR_PAD, bottom: y + ROW_H - BAR_PAD },
      })),
    ],
    { left: LABEL_W, top: 0, right: WIDTH, bottom: height },
    // The "now" marker's pill above the axis.
    showsNow ? [{ left: x(now) - 18, right: x(now) + 18, top: 2, bottom: 16 }] : [],
  );
  const labelled = new Set<object>(barItems.filter((_, i) => placed[ticks.length + i]).map(({ bar }) => bar));

  return (
    <svg
      viewBox={`0 0 ${WIDTH} ${height}`}
      className="gantt"
      role="img"
      aria-label={`Machine calendar from ${formatDateTime(from)} to ${formatDateTime(to)}`}
      data-testid="gantt"
    >
      <defs>
        <pattern id="gantt-hatch" width="7" height="7" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
          <rect width="7" height="7" fill="#fbeceb" />
          <line x1="0" y1="0" x2="0" y2="7" stroke="#c0504a" strokeWidth="2.5" />
        </pattern>
      </defs>
      {/* Row backgrounds and labels */}
      {rows.map((r, i) => {
        const y = AXIS_H + i * ROW_H;
        return (
          <g key={r.machine.id}>
            <rect x={0} y={y} width={WIDTH} height={ROW_H} fill={i % 2 ? "#fafbfc" : "#ffffff"} />
            {onMachine ? (
              <a
                href={`/machines/${r.machine.id}`}
                className="gantt-machine-link"
                data-testid="gantt-machine"
                onClick={(e) => {
                  e.preventDefault();
                  onMachine(r.machine.id);
                }}
              >
                <title>{`Machine #${r.machine.id}: telemetry and details`}</title>
                <text x={10} y={y + 14} className="gantt-label">
                  <tspan className="gantt-id">#{r.machine.id}</tspan> {humanize(r.machine.process)}
                </text>
              </a>
            ) : (
              <text x={10} y={y + 14} className="gantt-label">
                <tspan className="gantt-id">#{r.machine.id}</tspan> {humanize(r.machine.process)}
              </text>
            )}
            <text x={10} y={y + 27} className="gantt-owner">
              {ownerName(r.machine.owner)}
            </text>
          </g>
        );
      })}
      {/* Time grid */}
      {ticks.map((t, i) => (
        <g key={t}>
          <line
            x1={x(t)}
            x2={x(t)}
            y1={AXIS_H - 6}
            y2={height - 8}
            stroke={t % DAY === 0 ? "#dfe4e8" : "#eef1f3"}
            strokeWidth={1}
          />
          {placed[i] && (
            <text x={x(t) + 4} y={AXIS_H - 10} className="gantt-tick">
              {tickLabel(t)}
            </text>
          )}
        </g>
      ))}
      <line x1={LABEL_W} x2={LABEL_W} y1={AXIS_H - 6} y2={height - 8} stroke="#c9d1d7" />
      <line x1={0} x2={WIDTH} y1={AXIS_H - 0.5} y2={AXIS_H - 0.5} stroke="#e1e6ea" />
      {/* Downtime, then reservations on top */}
      {rows.map((r, i) => {
        const { y, reservations, proposed: steps } = bars[i] as (typeof bars)[number];
        return (
          <g key={`busy-${r.machine.id}`}>
            {r.downtime.map((d) => (
              <rect
                key={`d${d.id}`}
                x={x(d.start)}
                y={y + 4}
                width={Math.max(2, x(d.end) - x(d.start))}
                height={ROW_H - 8}
                fill="url(#gantt-hatch)"
                stroke="#c0504a"
                strokeWidth={0.8}
                rx={3}
                data-testid="gantt-downtime"
              >
                <title>
                  {`${d.reason} — machine #${r.machine.id} down ${formatDateTime(d.start)} – ${formatDateTime(d.end)}`}
                </title>
              </rect>
            ))}
            {reservations.map((bar) => {
              const { res, x0, w, label } = bar;
              return (
                // biome-ignore lint/a11y/noStaticElementInteractions: the bar is a pointer shortcut; the order list links too.
                <g
                  key={`r${res.id}`}
                  className={onOrder && res.orderId ? "gantt-bar clickable" : "gantt-bar"}
                  onClick={onOrder && res.orderId ? () => onOrder(res.orderId) : undefined}
                  data-testid="gantt-reservation"
                >
                  <rect
                    x={x0}
                    y={y + BAR_PAD}
                    width={w}
                    height={ROW_H - 2 * BAR_PAD}
                    rx={4}
                    fill={res.orderId === 0 ? "#9aa5ae" : orderColour(res.orderId)}
                  />
                  {labelled.has(bar) && (
                    <text x={x0 + 6} y={y + ROW_H / 2 + 4} className="gantt-bar-label">
                      {label}
                    </text>
                  )}
                  <title>
                    {`Order ${label} — machine #${r.machine.id}, ${formatDateTime(res.start)} – ${formatDateTime(res.end)} (reservation ${res.id})`}
                  </title>
                </g>
              );
            })}
            {steps.map((bar) => {
              const { st, x0, w, label } = bar;
              const colour = orderColour(st.orderId);
              return (
                // biome-ignore lint/a11y/noStaticElementInteractions: the bar is a pointer shortcut; the order list links too.
                <g
                  key={`p${st.orderId}-${st.step}`}
                  className={onOrder ? "gantt-bar gantt-proposed clickable" : "gantt-bar gantt-proposed"}
                  onClick={onOrder ? () => onOrder(st.orderId) : undefined}
                  data-testid="gantt-proposal"
                >
                  <rect
                    x={x0 + 0.75}
                    y={y + BAR_PAD + 0.75}
                    width={Math.max(1.5, w - 1.5)}
                    height={ROW_H - 2 * BAR_PAD - 1.5}
                    rx={4}
                    fill={colour}
                    fillOpacity={0.12}
                    stroke={colour}
                    strokeWidth={1.5}
                    strokeDasharray="5 3"
                  />
                  {labelled.has(bar) && (
                    <text x={x0 + 6} y={y + ROW_H / 2 + 4} className="gantt-proposed-label" fill={colour}>
                      {label}
                    </text>
                  )}
                  <title>
                    {`Proposed: order #${st.orderId} step ${st.step} on machine #${r.machine.id}, ${formatDateTime(st.start)} – ${formatDateTime(st.end)} — ${st.explanation}`}
                  </title>
                </g>
              );
            })}
          </g>
        );
      })}
      {showsNow && (
        <g>
          <line x1={x(now)} x2={x(now)} y1={AXIS_H - 4} y2={height - 8} stroke="#16232d" strokeWidth={1.2} />
          <rect x={x(now) - 18} y={2} width={36} height={14} rx={7} fill="#16232d" />
          <text x={x(now)} y={12.5} className="gantt-now" textAnchor="middle">
            now
          </text>
        </g>
      )}
    </svg>
  );
}
