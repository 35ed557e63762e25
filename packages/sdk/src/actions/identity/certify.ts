import { type Address, encodeAbiParameters, type Hex, parseAbiParameters, zeroHash } from "viem";
import { InvalidParameterError } from "../../errors/base.ts";
import { certifierRegistryAbi, easAbi } from "../../generated/abis.ts";
import { contractWriter, eventOf } from "../../internal/write.ts";
import type { DipnetClient, DipnetReadClient, WriteResult } from "../../types.ts";
import { certificationTypeId, identityContracts } from "./certifiers.ts";

/** Writes to EAS, where certifications are attestations. */
const writeEas = contractWriter(easAbi, (client) => identityContracts(client).eas);

/** ABI of the certification schema's data (`CertificationSchemas.CERTIFICATION`). */
export const certificationSchemaParameters = parseAbiParameters(
  "bytes32 certificationType,string standard,string certificateNumber,string scope,bytes32 documentHash",
);

/** Parameters of `certify`. */
export type CertifyParameters = {
  subject: Address;
  /** e.g. `"ISO 9001"`. */
  type: string;
  /** Unix seconds; required (a certification must expire). */
  expiresAt: bigint | number;
  /** Standard edition. Default: `type`. */
  standard?: string | undefined;
  /** Default: `""`. */
  certificateNumber?: string | undefined;
  /** Default: `""`. */
  scope?: string | undefined;
  /** Hash of the certificate document. Default: zero. */
  documentHash?: Hex | undefined;
};
/** What `certify` returns. */
export type CertifyReturnType = WriteResult & { uid: Hex };

const schemaCache = new WeakMap<object, Hex>();

/** The EAS schema UID of DIPNET certifications (read once per deployment object). */
export async function certificationSchemaUid(client: DipnetReadClient): Promise<Hex> {
  const cached = schemaCache.get(client.deployment);
  if (cached) return cached;
  const uid = await client.publicClient.readContract({
    address: identityContracts(client).certifierRegistry,
    abi: certifierRegistryAbi,
    functionName: "certificationSchema",
  });
  schemaCache.set(client.deployment, uid);
  return uid;
}

/**
 * Certifies `subject` with an EAS attestation on DIPNET's certification schema. Only a certifier
 * admitted by governance succeeds (`CertifierNotAdmitted` otherwise).
 * @example const { uid } = await certify(certifier, { subject, type: "ISO 9001", expiresAt: now + 365n * 86400n });
 */
export async function certify(client: DipnetClient, p: CertifyParameters): Promise<CertifyReturnType> {
  const expiresAt = BigInt(p.expiresAt);
  if (expiresAt <= 0n) throw new InvalidParameterError("expiresAt", "a certification must expire (unix seconds)");
  const data = encodeAbiParameters(certificationSchemaParameters, [
    certificationTypeId(p.type),
    p.standard ?? p.type,
    p.certificateNumber ?? "",
    p.scope ?? "",
    p.documentHash ?? zeroHash,
  ]);
  const { eas } = identityContracts(client);
  const schema = await certificationSchemaUid(client);
  const result = await writeEas(
    client,
    "attest",
    [
      {
        schema,
        data: { recipient: p.subject, expirationTime: expiresAt, revocable: true, refUID: zeroHash, data, value: 0n },
      },
    ],
    { action: "certify" },
  );
  const log = eventOf(result.receipt, easAbi, eas, "Attested");
  return { ...result, uid: log.args.uid };
}

/** Revokes a certification. Only its attester may (EAS), even after removal. */
export async function revokeCertification(client: DipnetClient, p: { uid: Hex }): Promise<WriteResult> {
  const schema = await certificationSchemaUid(client);
  return writeEas(client, "revoke", [{ schema, data: { uid: p.uid, value: 0n } }], { action: "revokeCertification" });
}
