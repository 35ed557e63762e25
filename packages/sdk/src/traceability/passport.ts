// Digital product passports: a UNTP-style DigitalProductPassport as a W3C VC-JWT (ES256K), issued by
// the manufacturer's did:ethr with the SDK's credential machinery. It names the part (its EPC URI),
// its maker, materials, and — by hash — the certifications (VC-JWTs), production evidence documents
// and EPCIS traceability events behind it. A passport travels as a bundle with those linked items, so
// `verifyPassport` can check every link against the chain alone: the JWT's signature, every event's
// hash recorded on the evidence registry for the part (or a shipment it was packed into), every
// evidence document's cited readings anchored, every certification valid. Any altered link fails.
import { decodeJWT } from "did-jwt";
import { createVerifiableCredentialJwt, type JwtCredentialPayload, verifyCredential as verifyVcJwt } from "did-jwt-vc";
import { type Address, getAddress, type Hex, keccak256, stringToBytes } from "viem";
import { checkProductionEvidence, documentHashOf } from "../actions/evidence/production.ts";
import { evidenceRegistryAddress } from "../actions/evidence/registry.ts";
import { getTrace, itemIdOf } from "../actions/evidence/traces.ts";
import { accountSigner, verifyCredential } from "../actions/identity/credentials.ts";
import { addressOfDid, createDidResolver, didOf } from "../actions/identity/did.ts";
import type { DipnetClient, DipnetReadClient } from "../types.ts";
import { type EpcisEvent, epcisEventHash, validateEpcisEvent } from "./epcis.ts";

/** A passport with the items it links, as issued. */
export type PassportBundle = {
  format: "dipnet-passport/v1";
  /** The passport VC-JWT. */
  passport: string;
  links: { events: EpcisEvent[]; evidence: unknown[]; certifications: string[] };
};

/** A material the part is made of. */
export type PassportMaterial = { name: string; epcClass?: string | undefined; massFraction?: number | undefined };

/** Parameters of `issuePassport`. */
export type IssuePassportParameters = {
  /** The part's EPC URI. */
  part: string;
  /** The order the part was made for: its traces are recorded on chain under it. */
  orderId: number;
  name: string;
  materials: readonly PassportMaterial[];
  /** EPCIS events of the part (recorded on chain with `recordTrace`). */
  events: readonly EpcisEvent[];
  /** Production evidence documents. Default: none. */
  evidence?: readonly unknown[] | undefined;
  /** Certification VC-JWTs of the maker (`exportCredential`). Default: none. */
  certifications?: readonly string[] | undefined;
  /** Unix seconds. Default: now. */
  issuedAt?: number | undefined;
};

const credentialHash = (jwt: string): Hex => keccak256(stringToBytes(jwt.trim()));

/**
 * Issues a part's passport, signed by the client's account as the maker.
 * @example const bundle = await issuePassport(maker, { part, name: "bracket", materials, events });
 */
export async function issuePassport(client: DipnetClient, p: IssuePassportParameters): Promise<PassportBundle> {
  itemIdOf(p.part); // checks it is a URI
  const chainId = client.deployment.chainId;
  const issuer = didOf(client.account.address, chainId);
  const evidence = p.evidence ?? [];
  const certifications = p.certifications ?? [];
  const payload: JwtCredentialPayload = {
    sub: p.part,
    nbf: p.issuedAt ?? Math.floor(Date.now() / 1000),
    vc: {
      "@context": ["https://www.w3.org/2018/credentials/v1", "https://test.uncefact.org/vocabulary/untp/dpp/0.5.0/"],
      type: ["VerifiableCredential", "DigitalProductPassport"],
      credentialSubject: {
        type: ["Product"],
        id: p.part,
        name: p.name,
        producedByParty: { id: issuer },
        materialsProvenance: p.materials.map((m) => ({ ...m })),
        conformityClaim: certifications.map((jwt) => ({
          type: "DipnetCertification",
          credentialHash: credentialHash(jwt),
        })),
        productionEvidence: evidence.map((d) => ({ documentHash: documentHashOf(d) })),
        traceabilityInformation: p.events.map((e) => ({
          eventID: e.eventID,
          eventType: e.type,
          eventHash: epcisEventHash(e),
        })),
        anchoring: { chainId, evidenceRegistry: evidenceRegistryAddress(client), orderId: p.orderId },
      },
    },
  };
  const passport = await createVerifiableCredentialJwt(payload, {
    did: issuer,
    signer: accountSigner(client.account),
    alg: "ES256K",
  });
  return {
    format: "dipnet-passport/v1",
    passport,
    links: { events: [...p.events], evidence: [...evidence], certifications: [...certifications] },
  };
}

/** The checks, in order. */
export type PassportCheck = "format" | "signature" | "events" | "evidence" | "certifications";

/** What `verifyPassport` returns. */
export type VerifyPassportReturnType =
  | {
      valid: true;
      part: string;
      name: string;
      manufacturer: Address;
      events: number;
      evidence: number;
      certifications: number;
    }
  | { valid: false; failedCheck: PassportCheck; reason: string };

type Subject = {
  id?: string;
  name?: string;
  producedByParty?: { id?: string };
  conformityClaim?: { credentialHash?: string }[];
  productionEvidence?: { documentHash?: string }[];
  traceabilityInformation?: { eventHash?: string; eventID?: string }[];
  anchoring?: { chainId?: number; evidenceRegistry?: string; orderId?: number };
};

/**
 * Verifies a passport bundle end to end against `client`'s chain; never throws for a bad passport.
 * @example const r = await verifyPassport(client, JSON.parse(text)); if (!r.valid) console.log(r.failedCheck, r.reason);
 */
export async function verifyPassport(client: DipnetReadClient, bundle: unknown): Promise<VerifyPassportReturnType> {
  const fail = (failedCheck: PassportCheck, reason: string) => ({ valid: false as const, failedCheck, reason });
  const b = bundle as Partial<PassportBundle> | null;
  if (typeof b !== "object" || b === null || b.format !== "dipnet-passport/v1" || typeof b.passport !== "string")
    return fail("format", 'not a passport bundle: "format" must be "dipnet-passport/v1" with a "passport" JWT');
  const links = b.links ?? { events: [], evidence: [], certifications: [] };
  if (!Array.isArray(links.events) || !Array.isArray(links.evidence) || !Array.isArray(links.certifications))
    return fail("format", "links must hold events, evidence and certifications lists");
  let payload: JwtCredentialPayload;
  try {
    payload = decodeJWT(b.passport).payload as JwtCredentialPayload;
    await verifyVcJwt(b.passport, createDidResolver(client), { policies: { issuanceDate: false } });
  } catch (error) {
    return fail("signature", (error as Error).message.split("\n")[0] ?? "invalid");
  }
  const s = (payload.vc?.credentialSubject ?? {}) as Subject;
  const part = String(s.id ?? "");
  const maker = addressOfDid(String(payload.iss));
  if (!maker || s.producedByParty?.id !== payload.iss)
    return fail("signature", "the passport is not issued by the party it names as the maker");
  if (s.anchoring?.chainId !== client.deployment.chainId)
    return fail(
      "events",
      `the passport's traces are on chain ${s.anchoring?.chainId}, not ${client.deployment.chainId}`,
    );

  // Events: each listed hash has its event in the bundle, valid EPCIS, recorded on chain for the
  // part or for a shipment a listed aggregation packed the part into.
  const byHash = new Map(links.events.map((e) => [epcisEventHash(e as EpcisEvent), e as EpcisEvent]));
  const orderId = Number(s.anchoring?.orderId);
  if (!Number.isSafeInteger(orderId) || orderId < 1)
    return fail("events", "the passport names no order for its traces");
  const items = [part];
  for (const e of byHash.values())
    if (e.type === "AggregationEvent" && Array.isArray(e.childEPCs) && e.childEPCs.includes(part))
      items.push(String(e.parentID));
  const listed = s.traceabilityInformation ?? [];
  for (const t of listed) {
    const event = byHash.get(t.eventHash as Hex);
    if (!event) return fail("events", `event ${t.eventID ?? t.eventHash} is missing from the bundle or was altered`);
    const problems = validateEpcisEvent(event);
    if (problems.length) return fail("events", `event ${t.eventID} is not valid EPCIS 2.0: ${problems[0]}`);
    const traces = await Promise.all(
      items.map((item) => getTrace(client, { orderId, item, eventHash: t.eventHash as Hex })),
    );
    if (!traces.some((trace) => trace !== undefined))
      return fail(
        "events",
        `event ${t.eventID} is not recorded on the evidence registry for the part of order ${orderId}`,
      );
  }
  // Evidence documents: present, unaltered, every cited reading anchored.
  const docs = new Map(links.evidence.map((d) => [documentHashOf(d), d]));
  for (const { documentHash } of s.productionEvidence ?? []) {
    const doc = docs.get(documentHash as Hex);
    if (doc === undefined) return fail("evidence", `evidence document ${documentHash} is missing or was altered`);
    try {
      const check = await checkProductionEvidence(client, doc);
      if (check.unproven.length)
        return fail("evidence", `document ${documentHash}: readings not proven on chain: ${check.unproven.join(", ")}`);
    } catch (error) {
      return fail("evidence", `document ${documentHash}: ${(error as Error).message}`);
    }
  }
  // Certifications: present, unaltered, valid on chain, and of the maker.
  const jwts = new Map(links.certifications.map((jwt) => [credentialHash(String(jwt)), String(jwt)]));
  for (const { credentialHash: hash } of s.conformityClaim ?? []) {
    const jwt = jwts.get(hash as Hex);
    if (!jwt) return fail("certifications", `certification ${hash} is missing or was altered`);
    const result = await verifyCredential(client, jwt);
    if (!result.valid) return fail("certifications", `certification ${hash}: ${result.failedCheck}: ${result.reason}`);
    if (getAddress(result.certification.subject) !== getAddress(maker))
      return fail("certifications", `certification ${hash} is not the maker's`);
  }
  return {
    valid: true,
    part,
    name: String(s.name ?? ""),
    manufacturer: maker,
    events: listed.length,
    evidence: (s.productionEvidence ?? []).length,
    certifications: (s.conformityClaim ?? []).length,
  };
}
