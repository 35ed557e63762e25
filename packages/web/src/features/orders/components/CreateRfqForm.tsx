// Posting an RFQ: validated here first, then signed and sent; the chain's answer shows beside the button.
import { type FormEvent, useState } from "react";
import { SignerHint } from "../../../app/AccountMenu.tsx";
import { EvidenceInput, type EvidenceValue, evidenceMissing } from "../../../components/EvidenceInput.tsx";
import { Card, Field, SubmitRow, TextField, useTextFields } from "../../../components/ui.tsx";
import { contentHash } from "../../../lib/evidence.ts";
import { formatAmount, parseUnitsStrict } from "../../../lib/format.ts";
import { useChainAction, useChainNow, useMarketParams, useStakeToken, useTokenMeta } from "../../../lib/hooks.ts";
import { certificationTypes, createRfq } from "../../../lib/sdk.ts";
import { useSession } from "../../../lib/session.tsx";

const processes = [
  "cnc-milling",
  "cnc-turning",
  "fdm-printing",
  "sla-printing",
  "sls-printing",
  "sheet-metal",
  "injection-moulding",
  "laser-cutting",
];
const materials = [
  "aluminium-6061",
  "aluminium-7075",
  "steel-s235",
  "stainless-316l",
  "titanium-grade5",
  "pa12",
  "petg",
  "abs",
  "brass",
];
const schedules: { label: string; bps: number[] }[] = [
  { label: "All on acceptance", bps: [10_000] },
  { label: "30% at first milestone, 70% on acceptance", bps: [3_000, 7_000] },
  { label: "20% · 30% · 50% on acceptance", bps: [2_000, 3_000, 5_000] },
];
const units = { minutes: 60, hours: 3_600, days: 86_400 } as const;
const maxUint96 = 2n ** 96n - 1n;

export function CreateRfqForm({ onCreated }: { onCreated: (orderId: number) => void }) {
  const { cfg, signer } = useSession();
  const token = useTokenMeta(cfg?.contracts.testStablecoin);
  const stakeToken = useStakeToken();
  const params = useMarketParams();
  const now = useChainNow();
  const fields = useTextFields("rfq", {
    process: "cnc-milling",
    material: "aluminium-6061",
    quantity: "10",
    budget: "",
    bond: "",
    window: "2",
    deadline: "30",
    certification: "",
    uri: "",
  });
  const { bind } = fields;
  const [windowUnit, setWindowUnit] = useState<keyof typeof units>("days");
  const [schedule, setSchedule] = useState(0);
  const [spec, setSpec] = useState<EvidenceValue>({ text: "", file: null });
  const [specError, setSpecError] = useState<string>();
  const action = useChainAction(createRfq, "RFQ posted");

  const validate = () => {
    const { process, material, quantity, budget, bond, window: windowValue, deadline, certification } = fields.values;
    const e: typeof fields.errors = {};
    if (!/^[a-z0-9][a-z0-9-]{1,62}$/.test(process.trim()))
      e.process = "Use lower-case words joined by dashes, e.g. cnc-milling.";
    if (!/^[a-z0-9][a-z0-9-]{1,62}$/.test(material.trim()))
      e.material = "Use lower-case words joined by dashes, e.g. aluminium-6061.";
    const q = Number(quantity);
    if (!Number.isInteger(q) || q < 1 || q > 4_294_967_295) e.quantity = "A whole number of parts, at least 1.";
    const decimals = token?.decimals ?? 0;
    const b = parseUnitsStrict(budget, decimals);
    if (b === undefined || b === 0n)
      e.budget = `A positive amount${token ? ` in ${token.symbol}` : ""}, at most ${decimals} decimals.`;
    else if (b > maxUint96) e.budget = "That amount is too large.";
    const sd = stakeToken?.decimals ?? 0;
    const bd = parseUnitsStrict(bond, sd);
    const minBond = params.data?.minBond;
    if (bd === undefined) e.bond = `An amount${stakeToken ? ` in ${stakeToken.symbol}` : ""}, at most ${sd} decimals.`;
    else if (bd > maxUint96) e.bond = "That amount is too large.";
    else if (minBond !== undefined && bd < minBond)
      e.bond = `At least the network's minimum bond, ${formatAmount(minBond, stakeToken)}.`;
    const w = Number(windowValue);
    if (!Number.isFinite(w) || w <= 0) e.window = "How long manufacturers may bid: more than zero.";
    const d = Number(deadline);
    if (!Number.isFinite(d) || d <= 0) e.deadline = "Days after bidding closes: more than zero.";
    const missingSpec = evidenceMissing(spec) ? "Describe the part or attach the drawing package." : undefined;
    const c = certification.trim();
    if (c && (c.length > 32 || !/^[\x20-\x7e]+$/.test(c)))
      e.certification = "A certification name of 1–32 plain characters, e.g. ISO 9001; or leave it empty.";
    fields.setErrors(e);
    setSpecError(missingSpec);
    return Object.keys(e).length === 0 && !missingSpec ? { q, b: b as bigint, bd: bd as bigint, w, d } : undefined;
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const v = validate();
    if (!v) return;
    const { process, material, certification, uri } = fields.values;
    const specHash = await contentHash(spec.file, spec.text);
    const biddingEnds = BigInt(now + Math.round(v.w * units[windowUnit]));
    const deadline = biddingEnds + BigInt(Math.round(v.d * 86_400));
    const result = await action.run({
      specHash,
      specURI: uri.trim() || `urn:dipnet:spec:${specHash}`,
      process: process.trim(),
      material: material.trim(),
      quantity: v.q,
      budget: v.b,
      bond: v.bd,
      biddingEnds,
      deadline,
      milestoneBps: schedules[schedule]?.bps ?? [10_000],
      requiredCertification: certification.trim() || undefined,
    });
    if (result) onCreated(Number(result.orderId));
  };

  const windowField = bind("window");
  return (
    <Card
      title="New request for quotation"
      subtitle="Manufacturers on the network bid on it; you award the best bid and fund escrow."
    >
      <form className="form" onSubmit={(e) => void submit(e)} noValidate data-testid="rfq-form">
        <div className="form-grid">
          <TextField label="Process" suggestions={processes} {...bind("process")} />
          <TextField label="Material" suggestions={materials} {...bind("material")} />
          <TextField label="Quantity" inputMode="numeric" {...bind("quantity")} />
          <TextField
            label={`Budget${token ? ` (${token.symbol})` : ""}`}
            inputMode="decimal"
            placeholder="e.g. 1200"
            hint="The most you will pay; bids above it are refused."
            {...bind("budget")}
          />
          <TextField
            label={`Manufacturer's bond${stakeToken ? ` (${stakeToken.symbol})` : ""}`}
            inputMode="decimal"
            placeholder="e.g. 50"
            hint={
              params.data
                ? `Locked from the winner's stake; minimum ${formatAmount(params.data.minBond, stakeToken)}.`
                : "Locked from the winner's stake."
            }
            {...bind("bond")}
          />
          <Field label="Bidding open for" htmlFor={windowField.id} error={windowField.error}>
            <div className="input-group">
              <input
                id={windowField.id}
                inputMode="decimal"
                value={windowField.value}
                onChange={(e) => windowField.onChange(e.target.value)}
                aria-invalid={Boolean(windowField.error)}
              />
              <select
                aria-label="Bidding window unit"
                value={windowUnit}
                onChange={(e) => setWindowUnit(e.target.value as keyof typeof units)}
              >
                <option value="minutes">minutes</option>
                <option value="hours">hours</option>
                <option value="days">days</option>
              </select>
            </div>
          </Field>
          <TextField label="Deliver within (days after bidding)" inputMode="numeric" {...bind("deadline")} />
          <Field label="Payment schedule" htmlFor="rfq-schedule">
            <select id="rfq-schedule" value={schedule} onChange={(e) => setSchedule(Number(e.target.value))}>
              {schedules.map((s, i) => (
                <option key={s.label} value={i}>
                  {s.label}
                </option>
              ))}
            </select>
          </Field>
          <TextField
            label="Required certification (optional)"
            placeholder="none"
            hint="Only manufacturers holding it, attested by an admitted certifier and still valid, can bid."
            suggestions={certificationTypes}
            {...bind("certification")}
          />
        </div>
        <div className="form-grid form-grid-2">
          <EvidenceInput
            label="Specification"
            placeholder="Part number, drawing revision, tolerances, finish…"
            value={spec}
            onChange={setSpec}
            error={specError}
            testId="rfq-spec"
          />
          <TextField
            label="Specification location (optional)"
            placeholder="ipfs://…"
            hint="Where bidders fetch the (encrypted) package, e.g. ipfs://…"
            {...bind("uri")}
          />
        </div>
        <SubmitRow action={action} label="Post RFQ" pendingLabel="Posting…" disabled={!signer}>
          {!signer && <SignerHint to="post" />}
        </SubmitRow>
      </form>
    </Card>
  );
}
