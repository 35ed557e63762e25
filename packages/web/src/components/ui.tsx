// Shared presentational components: cards, key figures, badges, addresses, hashes, states.
import { type ReactNode, useState } from "react";
import { Link } from "wouter";
import type { OrderStatus } from "../lib/api.ts";
import { shortHex, statusLabels } from "../lib/format.ts";
import { type ActionOutcome, type ActionState, describeError, useNameOf } from "../lib/hooks.ts";

/** The head of a page: its title, the line under it, what else describes it (`children`), and `aside` on the right. */
export function PageHead({
  title,
  lede,
  aside,
  children,
}: {
  title: ReactNode;
  lede?: ReactNode;
  aside?: ReactNode;
  children?: ReactNode;
}) {
  return (
    <div className="page-head">
      <div>
        <h1>{title}</h1>
        {lede && <p className="lede">{lede}</p>}
        {children}
      </div>
      {aside}
    </div>
  );
}

export function Card({
  title,
  subtitle,
  actions,
  children,
  className,
  id,
}: {
  title?: ReactNode;
  subtitle?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
  className?: string;
  id?: string;
}) {
  const headingId = id ? `${id}-title` : undefined;
  return (
    <section className={`card ${className ?? ""}`} id={id} aria-labelledby={headingId}>
      {(title || actions) && (
        <header className="card-head">
          <div>
            {title && (
              <h2 className="card-title" id={headingId}>
                {title}
              </h2>
            )}
            {subtitle && <p className="card-subtitle">{subtitle}</p>}
          </div>
          {actions && <div className="card-actions">{actions}</div>}
        </header>
      )}
      {children}
    </section>
  );
}

export function Stat({
  label,
  value,
  hint,
  tone,
  testId,
}: {
  label: string;
  value: ReactNode;
  hint?: ReactNode;
  tone?: "accent" | "warn" | "ok" | undefined;
  testId?: string;
}) {
  return (
    <div className={`stat ${tone ? `stat-${tone}` : ""}`} data-testid={testId}>
      <div className="stat-label">{label}</div>
      <div className="stat-value">{value}</div>
      {hint && <div className="stat-hint">{hint}</div>}
    </div>
  );
}

export function StatusBadge({ status, size, label }: { status: OrderStatus; size?: "lg"; label?: string }) {
  return (
    <span className={`badge status-${status.toLowerCase()} ${size === "lg" ? "badge-lg" : ""}`} data-status={status}>
      <span className="badge-dot" aria-hidden="true" />
      {label ?? statusLabels[status]}
    </span>
  );
}

export function Pill({ children, tone }: { children: ReactNode; tone?: "accent" | "muted" | "warn" | "ok" }) {
  return <span className={`pill ${tone ? `pill-${tone}` : ""}`}>{children}</span>;
}

/** An address as a link to the participant's page, named when the name is known. */
export function AddressLink({ address, plain }: { address: string | null | undefined; plain?: boolean }) {
  const nameOf = useNameOf();
  if (!address) return <span className="muted">—</span>;
  const name = nameOf(address);
  const content = (
    <>
      {name && <span className="addr-name">{name}</span>}
      <span className="mono addr-hex">{shortHex(address)}</span>
    </>
  );
  if (plain)
    return (
      <span className="addr" title={address}>
        {content}
      </span>
    );
  return (
    <Link href={`/participants/${address}`} className="addr" title={address}>
      {content}
    </Link>
  );
}

/** A hash shown short, full on hover, with a copy button. */
export function HashText({ value, label }: { value: string | null | undefined; label?: string }) {
  const [copied, setCopied] = useState(false);
  if (!value) return <span className="muted">—</span>;
  return (
    <span className="hash" title={value}>
      <span className="mono">{shortHex(value, 10, 6)}</span>
      <button
        type="button"
        className="icon-btn"
        aria-label={`Copy ${label ?? "hash"} ${value}`}
        onClick={() => {
          void navigator.clipboard?.writeText(value).then(
            () => {
              setCopied(true);
              setTimeout(() => setCopied(false), 1200);
            },
            () => undefined,
          );
        }}
      >
        {copied ? (
          <span aria-hidden="true">✓</span>
        ) : (
          <svg width="12" height="12" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
            <rect x="5" y="5" width="9" height="9" rx="1.5" fill="none" stroke="currentColor" strokeWidth="1.5" />
            <path
              d="M11 3.5V3a1 1 0 0 0-1-1H3a1 1 0 0 0-1 1v7a1 1 0 0 0 1 1h.5"
              fill="none"
              stroke="currentColor"
              strokeWidth="1.5"
            />
          </svg>
        )}
      </button>
    </span>
  );
}

export function Loading({ label = "Loading…", rows = 3 }: { label?: string; rows?: number }) {
  return (
    <div className="loading" role="status" aria-live="polite">
      <span className="sr-only">{label}</span>
      {Array.from({ length: rows }, (_, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: placeholders have no identity
        <div key={i} className="skeleton" style={{ width: `${90 - i * 17}%` }} />
      ))}
    </div>
  );
}

export function Empty({ title, children, action }: { title: string; children?: ReactNode; action?: ReactNode }) {
  return (
    <div className="empty">
      <div className="empty-title">{title}</div>
      {children && <div className="empty-body">{children}</div>}
      {action && <div className="empty-action">{action}</div>}
    </div>
  );
}

export function ErrorNote({ error, retry }: { error: unknown; retry?: () => void }) {
  const message = error instanceof Error ? error.message : String(error);
  return (
    <div className="error-note" role="alert">
      <strong>Could not load this.</strong> {message}
      {retry && (
        <button type="button" className="btn btn-small btn-ghost" onClick={retry}>
          Try again
        </button>
      )}
    </div>
  );
}

/** Why a request failed, in words, as a form's error line; nothing while there is no error. */
export function FailureLine({ error }: { error: unknown }) {
  if (!error) return null;
  return (
    <div className="field-error" role="alert">
      {describeError(error).message}
    </div>
  );
}

/**
 * A form's submit button, which says `pendingLabel` while its action runs, and the action's outcome
 * beside it; `children` stand between the two.
 */
export function SubmitRow<R>({
  action,
  label,
  pendingLabel = "Sending…",
  tone = "primary",
  disabled = false,
  testId,
  children,
}: {
  action: { pending: boolean; state: ActionState<R> };
  label: string;
  pendingLabel?: string;
  tone?: "primary" | "danger";
  disabled?: boolean;
  testId?: string;
  children?: ReactNode;
}) {
  return (
    <div className="form-actions">
      <button type="submit" className={`btn btn-${tone}`} disabled={action.pending || disabled} data-testid={testId}>
        {action.pending ? pendingLabel : label}
      </button>
      {children}
      <ActionFeedback state={action.state} />
    </div>
  );
}

/** The outcome of an action, shown right next to the control that ran it. */
export function ActionFeedback<R>({ state }: { state: ActionState<R> }) {
  if (state.status === "idle") return <div className="feedback" aria-live="polite" />;
  if (state.status === "pending")
    return (
      <div className="feedback feedback-pending" aria-live="polite">
        <span className="spinner" aria-hidden="true" /> {state.step}
      </div>
    );
  if (state.status === "error")
    return (
      <div className="feedback feedback-error" role="alert" data-testid="action-error">
        <span className="feedback-text">{capitalize(state.error.message)}</span>
        {state.error.errorName && <code className="error-name">{state.error.errorName}</code>}
      </div>
    );
  return (
    <div className="feedback feedback-ok" aria-live="polite" data-testid="action-ok">
      <OutcomeText outcome={state} />
    </div>
  );
}

/** "✓ <message> · tx 0x…" */
export function OutcomeText({ outcome }: { outcome: ActionOutcome }) {
  return (
    <>
      <span>✓ {outcome.message}</span>
      {outcome.hash && (
        <span className="muted">
          {" "}
          · tx <span className="mono">{shortHex(outcome.hash, 10, 6)}</span>
        </span>
      )}
    </>
  );
}

export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A labelled form field with its validation message. */
export function Field({
  label,
  htmlFor,
  hint,
  error,
  children,
}: {
  label: string;
  htmlFor: string;
  hint?: ReactNode;
  error?: string | undefined;
  children: ReactNode;
}) {
  return (
    <div className={`field ${error ? "field-invalid" : ""}`}>
      <label htmlFor={htmlFor}>{label}</label>
      {children}
      {error ? (
        <div className="field-error" id={`${htmlFor}-error`} role="alert">
          {error}
        </div>
      ) : (
        hint && <div className="field-hint">{hint}</div>
      )}
    </div>
  );
}

/** What ties a `TextField` to its state (`useTextFields().bind(name)` gives it). */
type TextBinding = { id: string; value: string; onChange: (value: string) => void; error?: string | undefined };

/**
 * The values and validation messages of a form's text inputs, by name; `bind(name)` gives a
 * `TextField` its id (`<form>-<name>`), its value and its message.
 * @example const f = useTextFields("bid", { price: "" }); <TextField label="Price" {...f.bind("price")} />
 */
export function useTextFields<K extends string>(form: string, initial: Record<K, string>) {
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState<Partial<Record<K, string>>>({});
  const bind = (name: K): TextBinding => ({
    id: `${form}-${name}`,
    value: values[name],
    onChange: (value) => setValues((v) => ({ ...v, [name]: value })),
    error: errors[name],
  });
  return { values, errors, setErrors, bind };
}

/** A labelled text input with its validation message; `suggestions` offers values to pick from. */
export function TextField({
  id,
  label,
  onChange,
  error,
  hint,
  suggestions,
  ...input
}: TextBinding & {
  label: string;
  hint?: ReactNode;
  inputMode?: "decimal" | "numeric";
  type?: "email";
  placeholder?: string;
  suggestions?: readonly string[];
}) {
  const listId = suggestions ? `${id}-suggestions` : undefined;
  return (
    <Field label={label} htmlFor={id} error={error} hint={hint}>
      <input
        id={id}
        {...input}
        list={listId}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={Boolean(error)}
      />
      {suggestions && (
        <datalist id={listId}>
          {suggestions.map((s) => (
            <option key={s} value={s} />
          ))}
        </datalist>
      )}
    </Field>
  );
}

/** Buttons of which one is chosen, e.g. a time window. */
export function Segmented<T extends string | number>({
  label,
  options,
  value,
  onChange,
}: {
  label: string;
  options: readonly { value: T; label: string }[];
  value: T;
  onChange: (value: T) => void;
}) {
  return (
    <fieldset className="segmented" aria-label={label}>
      {options.map((o) => (
        <button
          key={o.value}
          type="button"
          className={o.value === value ? "active" : ""}
          aria-pressed={o.value === value}
          onClick={() => onChange(o.value)}
        >
          {o.label}
        </button>
      ))}
    </fieldset>
  );
}
