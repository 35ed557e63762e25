import { type Address, formatUnits, getAddress } from "viem";
import type { TokenInfo } from "./types.ts";

/** Renders unix seconds as `2026-11-30 10:00 UTC` (seconds shown only when not zero). */
export function formatUtc(seconds: bigint | number): string {
  const iso = new Date(Number(seconds) * 1000).toISOString();
  const date = iso.slice(0, 10);
  const time = iso.slice(17, 19) === "00" ? iso.slice(11, 16) : iso.slice(11, 19);
  return `${date} ${time} UTC`;
}

/** Renders a duration in seconds as `2d 4h`, `90m`, `45s`. */
export function formatDuration(seconds: bigint | number): string {
  let rest = Number(seconds);
  if (rest === 0) return "0s";
  const parts: string[] = [];
  for (const [unit, size] of [
    ["d", 86_400],
    ["h", 3_600],
    ["m", 60],
    ["s", 1],
  ] as const) {
    const n = Math.floor(rest / size);
    if (n > 0) parts.push(`${n}${unit}`);
    rest -= n * size;
  }
  return parts.join(" ");
}

/** Renders a token amount in base units as `1250.5 tUSD`, or the raw integer when the token is unknown. */
export function formatTokenAmount(amount: bigint, token?: Pick<TokenInfo, "symbol" | "decimals">): string {
  if (!token) return amount.toString();
  return `${formatUnits(amount, token.decimals)} ${token.symbol}`;
}

/** Renders basis points as a percentage: 3000 -> `30%`, 1250 -> `12.5%`. */
export function formatBps(bps: bigint | number): string {
  return `${Number(bps) / 100}%`;
}

/** Checksums an address; `nameOf` may label known ones, e.g. `bob (0x7099…79C8)`. */
export function formatAddress(address: Address, nameOf?: (address: Address) => string | undefined): string {
  const checksummed = getAddress(address);
  const name = nameOf?.(checksummed);
  return name ? `${name} (${checksummed.slice(0, 6)}…${checksummed.slice(-4)})` : checksummed;
}
