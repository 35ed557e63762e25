// GS1 EPCIS 2.0 events in JSON-LD for produced parts: commissioning (ObjectEvent ADD), the
// transformation of materials into parts (TransformationEvent), aggregation into a shipment
// (AggregationEvent ADD) and custody handover (ObjectEvent OBSERVE, shipping/receiving, with owning-
// party source and destination). Events are validated against GS1's EPCIS 2.0 JSON schema
// (EPCIS-JSON-Schema.json beside this file, see README) with ajv. An event's hash is the keccak256 of
// its canonical JSON (`documentHashOf`), which `recordTrace` puts on chain.
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import type { Address, Hex } from "viem";
import { documentHashOf } from "../actions/evidence/production.ts";
import { didOf } from "../actions/identity/did.ts";
import epcisSchema from "./EPCIS-JSON-Schema.json" with { type: "json" };

/** The EPCIS 2.0 JSON-LD context. */
export const EPCIS_CONTEXT = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld";

/** An EPCIS event as JSON (validated by `validateEpcisEvent`). */
export type EpcisEvent = Record<string, unknown> & { type: string; eventTime: string; eventID?: string };

let validator: ValidateFunction | undefined;

function validate(): ValidateFunction {
  if (!validator) {
    const ajv = new Ajv({ allErrors: true, strict: false });
    (addFormats as unknown as (a: Ajv) => void)(ajv);
    validator = ajv.compile(epcisSchema);
  }
  return validator;
}

/** Problems of an event against the EPCIS 2.0 JSON schema (`<path>: <message>`); empty when valid. */
export function validateEpcisEvent(event: unknown): string[] {
  const check = validate();
  if (check(event)) return [];
  return (check.errors ?? []).map((e: ErrorObject) => `${e.instancePath || "/"}: ${e.message ?? "invalid"}`);
}

/** The keccak256 of an event's canonical JSON: what goes on chain. */
export function epcisEventHash(event: EpcisEvent): Hex {
  return documentHashOf(event);
}

/** Where and when: common to every event builder. */
export type EventPlace = {
  /** When it happened (ms since the epoch). */
  at: number;
  /** Read point URI (e.g. the machine, `urn:dipnet:machine:31337:1`). Default: none. */
  readPoint?: string | undefined;
  /** Business location URI (e.g. the factory). Default: none. */
  bizLocation?: string | undefined;
  /** Hashes of evidence documents backing the event (cited as `certificationInfo`). Default: none. */
  evidence?: readonly Hex[] | undefined;
};

/** The `did:ethr` URI of an account on a chain. */
export const partyOf = (account: Address, chainId: number): string => didOf(account, chainId);

function base(type: string, p: EventPlace): EpcisEvent {
  const event: EpcisEvent = {
    "@context": [EPCIS_CONTEXT],
    type,
    eventTime: new Date(p.at).toISOString(),
    eventTimeZoneOffset: "+00:00",
  };
  if (p.readPoint) event.readPoint = { id: p.readPoint };
  if (p.bizLocation) event.bizLocation = { id: p.bizLocation };
  if (p.evidence?.length) event.certificationInfo = p.evidence.map((h) => `dipnet:document:${h}`);
  return event;
}

/** Names the event by its content: `eventID` = `urn:dipnet:epcis:<hash of the event without it>`. */
function named(event: EpcisEvent): EpcisEvent {
  return { ...event, eventID: `urn:dipnet:epcis:${documentHashOf(event).slice(2)}` };
}

/** Parts made: an ObjectEvent ADD, bizStep commissioning, disposition active. */
export function commissioningEvent(p: EventPlace & { parts: readonly string[] }): EpcisEvent {
  return named({
    ...base("ObjectEvent", p),
    epcList: [...p.parts],
    action: "ADD",
    bizStep: "commissioning",
    disposition: "active",
  });
}

/** A material consumed: by instance (EPC) or by class and quantity (e.g. a bar stock lot). */
export type MaterialInput = { epc: string } | { epcClass: string; quantity: number; uom: string };

/** Materials transformed into parts (a TransformationEvent). */
export function transformationEvent(
  p: EventPlace & { inputs: readonly MaterialInput[]; outputs: readonly string[]; transformationID?: string },
): EpcisEvent {
  const byInstance = p.inputs.flatMap((i) => ("epc" in i ? [i.epc] : []));
  const byClass = p.inputs.flatMap((i) => ("epcClass" in i ? [i] : []));
  return named({
    ...base("TransformationEvent", p),
    ...(byInstance.length ? { inputEPCList: byInstance } : {}),
    ...(byClass.length ? { inputQuantityList: byClass.map((i) => ({ ...i })) } : {}),
    outputEPCList: [...p.outputs],
    ...(p.transformationID ? { transformationID: p.transformationID } : {}),
    bizStep: "commissioning",
    disposition: "active",
  });
}

/** Parts packed into a shipment (an AggregationEvent ADD, bizStep packing). */
export function aggregationEvent(p: EventPlace & { parent: string; children: readonly string[] }): EpcisEvent {
  return named({
    ...base("AggregationEvent", p),
    parentID: p.parent,
    childEPCs: [...p.children],
    action: "ADD",
    bizStep: "packing",
    disposition: "in_progress",
  });
}

/**
 * Custody handover of items (a shipment or parts) from one party to another: an ObjectEvent OBSERVE,
 * bizStep shipping (handed to logistics) or receiving (taken by the customer), with owning-party
 * source and destination as did:ethr URIs.
 */
export function custodyEvent(
  p: EventPlace & { items: readonly string[]; from: string; to: string; step: "shipping" | "receiving" },
): EpcisEvent {
  return named({
    ...base("ObjectEvent", p),
    epcList: [...p.items],
    action: "OBSERVE",
    bizStep: p.step,
    disposition: p.step === "shipping" ? "in_transit" : "active",
    sourceList: [{ type: "possessing_party", source: p.from }],
    destinationList: [{ type: "possessing_party", destination: p.to }],
  });
}

/** The evidence documents an event cites (`certificationInfo` `dipnet:document:<hash>`), lowercase hashes. */
export function documentsCitedBy(event: EpcisEvent): string[] {
  const info = event.certificationInfo;
  const uris = Array.isArray(info) ? info : [info];
  const hashes = uris.flatMap((u) => {
    const m = typeof u === "string" ? /^dipnet:document:(0x[0-9a-fA-F]{64})$/.exec(u) : null;
    return m?.[1] ? [m[1].toLowerCase()] : [];
  });
  return [...new Set(hashes)];
}

/** Every item URI an event names, with its role. */
export function itemsOf(event: EpcisEvent): { item: string; role: string }[] {
  const out: { item: string; role: string }[] = [];
  const list = (key: string, role: string) => {
    const v = event[key];
    if (Array.isArray(v)) for (const item of v) if (typeof item === "string") out.push({ item, role });
  };
  list("epcList", "object");
  list("inputEPCList", "input");
  list("outputEPCList", "output");
  list("childEPCs", "child");
  if (typeof event.parentID === "string") out.push({ item: event.parentID, role: "parent" });
  return out;
}
