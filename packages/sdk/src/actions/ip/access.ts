import type { Address, Hex } from "viem";
import { decodeContractError } from "../../errors/decode.ts";
import { toDipnetError } from "../../errors/normalize.ts";
import { confidentialAccessAbi } from "../../generated/abis.ts";
import type { DipnetReadClient } from "../../types.ts";
import { confidentialAccessAddress, reading } from "./registry.ts";

/** An order's confidential package. */
export type PackageInfo = {
  ndaHash: Hex;
  version: number;
  /** Unix seconds of the last `setPackage`. */
  setAt: number;
  packageCid: string;
  previewCid: string;
};

/** A recorded grant; `revokedAt` is 0 while it stands. */
export type GrantInfo = {
  grantId: bigint;
  orderId: bigint;
  grantor: Address;
  grantee: Address;
  grantedAt: number;
  revokedAt: number;
  fileCid: string;
  keyEnvelopeCid: string;
};

/** Parameters of `getPackage` and `listGrants`. */
export type OrderAccessParameters = { orderId: bigint };

/**
 * The confidential package of an order; `undefined` when it has none.
 * @example const pkg = await getPackage(client, { orderId: 7n });
 */
export async function getPackage(
  client: DipnetReadClient,
  { orderId }: OrderAccessParameters,
): Promise<PackageInfo | undefined> {
  try {
    const p = await client.publicClient.readContract({
      address: confidentialAccessAddress(client),
      abi: confidentialAccessAbi,
      functionName: "packageOf",
      args: [orderId],
    });
    return { ...p };
  } catch (error) {
    // AccessNoPackage is the one expected revert; anything else is a real failure.
    if (decodeContractError(error)?.name === "AccessNoPackage") return undefined;
    throw toDipnetError(error, { action: "getPackage" });
  }
}

/** Parameters of `hasAcceptedNda`. */
export type HasAcceptedNdaParameters = { orderId: bigint; account: Address };

/** Whether `account` accepted the current NDA of the order's package. */
export async function hasAcceptedNda(client: DipnetReadClient, p: HasAcceptedNdaParameters): Promise<boolean> {
  return client.publicClient.readContract({
    address: confidentialAccessAddress(client),
    abi: confidentialAccessAbi,
    functionName: "hasAcceptedNda",
    args: [p.orderId, p.account],
  });
}

/** Parameters of `getGrant`. */
export type GetGrantParameters = { grantId: bigint };

/** A grant; reverts with `AccessUnknownGrant` for an unknown id. */
export async function getGrant(client: DipnetReadClient, { grantId }: GetGrantParameters): Promise<GrantInfo> {
  const g = await reading("getGrant", () =>
    client.publicClient.readContract({
      address: confidentialAccessAddress(client),
      abi: confidentialAccessAbi,
      functionName: "getGrant",
      args: [grantId],
    }),
  );
  return { grantId, ...g };
}

/**
 * Every grant of an order, oldest first, revoked ones included.
 * @example const standing = (await listGrants(client, { orderId: 7n })).filter((g) => g.revokedAt === 0);
 */
export async function listGrants(client: DipnetReadClient, { orderId }: OrderAccessParameters): Promise<GrantInfo[]> {
  const ids = await client.publicClient.readContract({
    address: confidentialAccessAddress(client),
    abi: confidentialAccessAbi,
    functionName: "grantsOf",
    args: [orderId],
  });
  return Promise.all(ids.map((grantId) => getGrant(client, { grantId })));
}
