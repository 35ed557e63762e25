// The design owner's licence form: the royalty per unit in the network's stablecoin, a cap on units,
// an expiry, and the makers allowed (or any maker).
import { type FormEvent, useState } from "react";
import { type Address, isAddress } from "viem";
import { SubmitRow, TextField, useTextFields } from "../../../components/ui.tsx";
import { parseUnitsStrict } from "../../../lib/format.ts";
import { useChainAction, useTokenMeta } from "../../../lib/hooks.ts";
import { createLicence } from "../../../lib/sdk.ts";
import { useSession } from "../../../lib/session.tsx";

const maxUint64 = 2n ** 64n - 1n;

export function CreateLicenceForm({ designId }: { designId: number }) {
  const { cfg } = useSession();
  const paymentToken = cfg?.contracts.testStablecoin as Address | undefined;
  const token = useTokenMeta(paymentToken);
  const [open, setOpen] = useState(false);
  const f = useTextFields(`licence-${designId}`, { royalty: "", maxUnits: "100", makers: "", expires: "" });
  const action = useChainAction(createLicence, "Licence created");

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const { royalty, maxUnits, makers, expires } = f.values;
    const errors: typeof f.errors = {};
    const decimals = token?.decimals ?? 0;
    const royaltyPerUnit = parseUnitsStrict(royalty, decimals);
    if (royaltyPerUnit === undefined)
      errors.royalty = `An amount${token ? ` in ${token.symbol}` : ""}, at most ${decimals} decimals.`;
    const units = /^[0-9]+$/.test(maxUnits.trim()) ? BigInt(maxUnits.trim()) : 0n;
    if (units < 1n || units > maxUint64) errors.maxUnits = "A whole number of units, at least 1.";
    const list = makers
      .split(/[\s,]+/)
      .map((m) => m.trim())
      .filter(Boolean);
    if (!open && (list.length === 0 || list.length > 64 || !list.every((m) => isAddress(m))))
      errors.makers = "1 to 64 addresses (0x…), separated by commas; or let any maker build.";
    const expiresAt = expires ? Math.floor(new Date(`${expires}T23:59:59Z`).getTime() / 1000) : 0;
    if (expires && !Number.isFinite(expiresAt)) errors.expires = "A date, or leave it empty for no expiry.";
    f.setErrors(errors);
    if (Object.keys(errors).length > 0 || royaltyPerUnit === undefined || !paymentToken) return;
    await action.run({
      designId: BigInt(designId),
      paymentToken,
      royaltyPerUnit,
      maxUnits: units,
      expiresAt,
      open,
      makers: open ? [] : (list as Address[]),
    });
  };

  return (
    <form className="form" onSubmit={submit} noValidate aria-label="Create a licence">
      <h3 className="form-title">License this design</h3>
      <div className="form-grid">
        <TextField
          label={`Royalty per unit${token ? ` (${token.symbol})` : ""}`}
          inputMode="decimal"
          {...f.bind("royalty")}
        />
        <TextField label="Most units" inputMode="numeric" {...f.bind("maxUnits")} />
        <TextField label="Expires (optional, YYYY-MM-DD)" placeholder="2027-12-31" {...f.bind("expires")} />
      </div>
      <label className="check-row">
        <input type="checkbox" checked={open} onChange={(e) => setOpen(e.target.checked)} /> Any maker may build it
        (open licence)
      </label>
      {!open && <TextField label="Makers allowed" placeholder="0x…, 0x…" {...f.bind("makers")} />}
      <SubmitRow action={action} label="Create licence" pendingLabel="Creating…" testId="create-licence" />
    </form>
  );
}
