// A manufacturer's machines on the capacity ledger, each linking to its telemetry page.
import { Link } from "wouter";
import { Card, Pill } from "../../../components/ui.tsx";
import { humanize } from "../../../lib/format.ts";
import { useMachines, useOwnerDevices } from "../api/telemetry.ts";

/** Seconds within which a device's last message counts as "reporting". */
const REPORTING_S = 60;

export function MachineList({ owner }: { owner: string }) {
  const machines = useMachines(owner);
  const devices = useOwnerDevices(owner);
  if (!machines.data?.length) return null;
  return (
    <Card title="Machines" subtitle="On the capacity ledger; open one for its live telemetry.">
      <ul className="dispute-list" data-testid="machine-list">
        {machines.data.map((m) => {
          const device = devices.data?.find((d) => d.machine === String(m.id));
          const reporting =
            device?.lastTs !== undefined && device?.lastTs !== null && Date.now() - device.lastTs < REPORTING_S * 1000;
          return (
            <li key={m.id}>
              <Link href={`/machines/${m.id}`} className="row-link">
                #{m.id} {humanize(m.process)}
              </Link>{" "}
              {device ? (
                <Pill tone={reporting ? "ok" : "muted"}>{reporting ? "reporting" : "telemetry"}</Pill>
              ) : (
                <Pill tone="muted">no device</Pill>
              )}
              {!m.active && <Pill tone="warn">inactive</Pill>}
            </li>
          );
        })}
      </ul>
    </Card>
  );
}
