// A participant's certifications, read from the chain (EAS attestations on the DIPNET schema and
// the certifier registry's verdict) through the SDK — the same reads `dipnet cred export` makes.
// The node does not index EAS: certifications are few per subject and their validity changes with
// time and governance, so each request asks the chain.
import { type Certification, type DipnetReadClient, didOf, listCertifications } from "@dipnet/sdk";
import { type Address, getAddress } from "viem";
import { ApiError } from "../../core/http/errors.ts";
import type { Api, View } from "../../core/http/schemas.ts";

const certificationSchema = {
  type: "object",
  properties: {
    uid: { type: "string", description: "EAS attestation UID" },
    type: { type: "string", description: 'e.g. "ISO 9001"' },
    standard: { type: "string" },
    certificateNumber: { type: "string" },
    scope: { type: "string" },
    documentHash: { type: "string" },
    issuer: { type: "string", description: "the certifier's address" },
    issuerDid: { type: "string" },
    issuedAt: { type: "integer", description: "unix seconds" },
    expiresAt: { type: "integer", description: "unix seconds" },
    revokedAt: { anyOf: [{ type: "integer" }, { type: "null" }] },
    valid: { type: "boolean", description: "unexpired, unrevoked, issuer still admitted (CertifierRegistry)" },
    status: { type: "string", enum: ["valid", "expired", "revoked", "issuer-not-admitted"] },
  },
} as const;

function certificationView(c: Certification, chainId: number, chainTime: number): View<typeof certificationSchema> {
  return {
    uid: c.uid,
    type: c.type,
    standard: c.standard,
    certificateNumber: c.certificateNumber,
    scope: c.scope,
    documentHash: c.documentHash,
    issuer: c.certifier,
    issuerDid: didOf(c.certifier, chainId),
    issuedAt: Number(c.issuedAt),
    expiresAt: Number(c.expiresAt),
    revokedAt: c.revokedAt > 0n ? Number(c.revokedAt) : null,
    valid: c.valid,
    status: c.valid
      ? "valid"
      : c.revokedAt > 0n
        ? "revoked"
        : Number(c.expiresAt) <= chainTime
          ? "expired"
          : "issuer-not-admitted",
  };
}

/** Certifications one answer reads from the chain at most (the newest): anyone can attest to anyone for gas. */
const MAX_CERTIFICATIONS = 100;

/** Registers `GET /api/participants/:address/certifications`; answers 503 without a chain client. */
export function registerCertificationRoutes(app: Api, chain: DipnetReadClient | undefined): void {
  app.get(
    "/api/participants/:address/certifications",
    {
      schema: {
        summary: "Certifications issued to an account (EAS), each with issuer, expiry and current validity",
        tags: ["participants", "identity"],
        params: {
          type: "object",
          required: ["address"],
          properties: { address: { type: "string", pattern: "^0x[0-9a-fA-F]{40}$" } },
        },
        response: {
          200: {
            type: "object",
            properties: {
              items: { type: "array", items: certificationSchema },
              chainTime: { type: "integer", description: "the latest block's time, which expiry is judged by" },
              truncated: {
                type: "boolean",
                description: `True when the account has more than the ${MAX_CERTIFICATIONS} newest certifications listed`,
              },
              next: { type: "null" },
            },
          },
          400: { $ref: "Error#" },
          503: { $ref: "Error#" },
        },
      },
    },
    async (request) => {
      if (!chain?.deployment.contracts.eas) {
        throw new ApiError(503, "this node has no chain client or its deployment has no identity contracts");
      }
      const subject = getAddress(request.params.address) as Address;
      const [certifications, block] = await Promise.all([
        listCertifications(chain, { subject, limit: MAX_CERTIFICATIONS + 1 }),
        chain.publicClient.getBlock({ blockTag: "latest" }),
      ]);
      const chainTime = Number(block.timestamp);
      return {
        items: certifications
          .reverse()
          .slice(0, MAX_CERTIFICATIONS)
          .map((c) => certificationView(c, chain.deployment.chainId, chainTime)),
        chainTime,
        truncated: certifications.length > MAX_CERTIFICATIONS,
        next: null,
      };
    },
  );
}
