// Every governed parameter, by contract (a set's members each on a row of their own): its value
// now, in words, and each change — when, in which transaction, by which proposal and whose.
import { deploymentContracts } from "@dipnet/sdk";
import { Link } from "wouter";
import { AddressLink, Card, ErrorNote, HashText, Loading } from "../../../components/ui.tsx";
import { formatAmount, formatBps, formatDateTime, formatDuration } from "../../../lib/format.ts";
import { useStakeToken, useTokenMeta } from "../../../lib/hooks.ts";
import { useSession } from "../../../lib/session.tsx";
import { type GovernedParameter, type Proposal, useDipToken, useGovernedParameters } from "../api/governance.ts";
import { shortProposalId } from "../events.ts";

/** How a parameter's value reads, by its name: durations, shares, amounts of a token. */
const valueKinds: Record<string, "duration" | "bps" | "percent" | "stake" | "dip"> = {
  acceptanceWindow: "duration",
  lateGrace: "duration",
  rulingWindow: "duration",
  votingDelay: "duration",
  votingPeriod: "duration",
  minDelay: "duration",
  feeBps: "bps",
  commitDepositBps: "bps",
  cancellationFloorPercent: "percent",
  quorumNumerator: "percent",
  minStake: "stake",
  minBond: "stake",
  proposalThreshold: "dip",
};

/** One of the deployment's contracts by name (the timelock owns them all), another address as a link. */
function ContractOrAddress({ address }: { address: string }) {
  const { cfg } = useSession();
  const contract = Object.entries(cfg?.contracts ?? {}).find(([, a]) => a?.toLowerCase() === address.toLowerCase());
  return contract ? (
    <span title={address}>{deploymentContracts.find(({ key }) => key === contract[0])?.name ?? contract[0]}</span>
  ) : (
    <AddressLink address={address} />
  );
}

/** A parameter's value in words; the raw value is its title. */
function ParameterValue({ name, value, member }: { name: string; value: string; member: string | null }) {
  const stakeToken = useStakeToken();
  const dip = useTokenMeta(useDipToken());
  if (member) return <span>{value === "true" ? "admitted" : "removed"}</span>;
  if (/^0x[0-9a-fA-F]{40}$/.test(value)) return <ContractOrAddress address={value} />;
  const kind = valueKinds[name];
  const text =
    kind === "duration"
      ? formatDuration(Number(value))
      : kind === "bps"
        ? formatBps(Number(value))
        : kind === "percent"
          ? `${value}%`
          : kind === "stake"
            ? formatAmount(value, stakeToken)
            : kind === "dip"
              ? formatAmount(value, dip)
              : value;
  return <span title={text === value ? undefined : value}>{text}</span>;
}

function Change({
  change,
  proposals,
}: {
  change: GovernedParameter["history"][number];
  proposals: Map<string, Proposal>;
}) {
  const proposal = change.proposalId ? proposals.get(change.proposalId) : undefined;
  return (
    <span className="param-change">
      {change.proposalId ? (
        <span>
          <Link href={`/governance/proposals/${change.proposalId}`} data-testid="param-proposal">
            {proposal?.title ?? `Proposal ${shortProposalId(change.proposalId)}`}
          </Link>
          {proposal && (
            <span className="muted">
              {" "}
              by <AddressLink address={proposal.proposer} />
            </span>
          )}
        </span>
      ) : (
        <span className="muted">set at deployment</span>
      )}
      <span className="tl-meta">
        {formatDateTime(change.at)} · tx <HashText value={change.txHash} label="transaction hash" />
      </span>
    </span>
  );
}

function ParameterRow({ parameter: p, proposals }: { parameter: GovernedParameter; proposals: Map<string, Proposal> }) {
  const [latest, ...earlier] = [...p.history].sort((a, b) => b.blockNumber - a.blockNumber);
  return (
    <tr data-parameter={p.name} data-contract={p.contract} data-member={p.member?.toLowerCase()} data-value={p.value}>
      <th scope="row">
        <span className="param-name">{p.name}</span>
        {p.member && (
          <span className="param-member">
            <ContractOrAddress address={p.member} />
          </span>
        )}
      </th>
      <td className="num" data-testid="param-value">
        <ParameterValue name={p.name} value={p.value} member={p.member} />
      </td>
      <td>
        {latest ? <Change change={latest} proposals={proposals} /> : <span className="muted">never</span>}
        {earlier.length > 0 && (
          <details className="param-history">
            <summary>{earlier.length === 1 ? "1 earlier value" : `${earlier.length} earlier values`}</summary>
            <ul>
              {earlier.map((c) => (
                <li key={`${c.txHash}:${c.value}`}>
                  <ParameterValue name={p.name} value={c.value} member={p.member} /> —{" "}
                  <Change change={c} proposals={proposals} />
                </li>
              ))}
            </ul>
          </details>
        )}
      </td>
    </tr>
  );
}

/** The governed parameters, linking each change to the proposal that made it (`proposals`: by id). */
export function ParametersCard({ proposals }: { proposals: Map<string, Proposal> }) {
  const q = useGovernedParameters();
  const byContract = new Map<string, GovernedParameter[]>();
  for (const p of q.data?.items ?? []) byContract.set(p.contract, [...(byContract.get(p.contract) ?? []), p]);
  return (
    <Card
      title="Parameters"
      id="parameters"
      subtitle="What governance controls, each within bounds the contracts enforce. Live orders keep the values of their award."
    >
      {q.isPending ? (
        <Loading rows={4} />
      ) : q.error ? (
        <ErrorNote error={q.error} retry={() => void q.refetch()} />
      ) : (
        <div className="table-wrap">
          <table className="table params-table" data-testid="parameters">
            <thead>
              <tr>
                <th scope="col">Parameter</th>
                <th scope="col" className="num">
                  Value
                </th>
                <th scope="col">Last changed</th>
              </tr>
            </thead>
            {[...byContract].map(([contract, parameters]) => (
              <tbody key={contract}>
                <tr className="params-group">
                  <th scope="rowgroup" colSpan={3}>
                    {contract}
                  </th>
                </tr>
                {parameters.map((p) => (
                  <ParameterRow key={`${p.name}.${p.member ?? ""}`} parameter={p} proposals={proposals} />
                ))}
              </tbody>
            ))}
          </table>
        </div>
      )}
    </Card>
  );
}
