import { decodeJWT, type Signer } from "did-jwt";
import { createVerifiableCredentialJwt, type JwtCredentialPayload, verifyCredential as verifyVcJwt } from "did-jwt-vc";
import { type Account, type Address, getAddress, type Hex, hexToBytes, isHex, sha256 } from "viem";
import { AccountError, InvalidParameterError } from "../../errors/base.ts";
import { didRegistryAbi } from "../../generated/abis.ts";
import { base64UrlToBytes, bytesToBase64Url } from "../../internal/base64url.ts";
import type { DipnetClient, DipnetReadClient } from "../../types.ts";
import { identityContracts } from "./certifiers.ts";
import { addressOfDid, createDidResolver, delegateTypes, didOf } from "./did.ts";
import { type Certification, getCertification, listCertifications } from "./listCertifications.ts";

/** `credentialStatus.type` of DIPNET credentials: the status is an EAS attestation on chain. */
export const easCredentialStatusType = "EthereumAttestationServiceStatus";

/** `credentialStatus` of a DIPNET credential: where its on-chain attestation lives. */
export type EasCredentialStatus = {
  id: string;
  type: typeof easCredentialStatusType;
  chainId: number;
  eas: Address;
  uid: Hex;
};

/**
 * A did-jwt ES256K signer backed by a viem account: signs sha256(signing input) and returns the
 * 64-byte r‖s, base64url. The account must sign raw hashes (a local account), so keys never leave it.
 */
export function accountSigner(account: Account): Signer {
  const sign = account.sign;
  if (!sign) throw new AccountError(`account ${account.address} cannot sign raw hashes (use a local account)`);
  return async (data) => {
    const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
    const signature = await sign({ hash: sha256(bytes) });
    return bytesToBase64Url(hexToBytes(signature).subarray(0, 64));
  };
}

/** The W3C VC-JWT payload of a certification (subject, type, dates, and the EAS status). */
export function credentialPayload(certification: Certification, chainId: number, eas: Address): JwtCredentialPayload {
  const status: EasCredentialStatus = {
    id: `urn:eas:${chainId}:${certification.uid}`,
    type: easCredentialStatusType,
    chainId,
    eas: getAddress(eas),
    uid: certification.uid,
  };
  return {
    sub: didOf(certification.subject, chainId),
    nbf: Number(certification.issuedAt),
    exp: Number(certification.expiresAt),
    jti: status.id,
    vc: {
      "@context": ["https://www.w3.org/2018/credentials/v1"],
      type: ["VerifiableCredential", "DipnetCertification"],
      credentialSubject: {
        certification: {
          type: certification.type,
          standard: certification.standard,
          certificateNumber: certification.certificateNumber,
          scope: certification.scope,
          documentHash: certification.documentHash,
        },
      },
      credentialStatus: status,
    },
  };
}

/**
 * Exports one certification as a W3C VC-JWT (ES256K), issued by its certifier's `did:ethr` and
 * signed by the client's account: the certifier itself or one of its `veriKey` delegates.
 * @example const jwt = await exportCredential(certifier, { uid });
 */
export async function exportCredential(client: DipnetClient, p: { uid: Hex }): Promise<string> {
  const certification = await getCertification(client, p.uid);
  if (!certification) throw new InvalidParameterError("uid", `${p.uid} is not a DIPNET certification`);
  const signerAddress = client.account.address;
  if (getAddress(signerAddress) !== getAddress(certification.certifier)) {
    const delegated = await client.publicClient.readContract({
      address: identityContracts(client).didRegistry,
      abi: didRegistryAbi,
      functionName: "validDelegate",
      args: [certification.certifier, delegateTypes.veriKey, signerAddress],
    });
    if (!delegated) {
      throw new AccountError(
        `${signerAddress} cannot sign for certifier ${certification.certifier}: only the certifier or its veriKey delegate can`,
      );
    }
  }
  const { chainId } = client.deployment;
  const payload = credentialPayload(certification, chainId, identityContracts(client).eas);
  return createVerifiableCredentialJwt(payload, {
    did: didOf(certification.certifier, chainId),
    signer: accountSigner(client.account),
    alg: "ES256K",
  });
}

/** VC-JWTs of every certification of `subject` that the client's account issued (or signs for). */
export async function exportCredentials(
  client: DipnetClient,
  p: { subject: Address; issuer?: Address | undefined },
): Promise<{ uid: Hex; type: string; jwt: string }[]> {
  const issuer = getAddress(p.issuer ?? client.account.address);
  const certifications = await listCertifications(client, { subject: p.subject });
  const mine = certifications.filter((c) => getAddress(c.certifier) === issuer);
  const out: { uid: Hex; type: string; jwt: string }[] = [];
  for (const c of mine) out.push({ uid: c.uid, type: c.type, jwt: await exportCredential(client, { uid: c.uid }) });
  return out;
}

/** The check a credential failed, in the order they run. */
export type CredentialCheck = "format" | "signature" | "status" | "revocation" | "expiry" | "issuer";

/** What `verifyCredential` returns. */
export type VerifyCredentialReturnType =
  | { valid: true; issuer: string; subject: string; certification: Certification }
  | { valid: false; failedCheck: CredentialCheck; reason: string };

const fail = (failedCheck: CredentialCheck, reason: string): VerifyCredentialReturnType => ({
  valid: false,
  failedCheck,
  reason,
});

/** base64url segments must be canonical, so that no character of a JWT can change without notice. */
function canonicalSegments(jwt: string): boolean {
  const parts = jwt.split(".");
  return (
    parts.length === 3 &&
    parts.every((s) => {
      const bytes = s.length > 0 ? base64UrlToBytes(s) : undefined;
      return bytes !== undefined && bytesToBase64Url(bytes) === s;
    })
  );
}

/**
 * Verifies a DIPNET VC-JWT against the chain: format; signature (the issuer's `did:ethr`
 * resolved on our chain and registry); status (the EAS attestation exists on our schema and
 * says what the credential says); revocation; expiry (chain time); issuer authority (the issuer
 * is the attester and still admitted as when it issued: `isValidAttestation`).
 * Never throws for a bad credential: it returns the first check that failed.
 */
export async function verifyCredential(client: DipnetReadClient, jwt: string): Promise<VerifyCredentialReturnType> {
  const token = jwt.trim();
  let payload: JwtCredentialPayload;
  try {
    if (!canonicalSegments(token)) return fail("format", "not a compact JWT (three canonical base64url parts)");
    payload = decodeJWT(token).payload as JwtCredentialPayload;
  } catch (error) {
    return fail("format", `not a JWT: ${(error as Error).message}`);
  }
  try {
    // Dates are checked below against chain time and the attestation, not against this machine's clock.
    await verifyVcJwt(token, createDidResolver(client), { policies: { issuanceDate: false, expirationDate: false } });
  } catch (error) {
    return fail("signature", (error as Error).message);
  }
  const status = payload.vc?.credentialStatus as Partial<EasCredentialStatus> | undefined;
  const { eas } = identityContracts(client);
  if (!status || status.type !== easCredentialStatusType || typeof status.uid !== "string" || !isHex(status.uid)) {
    return fail("status", "the credential has no EAS credentialStatus");
  }
  if (status.chainId !== client.deployment.chainId || !status.eas || getAddress(status.eas) !== getAddress(eas)) {
    return fail("status", `the attestation is on chain ${status.chainId} at ${status.eas}, not on this network's EAS`);
  }
  const certification = await getCertification(client, status.uid as Hex);
  if (!certification || certification.issuedAt === 0n) {
    return fail("status", `no DIPNET certification ${status.uid} on chain`);
  }
  const claimed = (payload.vc.credentialSubject as { certification?: { type?: string } }).certification;
  if (
    addressOfDid(String(payload.sub)) !== getAddress(certification.subject) ||
    claimed?.type !== certification.type ||
    payload.exp !== Number(certification.expiresAt)
  ) {
    return fail("status", "the credential does not match its on-chain attestation");
  }
  if (certification.revokedAt !== 0n) {
    return fail("revocation", `certification ${certification.uid} was revoked at ${certification.revokedAt}`);
  }
  const now = (await client.publicClient.getBlock()).timestamp;
  if (certification.expiresAt <= now) {
    return fail("expiry", `certification ${certification.uid} expired at ${certification.expiresAt}`);
  }
  if (addressOfDid(String(payload.iss)) !== getAddress(certification.certifier)) {
    return fail(
      "issuer",
      `${payload.iss} did not issue attestation ${certification.uid} (${certification.certifier} did)`,
    );
  }
  if (!certification.valid) {
    return fail("issuer", `${certification.certifier} is no longer an admitted certifier for this certification`);
  }
  return { valid: true, issuer: String(payload.iss), subject: String(payload.sub), certification };
}
