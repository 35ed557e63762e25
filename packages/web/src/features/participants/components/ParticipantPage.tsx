import { isAddress } from "viem";
import { OrderCell, ShowMore, TableHead } from "../../../components/table.tsx";
import {
  ActionFeedback,
  Card,
  Empty,
  ErrorNote,
  Loading,
  PageHead,
  Pill,
  StatusBadge,
} from "../../../components/ui.tsx";
import { ApiError, type Order } from "../../../lib/api.ts";
import { devNameOf } from "../../../lib/devKeys.ts";
import { formatAmount, formatDate, formatDateTime, humanize, shortHex } from "../../../lib/format.ts";
import { useChainAction, useIsArbiter, useStakeToken, useTokenMeta } from "../../../lib/hooks.ts";
import { statusSums } from "../../../lib/orders.ts";
import { resolveProfile } from "../../../lib/profile.ts";
import { withdraw } from "../../../lib/sdk.ts";
import { useSession } from "../../../lib/session.tsx";
import { useSignedInAs } from "../../auth/api/auth.ts";
import { SettingsCard } from "../../auth/components/SettingsCard.tsx";
import { DelegationCard } from "../../governance/components/DelegationCard.tsx";
import { useBalances } from "../../orders/api/orders.ts";
import { MachineList } from "../../telemetry/components/MachineList.tsx";
import { useParticipant, useParticipantOrders, useParticipantStats } from "../api/participant.ts";
import { CertificationsCard } from "./CertificationsCard.tsx";
import { ScorecardView } from "./Scorecard.tsx";

function CustomerScore({ label, value }: { label: string; value: string | number }) {
  return (
    <div className="score">
      <div className="score-value">{value}</div>
      <div className="score-label">{label}</div>
    </div>
  );
}

function OrderRow({ o, role }: { o: Order; role: string }) {
  const token = useTokenMeta(o.token);
  return (
    <tr>
      <OrderCell id={o.id} />
      <td>
        {humanize(o.process)} <span className="muted">· {o.quantity} pcs</span>
      </td>
      <td>{role}</td>
      <td>
        <StatusBadge status={o.status} />
      </td>
      <td className="num">{formatAmount(o.price ?? o.budget, token)}</td>
      <td>{formatDate(o.updatedAt)}</td>
    </tr>
  );
}

function BalanceRow({
  token,
  owed,
  mine,
  kind,
}: {
  token: string;
  owed: string;
  mine: boolean;
  kind: "market" | "registry";
}) {
  const meta = useTokenMeta(token);
  const action = useChainAction(withdraw, "Withdrawn");
  return (
    <li className="simple-action">
      <span>
        {kind === "market" ? "Payments to withdraw" : "Slashed stake to claim"}:{" "}
        <strong>{formatAmount(owed, meta)}</strong>
      </span>
      {mine && kind === "market" && (
        <>
          <button
            type="button"
            className="btn btn-small btn-primary"
            disabled={action.pending}
            onClick={() => void action.run({ token: token as `0x${string}` })}
          >
            Withdraw
          </button>
          <ActionFeedback state={action.state} />
        </>
      )}
    </li>
  );
}

export function ParticipantPage({ address }: { address: string }) {
  const valid = isAddress(address, { strict: false });
  const { signer, local } = useSession();
  const q = useParticipant(valid ? address : "0x0000000000000000000000000000000000000000");
  const orders = useParticipantOrders(address);
  const stats = useParticipantStats(address);
  const balances = useBalances(valid ? address : undefined);
  const stakeToken = useStakeToken();
  const signedIn = useSignedInAs() !== undefined;
  const isArbiter = useIsArbiter(valid ? address : undefined);
  if (!valid) return <Empty title="Not an address">Participant pages live at /participants/0x… (40 hex digits).</Empty>;
  if (q.isPending) return <Loading rows={8} />;
  const notRegistered = q.error instanceof ApiError && q.error.status === 404;
  if (q.error && !notRegistered) return <ErrorNote error={q.error} retry={() => void q.refetch()} />;
  const p = q.data;
  const resolved = p ? resolveProfile(p) : undefined;
  const profile = resolved?.profile;
  const name = profile?.name ?? (local ? devNameOf(address) : undefined) ?? shortHex(address);
  const mine = signer?.address.toLowerCase() === address.toLowerCase();
  const asCustomer = stats.data?.asCustomer;
  const customerSums = statusSums(asCustomer?.byStatus ?? {});
  const provenProcesses = Object.keys(stats.data?.asMaker.byProcess ?? {})
    .sort()
    .map(humanize);
  const account = address.toLowerCase();
  const history = (orders.data?.pages ?? [])
    .flatMap((page) => page.items)
    .map((o) => ({
      o,
      role: [o.customer === account && "customer", o.maker === account && "manufacturer"].filter(Boolean).join(" & "),
    }));
  const owed = (balances.data?.items ?? []).filter((b) => b.owed !== "0");
  const roles = [...(p?.roles ?? []), ...(isArbiter ? ["arbiter"] : [])];
  const isMaker = p?.roles.includes("manufacturer") ?? false;

  return (
    <div className="stack" data-testid="participant-page">
      <PageHead
        title={name}
        lede={
          <>
            <span className="mono">{address}</span>
            {profile?.city && ` · ${profile.city}${profile.country ? `, ${profile.country}` : ""}`}
          </>
        }
      >
        <div className="tags">
          {roles.map((r) => (
            <Pill key={r} tone="accent">
              {r}
            </Pill>
          ))}
          {!p && <Pill tone="muted">not registered</Pill>}
          {mine && <Pill tone="warn">you</Pill>}
          {resolved?.verified === true && <span className="verified">✓ profile matches its on-chain hash</span>}
          {resolved?.verified === false && <span className="warn-text">profile does not match its on-chain hash</span>}
        </div>
      </PageHead>

      <div className="profile-grid">
        <div className="stack">
          {isMaker && (
            <Card
              title="Scorecard"
              subtitle="Reputation as a manufacturer, computed from on-chain events — the same figures `dipnet reputation` prints."
            >
              {p?.scorecard ? <ScorecardView card={p.scorecard} /> : <Loading rows={2} />}
            </Card>
          )}
          {(p?.roles.includes("customer") ?? false) && (
            <Card title="As a customer">
              <div className="scorecard">
                <CustomerScore label="RFQs posted" value={asCustomer?.total ?? "…"} />
                <CustomerScore label="Completed" value={asCustomer ? customerSums.completed : "…"} />
                <CustomerScore label="Active" value={asCustomer ? customerSums.active : "…"} />
                <CustomerScore label="Disputes" value={asCustomer ? customerSums.disputes : "…"} />
              </div>
            </Card>
          )}
          <Card title="History" subtitle="Every order this participant took part in, latest first.">
            {orders.isPending ? (
              <Loading rows={4} />
            ) : history.length === 0 ? (
              <Empty title="No orders yet" />
            ) : (
              <div className="table-wrap">
                <table className="table">
                  <TableHead columns={[["Order"], ["Part"], ["Role"], ["Status"], ["Price", "num"], ["Updated"]]} />
                  <tbody>
                    {history.map(({ o, role }) => (
                      <OrderRow key={o.id} o={o} role={role} />
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            <ShowMore pages={orders} />
          </Card>
        </div>
        <aside className="stack">
          {mine && signedIn && <SettingsCard address={address} />}
          <DelegationCard address={address} />
          {(isMaker || (profile?.certifications.length ?? 0) > 0) && (
            <CertificationsCard address={address} declared={profile?.certifications ?? []} />
          )}
          {p && (
            <Card title="Stake">
              <dl className="kv">
                <dt>Posted</dt>
                <dd>{formatAmount(p.stake, stakeToken)}</dd>
                <dt>Locked in bonds</dt>
                <dd>{formatAmount(p.locked, stakeToken)}</dd>
                <dt>Free</dt>
                <dd>{formatAmount(p.freeStake, stakeToken)}</dd>
                <dt>Open bonds</dt>
                <dd>{p.openBonds}</dd>
                <dt>Member since</dt>
                <dd>{formatDateTime(p.registeredAt)}</dd>
              </dl>
            </Card>
          )}
          <Card title="Balances" subtitle="What the contracts owe, paid out by pull.">
            {owed.length === 0 ? (
              <p className="muted">Nothing owed right now.</p>
            ) : (
              <ul className="actions-stack" style={{ listStyle: "none", padding: 0, margin: 0 }}>
                {owed.map((b) => (
                  <BalanceRow
                    key={`${b.contract}-${b.token}`}
                    token={b.token}
                    owed={b.owed}
                    kind={b.kind}
                    mine={mine}
                  />
                ))}
              </ul>
            )}
          </Card>
          {isMaker && <MachineList owner={address} />}
          <Card title="Capabilities">
            {profile?.capabilities.length ? (
              <ul className="dispute-list">
                {profile.capabilities.map((c) => (
                  <li key={c.process}>
                    <strong>{humanize(c.process)}</strong>
                    {c.machines ? <span className="muted"> · {c.machines} machines</span> : null}
                    <div className="tags">
                      {c.materials.map((m) => (
                        <Pill key={m}>{humanize(m)}</Pill>
                      ))}
                    </div>
                  </li>
                ))}
              </ul>
            ) : (
              <p className="muted">
                {p?.profileURI ? "The profile document is not readable here." : "No profile published."}
                {provenProcesses.length > 0 && ` Proven on chain: ${provenProcesses.join(", ")}.`}
              </p>
            )}
          </Card>
        </aside>
      </div>
    </div>
  );
}
