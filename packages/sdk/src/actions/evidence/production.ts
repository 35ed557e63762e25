// Production evidence documents: what a manufacturer submits as a milestone's evidence. A document
// lists production events (operation started/finished, first-article measurements, inspections with
// their ISO 2859-1 sampling plan), each citing anchored machine readings by leaf, proof and root, so
// the document's hash — the milestone's evidence hash on the market — commits to the readings too.
// Anyone holding the document checks every citation against the evidence registry alone.
import { type Address, type Hex, isAddress, keccak256, stringToBytes } from "viem";
import { InvalidParameterError } from "../../errors/base.ts";
import type { DipnetReadClient } from "../../types.ts";
import { type AqlSamplingPlan, aqlDecision, aqlSamplingPlan } from "./aql.ts";
import { verifyReadingOnChain } from "./verifyReading.ts";

/** Deterministic JSON: object keys sorted, no whitespace (the node's content-addressed documents use it). */
export function canonicalDocumentJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === "bigint") return v.toString();
    if (v && typeof v === "object" && !Array.isArray(v)) {
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)));
    }
    return v;
  });
}

/** keccak256 of a document's canonical JSON: the hash that goes on chain. */
export function documentHashOf(document: unknown): Hex {
  return keccak256(stringToBytes(canonicalDocumentJson(document)));
}

/** A citation of one anchored device message (from its reading proof). */
export type ReadingCitation = {
  /** The device's manufacturer (device ids live in their manufacturer's namespace). */
  manufacturer: Address;
  device: string;
  seq: number;
  /** Device timestamp, ms. */
  ts: number;
  messageHash: Hex;
  /** The account that anchored `root`: the proof holds only under its anchor. */
  anchorer: Address;
  root: Hex;
  proof: Hex[];
};

/** A measured characteristic of a first article. */
export type Measurement = {
  characteristic: string;
  nominal: number;
  lowerTolerance: number;
  upperTolerance: number;
  measured: number;
  unit: string;
};

/** One production event. `at` is ms since the epoch; `readings` cite the machine data behind it. */
export type ProductionEvent =
  | { kind: "operation_started"; at: number; operation: string; machineId: string; readings: ReadingCitation[] }
  | {
      kind: "operation_finished";
      at: number;
      operation: string;
      machineId: string;
      quantity: number;
      readings: ReadingCitation[];
    }
  | { kind: "first_article"; at: number; part: string; measurements: Measurement[]; readings: ReadingCitation[] }
  | {
      kind: "inspection";
      at: number;
      lotSize: number;
      aql: number;
      plan: AqlSamplingPlan;
      nonconforming: number;
      decision: "accept" | "reject";
      readings: ReadingCitation[];
    };

/** A milestone's evidence document. */
export type ProductionEvidence = {
  type: "dipnet-production-evidence/v1";
  orderId: string;
  /** Milestone index (0-based, as on the market). */
  milestone: number;
  events: ProductionEvent[];
};

const fail = (field: string, reason: string): never => {
  throw new InvalidParameterError(field, reason);
};
const isHex32 = (v: unknown) => typeof v === "string" && /^0x[0-9a-f]{64}$/.test(v);
const isTime = (v: unknown) => Number.isSafeInteger(v) && (v as number) >= 0;

function checkCitation(c: unknown, field: string): ReadingCitation {
  const r = c as Record<string, unknown> | null;
  if (typeof r !== "object" || r === null) return fail(field, "must be a reading citation");
  if (typeof r.manufacturer !== "string" || !isAddress(r.manufacturer, { strict: false }))
    fail(`${field}.manufacturer`, "must be the address of the device's manufacturer");
  if (typeof r.device !== "string" || !/^[A-Za-z0-9._-]{1,64}$/.test(r.device))
    fail(`${field}.device`, "must be a device id");
  if (!isTime(r.seq)) fail(`${field}.seq`, "must be a non-negative integer");
  if (!isTime(r.ts)) fail(`${field}.ts`, "must be ms since the epoch");
  if (!isHex32(r.messageHash)) fail(`${field}.messageHash`, "must be a lowercase 32-byte hex hash");
  if (typeof r.anchorer !== "string" || !isAddress(r.anchorer, { strict: false }))
    fail(`${field}.anchorer`, "must be the address that anchored the root");
  if (!isHex32(r.root)) fail(`${field}.root`, "must be a lowercase 32-byte hex hash");
  if (!Array.isArray(r.proof) || !r.proof.every(isHex32))
    fail(`${field}.proof`, "must be a list of 32-byte hex hashes");
  return r as ReadingCitation;
}

function checkEvent(e: unknown, field: string): ProductionEvent {
  const ev = e as Record<string, unknown> | null;
  if (typeof ev !== "object" || ev === null) return fail(field, "must be an event");
  if (!isTime(ev.at)) fail(`${field}.at`, "must be ms since the epoch");
  if (!Array.isArray(ev.readings)) fail(`${field}.readings`, "must be a list of reading citations");
  for (const [i, c] of (ev.readings as unknown[]).entries()) checkCitation(c, `${field}.readings[${i}]`);
  const text = (name: string) => {
    if (typeof ev[name] !== "string" || (ev[name] as string).length === 0 || (ev[name] as string).length > 200)
      fail(`${field}.${name}`, "must be 1 to 200 characters");
  };
  switch (ev.kind) {
    case "operation_started":
    case "operation_finished":
      text("operation");
      text("machineId");
      if (ev.kind === "operation_finished" && (!Number.isSafeInteger(ev.quantity) || (ev.quantity as number) < 0))
        fail(`${field}.quantity`, "must be a non-negative integer");
      break;
    case "first_article": {
      text("part");
      if (!Array.isArray(ev.measurements) || ev.measurements.length === 0)
        fail(`${field}.measurements`, "must list at least one measurement");
      for (const [i, m] of (ev.measurements as Record<string, unknown>[]).entries()) {
        for (const n of ["nominal", "lowerTolerance", "upperTolerance", "measured"])
          if (typeof m?.[n] !== "number" || !Number.isFinite(m[n]))
            fail(`${field}.measurements[${i}].${n}`, "must be a number");
        if (typeof m?.characteristic !== "string" || typeof m?.unit !== "string")
          fail(`${field}.measurements[${i}]`, "needs a characteristic and a unit");
      }
      break;
    }
    case "inspection": {
      const plan = aqlSamplingPlan({ lotSize: ev.lotSize as number, aql: ev.aql as number });
      if (canonicalDocumentJson(ev.plan) !== canonicalDocumentJson(plan))
        fail(`${field}.plan`, `is not the ISO 2859-1 plan for lot ${plan.lotSize} at AQL ${plan.aql}`);
      if (ev.decision !== aqlDecision(plan, ev.nonconforming as number))
        fail(
          `${field}.decision`,
          `must be ${aqlDecision(plan, ev.nonconforming as number)} for ${String(ev.nonconforming)} nonconforming`,
        );
      break;
    }
    default:
      fail(`${field}.kind`, "must be operation_started, operation_finished, first_article or inspection");
  }
  return ev as ProductionEvent;
}

/** Checks a parsed JSON value is a well-formed production evidence document; throws naming the field. */
export function parseProductionEvidence(value: unknown): ProductionEvidence {
  const d = value as Record<string, unknown> | null;
  if (typeof d !== "object" || d === null || d.type !== "dipnet-production-evidence/v1")
    fail("type", 'must be "dipnet-production-evidence/v1"');
  const doc = d as Record<string, unknown>;
  if (typeof doc.orderId !== "string" || !/^[1-9][0-9]*$/.test(doc.orderId))
    fail("orderId", "must be an order id as a decimal string");
  if (!Number.isSafeInteger(doc.milestone) || (doc.milestone as number) < 0)
    fail("milestone", "must be a milestone index");
  if (!Array.isArray(doc.events) || doc.events.length === 0) fail("events", "must list at least one event");
  for (const [i, e] of (doc.events as unknown[]).entries()) checkEvent(e, `events[${i}]`);
  return doc as ProductionEvidence;
}

/** Parameters of `inspectionEvent`. */
export type InspectionEventParameters = {
  at: number;
  lotSize: number;
  aql: number;
  nonconforming: number;
  readings?: ReadingCitation[] | undefined;
};

/**
 * An inspection event with its ISO 2859-1 plan and the lot decision it implies.
 * @example inspectionEvent({ at: Date.now(), lotSize: 500, aql: 1, nonconforming: 1 }).decision // "accept"
 */
export function inspectionEvent(p: InspectionEventParameters): Extract<ProductionEvent, { kind: "inspection" }> {
  const plan = aqlSamplingPlan({ lotSize: p.lotSize, aql: p.aql });
  return {
    kind: "inspection",
    at: p.at,
    lotSize: p.lotSize,
    aql: p.aql,
    plan,
    nonconforming: p.nonconforming,
    decision: aqlDecision(plan, p.nonconforming),
    readings: p.readings ?? [],
  };
}

/** A citation of the message in a reading proof (`GET /api/readings/:manufacturer/:device/:seq/proof`). */
export function citeReading(proof: {
  message: { device: string; seq: number; ts: number };
  manufacturer: Address;
  messageHash: Hex;
  anchorer: Address;
  root: Hex;
  proof: Hex[];
}): ReadingCitation {
  const { device, seq, ts } = proof.message;
  const { manufacturer, messageHash, anchorer, root } = proof;
  return { manufacturer, device, seq, ts, messageHash, anchorer, root, proof: proof.proof };
}

/** What checking a document's citations found. */
export type ProductionEvidenceCheck = {
  hash: Hex;
  citations: number;
  /** Citations whose root its anchorer did not anchor or whose proof fails: `events[i].readings[j]`. */
  unproven: string[];
};

/**
 * Validates a document and checks every cited reading against the evidence registry.
 * @example const { hash, unproven } = await checkProductionEvidence(client, JSON.parse(text));
 */
export async function checkProductionEvidence(
  client: DipnetReadClient,
  value: unknown,
): Promise<ProductionEvidenceCheck> {
  const doc = parseProductionEvidence(value);
  const unproven: string[] = [];
  let citations = 0;
  for (const [i, e] of doc.events.entries()) {
    for (const [j, c] of e.readings.entries()) {
      citations++;
      const leaf = { manufacturer: c.manufacturer, device: c.device, seq: c.seq, ts: c.ts, messageHash: c.messageHash };
      if (!(await verifyReadingOnChain(client, { anchorer: c.anchorer, root: c.root, leaf, proof: c.proof })))
        unproven.push(`events[${i}].readings[${j}]`);
    }
  }
  return { hash: documentHashOf(doc), citations, unproven };
}
