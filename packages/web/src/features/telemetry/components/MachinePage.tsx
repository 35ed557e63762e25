// One machine of the capacity ledger: what it is, who owns it, and its live telemetry.
import { Link } from "wouter";
import { AddressLink, Card, Empty, ErrorNote, Loading, PageHead, Pill } from "../../../components/ui.tsx";
import { formatDateTime, humanize } from "../../../lib/format.ts";
import { useMachines } from "../api/telemetry.ts";
import { MachineTelemetry } from "./MachineTelemetry.tsx";

export function MachinePage({ id }: { id: string }) {
  const machines = useMachines();
  if (machines.error) return <ErrorNote error={machines.error} retry={() => void machines.refetch()} />;
  if (machines.isPending) return <Loading rows={6} />;
  const machine = machines.data.find((m) => String(m.id) === id);
  if (!machine) {
    return (
      <Empty title={`No machine #${id}`} action={<Link href="/capacity">All machines</Link>}>
        Machines are registered on the capacity ledger.
      </Empty>
    );
  }
  return (
    <div className="stack" data-testid="machine-page">
      <PageHead
        title={`Machine #${machine.id} · ${humanize(machine.process)}`}
        lede={
          <>
            Owned by <AddressLink address={machine.owner} /> · <Link href="/capacity">capacity calendar</Link>
          </>
        }
      >
        <div className="tags">
          {!machine.active && <Pill tone="warn">inactive</Pill>}
          {machine.materials.map((m) => (
            <Pill key={m}>{humanize(m)}</Pill>
          ))}
        </div>
      </PageHead>
      <MachineTelemetry machine={machine} />
      <Card title="On the capacity ledger">
        <dl className="kv">
          <dt>Work envelope</dt>
          <dd>
            {machine.envelope.x} × {machine.envelope.y} × {machine.envelope.z} mm
          </dd>
          <dt>Location</dt>
          <dd>
            {machine.location.latitude.toFixed(3)}, {machine.location.longitude.toFixed(3)}
          </dd>
          <dt>Calendar slot</dt>
          <dd>{machine.slotSeconds / 60} min</dd>
          <dt>Registered</dt>
          <dd>{formatDateTime(machine.registeredAt)}</dd>
        </dl>
      </Card>
    </div>
  );
}
