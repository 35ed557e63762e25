// An account's DIP: what it holds, whom its votes go to, the votes delegated to it; for the acting
// account, delegating them — to itself or to another address.
import { type FormEvent, useState } from "react";
import { type Address, isAddress } from "viem";
import { ActionFeedback, AddressLink, Card, SubmitRow, TextField, useTextFields } from "../../../components/ui.tsx";
import { formatAmount } from "../../../lib/format.ts";
import { useChainAction, useTokenMeta } from "../../../lib/hooks.ts";
import { delegateVotes } from "../../../lib/sdk.ts";
import { useSession } from "../../../lib/session.tsx";
import { useDipAccount, useDipToken } from "../api/governance.ts";

const zeroAddress = "0x0000000000000000000000000000000000000000";

/** DIP and votes of `address`; its owner, acting, can delegate from here. */
export function DelegationCard({ address }: { address: string }) {
  const { signer } = useSession();
  const dipToken = useDipToken();
  const dip = useTokenMeta(dipToken);
  const account = useDipAccount(address);
  const mine = signer?.address.toLowerCase() === address.toLowerCase();
  if (!dipToken) return null;
  const data = account.data;
  const delegate = data?.delegate && data.delegate !== zeroAddress ? data.delegate : undefined;
  const self = delegate?.toLowerCase() === address.toLowerCase();
  return (
    <Card
      title="Voting power"
      id="voting-power"
      subtitle="DIP counts in governance votes once delegated — to yourself or to someone you trust."
    >
      <dl className="kv" data-testid="dip-account">
        <dt>DIP held</dt>
        <dd data-testid="dip-balance">{data ? formatAmount(data.balance, dip) : "…"}</dd>
        <dt>Votes delegated to {mine ? "you" : "it"}</dt>
        <dd data-testid="dip-votes">{data ? formatAmount(data.votes, dip) : "…"}</dd>
        <dt>{mine ? "Your" : "Its"} delegate</dt>
        <dd data-testid="dip-delegate">
          {!data ? (
            "…"
          ) : !delegate ? (
            <span className="muted">none — not counted</span>
          ) : self ? (
            mine ? (
              "yourself"
            ) : (
              "itself"
            )
          ) : (
            <AddressLink address={delegate} />
          )}
        </dd>
      </dl>
      {mine && data && <DelegateForm balance={data.balance} self={self} address={address as Address} />}
    </Card>
  );
}

function DelegateForm({ balance, self, address }: { balance: bigint; self: boolean; address: Address }) {
  const dip = useTokenMeta(useDipToken());
  const fields = useTextFields("delegate", { to: "" });
  const toSelf = useChainAction(delegateVotes, "Your votes are yours to cast");
  const toOther = useChainAction(delegateVotes, "Votes delegated");
  const [target, setTarget] = useState<string | undefined>();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const to = fields.values.to.trim();
    if (!isAddress(to, { strict: false })) return fields.setErrors({ to: "Enter an address: 0x and 40 hex digits." });
    fields.setErrors({});
    setTarget(to);
    void toOther.run({ delegatee: to as Address });
  };
  const amount = formatAmount(balance, dip);
  return (
    <div className="actions-stack delegate-actions">
      <div className="simple-action">
        <p className="muted small">
          {self
            ? "Your votes count for you: you cast them yourself."
            : `Counts your ${amount} in votes you cast yourself, now and after every transfer.`}
        </p>
        <button
          type="button"
          className="btn btn-primary"
          disabled={self || toSelf.pending}
          onClick={() => void toSelf.run({ delegatee: address })}
          data-testid="delegate-self"
        >
          {toSelf.pending ? "Sending…" : "Delegate to myself"}
        </button>
        <ActionFeedback state={toSelf.state} />
      </div>
      <form className="form" onSubmit={submit} noValidate>
        <TextField label="Delegate to an address" placeholder="0x…" {...fields.bind("to")} />
        <p className="muted small">
          Gives the votes of your {amount} to{" "}
          {target && toOther.pending ? <AddressLink address={target} /> : "that address"} until you delegate again; the
          tokens stay yours.
        </p>
        <SubmitRow action={toOther} label="Delegate" testId="delegate-submit" />
      </form>
    </div>
  );
}
