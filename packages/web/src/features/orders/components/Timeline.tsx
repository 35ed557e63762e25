import { HashText } from "../../../components/ui.tsx";
import type { OrderDetail } from "../../../lib/api.ts";
import { formatDateTime } from "../../../lib/format.ts";
import { useNameOf, useStakeToken, useTokenMeta } from "../../../lib/hooks.ts";
import { describeStep } from "../../../lib/orders.ts";
import { useMachines } from "../../telemetry/api/telemetry.ts";

/** Every step of an order as it happened on chain: time, transaction, evidence. */
export function Timeline({ order }: { order: OrderDetail }) {
  const token = useTokenMeta(order.token);
  const stakeToken = useStakeToken();
  const nameOf = useNameOf();
  const steps = order.timeline;
  // Machines matter only to reservation steps: fetched only for an order that has some.
  const reserved = steps.some((s) => s.name.startsWith("Reservation"));
  const machines = useMachines(undefined, reserved);
  const machineOf = (id: number) => machines.data?.find((m) => m.id === id);
  return (
    <ol className="timeline" data-testid="timeline">
      {steps.map((s) => {
        const d = describeStep(s.name, s.args, { token, stakeToken, nameOf, machineOf });
        return (
          <li key={`${s.blockNumber}:${s.logIndex}`} className={`tl-step tl-${d.tone ?? "plain"}`} data-event={s.name}>
            <span className="tl-dot" aria-hidden="true" />
            <div className="tl-body">
              <div className="tl-head">
                <span className="tl-title">{d.title}</span>
                <time className="tl-time" dateTime={new Date(s.time * 1000).toISOString()}>
                  {formatDateTime(s.time)}
                </time>
              </div>
              {d.detail && <div className="tl-detail">{d.detail}</div>}
              <div className="tl-meta">
                <span>
                  tx <HashText value={s.txHash} label="transaction hash" />
                </span>
                <span className="muted">block {s.blockNumber}</span>
                {s.evidenceHash && (
                  <span>
                    evidence <HashText value={s.evidenceHash} label="evidence hash" />
                  </span>
                )}
              </div>
            </div>
          </li>
        );
      })}
    </ol>
  );
}
