import { isAbsolute, join, relative, resolve } from "node:path";
import { getAddress } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { DEFAULT_CHAIN_PORT, DEFAULT_DATA_DIR, EMBEDDED_HOST, type StartConfig } from "./config.ts";

/** Parameters of {@link formatBanner}. */
export interface FormatBannerParameters {
  config: StartConfig;
  deployment: { chainId: number; deployBlock: number; contracts: Record<string, string | undefined> };
  /** True when this run deployed the contracts, false when it reused them. */
  deployed: boolean;
  deployer: string;
  /** Directory the user runs npm commands from. */
  cwd: string;
  /** Base URL the node's API listens on, e.g. http://127.0.0.1:8080. */
  apiUrl: string;
  /** URL of the node's MQTT broker (IoT gateway), when it runs. Default: the gateway is off. */
  mqttUrl?: string | undefined;
  /** Who trades in the running demo. Default: the demo's defaults (8 manufacturers, 3 customers). */
  demoParticipants?: { manufacturers: number; customers: number };
}

/** A path as the user would type it from `cwd`: relative inside it, absolute outside. */
function shownPath(cwd: string, path: string): string {
  const inCwd = relative(cwd, path);
  if (inCwd === "") return ".";
  return inCwd.startsWith("..") || isAbsolute(inCwd) ? path : inCwd;
}

/** What `npm start` prints once the chain is up and the contracts are deployed: endpoints and CLI usage. */
export function formatBanner(parameters: FormatBannerParameters): string {
  const { config, deployment, deployed, deployer, cwd, apiUrl } = parameters;
  const demoParticipants = parameters.demoParticipants ?? { manufacturers: 8, customers: 3 };
  const { chain } = config;
  const embedded = chain.kind === "embedded";
  const dataDir = shownPath(cwd, config.dataDir);
  const contracts = Object.entries(deployment.contracts).filter(
    (entry): entry is [string, string] => entry[1] !== undefined,
  );
  const width = Math.max(...contracts.map(([name]) => name.length));
  const governance = deployment.contracts.governor
    ? "a DAO: DIP holders propose and vote, the timelock executes (dipnet gov proposals, dashboard /governance)"
    : "the deployer (no DAO in this deployment)";

  // The CLI finds the chain and deployments.json by the same defaults; name whatever differs.
  const cliFlags: string[] = [];
  if (chain.rpcUrl !== `http://${EMBEDDED_HOST}:${DEFAULT_CHAIN_PORT}`) cliFlags.push(`--rpc ${chain.rpcUrl}`);
  if (config.dataDir !== resolve(cwd, DEFAULT_DATA_DIR)) cliFlags.push(`--data-dir ${dataDir}`);
  const dipnet = ["npm run dipnet --", ...cliFlags].join(" ");

  const examples = !embedded
    ? [`  ${dipnet} --help`, `  ${dipnet} accounts import     (then --as <name>; or set DIPNET_PRIVATE_KEY)`]
    : config.demo
      ? [
          `  ${dipnet} --help`,
          `  ${dipnet} rfq list`,
          `  ${dipnet} order timeline 1`,
          `  ${dipnet} watch`,
          "The demo's agents sign with the dev accounts (deployer, alice, bob, …); to act with them yourself,",
          "run `npm start -- --no-demo`, or use the dashboard's demo accounts.",
        ]
      : [
          `  ${dipnet} --help`,
          `  ${dipnet} accounts list`,
          `  ${dipnet} participant register --roles customer --as alice`,
          `  ${dipnet} faucet 1000 --as alice`,
          `  ${dipnet} rfq create --as alice --spec text:bracket --process cnc-milling --material aluminium-6061 \\`,
          "      --quantity 10 --budget 500 --bond 50 --deadline +30d",
        ];

  const store =
    config.node.database.kind === "sqlite"
      ? `SQLite ${shownPath(cwd, config.node.database.file)}`
      : `PostgreSQL ${redactUrl(config.node.database.url)}`;
  const iot = parameters.mqttUrl
    ? `${parameters.mqttUrl} (${config.node.mqtt?.kind === "embedded" ? "embedded broker" : "external broker"}; topics dipnet/v1/… and spBv1.0/…)${config.demo ? "; the demo machines publish telemetry" : ""}`
    : "off";
  const { anchor } = config.node;
  const anchoring =
    parameters.mqttUrl && anchor
      ? `every ${anchor.intervalMs / 1000} s, paid by ${privateKeyToAccount(anchor.privateKey).address}; proofs: ${apiUrl}/api/readings/<manufacturer>/<device>/<seq>/proof`
      : "off";
  const demo = config.demo
    ? `on: ${demoParticipants.manufacturers} manufacturers, ${demoParticipants.customers} customers (${config.demoRate} RFQs a minute, --demo-rate) and an arbiter trade on their own; activity in ${join(dataDir, "demo.log")}`
    : embedded
      ? "off (--no-demo): a bare node"
      : "off (external chain)";

  return [
    "",
    "DIPNET is running",
    `  dashboard    ${apiUrl}/`,
    `  API          ${apiUrl}/api/orders, /api/participants, /api/stats, … (live: ${apiUrl}/api/events)`,
    `  API docs     ${apiUrl}/docs  (OpenAPI 3.1: ${apiUrl}/openapi.json)`,
    `  health       ${apiUrl}/health  ${apiUrl}/ready  ${apiUrl}/metrics`,
    `  RPC          ${chain.rpcUrl}  (chain id ${deployment.chainId}${embedded ? ", embedded anvil" : ""}; browsers: ${apiUrl}/rpc)`,
    `  IoT MQTT     ${iot}`,
    `  anchoring    ${anchoring}`,
    `  demo         ${demo}`,
    `  read model   ${store}`,
    `  governance   ${governance}`,
    `  deployer     ${getAddress(deployer)}${embedded ? ' (dev account "deployer")' : ""}${deployment.contracts.governor ? ", no power after deployment" : ", governs"}`,
    `  data dir     ${dataDir}`,
    `  deployments  ${join(dataDir, "deployments.json")} (${deployed ? "deployed now" : "reused"}, block ${deployment.deployBlock})`,
    "  contracts",
    ...contracts.map(([name, address]) => `    ${name.padEnd(width)}  ${getAddress(address)}`),
    "",
    "Use the CLI from another terminal in this directory, e.g.:",
    ...examples,
    "Every command and option: packages/cli/README.md.",
    "",
    embedded
      ? `Press Ctrl-C to stop; the chain state is kept in ${join(dataDir, "chain-state.json")}.`
      : "Press Ctrl-C to stop.",
  ].join("\n");
}

/** A database URL without its password. */
function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(DATABASE_URL)";
  }
}
