// The one chain client of the dashboard: reads through the node's JSON-RPC endpoint, writes through
// either a browser wallet (wallet.ts connects it) or, on a local chain only, a demo account signing
// in this browser with a public anvil test key.
import {
  type Address,
  type Chain,
  createPublicClient,
  createWalletClient,
  custom,
  defineChain,
  type EIP1193Provider,
  http,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import type { Contracts } from "./api.ts";
import { devKeys, localChainId } from "./devKeys.ts";
import type { Deployment, DipnetClient, DipnetReadClient } from "./sdk.ts";

/** A wallet the browser offers; `id` is its EIP-6963 rdns, or `injected` for plain window.ethereum. */
export type BrowserWallet = { id: string; name: string; provider: EIP1193Provider };
/** A demo account (local chain only), as this tab remembers it. */
export type DemoSigner = { kind: "demo"; name: string; address: Address };
/** Who signs: a demo account or the selected account of a connected browser wallet. */
export type Signer = DemoSigner | { kind: "wallet"; wallet: BrowserWallet; address: Address };

/** Whether the deployment is on a local development chain (demo accounts allowed). */
export function isLocalChain(cfg: Pick<Contracts, "chainId">): boolean {
  return cfg.chainId === localChainId;
}

/** JSON-RPC endpoint for the browser: `/rpc` on the node's origin. */
export function rpcUrl(): string {
  return new URL("/rpc", window.location.origin).href;
}

/** The deployment's chain, its RPC the one this page reads through. */
export function chainOf(cfg: Contracts): Chain {
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
  const transport = custom(signer.wallet.provider);
  const publicClient = createPublicClient({ chain, transport, pollingInterval: 1000 });
  const walletClient = createWalletClient({ chain, transport, account: signer.address });
  return { chain, deployment, publicClient, walletClient, account: walletClient.account };
}
