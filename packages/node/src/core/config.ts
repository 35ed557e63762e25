// Node configuration: parsed once at start-up from flags and environment; every problem is
// reported at once, by name, before anything starts.
import path from "node:path";
import type { LevelWithSilent } from "pino";
import type { DatabaseConfig } from "./db/index.ts";
import type { IpfsConfig } from "./ipfs.ts";

/** The node's settings. */
export type NodeConfig = {
  /** Where state lives (SQLite file, deployments.json). Default: `.dipnet` (DIPNET_DATA_DIR). */
  dataDir: string;
  /** DATABASE_URL (postgres://…) or the SQLite file `<dataDir>/dipnet.sqlite`. */
  database: DatabaseConfig;
  /** DIPNET_RPC_URL. Default: http://127.0.0.1:8545. */
  rpcUrl: string;
  /** DIPNET_API_HOST. Default: 127.0.0.1. */
  apiHost: string;
  /** DIPNET_API_PORT. Default: 8080. */
  apiPort: number;
  /**
   * DIPNET_PUBLIC_URL: the origin browsers use to reach the API (`https://dipnet.example.org`). Sign-In
   * with Ethereum accepts only messages for it, and cookies are `Secure` when it is https. Default:
   * the API's own loopback URL once listening; required when DIPNET_API_HOST is not a loopback address.
   */
  publicUrl?: string | undefined;
  /**
   * DIPNET_TRUST_PROXY: which proxies' `X-Forwarded-For` names the client (rate limits are per client
   * address): `false`, `true` (any), a hop count, or a comma list of proxy addresses/CIDRs. Default: false.
   */
  trustProxy: boolean | number | string;
  /** Per-client request budgets per minute (see {@link RateLimits}). */
  rateLimits: RateLimits;
  /** DIPNET_SSE_MAX_CLIENTS: live-event (`/api/events`) clients at once. Default: 200. */
  sseMaxClients: number;
  /** DIPNET_FINALITY_DEPTH: blocks after which a reorg is treated as impossible. Default: 12. */
  finalityDepth: number;
  /** DIPNET_POLL_MS: pause between polls once caught up. Default: 1000. */
  pollMs: number;
  /** DIPNET_RPC_TIMEOUT_MS: per-request timeout. Default: 10000. */
  rpcTimeoutMs: number;
  /**
   * DIPNET_MQTT: the IoT gateway's source: `off`, `embedded` (broker on DIPNET_MQTT_HOST:DIPNET_MQTT_PORT,
   * default 127.0.0.1:1884) or an external broker URL (mqtt://, mqtts://, ws://, wss://; credentials in
   * the URL). DIPNET_MQTT_OPERATOR_PASSWORD lets client `operator` read every topic of the embedded
   * broker (at least 16 characters). Default: off; no operator.
   */
  mqtt?:
    | { kind: "off" }
    | { kind: "embedded"; host: string; port: number; operator?: { username: string; password: string } }
    | { kind: "external"; url: string }
    | undefined;
  /**
   * Merkle anchoring of the gateway's messages: DIPNET_ANCHOR_KEY (0x-prefixed key of the account that
   * pays for the anchor transactions) and DIPNET_ANCHOR_INTERVAL_MS (time between batches, default
   * 60000). Off without a key; runs only with the gateway on and an evidence registry deployed.
   */
  anchor?: { privateKey: `0x${string}`; intervalMs: number } | undefined;
  /** DIPNET_LOG_LEVEL: the least severe level the node logs (pino's levels, or `silent`). Default: info. */
  logLevel: LevelWithSilent;
  /**
   * The node's IPFS (the vault's files, replicated documents): embedded Helia listening on
   * DIPNET_IPFS_LISTEN (comma-separated multiaddrs, default `/ip4/127.0.0.1/tcp/0`), announcing
   * DIPNET_IPFS_ANNOUNCE (default: the listen addresses) and dialling DIPNET_IPFS_PEERS (comma-separated
   * multiaddrs ending in `/p2p/<peer id>`) besides the peers named in registered profiles, or the external Kubo node whose RPC API is DIPNET_IPFS_API. Absent (vault
   * routes answer 503) only when a caller builds the config without `parseConfig`.
   */
  ipfs?: IpfsConfig | undefined;
  /** DIPNET_IPFS_TIMEOUT_MS: how long a vault fetch waits for data from peers before a 504. Default: 30000. */
  ipfsTimeoutMs?: number | undefined;
  /**
   * DIPNET_REPLICATION_INTERVAL_MS: between rounds of publication replication (dial the nodes registered
   * profiles name, read connected peers' logs, retry pending publications). Default: 30000.
   */
  replicationIntervalMs?: number | undefined;
};

/** The values of DIPNET_LOG_LEVEL, most severe first. */
const logLevels: readonly LevelWithSilent[] = ["fatal", "error", "warn", "info", "debug", "trace", "silent"];

/** Requests per minute each client address may make, by kind. */
export type RateLimits = {
  /** DIPNET_RATE_LIMIT_WRITES: POST, PUT, PATCH and DELETE on the API. Default: 120. */
  writes: number;
  /** DIPNET_RATE_LIMIT_SIGNIN: `GET /api/auth/nonce` and `POST /api/auth/verify`. Default: 30. */
  signIn: number;
  /** DIPNET_RATE_LIMIT_RPC: `POST /rpc`, the dashboard's chain gateway. Default: 1200. */
  rpc: number;
};

/** Default requests per minute per client address. */
export const defaultRateLimits: RateLimits = { writes: 120, signIn: 30, rpc: 1200 };

/** Whether `host` is a loopback address or name: only then may the public URL default to the API's own. */
export function isLoopbackHost(host: string): boolean {
  return host === "localhost" || host === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** Configuration problems, all of them. */
export class ConfigError extends Error {
  override name = "ConfigError";
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.problems = problems;
  }
}

const flagNames: Record<string, string> = {
  "--data-dir": "DIPNET_DATA_DIR",
  "--database-url": "DATABASE_URL",
  "--rpc-url": "DIPNET_RPC_URL",
  "--host": "DIPNET_API_HOST",
  "--port": "DIPNET_API_PORT",
  "--public-url": "DIPNET_PUBLIC_URL",
  "--trust-proxy": "DIPNET_TRUST_PROXY",
  "--finality-depth": "DIPNET_FINALITY_DEPTH",
  "--poll-ms": "DIPNET_POLL_MS",
  "--rpc-timeout-ms": "DIPNET_RPC_TIMEOUT_MS",
  "--mqtt": "DIPNET_MQTT",
  "--anchor-interval-ms": "DIPNET_ANCHOR_INTERVAL_MS",
  "--log-level": "DIPNET_LOG_LEVEL",
  "--ipfs-api": "DIPNET_IPFS_API",
  "--ipfs-listen": "DIPNET_IPFS_LISTEN",
  "--ipfs-peers": "DIPNET_IPFS_PEERS",
  "--ipfs-announce": "DIPNET_IPFS_ANNOUNCE",
};

/**
 * Parses flags (`--port 8081` or `--port=8081`, which win) and environment variables.
 * @example const config = parseConfig(process.env, process.argv.slice(2));
 */
export function parseConfig(env: Record<string, string | undefined>, argv: readonly string[] = []): NodeConfig {
  const problems: string[] = [];
  const values: Record<string, string | undefined> = { ...env };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const [flag, inline] = arg.includes("=")
      ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)]
      : [arg, undefined];
    const name = flagNames[flag];
    if (!name) {
      if (flag.startsWith("--")) problems.push(`${flag}: unknown flag (known: ${Object.keys(flagNames).join(", ")})`);
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined) problems.push(`${flag}: needs a value`);
    else values[name] = value;
  }

  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const raw = values[name];
    if (raw === undefined || raw === "") return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      problems.push(`${name}: must be an integer from ${min} to ${max}, got "${raw}"`);
      return fallback;
    }
    return n;
  };
  const url = (name: string, fallback: string | undefined, protocols: string[]): string | undefined => {
    const raw = values[name];
    if (raw === undefined || raw === "") return fallback;
    try {
      const parsed = new URL(raw);
      if (!protocols.includes(parsed.protocol)) {
        problems.push(`${name}: must use ${protocols.join(" or ")}, got "${parsed.protocol}"`);
      }
    } catch {
      problems.push(`${name}: not a valid URL`);
    }
    return raw;
  };

  const dataDir = path.resolve(values.DIPNET_DATA_DIR || ".dipnet");
  const databaseUrl = url("DATABASE_URL", undefined, ["postgres:", "postgresql:"]);
  const rpcUrl = url("DIPNET_RPC_URL", "http://127.0.0.1:8545", ["http:", "https:"]) as string;
  const apiHost = values.DIPNET_API_HOST || "127.0.0.1";
  if (!/^[\w.:-]+$/.test(apiHost)) problems.push(`DIPNET_API_HOST: not a host name or address, got "${apiHost}"`);
  const apiPort = integer("DIPNET_API_PORT", 8080, 0, 65_535);
  const publicUrl = url("DIPNET_PUBLIC_URL", undefined, ["http:", "https:"]);
  if (publicUrl !== undefined && URL.canParse(publicUrl) && new URL(publicUrl).href !== `${new URL(publicUrl).origin}/`)
    problems.push(`DIPNET_PUBLIC_URL: must be an origin (scheme, host and port only), got "${publicUrl}"`);
  if (publicUrl === undefined && !isLoopbackHost(apiHost))
    problems.push(
      `DIPNET_PUBLIC_URL: required when DIPNET_API_HOST (${apiHost}) is not a loopback address: the origin browsers use to reach this node, e.g. https://dipnet.example.org (Sign-In with Ethereum accepts messages for it only)`,
    );
  const trustProxy = parseTrustProxy(values.DIPNET_TRUST_PROXY, problems);
  const rateLimits: RateLimits = {
    writes: integer("DIPNET_RATE_LIMIT_WRITES", defaultRateLimits.writes, 1, 1_000_000),
    signIn: integer("DIPNET_RATE_LIMIT_SIGNIN", defaultRateLimits.signIn, 1, 1_000_000),
    rpc: integer("DIPNET_RATE_LIMIT_RPC", defaultRateLimits.rpc, 1, 1_000_000),
  };
  const sseMaxClients = integer("DIPNET_SSE_MAX_CLIENTS", 200, 1, 100_000);
  const finalityDepth = integer("DIPNET_FINALITY_DEPTH", 12, 0, 10_000);
  const pollMs = integer("DIPNET_POLL_MS", 1000, 10, 3_600_000);
  const rpcTimeoutMs = integer("DIPNET_RPC_TIMEOUT_MS", 10_000, 100, 600_000);
  // MQTT_URL, the variable MQTT tools conventionally read, names an external broker when
  // DIPNET_MQTT (or --mqtt) does not say otherwise.
  const mqttVariable = values.DIPNET_MQTT || !values.MQTT_URL ? "DIPNET_MQTT" : "MQTT_URL";
  const mqttRaw = values[mqttVariable] || "off";
  const mqttHost = values.DIPNET_MQTT_HOST || "127.0.0.1";
  const mqttPort = integer("DIPNET_MQTT_PORT", 1884, 0, 65_535);
  let mqtt: NonNullable<NodeConfig["mqtt"]> = { kind: "off" };
  const operatorPassword = values.DIPNET_MQTT_OPERATOR_PASSWORD;
  if (operatorPassword && operatorPassword.length < 16) {
    problems.push("DIPNET_MQTT_OPERATOR_PASSWORD: must be at least 16 characters");
  }
  if (mqttRaw === "embedded") {
    mqtt = { kind: "embedded", host: mqttHost, port: mqttPort };
    if (operatorPassword) mqtt.operator = { username: "operator", password: operatorPassword };
  } else if (mqttRaw !== "off") {
    const mqttUrl = url(mqttVariable, undefined, ["mqtt:", "mqtts:", "ws:", "wss:"]);
    if (mqttUrl) mqtt = { kind: "external", url: mqttUrl };
  }
  const anchorKey = values.DIPNET_ANCHOR_KEY || undefined;
  if (anchorKey !== undefined && !/^0x[0-9a-fA-F]{64}$/.test(anchorKey))
    problems.push("DIPNET_ANCHOR_KEY: must be a 0x-prefixed 32-byte hex key");
  const anchorIntervalMs = integer("DIPNET_ANCHOR_INTERVAL_MS", 60_000, 1000, 86_400_000);
  const logLevel = (values.DIPNET_LOG_LEVEL || "info") as LevelWithSilent;
  if (!logLevels.includes(logLevel))
    problems.push(`DIPNET_LOG_LEVEL: must be one of ${logLevels.join(", ")}, got "${logLevel}"`);
  const ipfsApi = url("DIPNET_IPFS_API", undefined, ["http:", "https:"]);
  const multiaddrs = (name: string, peer: boolean): string[] => {
    const list = (values[name] ?? "").split(/[\s,]+/).filter((a) => a !== "");
    for (const a of list) {
      if (!/^\/(ip4|ip6|dns|dns4|dns6)\/[^/]+\/tcp\/\d+(\/p2p\/\w+)?$/.test(a))
        problems.push(
          `${name}: "${a}" is not a TCP multiaddr such as /ip4/127.0.0.1/tcp/4001${peer ? "/p2p/<peer id>" : ""}`,
        );
      else if (peer && !a.includes("/p2p/")) problems.push(`${name}: "${a}" must end in /p2p/<peer id>`);
    }
    return list;
  };
  const ipfsListen = multiaddrs("DIPNET_IPFS_LISTEN", false);
  const ipfsPeers = multiaddrs("DIPNET_IPFS_PEERS", true);
  const ipfsAnnounce = multiaddrs("DIPNET_IPFS_ANNOUNCE", false);
  const ipfs: IpfsConfig = ipfsApi
    ? { kind: "kubo", apiUrl: ipfsApi }
    : {
        kind: "helia",
        listen: ipfsListen,
        peers: ipfsPeers,
        ...(ipfsAnnounce.length > 0 ? { announce: ipfsAnnounce } : {}),
      };
  const ipfsTimeoutMs = integer("DIPNET_IPFS_TIMEOUT_MS", 30_000, 100, 3_600_000);
  const replicationIntervalMs = integer("DIPNET_REPLICATION_INTERVAL_MS", 30_000, 50, 86_400_000);
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    dataDir,
    database: databaseUrl
      ? { kind: "postgres", url: databaseUrl }
      : { kind: "sqlite", file: path.join(dataDir, "dipnet.sqlite") },
    rpcUrl,
    apiHost,
    apiPort,
    ...(publicUrl ? { publicUrl: new URL(publicUrl).origin } : {}),
    trustProxy,
    rateLimits,
    sseMaxClients,
    finalityDepth,
    pollMs,
    rpcTimeoutMs,
    mqtt,
    ...(anchorKey ? { anchor: { privateKey: anchorKey as `0x${string}`, intervalMs: anchorIntervalMs } } : {}),
    logLevel,
    ipfs,
    ipfsTimeoutMs,
    replicationIntervalMs,
  };
}

/** DIPNET_TRUST_PROXY as Fastify's `trustProxy`: false, true, a hop count, or a list of addresses/CIDRs. */
function parseTrustProxy(raw: string | undefined, problems: string[]): boolean | number | string {
  if (raw === undefined || raw === "" || raw === "false") return false;
  if (raw === "true") return true;
  if (/^\d+$/.test(raw)) return Number(raw);
  if (/^[\da-fA-F.:/]+(,[\da-fA-F.:/]+)*$/.test(raw.replaceAll(" ", ""))) return raw.replaceAll(" ", "");
  problems.push(
    `DIPNET_TRUST_PROXY: must be false, true, a hop count or a comma list of proxy addresses/CIDRs, got "${raw}"`,
  );
  return false;
}
