import { isAbsolute, join, relative, resolve } from "node:path";
import { getAddress } from "viem";
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
}

/** A path as the user would type it from `cwd`: relative inside it, absolute outside. */
function shownPath(cwd: string, path: string): string {
  const inCwd = relative(cwd, path);
  if (inCwd === "") return ".";
  return inCwd.startsWith("..") || isAbsolute(inCwd) ? path : inCwd;
}

/** What `npm start` prints once the chain is up and the contracts are deployed: endpoints and CLI usage. */
export function formatBanner(parameters: FormatBannerParameters): string {
  const { config, deployment, deployed, deployer, cwd } = parameters;
  const { chain } = config;
  const embedded = chain.kind === "embedded";
  const dataDir = shownPath(cwd, config.dataDir);
  const contracts = Object.entries(deployment.contracts).filter(
    (entry): entry is [string, string] => entry[1] !== undefined,
  );
  const width = Math.max(...contracts.map(([name]) => name.length));

  // The CLI finds the chain and deployments.json by the same defaults; name whatever differs.
  const cliFlags: string[] = [];
  if (chain.rpcUrl !== `http://${EMBEDDED_HOST}:${DEFAULT_CHAIN_PORT}`) cliFlags.push(`--rpc ${chain.rpcUrl}`);
  if (config.dataDir !== resolve(cwd, DEFAULT_DATA_DIR)) cliFlags.push(`--data-dir ${dataDir}`);
  const dipnet = ["npm run dipnet --", ...cliFlags].join(" ");

  const examples = embedded
    ? [
        `  ${dipnet} --help`,
        `  ${dipnet} accounts list`,
        `  ${dipnet} participant register --roles customer --as alice`,
        `  ${dipnet} faucet 1000 --as alice`,
        `  ${dipnet} rfq create --as alice --spec text:bracket --process cnc-milling --material aluminium-6061 \\`,
        "      --quantity 10 --budget 500 --bond 50 --deadline +30d",
      ]
    : [`  ${dipnet} --help`, `  ${dipnet} accounts import     (then --as <name>; or set DIPNET_PRIVATE_KEY)`];

  return [
    "",
    "DIPNET is running",
    `  RPC          ${chain.rpcUrl}  (chain id ${deployment.chainId}${embedded ? ", embedded anvil" : ""})`,
    `  deployer     ${getAddress(deployer)}${embedded ? ' (dev account "deployer", also governance)' : " (also governance)"}`,
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
      : "The contracts are deployed on the external chain; nothing else runs yet, so npm start exits now.",
  ].join("\n");
}
