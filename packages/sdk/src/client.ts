import {
  type Account,
  type Address,
  type Chain,
  createPublicClient,
  createWalletClient,
  defineChain,
  getContract,
  http,
  type Transport,
} from "viem";
import { ChainConnectionError, DeploymentError } from "./errors/base.ts";
import { toDipnetError } from "./errors/normalize.ts";
import { orderMarketAbi, participantRegistryAbi, testStablecoinAbi } from "./generated/abis.ts";
import type { Deployment, DipnetClient, DipnetReadClient } from "./types.ts";

/** Parameters of `createDipnetClient`. */
export type CreateDipnetClientParameters = {
  /** Any EVM JSON-RPC endpoint. */
  rpcUrl: string;
  deployment: Deployment;
  /** Default: `deployment.chainId`. */
  chainId?: number | undefined;
  /** Local account (signs in-process) or address (the node signs). Default: none (read-only). */
  account?: Account | Address | undefined;
  /** How often to poll for receipts and events, in ms. Default: 1000. */
  pollingInterval?: number | undefined;
  /** Names known addresses in error messages. Default: none. */
  nameOf?: ((address: Address) => string | undefined) | undefined;
  /** Transport override (tests, custom fetch). Default: `http(rpcUrl)`. */
  transport?: Transport | undefined;
};

/** The contracts of a deployment, bound to a client. */
export function dipnetContracts(client: DipnetReadClient & Partial<Pick<DipnetClient, "walletClient">>) {
  const c = client.walletClient
    ? { public: client.publicClient, wallet: client.walletClient }
    : { public: client.publicClient };
  const { orderMarket, participantRegistry, testStablecoin } = client.deployment.contracts;
  return {
    orderMarket: getContract({ address: orderMarket, abi: orderMarketAbi, client: c }),
    participantRegistry: getContract({ address: participantRegistry, abi: participantRegistryAbi, client: c }),
    testStablecoin: testStablecoin
      ? getContract({ address: testStablecoin, abi: testStablecoinAbi, client: c })
      : undefined,
  };
}

/** A chain object for any EVM network by id and RPC URL. */
export function dipnetChain(chainId: number, rpcUrl: string): Chain {
  return defineChain({
    id: chainId,
    name: `dipnet-${chainId}`,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [rpcUrl] } },
  });
}

/**
 * Creates the clients every action takes: a public client, and with `account` a wallet client,
 * for the deployment's contracts. Standard JSON-RPC only.
 * @example const client = createDipnetClient({ rpcUrl, deployment, account: privateKeyToAccount(key) });
 */
export function createDipnetClient(p: CreateDipnetClientParameters & { account: Account | Address }): DipnetClient;
export function createDipnetClient(p: CreateDipnetClientParameters): DipnetReadClient;
export function createDipnetClient(p: CreateDipnetClientParameters): DipnetClient | DipnetReadClient {
  const chainId = p.chainId ?? p.deployment.chainId;
  if (chainId !== p.deployment.chainId) {
    throw new DeploymentError(`the deployment is for chain ${p.deployment.chainId}, not chain ${chainId}`);
  }
  const chain = dipnetChain(chainId, p.rpcUrl);
  const transport = p.transport ?? http(p.rpcUrl, { retryCount: 2 });
  const pollingInterval = p.pollingInterval ?? 1_000;
  const publicClient = createPublicClient({ chain, transport, pollingInterval });
  if (p.account === undefined) return { chain, deployment: p.deployment, publicClient, nameOf: p.nameOf };
  const walletClient = createWalletClient({ chain, transport, account: p.account, pollingInterval });
  return {
    chain,
    deployment: p.deployment,
    publicClient,
    walletClient,
    account: walletClient.account,
    nameOf: p.nameOf,
  };
}

/** Checks that the RPC serves the deployment's chain and that the market has code there. */
export async function checkDeployment(client: DipnetReadClient): Promise<void> {
  let chainId: number;
  try {
    chainId = await client.publicClient.getChainId();
  } catch (error) {
    const e = toDipnetError(error);
    throw e instanceof ChainConnectionError
      ? e
      : new ChainConnectionError(`cannot reach the chain at ${client.chain.rpcUrls.default.http[0]}`, { cause: error });
  }
  if (chainId !== client.deployment.chainId) {
    throw new DeploymentError(
      `the RPC serves chain ${chainId}, but the deployment is for chain ${client.deployment.chainId}`,
    );
  }
  const code = await client.publicClient.getCode({ address: client.deployment.contracts.orderMarket });
  if (!code || code === "0x") {
    throw new DeploymentError(
      `no contract at ${client.deployment.contracts.orderMarket} on chain ${chainId}: the chain was reset; deploy again`,
    );
  }
}
