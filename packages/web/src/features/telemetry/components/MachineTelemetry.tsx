// A machine's telemetry: what its controller reported, signed with its device key and verified by
// the node before it was stored — current state and values, and charts of the last minutes with
// the spans when the machine was running or down shaded.
import { useMemo, useState } from "react";
import { type TimeBand, type TimePoint, TimeSeriesChart } from "../../../components/charts.tsx";
import { Card, Empty, ErrorNote, Loading, Segmented, Stat } from "../../../components/ui.tsx";
import { humanize, shortHex } from "../../../lib/format.ts";
import type { Machine } from "../../capacity/api/capacity.ts";
import { type Device, type TelemetryReading, useMachineDevices, useReadings } from "../api/telemetry.ts";

/** Telemetry windows, in minutes. */
const windows = [
  { value: 5, label: "5 min" },
  { value: 15, label: "15 min" },
  { value: 60, label: "1 hour" },
] as const;

/** Charted metrics, in this order; any other numeric metric follows. */
const known: Record<string, { label: string; color: string; unit?: string }> = {
  spindle_load: { label: "Spindle load", color: "var(--c-accent)", unit: "%" },
  load: { label: "Load", color: "var(--c-accent)", unit: "%" },
  temperature: { label: "Temperature", color: "var(--c-refund)", unit: "°C" },
  cycle_count: { label: "Cycle count", color: "var(--s-awarded)" },
};
const unitText = (unit: string | null | undefined) => (unit === "Cel" ? "°C" : (unit ?? ""));

/** Spans of equal `state` readings that are not idle, for shading. */
function stateBands(states: TelemetryReading[], to: number): TimeBand[] {
  const bands: TimeBand[] = [];
  for (const [i, r] of states.entries()) {
    const end = states[i + 1]?.ts ?? to;
    const prev = bands[bands.length - 1];
    if (r.value !== "running" && r.value !== "down") continue;
    if (prev && prev.className === `band-${r.value}` && prev.to === r.ts) prev.to = end;
    else bands.push({ from: r.ts, to: end, className: `band-${r.value}`, label: String(r.value) });
  }
  return bands;
}

function DeviceTelemetry({ device, minutes }: { device: Device; minutes: number }) {
  // Re-anchored each render of a new window; the query refetches every 5 s.
  const [now] = useState(() => Date.now());
  const from = Math.floor((now - minutes * 60_000) / 10_000) * 10_000;
  const readings = useReadings(device, from);
  const to = Math.max(Date.now(), ...(readings.data ?? []).map((r) => r.ts));
  const { series, states, latest } = useMemo(() => {
    const series = new Map<string, { unit: string | null; points: TimePoint[] }>();
    const states: TelemetryReading[] = [];
    const latest = new Map<string, TelemetryReading>();
    for (const r of readings.data ?? []) {
      latest.set(r.metric, r);
      if (r.metric === "state") states.push(r);
      if (typeof r.value !== "number" || r.metric === "order_id") continue;
      const s = series.get(r.metric) ?? { unit: r.unit, points: [] };
      s.points.push({ t: r.ts, v: r.value });
      series.set(r.metric, s);
    }
    return { series, states, latest };
  }, [readings.data]);
  if (readings.error) return <ErrorNote error={readings.error} retry={() => void readings.refetch()} />;
  if (readings.isPending) return <Loading rows={4} />;
  const bands = stateBands(states, to);
  const metrics = [...series.keys()].sort((a, b) => {
    const order = Object.keys(known);
    const ia = order.indexOf(a);
    const ib = order.indexOf(b);
    return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib) || a.localeCompare(b);
  });
  const state = latest.get("state")?.value;
  const order = latest.get("order_id");
  const age = device.lastTs ? Math.max(0, Math.round((Date.now() - device.lastTs) / 1000)) : undefined;
  return (
    <div className="stack" data-testid="device-telemetry">
      <section className="stats stats-4" aria-label={`Latest from ${device.id}`}>
        <Stat
          label="State"
          value={<span className={`state-${String(state ?? "idle")}`}>{state ? humanize(String(state)) : "—"}</span>}
          hint={
            state === "running" && order
              ? `on order #${order.value}`
              : age !== undefined
                ? `last message ${age} s ago`
                : "no message yet"
          }
          testId="telemetry-state"
        />
        {metrics.slice(0, 3).map((m) => {
          const r = latest.get(m);
          return (
            <Stat
              key={m}
              label={known[m]?.label ?? humanize(m)}
              value={
                r
                  ? `${typeof r.value === "number" ? r.value.toLocaleString("en-GB") : r.value}${unitText(r.unit) ? ` ${unitText(r.unit)}` : ""}`
                  : "—"
              }
            />
          );
        })}
      </section>
      {metrics.length === 0 ? (
        <Empty title="No readings in this window">The device has not reported in the last {minutes} minutes.</Empty>
      ) : (
        <div className="telemetry-grid">
          {metrics.map((m) => {
            const s = series.get(m);
            const meta = known[m];
            const unit = unitText(s?.unit) || meta?.unit || "";
            return (
              <div key={m} className="telemetry-chart">
                <h3>
                  {meta?.label ?? humanize(m)}
                  {unit && <span className="muted"> ({unit})</span>}
                </h3>
                <TimeSeriesChart
                  points={s?.points ?? []}
                  from={from}
                  to={to}
                  color={meta?.color ?? "var(--c-accent)"}
                  label={`${meta?.label ?? humanize(m)} of ${device.id} over the last ${minutes} minutes`}
                  bands={bands}
                  testId={`telemetry-chart-${m}`}
                />
              </div>
            );
          })}
        </div>
      )}
      <p className="muted small" style={{ margin: 0 }}>
        Device <span className="mono">{device.id}</span> · Ed25519 key{" "}
        <span className="mono" title={device.publicKey}>
          {shortHex(`0x${device.publicKey}`)}
        </span>{" "}
        · {device.messages.toLocaleString("en-GB")} signed messages verified and stored · registered {device.source}
        {device.revoked && " · revoked"}. Shaded: running (green), down (red).
      </p>
    </div>
  );
}

/** The telemetry card of a machine on the capacity ledger. */
export function MachineTelemetry({ machine }: { machine: Pick<Machine, "id" | "owner"> }) {
  const devices = useMachineDevices(machine);
  const [minutes, setMinutes] = useState<number>(15);
  const device = devices.data?.[0];
  return (
    <Card
      title="Telemetry"
      subtitle="Signed by the machine's controller, verified by this node's IoT gateway before it is stored."
      actions={<Segmented<number> label="Telemetry window" options={windows} value={minutes} onChange={setMinutes} />}
    >
      {devices.error ? (
        <ErrorNote error={devices.error} retry={() => void devices.refetch()} />
      ) : devices.isPending ? (
        <Loading rows={4} />
      ) : !device ? (
        <Empty title="No device registered for this machine">
          A machine reports telemetry once its controller (or an edge gateway such as <code>dipnet edge opcua</code>)
          has a device key registered to it and publishes to the node's MQTT broker.
        </Empty>
      ) : (
        <DeviceTelemetry key={`${device.id}-${minutes}`} device={device} minutes={minutes} />
      )}
    </Card>
  );
}
