import { useState } from "react";
import type { Check } from "../api/evidence.ts";

/** A list of checks, each passed (✓) or failed (✗), with its detail. */
export function CheckList({ checks, testId }: { checks: readonly Check[]; testId?: string }) {
  return (
    <ul className="check-list" data-testid={testId}>
      {checks.map((c) => (
        <li key={c.label} className={c.ok ? "check-ok" : "check-fail"} data-ok={c.ok}>
          <span className="check-mark" aria-hidden="true">
            {c.ok ? "✓" : "✗"}
          </span>
          <span>
            <span className="sr-only">{c.ok ? "passed: " : "failed: "}</span>
            {c.label}
            {c.detail && <span className="check-detail mono">{c.detail}</span>}
          </span>
        </li>
      ))}
    </ul>
  );
}

/** The state of a verification started by a button: not run, running, its result, or why it could not run. */
export type VerifyState<T> =
  | { kind: "idle" }
  | { kind: "running" }
  | { kind: "done"; result: T }
  | { kind: "error"; message: string };

/** Runs `verify` on demand and keeps its result. */
export function useVerify<T>(verify: (() => Promise<T>) | undefined) {
  const [state, setState] = useState<VerifyState<T>>({ kind: "idle" });
  const run = async () => {
    if (!verify) return;
    setState({ kind: "running" });
    try {
      setState({ kind: "done", result: await verify() });
    } catch (error) {
      setState({ kind: "error", message: (error as Error).message.split("\n")[0] ?? "verification failed" });
    }
  };
  return { state, run };
}

/** "All n checks passed" or "k of n checks failed", as a pill. */
export function Verdict({ checks, testId }: { checks: readonly Check[]; testId?: string }) {
  const failed = checks.filter((c) => !c.ok).length;
  return (
    <span className={`pill ${failed === 0 ? "pill-ok" : "pill-bad"}`} data-testid={testId} data-ok={failed === 0}>
      {failed === 0 ? `✓ all ${checks.length} checks passed` : `✗ ${failed} of ${checks.length} checks failed`}
    </span>
  );
}
