import { resolve } from "node:path";
import { parseArgs } from "node:util";

/** Chain id of the embedded anvil chain. */
export const EMBEDDED_CHAIN_ID = 31337;
/** Host the embedded chain listens on: local only. */
export const EMBEDDED_HOST = "127.0.0.1";
/** Default RPC port of the embedded chain. */
export const DEFAULT_CHAIN_PORT = 8545;
/** Default data directory, relative to the working directory. */
export const DEFAULT_DATA_DIR = ".dipnet";

/** The embedded anvil chain, started and stopped by `npm start`. */
export interface EmbeddedChainConfig {
  kind: "embedded";
  host: string;
  port: number;
  chainId: number;
  rpcUrl: string;
}

/** An EVM chain someone else runs, reached over JSON-RPC with a configured signer. */
export interface ExternalChainConfig {
  kind: "external";
  rpcUrl: string;
  chainId: number;
  /** Deployer and initial governance signer. */
  privateKey: `0x${string}`;
}

/** Everything `npm start` needs, parsed once at start-up. */
export interface StartConfig {
  /** Absolute path of the data directory (chain state, deployments.json). */
  dataDir: string;
  chain: EmbeddedChainConfig | ExternalChainConfig;
}

/** Bad configuration; `problems` lists every problem found, each naming its flag or variable. */
export class ConfigError extends Error {
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(`invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join("\n")}`);
    this.name = "ConfigError";
    this.problems = problems;
  }
}

/** One row of the configuration reference printed by `--help` and documented in README.md. */
export interface ConfigOption {
  flag?: string;
  env?: string;
  default: string;
  description: string;
}

/** Every option of `npm start`. */
export const configOptions: readonly ConfigOption[] = [
  {
    flag: "--data-dir <dir>",
    env: "DIPNET_DATA_DIR",
    default: DEFAULT_DATA_DIR,
    description: "data directory: chain state, deployments.json",
  },
  {
    flag: "--chain-port <port>",
    env: "DIPNET_CHAIN_PORT",
    default: String(DEFAULT_CHAIN_PORT),
    description: "RPC port of the embedded chain (alias: --port)",
  },
  {
    env: "DIPNET_RPC_URL",
    default: "(unset: embedded chain)",
    description: "JSON-RPC URL of an external EVM chain; no embedded chain is started",
  },
  { env: "DIPNET_CHAIN_ID", default: "(required with DIPNET_RPC_URL)", description: "chain id of the external chain" },
  {
    env: "DIPNET_PRIVATE_KEY",
    default: "(required with DIPNET_RPC_URL)",
    description: "0x-prefixed private key of the deployer and initial governance on the external chain",
  },
  { env: "DIPNET_DEBUG", default: "(unset)", description: "print stack traces of unexpected errors" },
];

/** Text of `npm start -- --help`. */
export function helpText(): string {
  const rows = configOptions.map((option) => [
    [option.flag, option.env].filter(Boolean).join(", "),
    option.default,
    option.description,
  ]);
  const width = Math.max(...rows.map((row) => (row[0] ?? "").length));
  const dwidth = Math.max(...rows.map((row) => (row[1] ?? "").length));
  return [
    "usage: npm start [-- --data-dir <dir>] [--chain-port <port>]",
    "",
    "Starts the embedded chain (or connects to DIPNET_RPC_URL), deploys the contracts once and prints how to use the CLI.",
    "Flags override environment variables.",
    "",
    ...rows.map(
      ([name, def, description]) => `  ${(name ?? "").padEnd(width)}  ${(def ?? "").padEnd(dwidth)}  ${description}`,
    ),
  ].join("\n");
}

/** Result of {@link parseStartConfig} when `--help` was asked for. */
export interface HelpRequested {
  help: true;
}

function parsePort(value: string, name: string, problems: string[]): number {
  const port = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isInteger(port) || port < 1 || port > 65_535) {
    problems.push(`${name}: "${value}" is not a TCP port (an integer from 1 to 65535)`);
  }
  return port;
}

/**
 * Parses `npm start`'s flags and environment, reporting every problem at once.
 *
 * @throws {ConfigError} listing each problem with the flag or variable it concerns.
 * @example
 * const config = parseStartConfig(process.argv.slice(2), process.env, process.cwd());
 */
export function parseStartConfig(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  cwd: string,
): StartConfig | HelpRequested {
  const problems: string[] = [];
  let flags: { "data-dir"?: string; "chain-port"?: string; port?: string; help?: boolean } = {};
  try {
    ({ values: flags } = parseArgs({
      args: [...argv],
      options: {
        "data-dir": { type: "string" },
        "chain-port": { type: "string" },
        port: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    problems.push(`command line: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (flags.help) return { help: true };

  // Empty variables count as unset, as a shell `export X=` usually means "no value".
  const read = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value === undefined || value === "" ? undefined : value;
  };

  const dataDirValue = flags["data-dir"] ?? read("DIPNET_DATA_DIR") ?? DEFAULT_DATA_DIR;
  if (flags["data-dir"] === "") problems.push("--data-dir: must not be empty");
  const dataDir = resolve(cwd, dataDirValue);

  if (flags["chain-port"] !== undefined && flags.port !== undefined && flags["chain-port"] !== flags.port) {
    problems.push(`--port and --chain-port disagree (${flags.port} vs ${flags["chain-port"]}); give one`);
  }
  const portFlag = flags["chain-port"] ?? flags.port;
  const portSource =
    flags["chain-port"] !== undefined ? "--chain-port" : flags.port !== undefined ? "--port" : undefined;

  const rpcUrl = read("DIPNET_RPC_URL");
  const chainIdValue = read("DIPNET_CHAIN_ID");
  const privateKey = read("DIPNET_PRIVATE_KEY");

  if (rpcUrl === undefined) {
    // The CLI reads these too, so a value that agrees with the embedded chain is fine; anything else
    // means the person meant an external chain and forgot DIPNET_RPC_URL.
    if (chainIdValue !== undefined && chainIdValue !== String(EMBEDDED_CHAIN_ID)) {
      problems.push(
        `DIPNET_CHAIN_ID: ${chainIdValue} needs DIPNET_RPC_URL (an external chain); the embedded chain is ${EMBEDDED_CHAIN_ID}`,
      );
    }
    if (privateKey !== undefined) {
      problems.push(
        "DIPNET_PRIVATE_KEY: only used with DIPNET_RPC_URL (an external chain); the embedded chain deploys with its dev account",
      );
    }
    let port = DEFAULT_CHAIN_PORT;
    if (portFlag !== undefined && portSource !== undefined) port = parsePort(portFlag, portSource, problems);
    else if (read("DIPNET_CHAIN_PORT") !== undefined) {
      port = parsePort(read("DIPNET_CHAIN_PORT") ?? "", "DIPNET_CHAIN_PORT", problems);
    }
    if (problems.length > 0) throw new ConfigError(problems);
    return {
      dataDir,
      chain: {
        kind: "embedded",
        host: EMBEDDED_HOST,
        port,
        chainId: EMBEDDED_CHAIN_ID,
        rpcUrl: `http://${EMBEDDED_HOST}:${port}`,
      },
    };
  }

  if (portSource !== undefined) {
    problems.push(`${portSource}: only applies to the embedded chain, but DIPNET_RPC_URL is set`);
  } else if (read("DIPNET_CHAIN_PORT") !== undefined) {
    problems.push("DIPNET_CHAIN_PORT: only applies to the embedded chain, but DIPNET_RPC_URL is set");
  }

  let url: URL | undefined;
  try {
    url = new URL(rpcUrl);
  } catch {
    url = undefined;
  }
  if (url === undefined || (url.protocol !== "http:" && url.protocol !== "https:")) {
    problems.push(`DIPNET_RPC_URL: "${rpcUrl}" is not an http(s) URL, e.g. https://rpc.example.org`);
  }

  let chainId = Number.NaN;
  if (chainIdValue === undefined) {
    problems.push("DIPNET_CHAIN_ID: required with DIPNET_RPC_URL (the external chain's id, e.g. 1337)");
  } else {
    chainId = /^\d+$/.test(chainIdValue) ? Number(chainIdValue) : Number.NaN;
    if (!Number.isSafeInteger(chainId) || chainId < 1) {
      problems.push(`DIPNET_CHAIN_ID: "${chainIdValue}" is not a positive integer`);
    }
  }

  if (privateKey === undefined) {
    problems.push("DIPNET_PRIVATE_KEY: required with DIPNET_RPC_URL (the deployer's key, 0x + 64 hex digits)");
  } else if (!/^0x[0-9a-fA-F]{64}$/.test(privateKey)) {
    // Never echo the value: it is a secret.
    problems.push("DIPNET_PRIVATE_KEY: not a private key (expected 0x followed by 64 hex digits)");
  }

  if (problems.length > 0) throw new ConfigError(problems);
  return {
    dataDir,
    chain: { kind: "external", rpcUrl, chainId, privateKey: privateKey as `0x${string}` },
  };
}
