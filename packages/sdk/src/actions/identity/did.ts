import { type DIDResolutionResult, type Resolvable, Resolver, type ResolverRegistry } from "did-resolver";
import { getResolver } from "ethr-did-resolver";
import { type Address, getAddress, type Hex, isAddress, stringToHex } from "viem";
import { InvalidParameterError } from "../../errors/base.ts";
import { didRegistryAbi } from "../../generated/abis.ts";
import { contractWriter } from "../../internal/write.ts";
import type { DipnetClient, DipnetReadClient, WriteResult } from "../../types.ts";
import { identityContracts } from "./certifiers.ts";

/** Writes to the DID registry (ERC-1056). */
const writeDidRegistry = contractWriter(didRegistryAbi, (client) => identityContracts(client).didRegistry);

/** The `did:ethr` of an address on a chain: `did:ethr:0x<chainId hex>:<address>`. */
export function didOf(address: Address, chainId: number): string {
  return `did:ethr:0x${chainId.toString(16)}:${getAddress(address)}`;
}

/** The address a `did:ethr` names (any network part), or `undefined` when it is not one. */
export function addressOfDid(did: string): Address | undefined {
  const match = /^did:ethr:(?:[a-zA-Z0-9:]+:)?(0x[0-9a-fA-F]{40})(?:[#?/].*)?$/.exec(did);
  return match?.[1] && isAddress(match[1]) ? getAddress(match[1]) : undefined;
}

/** The RPC URL a client talks to (the chain's default HTTP URL). */
function rpcUrlOf(client: DipnetReadClient): string {
  const url = client.chain.rpcUrls.default.http[0];
  if (!url) throw new InvalidParameterError("client", "its chain has no RPC URL");
  return url;
}

/**
 * A DID resolver for `did:ethr` on this deployment's chain and ERC-1056 registry. Uncached, and
 * every resolution is at the latest block and judged by that block's time (not the wall clock), so
 * delegate expiry, revocation and key rotation show as the chain sees them.
 */
export function createDidResolver(client: DipnetReadClient): Resolvable {
  const { didRegistry } = identityContracts(client);
  const { chainId } = client.deployment;
  const ethr = getResolver({
    networks: [{ name: `dipnet-${chainId}`, chainId, rpcUrl: rpcUrlOf(client), registry: didRegistry }],
  });
  // ethr-did-resolver is typed against did-resolver 5, did-jwt against 4.1: the resolver API is the same.
  const inner = new Resolver(ethr as unknown as ResolverRegistry, { cache: false });
  return {
    // A numeric blockTag makes ethr-did-resolver take "now" from that block instead of Date.now().
    resolve: async (didUrl, options = {}) =>
      inner.resolve(didUrl, {
        ...options,
        blockTag: Number(await client.publicClient.getBlockNumber({ cacheTime: 0 })),
      }),
  };
}

/** Resolves a `did:ethr` (or an address, taken on this chain) to its DID document. */
export async function resolveDid(client: DipnetReadClient, didOrAddress: string): Promise<DIDResolutionResult> {
  const did = isAddress(didOrAddress) ? didOf(didOrAddress, client.deployment.chainId) : didOrAddress;
  return createDidResolver(client).resolve(did);
}

/** Delegate types of ERC-1056: `veriKey` signs (assertions), `sigAuth` also authenticates. */
export const delegateTypes = {
  veriKey: stringToHex("veriKey", { size: 32 }),
  sigAuth: stringToHex("sigAuth", { size: 32 }),
} as const;
/** Name of a delegate type. */
export type DelegateTypeName = keyof typeof delegateTypes;

/** Parameters of `addDelegate`. */
export type AddDelegateParameters = {
  delegate: Address;
  /** Seconds from now the delegate stays valid. */
  validity: bigint | number;
  /** Default: `"veriKey"`. */
  type?: DelegateTypeName | undefined;
  /** Identity to act on. Default: the client's account (it must be the identity's current owner). */
  identity?: Address | undefined;
};

function delegateTypeOf(type: DelegateTypeName | undefined): Hex {
  const t = type ?? "veriKey";
  if (!(t in delegateTypes)) throw new InvalidParameterError("type", `unknown delegate type "${t}"`);
  return delegateTypes[t];
}

/** Adds a delegate key to a DID for `validity` seconds. Only the identity's owner may. */
export async function addDelegate(client: DipnetClient, p: AddDelegateParameters): Promise<WriteResult> {
  const validity = BigInt(p.validity);
  if (validity <= 0n) throw new InvalidParameterError("validity", "must be a positive number of seconds");
  return writeDidRegistry(client, "addDelegate", [
    p.identity ?? client.account.address,
    delegateTypeOf(p.type),
    p.delegate,
    validity,
  ]);
}

/** Revokes a delegate key of a DID at once. Only the identity's owner may. */
export async function revokeDelegate(
  client: DipnetClient,
  p: { delegate: Address; type?: DelegateTypeName | undefined; identity?: Address | undefined },
): Promise<WriteResult> {
  return writeDidRegistry(client, "revokeDelegate", [
    p.identity ?? client.account.address,
    delegateTypeOf(p.type),
    p.delegate,
  ]);
}

/** Rotates a DID's controlling key: `newOwner` controls it from now on, the old key no longer does. */
export async function changeDidOwner(
  client: DipnetClient,
  p: { newOwner: Address; identity?: Address | undefined },
): Promise<WriteResult> {
  return writeDidRegistry(client, "changeOwner", [p.identity ?? client.account.address, p.newOwner], {
    action: "changeDidOwner",
  });
}

/** The current owner (controlling key) of an identity. */
export async function didOwner(client: DipnetReadClient, identity: Address): Promise<Address> {
  return client.publicClient.readContract({
    address: identityContracts(client).didRegistry,
    abi: didRegistryAbi,
    functionName: "identityOwner",
    args: [identity],
  });
}
