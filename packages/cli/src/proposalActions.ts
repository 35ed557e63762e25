// The actions `dipnet gov propose` puts in a proposal, one `--action "<name> <arguments…>"` each.
// Parsing checks form and the bounds that need no chain; what needs the chain (token decimals,
// current parameters, the supply) is checked when the calls are built.
import {
  type Bounds,
  type CertifierKindName,
  certifierKinds,
  formatBps,
  formatDuration,
  governanceBounds,
  InvalidParameterError,
  marketParameterBounds,
} from "@dipnet/sdk";
import { type Address, type Hex, isHex } from "viem";
import { parseAmount, parseBps, parseDuration } from "./parse.ts";

/** One action of a proposal, its values parsed; amounts of chain-read decimals stay text. */
export type ProposalAction =
  | { name: "set-fee"; feeBps: number }
  | { name: "set-windows"; acceptanceWindow?: number; lateGrace?: number; rulingWindow?: number }
  | { name: "set-min-bond"; amount: string }
  | { name: "set-cancellation-floor"; percent: number }
  | { name: "set-commit-deposit"; bps: number }
  | { name: "set-min-stake"; amount: string }
  | { name: "payment-token"; token: Address; allowed: boolean }
  | { name: "admit-certifier"; account: Address; kinds: CertifierKindName[] }
  | { name: "remove-certifier"; account: Address }
  | { name: "admit-arbiter"; account: Address }
  | { name: "remove-arbiter"; account: Address }
  | { name: "set-guardian"; account: Address }
  | { name: "resume-new-business" }
  | { name: "treasury-collect"; token: Address }
  | { name: "treasury-transfer"; token: Address; to: Address; amount: string }
  | { name: "mint-dip"; to: Address; amount: bigint }
  | { name: "set-voting-delay"; seconds: number }
  | { name: "set-voting-period"; seconds: number }
  | { name: "set-timelock-delay"; seconds: number }
  | { name: "set-quorum"; percent: number }
  | { name: "set-threshold"; amount: bigint }
  | { name: "call"; target: Address; data: Hex; value: bigint };

/** Turns the names an action mentions into addresses; `field` names the argument in errors. */
export type ActionResolver = {
  account: (value: string, field: string) => Address;
  token: (value: string, field: string) => Address;
};

/** The form of each action: its positional arguments and its flags, as `--help` shows them. */
const forms = {
  "set-fee": { args: ["share"], flags: [], help: "protocol fee, 2% or 200bps (0 to 10%)" },
  "set-windows": {
    args: [],
    flags: ["acceptance", "grace", "ruling"],
    help: "market windows, one or more: acceptance after shipping (1h to 30d), late grace (≤ 30d), ruling after the acceptance window (1d to 90d)",
  },
  "set-min-bond": {
    args: ["amount"],
    flags: [],
    help: "smallest bond an RFQ may ask, in stake-token units (≤ the minimum stake)",
  },
  "set-cancellation-floor": {
    args: ["percent"],
    flags: [],
    help: "share of the price a cancellation owes the maker at award, whole percent (≤ 50%)",
  },
  "set-commit-deposit": { args: ["share"], flags: [], help: "deposit of a sealed bid, share of the budget (≤ 10%)" },
  "set-min-stake": { args: ["amount"], flags: [], help: "stake a manufacturer needs to bid, in stake-token units" },
  "payment-token": { args: ["token", "on|off"], flags: [], help: "allow or disallow a payment token" },
  "admit-certifier": {
    args: ["account"],
    flags: ["kinds"],
    help: "admit a certifier for kinds certification,calibration,material (default certification)",
  },
  "remove-certifier": { args: ["account"], flags: [], help: "remove a certifier: nothing it issued counts any more" },
  "admit-arbiter": { args: ["account"], flags: [], help: "admit an arbiter" },
  "remove-arbiter": { args: ["account"], flags: [], help: "remove an arbiter: it rules on no dispute any more" },
  "set-guardian": {
    args: ["account"],
    flags: [],
    help: "appoint the guardian, who may pause new RFQs and bids once, for at most 3 days",
  },
  "resume-new-business": { args: [], flags: [], help: "end the guardian's pause of new RFQs and bids early" },
  "treasury-collect": {
    args: ["token"],
    flags: [],
    help: "collect the fees the market owes the treasury in a payment token (before treasury-transfer)",
  },
  "treasury-transfer": {
    args: ["token", "to", "amount"],
    flags: [],
    help: "send an ERC-20 amount from the treasury (the timelock); token tUSD, DIP or an address",
  },
  "mint-dip": { args: ["to", "amount"], flags: [], help: "mint DIP" },
  "set-voting-delay": { args: ["duration"], flags: [], help: "time from proposal to the vote (1h to 7d)" },
  "set-voting-period": { args: ["duration"], flags: [], help: "time to vote (1d to 14d)" },
  "set-quorum": {
    args: ["percent"],
    flags: [],
    help: "votes for + abstain needed, whole percent of the DIP supply (1% to 50%)",
  },
  "set-threshold": {
    args: ["amount"],
    flags: [],
    help: "DIP of delegated votes needed to propose (≤ 1% of the supply)",
  },
  "set-timelock-delay": { args: ["duration"], flags: [], help: "time from queueing to execution (1d to 7d)" },
  call: {
    args: ["target"],
    flags: ["calldata", "value"],
    help: "any call the timelock makes, with --value ETH sent (default 0)",
  },
} as const satisfies Record<string, { args: readonly string[]; flags: readonly string[]; help: string }>;

/** Name of an action. */
export type ProposalActionName = keyof typeof forms;

/** The actions and their forms, one line each, for `--help`. */
export function proposalActionHelp(): string[] {
  const width = 44;
  return Object.entries(forms).map(([name, form]) => {
    const flags: readonly string[] = form.flags;
    const usage = [
      name,
      ...form.args.map((a) => `<${a}>`),
      ...flags.map((f) => (name === "call" && f === "calldata" ? "--calldata 0x…" : `[--${f} …]`)),
    ].join(" ");
    return usage.length > width
      ? `  ${usage}\n  ${" ".repeat(width)} ${form.help}`
      : `  ${usage.padEnd(width)} ${form.help}`;
  });
}

/** Checks `value` is within `bounds`; `show` renders a value in the action's own unit. */
function checkBounds(value: number, bounds: Bounds, field: string, text: string, show: (n: number) => string): void {
  if (value < bounds.min || value > bounds.max)
    throw new InvalidParameterError(
      field,
      `"${text}" is outside the bounds ${show(bounds.min)} to ${show(bounds.max)}`,
    );
}

/** Parses a whole percent (`4%` or `4`) within `bounds`. */
export function parseBoundedPercent(value: string, field: string, bounds: Bounds): number {
  const match = /^(\d+)%?$/.exec(value);
  if (!match) throw new InvalidParameterError(field, `"${value}" is not a whole percent (e.g. 4%)`);
  const percent = Number(match[1]);
  checkBounds(percent, bounds, field, value, (p) => `${p}%`);
  return percent;
}

/** Parses a duration (`7d`) within `bounds`. */
export function parseBoundedDuration(value: string, field: string, bounds: Bounds): number {
  const seconds = parseDuration(value, field);
  checkBounds(seconds, bounds, field, value, formatDuration);
  return seconds;
}

/** Parses a share (`2%`, `200bps`) within `bounds`, in basis points. */
function parseBoundedShare(value: string, field: string, bounds: Bounds): number {
  const bps = parseBps(value, field);
  checkBounds(bps, bounds, field, value, formatBps);
  return bps;
}

/** Splits an action's words into its name, positional arguments and flags, checking its form. */
function split(text: string): { name: ProposalActionName; args: string[]; flags: Map<string, string> } {
  const words = text.trim().split(/\s+/).filter(Boolean);
  const [name, ...rest] = words;
  if (name === undefined) throw new InvalidParameterError("--action", 'is empty (e.g. --action "set-fee 2%")');
  if (!(name in forms))
    throw new InvalidParameterError("--action", `unknown action "${name}" (known: ${Object.keys(forms).join(", ")})`);
  const form: { args: readonly string[]; flags: readonly string[] } = forms[name as ProposalActionName];
  const args: string[] = [];
  const flags = new Map<string, string>();
  for (let i = 0; i < rest.length; i++) {
    const word = rest[i] as string;
    if (!word.startsWith("--")) {
      args.push(word);
      continue;
    }
    const flag = word.slice(2);
    const field = `${name} --${flag}`;
    if (!form.flags.includes(flag)) {
      const known = form.flags.length ? `: use ${form.flags.map((f) => `--${f}`).join(", ")}` : "";
      throw new InvalidParameterError(field, `${name} takes no such flag${known}`);
    }
    if (flags.has(flag)) throw new InvalidParameterError(field, "is given twice");
    const value = rest[i + 1];
    if (value === undefined || value.startsWith("--")) throw new InvalidParameterError(field, "needs a value");
    flags.set(flag, value);
    i++;
  }
  const usage = [name, ...form.args.map((a) => `<${a}>`)].join(" ");
  if (args.length < form.args.length)
    throw new InvalidParameterError(name, `missing <${form.args[args.length]}> (write ${usage})`);
  if (args.length > form.args.length)
    throw new InvalidParameterError(name, `unexpected "${args[form.args.length]}" (write ${usage})`);
  return { name: name as ProposalActionName, args, flags };
}

/**
 * Parses one action, e.g. `set-fee 2%`, `set-windows --acceptance 7d --grace 3d`,
 * `treasury-transfer tUSD erin 500`. Errors name the action and argument, and say why.
 */
export function parseProposalAction(text: string, resolve: ActionResolver): ProposalAction {
  const { name, args, flags } = split(text);
  const [first = "", second = "", third = ""] = args;
  const field = (argument: string) => `${name} <${argument}>`;
  switch (name) {
    case "set-fee":
      return { name, feeBps: parseBoundedShare(first, field("share"), marketParameterBounds.feeBps) };
    case "set-windows": {
      if (flags.size === 0)
        throw new InvalidParameterError(name, "give at least one of --acceptance, --grace, --ruling");
      const window = (flag: string, bounds: Bounds) => {
        const value = flags.get(flag);
        if (value === undefined) return undefined;
        // The only window that may be zero: no grace after the due date.
        if (bounds.min === 0 && /^0+[wdhms]?$/.test(value)) return 0;
        return parseBoundedDuration(value, `${name} --${flag}`, bounds);
      };
      return {
        name,
        ...definedOnly({
          acceptanceWindow: window("acceptance", marketParameterBounds.acceptanceWindow),
          lateGrace: window("grace", marketParameterBounds.lateGrace),
          rulingWindow: window("ruling", marketParameterBounds.rulingWindow),
        }),
      };
    }
    case "set-min-bond":
    case "set-min-stake":
      return { name, amount: first };
    case "set-cancellation-floor":
      return {
        name,
        percent: parseBoundedPercent(first, field("percent"), marketParameterBounds.cancellationFloorPercent),
      };
    case "set-commit-deposit":
      return { name, bps: parseBoundedShare(first, field("share"), marketParameterBounds.commitDepositBps) };
    case "payment-token": {
      if (second !== "on" && second !== "off")
        throw new InvalidParameterError(field("on|off"), `"${second}" is neither on nor off`);
      return { name, token: resolve.token(first, field("token")), allowed: second === "on" };
    }
    case "admit-certifier": {
      const kinds = (flags.get("kinds") ?? "certification").split(",").map((kind) => {
        if (!(kind in certifierKinds))
          throw new InvalidParameterError(
            `${name} --kinds`,
            `unknown kind "${kind}" (use ${Object.keys(certifierKinds).join(", ")})`,
          );
        return kind as CertifierKindName;
      });
      return { name, account: resolve.account(first, field("account")), kinds };
    }
    case "remove-certifier":
    case "admit-arbiter":
    case "remove-arbiter":
    case "set-guardian":
      return { name, account: resolve.account(first, field("account")) };
    case "resume-new-business":
      return { name };
    case "treasury-collect":
      return { name, token: resolve.token(first, field("token")) };
    case "treasury-transfer":
      return {
        name,
        token: resolve.token(first, field("token")),
        to: resolve.account(second, field("to")),
        amount: third,
      };
    case "mint-dip": {
      const amount = parseAmount(second, 18, field("amount"));
      if (amount === 0n) throw new InvalidParameterError(field("amount"), "must be more than zero");
      return { name, to: resolve.account(first, field("to")), amount };
    }
    case "set-voting-delay":
      return { name, seconds: parseBoundedDuration(first, field("duration"), governanceBounds.votingDelay) };
    case "set-voting-period":
      return { name, seconds: parseBoundedDuration(first, field("duration"), governanceBounds.votingPeriod) };
    case "set-timelock-delay":
      return { name, seconds: parseBoundedDuration(first, field("duration"), governanceBounds.timelockDelay) };
    case "set-quorum":
      return { name, percent: parseBoundedPercent(first, field("percent"), governanceBounds.quorumPercent) };
    case "set-threshold": {
      const amount = parseAmount(first, 18, field("amount"));
      if (amount === 0n) throw new InvalidParameterError(field("amount"), "must be at least one DIP base unit");
      return { name, amount };
    }
    case "call": {
      const data = flags.get("calldata");
      if (data === undefined) throw new InvalidParameterError("call --calldata", "is required (0x…)");
      if (!isHex(data) || data.length % 2 !== 0 || (data.length > 2 && data.length < 10))
        throw new InvalidParameterError(
          "call --calldata",
          `"${data}" is not calldata (0x, then a 4-byte selector and its arguments)`,
        );
      const valueText = flags.get("value");
      const value = valueText === undefined ? 0n : parseAmount(valueText, 18, "call --value");
      if (data === "0x" && value === 0n)
        throw new InvalidParameterError("call --calldata", "an empty call must send a --value");
      return { name, target: resolve.account(first, field("target")), data, value };
    }
  }
}

/** `values` without its undefined entries. */
function definedOnly<T extends object>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as Partial<T>;
}
