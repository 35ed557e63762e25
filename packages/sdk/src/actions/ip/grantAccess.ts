import type { Address } from "viem";
import { confidentialAccessAbi } from "../../generated/abis.ts";
import { eventOf } from "../../internal/write.ts";
import type { DipnetClient, WriteResult } from "../../types.ts";
import {
  checkAccount,
  checkText,
  confidentialAccessAddress,
  maxCidBytes,
  writeConfidentialAccess,
} from "./registry.ts";

/** Parameters of `grantAccess`. */
export type GrantAccessParameters = {
  orderId: bigint;
  grantee: Address;
  /** IPFS CID of the file version granted. */
  fileCid: string;
  /** IPFS CID of the key envelope: the file key wrapped to the grantee's registered X25519 key. */
  keyEnvelopeCid: string;
};
/** The transaction and the grant's id. */
export type GrantAccessReturnType = WriteResult & { grantId: bigint };

/**
 * Records that the signer gave `grantee` the key of a file of the order: before award the customer
 * to accounts that accepted the NDA, after award the customer to the awarded maker and the maker to
 * its sub-tiers.
 * @example const { grantId } = await grantAccess(client, { orderId: 7n, grantee: maker, fileCid, keyEnvelopeCid });
 */
export async function grantAccess(client: DipnetClient, p: GrantAccessParameters): Promise<GrantAccessReturnType> {
  const args = [
    p.orderId,
    checkAccount("grantee", p.grantee),
    checkText("fileCid", p.fileCid, maxCidBytes),
    checkText("keyEnvelopeCid", p.keyEnvelopeCid, maxCidBytes),
  ] as const;
  const result = await writeConfidentialAccess(client, "grant", args, { action: "grantAccess", orderId: p.orderId });
  const event = eventOf(result.receipt, confidentialAccessAbi, confidentialAccessAddress(client), "AccessGranted");
  return { ...result, grantId: event.args.grantId };
}
