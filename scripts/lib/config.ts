import { resolve } from "node:path";
import { parseArgs } from "node:util";
import {
  anchorerIndex,
  demoAccount,
  type NodeConfig,
  ConfigError as NodeConfigError,
  parseConfig as parseNodeConfig,
} from "@dipnet/node";
import { bytesToHex } from "viem";

/** Chain id of the embedded anvil chain. */
export const EMBEDDED_CHAIN_ID = 31337;
/** Host the embedded chain listens on: local only. */
export const EMBEDDED_HOST = "127.0.0.1";
/** Default RPC port of the embedded chain. */
export const DEFAULT_CHAIN_PORT = 8545;
/** Default data directory, relative to the working directory. */
export const DEFAULT_DATA_DIR = ".dipnet";
/** RFQs the demo's customers post per real minute, together (`startDemo`'s default). */
export const DEFAULT_DEMO_RATE = 12;
/** Highest demo rate: ten RFQs a second, about as fast as the customers' agents act. */
export const MAX_DEMO_RATE = 600;
/** Time between anchored batches on the embedded chain: short, so the demo's readings are soon provable. */
export const EMBEDDED_ANCHOR_INTERVAL_MS = 30_000;

/** The key `npm start` anchors with on the embedded chain: dev-mnemonic account 14 (public; local chains only). */
export function embeddedAnchorKey(): `0x${string}` {
  const key = demoAccount(anchorerIndex).getHdKey().privateKey;
  if (!key) throw new Error("the dev mnemonic yields no private key");
  return bytesToHex(key);
}

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
  /** Absolute path of the data directory (chain state, deployments.json, SQLite read model, documents). */
  dataDir: string;
  chain: EmbeddedChainConfig | ExternalChainConfig;
  /** The node's settings (store, chain RPC, API address, indexer), as `@dipnet/node`'s `parseConfig` reads them. */
  node: NodeConfig;
  /** Run the demo network (seeded on first start). False with `--no-demo`, and always on an external chain. */
  demo: boolean;
  /** RFQs the demo's customers post per real minute, together; 0: none. */
  demoRate: number;
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

/** Default address of the node's HTTP API (dashboard, REST, docs). */
export const DEFAULT_API_HOST = "127.0.0.1";
export const DEFAULT_API_PORT = 8080;

/** Every option of `npm start`. */
const configOptions: readonly ConfigOption[] = [
  {
    flag: "--data-dir <dir>",
    env: "DIPNET_DATA_DIR",
    default: DEFAULT_DATA_DIR,
    description: "data directory: chain state, deployments.json, SQLite read model, documents, logs",
  },
  {
    flag: "--chain-port <port>",
    env: "DIPNET_CHAIN_PORT",
    default: String(DEFAULT_CHAIN_PORT),
    description: "RPC port of the embedded chain (127.0.0.1 only)",
  },
  {
    env: "DIPNET_RPC_URL",
    default: "(unset: embedded chain)",
    description: "JSON-RPC URL of an external EVM chain; no embedded chain is started, no demo runs",
  },
  { env: "DIPNET_CHAIN_ID", default: "(required with DIPNET_RPC_URL)", description: "chain id of the external chain" },
  {
    env: "DIPNET_PRIVATE_KEY",
    default: "(required with DIPNET_RPC_URL)",
    description: "0x-prefixed private key of the deployer and initial governance on the external chain",
  },
  {
    flag: "--api-host <host>",
    env: "DIPNET_API_HOST",
    default: DEFAULT_API_HOST,
    description: "address the node's HTTP API and dashboard listen on",
  },
  {
    flag: "--api-port <port>",
    env: "DIPNET_API_PORT",
    default: String(DEFAULT_API_PORT),
    description: "port of the node's HTTP API and dashboard (0: any free port)",
  },
  {
    flag: "--public-url <url>",
    env: "DIPNET_PUBLIC_URL",
    default: "(the API's loopback URL)",
    description:
      "origin browsers reach the node at (https://dipnet.example.org); Sign-In with Ethereum accepts only messages for it, cookies are Secure when https; required with a non-loopback --api-host",
  },
  {
    flag: "--trust-proxy <proxies>",
    env: "DIPNET_TRUST_PROXY",
    default: "false",
    description:
      "proxies whose X-Forwarded-For names the client (true, a hop count, or addresses/CIDRs, comma-separated); rate limits count per client address",
  },
  {
    env: "DIPNET_RATE_LIMIT_WRITES",
    default: "120",
    description: "writes (POST, PUT, PATCH, DELETE) per minute per client address; more answer 429",
  },
  {
    env: "DIPNET_RATE_LIMIT_SIGNIN",
    default: "30",
    description: "sign-in requests (nonce and verify) per minute per client address",
  },
  {
    env: "DIPNET_RATE_LIMIT_RPC",
    default: "1200",
    description: "calls to the dashboard's chain gateway (POST /rpc) per minute per client address",
  },
  {
    env: "DIPNET_SSE_MAX_CLIENTS",
    default: "200",
    description: "live-event (/api/events) clients at once; more answer 503",
  },
  {
    flag: "--database-url <url>",
    env: "DATABASE_URL",
    default: "(unset: SQLite in the data dir)",
    description: "postgres:// URL of a PostgreSQL database for the read model",
  },
  {
    flag: "--finality-depth <blocks>",
    env: "DIPNET_FINALITY_DEPTH",
    default: "12",
    description: "deepest reorg the indexer rolls back; a deeper one halts it",
  },
  {
    flag: "--poll-ms <ms>",
    env: "DIPNET_POLL_MS",
    default: "1000",
    description: "indexer poll interval once caught up",
  },
  {
    flag: "--rpc-timeout-ms <ms>",
    env: "DIPNET_RPC_TIMEOUT_MS",
    default: "10000",
    description: "timeout of each indexer RPC request",
  },
  {
    flag: "--log-level <level>",
    env: "DIPNET_LOG_LEVEL",
    default: "info",
    description: "the node's log level: fatal, error, warn, info, debug, trace or silent",
  },
  {
    flag: "--mqtt <off|embedded|url>",
    env: "DIPNET_MQTT",
    default: "embedded",
    description: "IoT gateway: an embedded MQTT broker, an external broker's mqtt:// URL, or off",
  },
  {
    flag: "--mqtt-host <host>",
    env: "DIPNET_MQTT_HOST",
    default: "127.0.0.1",
    description: "address the embedded MQTT broker listens on",
  },
  {
    flag: "--mqtt-port <port>",
    env: "DIPNET_MQTT_PORT",
    default: "1884",
    description: "port of the embedded MQTT broker",
  },
  {
    env: "MQTT_URL",
    default: "(unset)",
    description: "an external broker's mqtt:// URL for the IoT gateway when --mqtt / DIPNET_MQTT is not given",
  },
  {
    env: "DIPNET_ANCHOR_KEY",
    default: "(embedded chain: dev account 14; external chain: unset, no anchoring)",
    description: "0x-prefixed key of the account paying for the Merkle anchoring of the IoT gateway's readings",
  },
  {
    env: "DIPNET_ANCHOR_INTERVAL_MS",
    default: `${EMBEDDED_ANCHOR_INTERVAL_MS} (external chain: 60000)`,
    description: "time between anchored batches of readings",
  },
  {
    flag: "--demo-rate <RFQs per minute>",
    env: "DIPNET_DEMO_RATE",
    default: String(DEFAULT_DEMO_RATE),
    description: `RFQs the demo's customers post per real minute, together (0 to ${MAX_DEMO_RATE}; 0: none)`,
  },
  { flag: "--no-demo", default: "(demo on)", description: "run a bare node: no demo network, no agents" },
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
    "usage: npm start [-- [--data-dir <dir>] [--chain-port <port>] [--api-port <port>] [--no-demo] …]",
    "",
    "Starts the embedded chain (or connects to DIPNET_RPC_URL), deploys the contracts once, builds the dashboard",
    "if missing, and runs the DIPNET node (indexer, HTTP API, dashboard) with the demo network.",
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

/** The node's options: flag → the variable `@dipnet/node`'s `parseConfig` reads. */
const nodeOptions = {
  "api-host": "DIPNET_API_HOST",
  "api-port": "DIPNET_API_PORT",
  "public-url": "DIPNET_PUBLIC_URL",
  "trust-proxy": "DIPNET_TRUST_PROXY",
  "database-url": "DATABASE_URL",
  "finality-depth": "DIPNET_FINALITY_DEPTH",
  "poll-ms": "DIPNET_POLL_MS",
  "rpc-timeout-ms": "DIPNET_RPC_TIMEOUT_MS",
  "log-level": "DIPNET_LOG_LEVEL",
  mqtt: "DIPNET_MQTT",
  "mqtt-host": "DIPNET_MQTT_HOST",
  "mqtt-port": "DIPNET_MQTT_PORT",
} as const;
type NodeFlag = keyof typeof nodeOptions;

type Flags = Partial<Record<"data-dir" | "chain-port" | "port" | "demo-rate" | NodeFlag, string>> & {
  help?: boolean;
  "no-demo"?: boolean;
};

/**
 * Parses `npm start`'s flags and environment, reporting every problem at once — the start script's
 * own (chain, data dir) and the node's (through `@dipnet/node`'s `parseConfig`, fed the same values).
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
  let flags: Flags = {};
  try {
    ({ values: flags } = parseArgs({
      args: [...argv],
      options: {
        "data-dir": { type: "string" },
        "chain-port": { type: "string" },
        port: { type: "string" },
        "demo-rate": { type: "string" },
        ...Object.fromEntries(Object.keys(nodeOptions).map((flag) => [flag, { type: "string" as const }])),
        "no-demo": { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    }) as { values: Flags });
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

  if (flags.port !== undefined) {
    problems.push(
      `--port: ambiguous; use --api-port (the node's HTTP API, default ${DEFAULT_API_PORT}) or --chain-port (the embedded chain's RPC, default ${DEFAULT_CHAIN_PORT})`,
    );
  }

  const chain = parseChain(flags, read, problems);
  const node = parseNode(flags, read, dataDir, chain, problems);
  const demo = chain?.kind === "embedded" && !flags["no-demo"];
  const demoRate = parseDemoRate(flags, read, chain, problems);
  if (problems.length > 0 || chain === undefined || node === undefined) throw new ConfigError(problems);
  return { dataDir, chain, node, demo, demoRate };
}

/** The demo's RFQ rate from `--demo-rate` or DIPNET_DEMO_RATE; only where a demo runs. */
function parseDemoRate(
  flags: Flags,
  read: (name: string) => string | undefined,
  chain: EmbeddedChainConfig | ExternalChainConfig | undefined,
  problems: string[],
): number {
  const [name, value] =
    flags["demo-rate"] !== undefined
      ? ["--demo-rate", flags["demo-rate"]]
      : ["DIPNET_DEMO_RATE", read("DIPNET_DEMO_RATE")];
  if (value === undefined) return DEFAULT_DEMO_RATE;
  if (flags["no-demo"]) problems.push(`${name}: only applies to the demo, but --no-demo is set`);
  else if (chain?.kind === "external") {
    problems.push(`${name}: only applies to the demo, which never runs on an external chain (DIPNET_RPC_URL)`);
  }
  const rate = /^\d+(\.\d+)?$/.test(value) ? Number(value) : Number.NaN;
  if (!(rate <= MAX_DEMO_RATE)) {
    problems.push(
      `${name}: "${value}" is not a rate in RFQs per minute (a number from 0 to ${MAX_DEMO_RATE}, e.g. 12 or 0.5)`,
    );
  }
  return rate;
}

/** The node's settings, parsed by the node itself from the same flags and variables. */
function parseNode(
  flags: Flags,
  read: (name: string) => string | undefined,
  dataDir: string,
  chain: EmbeddedChainConfig | ExternalChainConfig | undefined,
  problems: string[],
): NodeConfig | undefined {
  const nodeEnv: Record<string, string | undefined> = {
    DIPNET_DATA_DIR: dataDir,
    DIPNET_ANCHOR_KEY: read("DIPNET_ANCHOR_KEY"),
    DIPNET_ANCHOR_INTERVAL_MS: read("DIPNET_ANCHOR_INTERVAL_MS"),
    DIPNET_RATE_LIMIT_WRITES: read("DIPNET_RATE_LIMIT_WRITES"),
    DIPNET_RATE_LIMIT_SIGNIN: read("DIPNET_RATE_LIMIT_SIGNIN"),
    DIPNET_RATE_LIMIT_RPC: read("DIPNET_RATE_LIMIT_RPC"),
    DIPNET_SSE_MAX_CLIENTS: read("DIPNET_SSE_MAX_CLIENTS"),
    DIPNET_IPFS_API: read("DIPNET_IPFS_API"),
    DIPNET_IPFS_LISTEN: read("DIPNET_IPFS_LISTEN"),
    DIPNET_IPFS_PEERS: read("DIPNET_IPFS_PEERS"),
    DIPNET_IPFS_TIMEOUT_MS: read("DIPNET_IPFS_TIMEOUT_MS"),
  };
  // An unusable chain URL is reported once, by the chain's own checks.
  if (chain !== undefined) nodeEnv.DIPNET_RPC_URL = chain.rpcUrl;
  // On the embedded chain readings are anchored out of the box (a dev account pays; start funds it),
  // so the demo's production evidence can cite them. An explicit key still wins.
  if (chain?.kind === "embedded") {
    nodeEnv.DIPNET_ANCHOR_KEY ??= embeddedAnchorKey();
    nodeEnv.DIPNET_ANCHOR_INTERVAL_MS ??= String(EMBEDDED_ANCHOR_INTERVAL_MS);
  }
  const fromFlag = new Map<string, string>();
  for (const [flag, variable] of Object.entries(nodeOptions)) {
    const value = flags[flag as NodeFlag];
    if (value !== undefined) fromFlag.set(variable, `--${flag}`);
    nodeEnv[variable] = value ?? read(variable);
  }
  // A bare node's gateway is off unless asked for; `npm start` runs it on the embedded broker (or
  // the external one MQTT_URL names), so that machines (and the demo's) can publish to it.
  nodeEnv.MQTT_URL = read("MQTT_URL");
  if (nodeEnv.MQTT_URL === undefined) nodeEnv.DIPNET_MQTT ??= "embedded";
  try {
    return parseNodeConfig(nodeEnv, []);
  } catch (error) {
    if (!(error instanceof NodeConfigError)) throw error;
    // The node names variables; name the flag where the value came from one.
    for (const problem of error.problems) {
      const variable = problem.slice(0, problem.indexOf(":"));
      const flag = fromFlag.get(variable);
      problems.push(flag ? `${flag}${problem.slice(variable.length)}` : problem);
    }
    return undefined;
  }
}

function parseChain(
  flags: Flags,
  read: (name: string) => string | undefined,
  problems: string[],
): EmbeddedChainConfig | ExternalChainConfig | undefined {
  const count = problems.length;
  const portFlag = flags["chain-port"];
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
    if (portFlag !== undefined) port = parsePort(portFlag, "--chain-port", problems);
    else if (read("DIPNET_CHAIN_PORT") !== undefined) {
      port = parsePort(read("DIPNET_CHAIN_PORT") ?? "", "DIPNET_CHAIN_PORT", problems);
    }
    if (problems.length > count) return undefined;
    return {
      kind: "embedded",
      host: EMBEDDED_HOST,
      port,
      chainId: EMBEDDED_CHAIN_ID,
      rpcUrl: `http://${EMBEDDED_HOST}:${port}`,
    };
  }

  if (portFlag !== undefined) {
    problems.push("--chain-port: only applies to the embedded chain, but DIPNET_RPC_URL is set");
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

  if (problems.length > count) return undefined;
  return { kind: "external", rpcUrl, chainId, privateKey: privateKey as `0x${string}` };
}
