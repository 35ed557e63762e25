// Granting a vault file: the key wrapped into an envelope for the grantee, then the grant on chain.
// The file key comes from the file's header (read through the node) with the granter's own keys,
// or, for a maker passing on a file it was granted, from its own envelope.
import type { Address, Hex } from "viem";
import { InvalidParameterError, VaultKeyMismatchError } from "../../errors/base.ts";
import { toDipnetError } from "../../errors/normalize.ts";
import { confidentialAccessAbi } from "../../generated/abis.ts";
import { errorContext } from "../../internal/write.ts";
import type { DipnetClient, WriteResult } from "../../types.ts";
import { putKeyEnvelope, readFileKey } from "../../vault/envelopes.ts";
import { grantedFileKey } from "../../vault/files.ts";
import { isEncryptionPublicKey, type VaultKeyPair } from "../../vault/keys.ts";
import { getOrder } from "../reads/getOrder.ts";
import { participant } from "../reads/participant.ts";
import { getPackage, hasAcceptedNda, listGrants } from "./access.ts";
import { grantAccess } from "./grantAccess.ts";
import { checkAccount, checkText, confidentialAccessAddress, maxCidBytes } from "./registry.ts";

/** Parameters of `grantFile`. */
export type GrantFileParameters = {
  /** The node's API, through which the file's header is read and the envelope stored. */
  nodeUrl: string;
  orderId: bigint;
  /** The vault file granted (e.g. the order's package CID). */
  fileCid: string;
  grantee: Address;
  /** The signer's key pairs (every version): they open the file's header or the signer's own envelope. */
  keys: readonly VaultKeyPair[];
};
/** The grant transaction, the grant's id and the envelope's CID. */
export type GrantFileReturnType = WriteResult & { grantId: bigint; envelopeCid: string };

/**
 * Gives `grantee` the key of a vault file of an order: wraps the file key to the grantee's current
 * registered encryption key in a key envelope stored through the node, then records the grant
 * (`grantAccess`, whose rules say who may grant to whom). Fails before anything is stored with
 * `InvalidParameterError` ("grantee") when the grantee has no encryption key registered, and with
 * the contract's error (e.g. `AccessNdaNotAccepted`) when the grant would be refused.
 * @example const { grantId, envelopeCid } = await grantFile(client, { nodeUrl, orderId, fileCid, grantee, keys });
 */
export async function grantFile(client: DipnetClient, p: GrantFileParameters): Promise<GrantFileReturnType> {
  const grantee = checkAccount("grantee", p.grantee);
  if (p.keys.length === 0) throw new InvalidParameterError("keys", "give at least one key pair");
  const { encryptionKey } = await participant(client, { account: grantee });
  if (!isEncryptionPublicKey(encryptionKey))
    throw new InvalidParameterError(
      "grantee",
      `${grantee} has no encryption key registered: it must register one (dipnet key setup) before it can be granted files`,
    );
  // The contract's rules first, with a placeholder envelope: a refused grant stores nothing.
  try {
    await client.publicClient.simulateContract({
      address: confidentialAccessAddress(client),
      abi: confidentialAccessAbi,
      functionName: "grant",
      args: [p.orderId, grantee, checkText("fileCid", p.fileCid, maxCidBytes), "pending"],
      account: client.account,
    });
  } catch (error) {
    throw toDipnetError(error, await errorContext(client, { action: "grantAccess", orderId: p.orderId }));
  }
  const fileKey = await readFileKey({ nodeUrl: p.nodeUrl, cid: p.fileCid, keys: p.keys }).catch((error) => {
    if (!(error instanceof VaultKeyMismatchError)) throw error;
    return grantedFileKey({ nodeUrl: p.nodeUrl, cid: p.fileCid, grantee: client.account.address, keys: p.keys });
  });
  const { cid: envelopeCid } = await putKeyEnvelope({
    nodeUrl: p.nodeUrl,
    fileCid: p.fileCid,
    fileKey,
    recipient: encryptionKey.toLowerCase() as Hex,
  });
  const result = await grantAccess(client, {
    orderId: p.orderId,
    grantee,
    fileCid: p.fileCid,
    keyEnvelopeCid: envelopeCid,
  });
  return { ...result, envelopeCid };
}

/** Parameters of `grantPackageToAwardedMaker`. */
export type GrantPackageToAwardedMakerParameters = Omit<GrantFileParameters, "fileCid" | "grantee">;
/** The grant made, or why none was needed. */
export type GrantPackageToAwardedMakerReturnType =
  | (GrantFileReturnType & { status: "granted"; maker: Address; fileCid: string })
  | { status: "none"; reason: string };

/**
 * At award the awarded maker — and only it — receives the key of the order's current package: the
 * customer's client calls this right after `award`. Nothing is done when the order has no package
 * or the maker already holds a standing grant of it.
 * @example const r = await grantPackageToAwardedMaker(client, { nodeUrl, orderId, keys });
 */
export async function grantPackageToAwardedMaker(
  client: DipnetClient,
  p: GrantPackageToAwardedMakerParameters,
): Promise<GrantPackageToAwardedMakerReturnType> {
  const [order, pkg] = await Promise.all([getOrder(client, p), getPackage(client, p)]);
  if (!pkg) return { status: "none", reason: `order ${p.orderId} has no confidential package` };
  if (order.status === "Open" || order.status === "Cancelled" || order.status === "Defaulted")
    return { status: "none", reason: `order ${p.orderId} is ${order.status}, not awarded` };
  const grants = await listGrants(client, p);
  const held = grants.some(
    (g) => g.revokedAt === 0 && g.grantee.toLowerCase() === order.maker.toLowerCase() && g.fileCid === pkg.packageCid,
  );
  if (held) return { status: "none", reason: `${order.maker} already holds ${pkg.packageCid}` };
  const r = await grantFile(client, { ...p, fileCid: pkg.packageCid, grantee: order.maker });
  return { ...r, status: "granted", maker: order.maker, fileCid: pkg.packageCid };
}

/** Parameters of `grantPackageUpdate`. */
export type GrantPackageUpdateParameters = GrantPackageToAwardedMakerParameters;
/** The grants made for the new version, and the grantees left out with the reason. */
export type GrantPackageUpdateReturnType = {
  fileCid: string;
  granted: (GrantFileReturnType & { grantee: Address })[];
  skipped: { grantee: Address; reason: string }[];
};

/**
 * After `setPackage` published a new version, grants it to every account the signer granted an
 * earlier file of the order to and whose grant still stands; revoked grantees get no envelope for a
 * new version (what revoking means), nor do grantees that have not accepted the current NDA.
 * @example const { granted, skipped } = await grantPackageUpdate(client, { nodeUrl, orderId, keys });
 */
export async function grantPackageUpdate(
  client: DipnetClient,
  p: GrantPackageUpdateParameters,
): Promise<GrantPackageUpdateReturnType> {
  const pkg = await getPackage(client, p);
  if (!pkg) throw new InvalidParameterError("orderId", `order ${p.orderId} has no confidential package`);
  const me = client.account.address.toLowerCase();
  const byGrantee = new Map<string, { address: Address; standing: boolean; holdsCurrent: boolean }>();
  for (const g of await listGrants(client, p)) {
    if (g.grantor.toLowerCase() !== me) continue;
    const entry = byGrantee.get(g.grantee.toLowerCase()) ?? {
      address: g.grantee,
      standing: false,
      holdsCurrent: false,
    };
    if (g.revokedAt === 0) {
      entry.standing = true;
      if (g.fileCid === pkg.packageCid) entry.holdsCurrent = true;
    }
    byGrantee.set(g.grantee.toLowerCase(), entry);
  }
  const result: GrantPackageUpdateReturnType = { fileCid: pkg.packageCid, granted: [], skipped: [] };
  for (const entry of byGrantee.values()) {
    if (entry.holdsCurrent) continue;
    if (!entry.standing) {
      result.skipped.push({ grantee: entry.address, reason: "every grant to it was revoked" });
      continue;
    }
    if (!(await hasAcceptedNda(client, { orderId: p.orderId, account: entry.address }))) {
      result.skipped.push({ grantee: entry.address, reason: "it has not accepted the current NDA" });
      continue;
    }
    const r = await grantFile(client, { ...p, fileCid: pkg.packageCid, grantee: entry.address });
    result.granted.push({ ...r, grantee: entry.address });
  }
  return result;
}
