/** Test counts reported by one stage of `npm test`. */
export interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: matching ANSI escape sequences is the point.
const ansi = /\u001b\[[0-9;]*[A-Za-z]/g;

/** Removes ANSI colour codes. */
export function stripAnsi(text: string): string {
  return text.replace(ansi, "");
}

function lastNumber(text: string, pattern: RegExp): number | undefined {
  let found: number | undefined;
  for (const match of text.matchAll(pattern)) found = Number(match[1]);
  return found;
}

/**
 * Counts from the summary Hardhat's Solidity and Node test reporters print ("12 passing",
 * "1 failing", "2 skipped"), or undefined when there is no summary (e.g. compilation failed).
 */
export function parseHardhatSummary(output: string): Counts | undefined {
  const text = stripAnsi(output);
  const passed = lastNumber(text, /^\s*(\d+) passing\b/gm);
  if (passed === undefined) return undefined;
  return {
    passed,
    failed: lastNumber(text, /^\s*(\d+) failing\b/gm) ?? 0,
    skipped: lastNumber(text, /^\s*(\d+) skipped\b/gm) ?? 0,
  };
}

/**
 * Counts from the trailer of node:test's TAP reporter (`# pass 3`, `# fail 1`, `# cancelled 0`,
 * `# skipped 0`, `# todo 0`), or undefined when there is no trailer. Cancelled tests (e.g. a file
 * that crashed or timed out) count as failed.
 */
export function parseTapSummary(tap: string): Counts | undefined {
  const pass = lastNumber(tap, /^# pass (\d+)$/gm);
  const fail = lastNumber(tap, /^# fail (\d+)$/gm);
  if (pass === undefined || fail === undefined) return undefined;
  return {
    passed: pass,
    failed: fail + (lastNumber(tap, /^# cancelled (\d+)$/gm) ?? 0),
    skipped: (lastNumber(tap, /^# skipped (\d+)$/gm) ?? 0) + (lastNumber(tap, /^# todo (\d+)$/gm) ?? 0),
  };
}

/**
 * Counts for a stage from its exit code and parsed counts: a non-zero exit always counts as at least
 * one failure, and a missing summary as one check.
 */
export function stageCounts(code: number, parsed: Counts | undefined): Counts {
  if (parsed === undefined) return { passed: code === 0 ? 1 : 0, failed: code === 0 ? 0 : 1, skipped: 0 };
  if (code !== 0 && parsed.failed === 0) return { ...parsed, failed: 1 };
  return parsed;
}

/** The one-line summary CI reads: `N passed, N failed`. */
export function formatSummaryLine(total: Pick<Counts, "passed" | "failed">): string {
  return `${total.passed} passed, ${total.failed} failed`;
}
