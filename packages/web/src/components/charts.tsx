// Hand-written SVG charts: drawn at the container's real width (crisp text), no dependencies.
import { type ReactNode, useEffect, useRef, useState } from "react";
import { formatCompact } from "../lib/format.ts";
import { placeLabels, spotsAround } from "./labels.ts";
import { textWidth } from "./textWidth.ts";

function useWidth<T extends HTMLElement>(fallback = 600) {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState(fallback);
  useEffect(() => {
    const el = ref.current;
    if (!el || typeof ResizeObserver === "undefined") return;
    const observer = new ResizeObserver((entries) => {
      const w = entries[0]?.contentRect.width;
      if (w && Math.abs(w - width) > 1) setWidth(Math.floor(w));
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [width]);
  return { ref, width };
}

/** Round axis ticks covering [0, max]. */
function niceTicks(max: number, count = 4, integer = false): number[] {
  if (max <= 0) return [0, 1];
  const raw = max / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  let step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? raw;
  if (integer) step = Math.max(1, Math.ceil(step));
  const ticks: number[] = [];
  for (let v = 0; v <= max + step * 0.001; v += step) ticks.push(Number(v.toFixed(10)));
  if ((ticks[ticks.length - 1] ?? 0) < max) ticks.push((ticks[ticks.length - 1] ?? 0) + step);
  return ticks;
}

/** Horizontal grid lines at the value axis's `ticks`, each labelled left of the plot. */
function ValueGrid({
  ticks,
  y,
  left,
  right,
  format,
}: {
  ticks: number[];
  y: (v: number) => number;
  left: number;
  right: number;
  format: (v: number) => string;
}) {
  return ticks.map((t) => (
    <g key={t}>
      <line x1={left} x2={right} y1={y(t)} y2={y(t)} className="grid" />
      <text x={left - 6} y={y(t) + 4} textAnchor="end" className="axis">
        {format(t)}
      </text>
    </g>
  ));
}

export type Series = { key: string; label: string; color: string; values: number[] };

/** Grouped bars per time bucket, e.g. orders posted and completed per day. */
export function BarChart({
  labels,
  series,
  height = 220,
  ariaLabel,
  format = formatCompact,
  integer = false,
}: {
  labels: string[];
  series: Series[];
  height?: number;
  ariaLabel: string;
  format?: (v: number) => string;
  /** Counts: whole-number ticks only. Default: false. */
  integer?: boolean;
}) {
  const { ref, width } = useWidth<HTMLDivElement>();
  const pad = { l: 40, r: 8, t: 10, b: 26 };
  const max = Math.max(1, ...series.flatMap((s) => s.values));
  const ticks = niceTicks(max, 4, integer);
  const top = ticks[ticks.length - 1] ?? max;
  const plotW = Math.max(10, width - pad.l - pad.r);
  const plotH = height - pad.t - pad.b;
  const n = Math.max(1, labels.length);
  const band = plotW / n;
  const gap = Math.min(6, band * 0.25);
  const barW = Math.min(22, Math.max(1, (band - gap) / Math.max(1, series.length)));
  const groupOffset = (band - barW * series.length) / 2;
  const y = (v: number) => pad.t + plotH - (v / top) * plotH;
  const every = Math.ceil(n / Math.max(1, Math.floor(plotW / 64)));
  return (
    <div ref={ref} className="chart">
      <svg width={width} height={height} role="img" aria-label={ariaLabel}>
        <ValueGrid ticks={ticks} y={y} left={pad.l} right={width - pad.r} format={format} />
        {labels.map((label, i) => (
          <g key={label}>
            {series.map((s, j) => {
              const v = s.values[i] ?? 0;
              return (
                <rect
                  key={s.key}
                  x={pad.l + i * band + groupOffset + j * barW}
                  y={y(v)}
                  width={Math.max(1, barW - 1)}
                  height={Math.max(0, pad.t + plotH - y(v))}
                  rx={2}
                  fill={s.color}
                >
                  <title>{`${label} · ${s.label}: ${format(v)}`}</title>
                </rect>
              );
            })}
            {i % every === 0 && (
              <text x={pad.l + i * band + band / 2} y={height - 8} textAnchor="middle" className="axis">
                {label}
              </text>
            )}
          </g>
        ))}
      </svg>
      <Legend items={series.map((s) => ({ label: s.label, color: s.color }))} />
    </div>
  );
}

/** A filled line over time buckets, e.g. value awarded per day. */
export function AreaChart({
  labels,
  values,
  color,
  label,
  height = 220,
  format = formatCompact,
}: {
  labels: string[];
  values: number[];
  color: string;
  label: string;
  height?: number;
  format?: (v: number) => string;
}) {
  const { ref, width } = useWidth<HTMLDivElement>();
  const pad = { l: 48, r: 24, t: 10, b: 26 };
  const ticks = niceTicks(Math.max(1, ...values));
  const top = ticks[ticks.length - 1] ?? 1;
  const plotW = Math.max(10, width - pad.l - pad.r);
  const plotH = height - pad.t - pad.b;
  const n = values.length;
  const x = (i: number) => pad.l + (n <= 1 ? plotW / 2 : (i / (n - 1)) * plotW);
  const y = (v: number) => pad.t + plotH - (v / top) * plotH;
  const line = values.map((v, i) => `${i === 0 ? "M" : "L"}${x(i).toFixed(1)},${y(v).toFixed(1)}`).join("");
  const area = n > 0 ? `${line}L${x(n - 1).toFixed(1)},${y(0)}L${x(0).toFixed(1)},${y(0)}Z` : "";
  const every = Math.ceil(n / Math.max(1, Math.floor(plotW / 64)));
  return (
    <div ref={ref} className="chart">
      <svg width={width} height={height} role="img" aria-label={label}>
        <ValueGrid ticks={ticks} y={y} left={pad.l} right={width - pad.r} format={format} />
        <path d={area} fill={color} opacity={0.14} />
        <path d={line} fill="none" stroke={color} strokeWidth={2} strokeLinejoin="round" />
        {values.map((v, i) => (
          <circle key={labels[i]} cx={x(i)} cy={y(v)} r={v > 0 ? 3 : 0} fill={color}>
            <title>{`${labels[i]}: ${format(v)}`}</title>
          </circle>
        ))}
        {labels.map((l, i) =>
          i % every === 0 ? (
            <text key={l} x={x(i)} y={height - 8} textAnchor="middle" className="axis">
              {l}
            </text>
          ) : null,
        )}
      </svg>
    </div>
  );
}

/** The point labels' type (`.pt-label`): 600 12px; a label box is its ascent and descent tall. */
const labelWidth = (text: string) => textWidth(text, 12, 600);
const labelAscent = 12;
const labelDescent = 4;

export type ScatterPoint = { key: string; x: number; y: number; label: string; tone?: "win" | "muted" | "counter" };

/** Points on two numeric axes, with an optional horizontal limit line (e.g. the budget). */
export function ScatterChart({
  points,
  xLabel,
  yLabel,
  limit,
  height = 260,
  formatX = formatCompact,
  formatY = formatCompact,
  ariaLabel,
}: {
  points: ScatterPoint[];
  xLabel: string;
  yLabel: string;
  limit?: { value: number; label: string } | undefined;
  height?: number;
  formatX?: (v: number) => string;
  formatY?: (v: number) => string;
  ariaLabel: string;
}) {
  const { ref, width } = useWidth<HTMLDivElement>();
  const pad = { l: 56, r: 16, t: 16, b: 40 };
  const xMax = Math.max(1, ...points.map((p) => p.x)) * 1.15;
  const yMaxRaw = Math.max(1, limit?.value ?? 0, ...points.map((p) => p.y)) * 1.1;
  const yTicks = niceTicks(yMaxRaw);
  const xTicks = niceTicks(xMax);
  const yTop = yTicks[yTicks.length - 1] ?? yMaxRaw;
  const xTop = xTicks[xTicks.length - 1] ?? xMax;
  const plotW = Math.max(10, width - pad.l - pad.r);
  const plotH = height - pad.t - pad.b;
  const x = (v: number) => pad.l + (v / xTop) * plotW;
  const y = (v: number) => pad.t + plotH - (v / yTop) * plotH;
  const radius = (p: ScatterPoint) => (p.tone === "win" ? 8 : 6.5);
  // Labels inside the plot, clear of each other, of the points and of the limit line and its label.
  const limitMarks = limit
    ? [
        {
          right: width - pad.r - 4,
          left: width - pad.r - 4 - labelWidth(limit.label),
          top: y(limit.value) - 18,
          bottom: y(limit.value) - 2,
        },
        { left: pad.l, right: width - pad.r, top: y(limit.value) - 1, bottom: y(limit.value) + 1 },
      ]
    : [];
  const labels = placeLabels(
    points.map((p) => {
      const mark = { x: x(p.x), y: y(p.y), r: radius(p) };
      return { mark, spots: spotsAround(mark, labelWidth(p.label), labelAscent + labelDescent) };
    }),
    { left: pad.l, right: width - pad.r, top: 2, bottom: pad.t + plotH },
    limitMarks,
  );
  return (
    <div ref={ref} className="chart">
      <svg width={width} height={height} role="img" aria-label={ariaLabel}>
        <ValueGrid ticks={yTicks} y={y} left={pad.l} right={width - pad.r} format={formatY} />
        {xTicks.map((t) => (
          <text key={`x${t}`} x={x(t)} y={pad.t + plotH + 16} textAnchor="middle" className="axis">
            {formatX(t)}
          </text>
        ))}
        <text x={pad.l + plotW / 2} y={height - 4} textAnchor="middle" className="axis axis-title">
          {xLabel}
        </text>
        <text
          x={12}
          y={pad.t + plotH / 2}
          textAnchor="middle"
          className="axis axis-title"
          transform={`rotate(-90 12 ${pad.t + plotH / 2})`}
        >
          {yLabel}
        </text>
        {limit && (
          <g>
            <line x1={pad.l} x2={width - pad.r} y1={y(limit.value)} y2={y(limit.value)} className="limit-line" />
            <text x={width - pad.r - 4} y={y(limit.value) - 6} textAnchor="end" className="axis limit-label">
              {limit.label}
            </text>
          </g>
        )}
        {points.map((p) => (
          <g key={p.key} className={`pt pt-${p.tone ?? "normal"}`}>
            <circle cx={x(p.x)} cy={y(p.y)} r={radius(p)}>
              <title>{`${p.label}: ${formatY(p.y)} · ${formatX(p.x)}`}</title>
            </circle>
          </g>
        ))}
        {labels.map((l, i) => {
          const p = points[i];
          if (!p || !l) return null;
          return (
            <g key={p.key}>
              {/* A label moved away from its point is tied to it by a thin line. */}
              {l.leader && (
                <line x1={l.leader.x1} y1={l.leader.y1} x2={l.leader.x2} y2={l.leader.y2} className="pt-leader" />
              )}
              <text x={l.box.left} y={l.box.bottom - labelDescent} className="pt-label">
                {p.label}
              </text>
            </g>
          );
        })}
      </svg>
    </div>
  );
}

/** One horizontal bar split into labelled shares, e.g. how an escrow is split. */
export function SplitBar({
  parts,
  ariaLabel,
  inline = false,
  testId,
}: {
  parts: { key: string; label: string; value: number; color: string; display?: ReactNode }[];
  ariaLabel: string;
  testId?: string;
  /** Legend in columns (wide cards) instead of one row per part. Default: false. */
  inline?: boolean;
}) {
  const total = parts.reduce((a, p) => a + Math.max(0, p.value), 0);
  return (
    <div className="splitbar-wrap" data-testid={testId}>
      <div className="splitbar" role="img" aria-label={ariaLabel}>
        {total > 0 &&
          parts
            .filter((p) => p.value > 0)
            .map((p) => (
              <div
                key={p.key}
                className="splitbar-seg"
                style={{ width: `${(p.value / total) * 100}%`, background: p.color }}
                title={`${p.label}: ${((p.value / total) * 100).toFixed(1)}%`}
              />
            ))}
      </div>
      <ul className={`splitbar-legend ${inline ? "splitbar-legend-inline" : ""}`}>
        {parts.map((p) => (
          <li key={p.key}>
            <span className="swatch" style={{ background: p.color }} aria-hidden="true" />
            <span className="splitbar-label">{p.label}</span>
            <span className="splitbar-value">{p.display ?? formatCompact(p.value)}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function Legend({ items }: { items: { label: string; color: string }[] }) {
  return (
    <ul className="legend">
      {items.map((i) => (
        <li key={i.label}>
          <span className="swatch" style={{ background: i.color }} aria-hidden="true" />
          {i.label}
        </li>
      ))}
    </ul>
  );
}

export type TimePoint = { t: number; v: number };
export type TimeBand = { from: number; to: number; className: string; label: string };

const clock = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", second: "2-digit" });
const clockShort = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit" });

/** Round time ticks (ms) inside [from, to]. */
function timeTicks(from: number, to: number, maxTicks: number): number[] {
  const steps = [5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21_600].map((s) => s * 1000);
  const step = steps.find((s) => (to - from) / s <= maxTicks) ?? steps[steps.length - 1] ?? 3_600_000;
  const ticks: number[] = [];
  for (let t = Math.ceil(from / step) * step; t <= to; t += step) ticks.push(t);
  return ticks;
}

/**
 * A value over real time (ms), e.g. a machine's temperature: a line broken where samples are
 * missing, over optional shaded bands (e.g. when the machine was running).
 */
export function TimeSeriesChart({
  points,
  from,
  to,
  color,
  label,
  bands = [],
  height = 180,
  format = formatCompact,
  gapMs = 30_000,
  testId,
}: {
  points: TimePoint[];
  from: number;
  to: number;
  color: string;
  label: string;
  bands?: TimeBand[];
  height?: number;
  format?: (v: number) => string;
  /** Samples further apart than this are not joined. Default: 30 s. */
  gapMs?: number;
  testId?: string;
}) {
  const { ref, width } = useWidth<HTMLDivElement>();
  const pad = { l: 48, r: 16, t: 10, b: 24 };
  const ticks = niceTicks(Math.max(1, ...points.map((p) => p.v)));
  const top = ticks[ticks.length - 1] ?? 1;
  const plotW = Math.max(10, width - pad.l - pad.r);
  const plotH = height - pad.t - pad.b;
  const span = Math.max(1, to - from);
  const x = (t: number) => pad.l + ((t - from) / span) * plotW;
  const y = (v: number) => pad.t + plotH - (Math.max(0, v) / top) * plotH;
  let line = "";
  points.forEach((p, i) => {
    const joined = i > 0 && p.t - (points[i - 1]?.t ?? 0) <= gapMs;
    line += `${joined ? "L" : "M"}${x(p.t).toFixed(1)},${y(p.v).toFixed(1)}`;
  });
  const tickTimes = timeTicks(from, to, Math.max(2, Math.floor(plotW / 80)));
  const fmt = to - from <= 10 * 60_000 ? clock : clockShort;
  const last = points[points.length - 1];
  return (
    <div ref={ref} className="chart" data-testid={testId} data-points={points.length}>
      <svg width={width} height={height} role="img" aria-label={label}>
        {bands.map((b) => (
          <rect
            key={`${b.className}-${b.from}`}
            x={x(Math.max(from, b.from))}
            y={pad.t}
            width={Math.max(1, x(Math.min(to, b.to)) - x(Math.max(from, b.from)))}
            height={plotH}
            className={b.className}
          >
            <title>{b.label}</title>
          </rect>
        ))}
        <ValueGrid ticks={ticks} y={y} left={pad.l} right={width - pad.r} format={format} />
        {tickTimes.map((t) => (
          <text key={t} x={x(t)} y={height - 6} textAnchor="middle" className="axis">
            {fmt.format(new Date(t))}
          </text>
        ))}
        <path d={line} fill="none" stroke={color} strokeWidth={2} strokeLinejoin="round" className="series-line" />
        {last && (
          <circle cx={x(last.t)} cy={y(last.v)} r={3.5} fill={color}>
            <title>{`${clock.format(new Date(last.t))}: ${format(last.v)}`}</title>
          </circle>
        )}
      </svg>
    </div>
  );
}
