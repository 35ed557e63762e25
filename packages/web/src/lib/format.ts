// Formatting for people: token amounts with grouping, dates in the viewer's locale, short hashes.
import type { OrderStatus } from "./api.ts";

/** Seconds in an hour and in a day. */
export const HOUR = 3_600;
export const DAY = 86_400;

/** Symbol and decimals of a token (base units → display units). */
export type TokenMeta = { symbol: string; decimals: number };

/** Base units → a grouped decimal string, at most `maxFraction` fraction digits (trailing zeros cut). */
function formatUnitsGrouped(value: bigint, decimals: number, maxFraction = 2): string {
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const base = 10n ** BigInt(decimals);
  let whole = abs / base;
  const fraction = abs % base;
  let frac = "";
  if (decimals > 0 && maxFraction > 0) {
    const scale = 10n ** BigInt(Math.max(0, decimals - maxFraction));
    let rounded = (fraction + scale / 2n) / scale;
    const limit = 10n ** BigInt(Math.min(decimals, maxFraction));
    if (rounded >= limit) {
      whole += 1n;
      rounded -= limit;
    }
    frac = rounded.toString().padStart(Math.min(decimals, maxFraction), "0").replace(/0+$/, "");
  }
  const grouped = whole.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${negative ? "−" : ""}${grouped}${frac ? `.${frac}` : ""}`;
}

/** `1250500000` with tUSD (6 decimals) → `1,250.5 tUSD`; "…" while the token's metadata is loading. */
export function formatAmount(value: bigint | string | null | undefined, token: TokenMeta | undefined): string {
  if (value === null || value === undefined) return "—";
  const v = typeof value === "bigint" ? value : BigInt(value);
  if (!token) return "…";
  return `${formatUnitsGrouped(v, token.decimals)} ${token.symbol}`;
}

/** A compact amount for axes and key figures: 1.2k, 3.4M. */
export function formatCompact(value: number): string {
  return new Intl.NumberFormat("en", { notation: "compact", maximumFractionDigits: 1 }).format(value);
}

/** Display units → base units; `undefined` when the text is not a positive decimal with at most `decimals` fraction digits. */
export function parseUnitsStrict(text: string, decimals: number): bigint | undefined {
  const t = text.trim().replaceAll(",", "");
  const match = /^(\d+)(?:\.(\d+))?$/.exec(t);
  if (!match) return undefined;
  const [, whole = "0", frac = ""] = match;
  if (frac.length > decimals) return undefined;
  return BigInt(whole) * 10n ** BigInt(decimals) + BigInt(frac.padEnd(decimals, "0") || "0");
}

const dateTime = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "short",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
});
const dateOnly = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric" });

/** Unix seconds → `3 Dec 2026, 14:05` in the viewer's time zone. */
export function formatDateTime(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || seconds === 0) return "—";
  return dateTime.format(new Date(seconds * 1000));
}

/** Unix seconds → `3 Dec 2026`. */
export function formatDate(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || seconds === 0) return "—";
  return dateOnly.format(new Date(seconds * 1000));
}

/** A duration in seconds → `12 days`, `5 h`, `40 min`. */
export function formatDuration(seconds: number): string {
  const s = Math.abs(seconds);
  if (s >= 2 * 86_400) return `${Math.round(s / 86_400)} days`;
  if (s >= 86_400) return "1 day";
  if (s >= 7_200) return `${Math.round(s / 3_600)} h`;
  if (s >= 60) return `${Math.round(s / 60)} min`;
  return `${Math.round(s)} s`;
}

/** `seconds` relative to `now` (both unix seconds): `in 3 days`, `5 min ago`. */
export function formatRelative(seconds: number, now: number): string {
  const d = seconds - now;
  if (Math.abs(d) < 45) return "just now";
  return d > 0 ? `in ${formatDuration(d)}` : `${formatDuration(d)} ago`;
}

/** `0x1234…abcd`. */
export function shortHex(value: string | null | undefined, head = 6, tail = 4): string {
  if (!value) return "—";
  return value.length <= head + tail + 1 ? value : `${value.slice(0, head)}…${value.slice(-tail)}`;
}

/** Basis points → `30%`, `12.5%`. */
export function formatBps(bps: number): string {
  return `${bps / 100}%`;
}

/** Lead time in seconds → days, as bids state them. */
export function leadTimeDays(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return "—";
  const days = seconds / 86_400;
  return `${Number.isInteger(days) ? days : days.toFixed(1)} d`;
}

/** Readable names of statuses, for people rather than contracts. */
export const statusLabels: Record<OrderStatus, string> = {
  Open: "Open for bids",
  Awarded: "In production",
  Shipped: "Shipped",
  Disputed: "In dispute",
  Completed: "Completed",
  Resolved: "Resolved",
  Cancelled: "Cancelled",
  Defaulted: "Defaulted",
};

/** `cnc-milling` → `CNC milling`, `aluminium-6061` → `Aluminium 6061`. */
export function humanize(slug: string): string {
  if (!slug) return "—";
  const words = slug
    .split(/[-_]/)
    .map((w) =>
      /^(cnc|fdm|sla|sls|mjf|dmls|pcb|abs|pla|petg)$/i.test(w) || (/\d/.test(w) && /[a-z]/i.test(w))
        ? w.toUpperCase()
        : w,
    );
  const text = words.join(" ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** `1 dispute`, `2 disputes`. */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}
