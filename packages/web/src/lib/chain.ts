// The one chain client of the dashboard: reads through the node's JSON-RPC endpoint, writes through
// either an injected EIP-1193 wallet (MetaMask & co.) or, on a local chain only, a demo account
// signing in this browser with a public anvil test key.
import {
  type Address,
  type Chain,
  createPublicClient,
  createWalletClient,
  custom,
  defineChain,
  type EIP1193Provider,
  http,
  numberToHex,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import type { Contracts } from "./api.ts";
import { devKeys, localChainId } from "./devKeys.ts";
import type { Deployment, DipnetClient, DipnetReadClient } from "./sdk.ts";

/** Who signs: a demo account (local chain only) or the injected wallet's selected account. */
export type Signer = { kind: "demo"; name: string; address: Address } | { kind: "wallet"; address: Address };

declare global {
  interface Window {
    ethereum?: EIP1193Provider;
  }
}

/** The injected EIP-1193 provider, if the browser has one. */
export function injectedProvider(): EIP1193Provider | undefined {
  return typeof window !== "undefined" ? window.ethereum : undefined;
}

/** Whether the deployment is on a local development chain (demo accounts allowed). */
export function isLocalChain(cfg: Pick<Contracts, "chainId">): boolean {
  return cfg.chainId === localChainId;
}

/** JSON-RPC endpoint for the browser: `/rpc` on the node's origin. */
function rpcUrl(): string {
  return new URL("/rpc", window.location.origin).href;
}

function chainOf(cfg: Contracts): Chain {
  const rpc = rpcUrl();
  return defineChain({
    id: cfg.chainId,
    name: isLocalChain(cfg) ? "DIPNET local chain" : `DIPNET chain ${cfg.chainId}`,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [rpc] } },
  });
}

function deploymentOf(cfg: Contracts): Deployment {
  return { chainId: cfg.chainId, deployBlock: cfg.deployBlock, contracts: cfg.contracts };
}

/** Read-only access through the node's JSON-RPC endpoint. */
export function createReadClient(cfg: Contracts): DipnetReadClient {
  const chain = chainOf(cfg);
  const publicClient = createPublicClient({
    chain,
    transport: http(rpcUrl(), { retryCount: 1 }),
    pollingInterval: 500,
  });
  return { chain, deployment: deploymentOf(cfg), publicClient };
}

/** A client that signs as `signer`; throws for demo accounts off a local chain. */
export function createSignerClient(cfg: Contracts, signer: Signer): DipnetClient {
  const chain = chainOf(cfg);
  const deployment = deploymentOf(cfg);
  if (signer.kind === "demo") {
    if (!isLocalChain(cfg)) throw new Error("demo accounts exist only on a local chain (chain id 31337)");
    const key = devKeys.find((k) => k.name === signer.name);
    if (!key) throw new Error(`unknown demo account ${signer.name}`);
    const account = privateKeyToAccount(key.privateKey);
    const transport = http(rpcUrl(), { retryCount: 1 });
    const publicClient = createPublicClient({ chain, transport, pollingInterval: 250 });
    const walletClient = createWalletClient({ chain, transport, account, pollingInterval: 250 });
    return { chain, deployment, publicClient, walletClient, account };
  }
  const provider = injectedProvider();
  if (!provider) throw new Error("no browser wallet found: install MetaMask or use a demo account");
  const transport = custom(provider);
  const publicClient = createPublicClient({ chain, transport, pollingInterval: 1000 });
  const walletClient = createWalletClient({ chain, transport, account: signer.address });
  return { chain, deployment, publicClient, walletClient, account: walletClient.account };
}

/** Asks the injected wallet for its account. */
export async function connectWallet(): Promise<Address> {
  const provider = injectedProvider();
  if (!provider) throw new Error("no browser wallet found: install MetaMask or use a demo account");
  const accounts = (await provider.request({ method: "eth_requestAccounts" })) as Address[];
  const first = accounts[0];
  if (!first) throw new Error("the wallet shared no account");
  return first;
}

/** Switches the injected wallet to the deployment's chain (adding it when the wallet does not know it). */
export async function ensureWalletChain(cfg: Contracts): Promise<void> {
  const provider = injectedProvider();
  if (!provider) return;
  const current = Number(await provider.request({ method: "eth_chainId" }));
  if (current === cfg.chainId) return;
  const chainId = numberToHex(cfg.chainId);
  try {
    await provider.request({ method: "wallet_switchEthereumChain", params: [{ chainId }] });
  } catch (error) {
    if ((error as { code?: number }).code !== 4902) throw error;
    await provider.request({
      method: "wallet_addEthereumChain",
      params: [
        {
          chainId,
          chainName: chainOf(cfg).name,
          nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
          rpcUrls: [rpcUrl()],
        },
      ],
    });
  }
}
