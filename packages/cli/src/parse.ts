import { existsSync, readFileSync } from "node:fs";
import { certificationTypeId, InvalidParameterError } from "@dipnet/sdk";
import { type Address, type Hex, isHex, keccak256, parseUnits, stringToHex } from "viem";

const units = { w: 604_800, d: 86_400, h: 3_600, m: 60, s: 1 } as const;

/** Parses a human token amount (`1250.50`) into base units; `option` names the flag in errors. */
export function parseAmount(value: string, decimals: number, option: string): bigint {
  const v = value.trim();
  if (!/^\d+(\.\d+)?$/.test(v)) throw new InvalidParameterError(option, `"${value}" is not an amount (e.g. 1250.50)`);
  const fraction = v.split(".")[1] ?? "";
  if (fraction.length > decimals) {
    throw new InvalidParameterError(option, `"${value}" has more than ${decimals} decimals, the token's precision`);
  }
  return parseUnits(v, decimals);
}

/** Parses a duration such as `7d`, `48h`, `1d12h`, `90m`, `30s`, `2w` into seconds. */
export function parseDuration(value: string, option: string): number {
  const v = value.trim();
  if (!/^(\d+(\.\d+)?[wdhms])+$/.test(v)) {
    throw new InvalidParameterError(option, `"${value}" is not a duration (e.g. 7d, 48h, 1d12h, 90m, 30s)`);
  }
  let seconds = 0;
  for (const [, n, unit] of v.matchAll(/(\d+(?:\.\d+)?)([wdhms])/g))
    seconds += Number(n) * units[unit as keyof typeof units];
  seconds = Math.round(seconds);
  if (seconds <= 0) throw new InvalidParameterError(option, `"${value}" must be longer than zero`);
  if (seconds > 2 ** 32 - 1) throw new InvalidParameterError(option, `"${value}" is too long`);
  return seconds;
}

/**
 * Parses a date: ISO (`2026-11-30`, `2026-11-30T10:00Z`; UTC unless an offset is given) or
 * relative to `now` (`+14d`, `+36h`). Returns unix seconds.
 */
export function parseDate(value: string, now: bigint, option: string): bigint {
  const v = value.trim();
  if (v.startsWith("+")) return now + BigInt(parseDuration(v.slice(1), option));
  if (!/^\d{4}-\d\d-\d\d([T ]\d\d:\d\d(:\d\d(\.\d+)?)?)?(Z|[+-]\d\d:?\d\d)?$/.test(v)) {
    throw new InvalidParameterError(option, `"${value}" is not a date (e.g. 2026-11-30, 2026-11-30T10:00Z or +14d)`);
  }
  const hasZone = /(Z|[+-]\d\d:?\d\d)$/.test(v) && v.length > 10;
  const iso = v.length === 10 ? `${v}T00:00:00Z` : hasZone ? v.replace(" ", "T") : `${v.replace(" ", "T")}Z`;
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new InvalidParameterError(option, `"${value}" is not a valid date`);
  return BigInt(Math.floor(ms / 1000));
}

/** Parses a share as `60%` or `6000bps` into basis points (0..10000). */
export function parseBps(value: string, option: string): number {
  const v = value.trim();
  const percent = /^(\d+(\.\d{1,2})?)%$/.exec(v);
  const bps = /^(\d+)bps$/.exec(v);
  const result = percent ? Math.round(Number(percent[1]) * 100) : bps ? Number(bps[1]) : Number.NaN;
  if (Number.isNaN(result)) throw new InvalidParameterError(option, `"${value}" is not a share (write 60% or 6000bps)`);
  if (result > 10_000) throw new InvalidParameterError(option, `"${value}" is more than 100%`);
  return result;
}

/** Parses milestone shares `30,50,20` (percent; `%` and `bps` suffixes allowed) into basis points summing to 10000. */
export function parseMilestones(value: string, option: string): number[] {
  const parts = value.split(",").map((p) => p.trim());
  const bps = parts.map((p) => parseBps(/%|bps$/.test(p) ? p : `${p}%`, option));
  const sum = bps.reduce((a, b) => a + b, 0);
  if (bps.length === 0 || bps.length > 4)
    throw new InvalidParameterError(option, "give 1 to 4 milestones, e.g. 30,50,20");
  if (bps.some((b) => b === 0)) throw new InvalidParameterError(option, "every milestone needs a share above 0");
  if (sum !== 10_000) throw new InvalidParameterError(option, `shares sum to ${sum / 100}%, not 100%`);
  return bps;
}

/**
 * Parses a node's libp2p addresses for its profile (`/ip4/203.0.113.7/tcp/4001/p2p/12D3Koo…,…`):
 * comma- or space-separated TCP multiaddrs, each ending in `/p2p/<peer id>`.
 */
export function parseNodeAddresses(value: string, option: string): string[] {
  const list = value.split(/[\s,]+/).filter((a) => a !== "");
  if (list.length === 0) throw new InvalidParameterError(option, "name at least one multiaddr");
  for (const a of list) {
    if (!/^\/(ip4|ip6|dns|dns4|dns6)\/[^/]+\/tcp\/\d+\/p2p\/\w+$/.test(a))
      throw new InvalidParameterError(
        option,
        `"${a}" is not a TCP multiaddr ending in the node's peer id, such as /ip4/203.0.113.7/tcp/4001/p2p/<peer id> (the node's GET /api/ipfs/peers lists its own)`,
      );
  }
  return [...new Set(list)];
}

/**
 * Reads a profile document to extend: a JSON object in a file (`--profile profile.json`). The node
 * addresses go into it, so its hash is keccak-256 of its canonical JSON, as nodes check it.
 */
export function profileDocumentFile(value: string, option: string): Record<string, unknown> {
  if (value.startsWith("0x") || value.startsWith("text:"))
    throw new InvalidParameterError(option, "with --ipfs, give the profile as a JSON file (or leave it out)");
  if (!existsSync(value)) throw new InvalidParameterError(option, `no file "${value}"`);
  let document: unknown;
  try {
    document = JSON.parse(readFileSync(value, "utf8"));
  } catch {
    throw new InvalidParameterError(option, `"${value}" is not JSON`);
  }
  if (typeof document !== "object" || document === null || Array.isArray(document))
    throw new InvalidParameterError(option, `"${value}" is not a JSON object`);
  return document as Record<string, unknown>;
}

/**
 * Parses content to hash: a `0x` 32-byte hash as is, `text:<words>` hashed as UTF-8, or a file
 * path whose bytes are hashed (keccak-256).
 */
export function parseContentHash(value: string, option: string): Hex {
  if (value.startsWith("0x")) {
    if (!isHex(value) || value.length !== 66)
      throw new InvalidParameterError(option, `"${value}" is not a 32-byte hash`);
    return value;
  }
  if (value.startsWith("text:")) return keccak256(stringToHex(value.slice(5)));
  if (!existsSync(value)) {
    throw new InvalidParameterError(option, `no file "${value}" (pass a file, a 0x hash, or text:<words>)`);
  }
  return keccak256(readFileSync(value));
}

/** Checks a certification type name (`ISO 9001`): what the chain stores as its id. */
export function parseCertificationType(value: string, option: string): string {
  try {
    certificationTypeId(value);
  } catch (error) {
    if (error instanceof InvalidParameterError) throw new InvalidParameterError(option, error.reason);
    throw error;
  }
  return value;
}

/** Parses a positive integer id (`12`). */
export function parseId(value: string, option: string): bigint {
  if (!/^\d+$/.test(value.trim()) || BigInt(value) === 0n) {
    throw new InvalidParameterError(option, `"${value}" is not an id (a positive integer)`);
  }
  return BigInt(value);
}

/** Parses a positive integer that fits in 32 bits (quantities). */
export function parseCount(value: string, option: string): number {
  if (!/^\d+$/.test(value.trim()) || Number(value) <= 0 || Number(value) > 2 ** 32 - 1) {
    throw new InvalidParameterError(option, `"${value}" is not a positive whole number`);
  }
  return Number(value);
}

/** Parses role names `customer,manufacturer` into role bits. */
export function parseRoles(value: string, option: string, roles: Record<string, number>): number {
  let bits = 0;
  for (const name of value.split(",").map((r) => r.trim().toLowerCase())) {
    const bit = roles[name];
    if (bit === undefined)
      throw new InvalidParameterError(option, `unknown role "${name}" (known: ${Object.keys(roles).join(", ")})`);
    bits |= bit;
  }
  return bits;
}

/**
 * The production evidence document (`"type": "dipnet-production-evidence/v1"`) in file `value`, or
 * undefined when `value` is not such a file (a hash, `text:…`, or any other file).
 */
export function productionEvidenceFile(value: string): unknown {
  if (value.startsWith("0x") || value.startsWith("text:") || !existsSync(value)) return undefined;
  try {
    const parsed = JSON.parse(readFileSync(value, "utf8")) as { type?: unknown } | null;
    return parsed?.type === "dipnet-production-evidence/v1" ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Parses a token allocation `alice=400000,bob=300000` (accounts resolved by `account`, amounts in
 * token units of `decimals`); every account once, every amount above zero.
 */
export function parseAllocation(
  value: string,
  decimals: number,
  option: string,
  account: (value: string, option: string) => Address,
): { account: Address; amount: bigint }[] {
  const seen = new Set<Address>();
  return value.split(",").map((entry) => {
    const [name, amountText, extra] = entry.trim().split("=");
    if (!name || amountText === undefined || extra !== undefined)
      throw new InvalidParameterError(option, `"${entry.trim()}" is not <account>=<amount> (e.g. alice=400000)`);
    const address = account(name.trim(), option);
    if (seen.has(address)) throw new InvalidParameterError(option, `${name.trim()} is listed twice`);
    seen.add(address);
    const amount = parseAmount(amountText, decimals, option);
    if (amount === 0n) throw new InvalidParameterError(option, `${name.trim()}'s amount must be more than zero`);
    return { account: address, amount };
  });
}
