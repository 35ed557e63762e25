import { existsSync } from "node:fs";
import * as sdk from "@dipnet/sdk";
import { type DeployDipnetParameters, type Deployment, deployDipnet } from "@dipnet/sdk";
import { readDeployment, writeDeployment } from "@dipnet/sdk/node";
import {
  type Account,
  type Chain,
  keccak256,
  type PublicClient,
  stringToHex,
  type Transport,
  type WalletClient,
} from "viem";

/** What `deployments.json` holds: the deployment and the hash of the contract code it was made from. */
type RecordedDeployment = Deployment & { codeHash?: string };

/**
 * Hash of every contract's creation code the SDK carries. A deployment made from other code (an
 * older checkout) is stale: its ABI no longer matches what the node, CLI and dashboard call.
 */
export function contractsCodeHash(): string {
  const codes = Object.entries(sdk)
    .filter(([name, value]) => name.endsWith("Bytecode") && typeof value === "string")
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, value]) => `${name}:${value as string}`);
  return keccak256(stringToHex(codes.join("\n")));
}

/** Parameters of {@link ensureDeployment}. */
export interface EnsureDeploymentParameters {
  publicClient: PublicClient<Transport, Chain>;
  walletClient: WalletClient<Transport, Chain, Account>;
  /** `<data dir>/deployments.json`. */
  file: string;
  /** First arbiters and certifiers, and the DAO the network is handed to (see `deployDipnet`). */
  genesis: Pick<DeployDipnetParameters, "arbiters" | "certifiers" | "dao">;
  /** Progress messages. Default: none. */
  log?: (message: string) => void;
}

/** The deployment in use and whether this call created it. */
export interface EnsureDeploymentReturnType {
  deployment: Deployment;
  deployed: boolean;
}

/**
 * Why the recorded deployment cannot be reused on this chain, or undefined when it can: it must come
 * from the contract code this checkout carries, be for the same chain id, and every recorded contract
 * must still have code (a chain reset wipes them).
 */
export async function staleReason(
  deployment: RecordedDeployment,
  publicClient: PublicClient<Transport, Chain>,
): Promise<string | undefined> {
  if (deployment.codeHash !== contractsCodeHash()) return "it was deployed from other contract code";
  const chainId = await publicClient.getChainId();
  if (deployment.chainId !== chainId) return `it is for chain ${deployment.chainId}, this chain is ${chainId}`;
  for (const [name, address] of Object.entries(deployment.contracts)) {
    if (address === undefined) continue;
    const code = await publicClient.getCode({ address });
    if (code === undefined || code === "0x") return `${name} has no code at ${address}`;
  }
  return undefined;
}

/**
 * Reuses the deployment recorded in `file` when it is live on this chain; otherwise deploys every
 * contract with the SDK, hands the network to its DAO, and records the result atomically (the SDK's
 * `writeDeployment`).
 */
export async function ensureDeployment(parameters: EnsureDeploymentParameters): Promise<EnsureDeploymentReturnType> {
  const { publicClient, walletClient, file } = parameters;
  const log = parameters.log ?? (() => {});
  if (existsSync(file)) {
    const recorded = readDeployment(file);
    const reason = await staleReason(recorded, publicClient);
    if (reason === undefined) return { deployment: recorded, deployed: false };
    log(`${file} is stale (${reason}); deploying again`);
  } else {
    log("no deployment recorded yet; deploying the contracts");
  }
  const { chainId, deployBlock, contracts } = await deployDipnet({ walletClient, publicClient, ...parameters.genesis });
  const deployment: RecordedDeployment = { chainId, deployBlock, contracts, codeHash: contractsCodeHash() };
  writeDeployment(file, deployment);
  return { deployment, deployed: true };
}
