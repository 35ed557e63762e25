// Participant profile documents. On chain a participant publishes only `profileHash` and
// `profileURI`; the document itself says who they are and what they make. The dashboard reads it
// from the node's `profile` field when the node resolves documents, or straight from a
// `data:application/json` URI, and checks it against the on-chain hash.
import { keccak256, toBytes } from "viem";
import type { Participant } from "./api.ts";

/** A manufacturing capability: a process and the materials it runs. */
export type Capability = { process: string; materials: string[]; machines?: number | undefined };

/** The public profile document (all fields optional). */
export type Profile = {
  name?: string | undefined;
  kind?: string | undefined;
  city?: string | undefined;
  country?: string | undefined;
  location?: { lat: number; lon: number } | undefined;
  capabilities: Capability[];
  certifications: string[];
  capacityPerWeek?: number | undefined;
  website?: string | undefined;
};

/** A profile and whether its bytes match the on-chain hash (`undefined`: not checkable here). */
export type ResolvedProfile = { profile: Profile; verified: boolean | undefined };

const str = (v: unknown): string | undefined => (typeof v === "string" && v.trim() ? v.trim() : undefined);
const num = (v: unknown): number | undefined => (typeof v === "number" && Number.isFinite(v) ? v : undefined);

/** Normalises an untrusted JSON value into a `Profile`; unknown fields are ignored. */
function normalizeProfile(raw: unknown): Profile {
  const o = raw && typeof raw === "object" ? (raw as Record<string, unknown>) : {};
  const loc = (o.location ?? o.coordinates) as Record<string, unknown> | undefined;
  const lat = num(loc?.lat ?? loc?.latitude ?? o.lat);
  const lon = num(loc?.lon ?? loc?.lng ?? loc?.longitude ?? o.lon);
  const caps = Array.isArray(o.capabilities) ? o.capabilities : [];
  const capabilities: Capability[] = caps.flatMap((c): Capability[] => {
    if (typeof c === "string") return [{ process: c, materials: [] }];
    const r = c && typeof c === "object" ? (c as Record<string, unknown>) : {};
    const process = str(r.process);
    if (!process) return [];
    const materials = Array.isArray(r.materials) ? r.materials.filter((m): m is string => typeof m === "string") : [];
    return [{ process, materials, machines: num(r.machines) }];
  });
  const certs = Array.isArray(o.certifications) ? o.certifications : [];
  return {
    name: str(o.name),
    kind: str(o.kind),
    city: str(o.city),
    country: str(o.country),
    location:
      lat !== undefined && lon !== undefined && Math.abs(lat) <= 90 && Math.abs(lon) <= 180 ? { lat, lon } : undefined,
    capabilities,
    certifications: certs.filter((c): c is string => typeof c === "string"),
    capacityPerWeek: num(o.capacityPerWeek),
    website: str(o.website),
  };
}

function decodeDataUri(uri: string): string | undefined {
  const match = /^data:([^,]*?),(.*)$/s.exec(uri);
  if (!match) return undefined;
  const [, meta = "", body = ""] = match;
  if (!/json/i.test(meta)) return undefined;
  try {
    if (/;base64$/i.test(meta)) {
      const bin = atob(body);
      return new TextDecoder().decode(Uint8Array.from(bin, (c) => c.charCodeAt(0)));
    }
    return decodeURIComponent(body);
  } catch {
    return undefined;
  }
}

/** The profile of a participant, if the node or its data: URI provides one. */
export function resolveProfile(
  p: Pick<Participant, "profile" | "profileURI" | "profileHash">,
): ResolvedProfile | undefined {
  if (p.profile && typeof p.profile === "object") return { profile: normalizeProfile(p.profile), verified: undefined };
  const text = decodeDataUri(p.profileURI);
  if (text === undefined) return undefined;
  try {
    const raw = JSON.parse(text) as unknown;
    return { profile: normalizeProfile(raw), verified: keccak256(toBytes(text)) === p.profileHash.toLowerCase() };
  } catch {
    return undefined;
  }
}

/**
 * A `data:` URI and hash for a profile document, as a participant would register them.
 * @example const { profileURI, profileHash } = profileDocument({ name: "Brno Precision", location: { lat: 49.2, lon: 16.6 } });
 */
export function profileDocument(doc: Record<string, unknown>): { profileURI: string; profileHash: `0x${string}` } {
  const text = JSON.stringify(doc);
  return { profileURI: `data:application/json,${encodeURIComponent(text)}`, profileHash: keccak256(toBytes(text)) };
}
