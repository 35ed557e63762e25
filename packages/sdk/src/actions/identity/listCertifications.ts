import { type Address, decodeAbiParameters, type Hex } from "viem";
import { certifierRegistryAbi, easAbi } from "../../generated/abis.ts";
import type { DipnetReadClient } from "../../types.ts";
import { certificationTypeName, identityContracts } from "./certifiers.ts";
import { certificationSchemaParameters, certificationSchemaUid } from "./certify.ts";

/** One certification of a subject, as EAS and the certifier registry see it now. */
export type Certification = {
  uid: Hex;
  subject: Address;
  certifier: Address;
  /** e.g. `"ISO 9001"`. */
  type: string;
  standard: string;
  certificateNumber: string;
  scope: string;
  documentHash: Hex;
  /** Unix seconds. */
  issuedAt: bigint;
  expiresAt: bigint;
  /** Unix seconds; 0 when not revoked. */
  revokedAt: bigint;
  /** Unexpired, unrevoked, and its certifier still admitted as when it issued (`isValidAttestation`). */
  valid: boolean;
};

/** Reads one certification by attestation UID; `undefined` when it is not a DIPNET certification. */
export async function getCertification(client: DipnetReadClient, uid: Hex): Promise<Certification | undefined> {
  const { eas, certifierRegistry } = identityContracts(client);
  const schema = await certificationSchemaUid(client);
  const [a, valid] = await Promise.all([
    client.publicClient.readContract({ address: eas, abi: easAbi, functionName: "getAttestation", args: [uid] }),
    client.publicClient.readContract({
      address: certifierRegistry,
      abi: certifierRegistryAbi,
      functionName: "isValidAttestation",
      args: [uid],
    }),
  ]);
  if (a.schema !== schema) return undefined;
  const [typeId, standard, certificateNumber, scope, documentHash] = decodeAbiParameters(
    certificationSchemaParameters,
    a.data,
  );
  return {
    uid,
    subject: a.recipient,
    certifier: a.attester,
    type: certificationTypeName(typeId),
    standard,
    certificateNumber,
    scope,
    documentHash,
    issuedAt: a.time,
    expiresAt: a.expirationTime,
    revokedAt: a.revocationTime,
    valid,
  };
}

/**
 * The DIPNET certifications issued to `subject` (from EAS `Attested` logs on our schema), oldest
 * first, with their current state (revoked, expired or valid) read from the chain: every one, or
 * the newest `limit` (each costs a chain read, and anyone can attest to anyone for gas).
 */
export async function listCertifications(
  client: DipnetReadClient,
  p: {
    subject: Address;
    fromBlock?: bigint | undefined;
    /** Read only the newest this many. Default: all. */
    limit?: number | undefined;
  },
): Promise<Certification[]> {
  const { eas } = identityContracts(client);
  const schemaUID = await certificationSchemaUid(client);
  const logs = await client.publicClient.getContractEvents({
    address: eas,
    abi: easAbi,
    eventName: "Attested",
    args: { recipient: p.subject, schemaUID },
    fromBlock: p.fromBlock ?? BigInt(client.deployment.deployBlock),
    toBlock: "latest",
    strict: true,
  });
  const read = p.limit === undefined ? logs : logs.slice(Math.max(0, logs.length - p.limit));
  const all = await Promise.all(read.map((log) => getCertification(client, log.args.uid)));
  return all.filter((c): c is Certification => c !== undefined);
}
