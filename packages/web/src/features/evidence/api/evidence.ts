// Order evidence and part histories: the node serves the documents and EPCIS events; the checks run
// in this browser against the chain alone (through the node's JSON-RPC gateway), with the SDK's
// own verification (`checkProductionEvidence`, the registry's `verifyReading`, `traceOf`, `custodianOf`).
import { useQuery } from "@tanstack/react-query";
import type { Hex } from "viem";
import { type Answer, api, nullIfNotFound } from "../../../lib/api.ts";
import { rpcUrl } from "../../../lib/chain.ts";
import {
  checkEvidenceBundle,
  checkProductionEvidence,
  type DipnetReadClient,
  documentHashOf,
  getCustodian,
  getTrace,
  orderMarketAbi,
  type ProductionEvidence,
  parseProductionEvidence,
} from "../../../lib/sdk.ts";

/** One check of a verification: what was checked, and whether it held. */
export type Check = { label: string; ok: boolean; detail?: string | undefined };

/**
 * Downloads the evidence bundle at `url` and checks it in this browser against the chain (through
 * the node's JSON-RPC gateway), as `dipnet evidence check` does: each check that passed, then the
 * one that failed.
 */
export async function checkBundleAt(url: string): Promise<Check[]> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`the node answered ${response.status} for the bundle`);
  const result = await checkEvidenceBundle(new Uint8Array(await response.arrayBuffer()), { rpcUrl: rpcUrl() });
  const passed: Check[] = result.checks.map((c) => ({ label: c.check, ok: true, detail: c.passed }));
  return result.valid ? passed : [...passed, { label: result.failedCheck, ok: false, detail: result.reason }];
}

/** A document the node publishes by its hash; null when the node does not have it. */
export function useDocument(hash: Hex | null | undefined) {
  return useQuery({
    queryKey: ["document", hash],
    enabled: Boolean(hash),
    staleTime: Number.POSITIVE_INFINITY,
    queryFn: ({ signal }) => (hash ? nullIfNotFound(api.document(hash, signal)) : null),
  });
}

/** The document as production evidence, or undefined when it is something else (or malformed). */
export function asProductionEvidence(document: unknown): ProductionEvidence | undefined {
  if ((document as { type?: unknown } | null)?.type !== "dipnet-production-evidence/v1") return undefined;
  try {
    return parseProductionEvidence(document);
  } catch {
    return undefined;
  }
}

/** Where an evidence hash was put on chain: the market event of the order that carries it. */
export type EvidenceSite = {
  orderId: number;
  event: "MilestoneSubmitted" | "OrderShipped";
  blockNumber: number;
  evidenceHash: Hex;
};

/**
 * Verifies a milestone's evidence document: the order's market event in that block carries the
 * hash (read from the chain, not the node); the document hashes to it; and, for a production
 * evidence document, every cited reading is proven under a root its cited anchorer anchored on the
 * evidence registry (anchors are per anchorer).
 */
export async function verifyEvidence(
  client: DipnetReadClient,
  site: EvidenceSite,
  document: unknown,
): Promise<Check[]> {
  const checks: Check[] = [];
  const logs = await client.publicClient.getContractEvents({
    address: client.deployment.contracts.orderMarket,
    abi: orderMarketAbi,
    eventName: site.event,
    args: { orderId: BigInt(site.orderId) },
    fromBlock: BigInt(site.blockNumber),
    toBlock: BigInt(site.blockNumber),
  });
  const onChain = logs.some(
    (log) => (log.args as { evidenceHash?: Hex }).evidenceHash?.toLowerCase() === site.evidenceHash.toLowerCase(),
  );
  checks.push({
    label: `Order #${site.orderId}'s ${site.event} event in block ${site.blockNumber} carries this evidence hash`,
    ok: onChain,
  });
  const hash = documentHashOf(document);
  checks.push({
    label: "The document hashes to the evidence hash (keccak256 of its canonical JSON)",
    ok: hash === site.evidenceHash.toLowerCase(),
    detail: hash === site.evidenceHash.toLowerCase() ? undefined : `it hashes to ${hash}`,
  });
  if ((document as { type?: unknown } | null)?.type !== "dipnet-production-evidence/v1") return checks;
  let doc: ProductionEvidence;
  try {
    doc = parseProductionEvidence(document);
  } catch (error) {
    checks.push({
      label: "The production evidence document is well-formed",
      ok: false,
      detail: (error as Error).message,
    });
    return checks;
  }
  checks.push({
    label: "The production evidence document is well-formed (events, ISO 2859-1 plans, decisions)",
    ok: true,
  });
  const { unproven } = await checkProductionEvidence(client, doc);
  const failed = new Set(unproven);
  for (const [i, e] of doc.events.entries())
    for (const [j, c] of e.readings.entries())
      checks.push({
        label: `Reading ${c.device} #${c.seq} (${e.kind.replace("_", " ")}) is proven under an anchored root`,
        ok: !failed.has(`events[${i}].readings[${j}]`),
        detail: `root ${c.root} anchored by ${c.anchorer}`,
      });
  return checks;
}

// ------------------------------------------------------------------ part histories

/** A part's history (`GET /api/parts/:id/history`): its EPCIS events, and its custodian. */
type PartHistory = Answer<"/api/parts/{id}/history">;
/** One EPCIS event of a part's history. */
export type HistoryEntry = PartHistory["events"][number];

/** The part's history; null when the node has no event of it. */
export function usePartHistory(part: string | undefined) {
  return useQuery({
    queryKey: ["part-history", part],
    enabled: Boolean(part),
    queryFn: ({ signal }) => (part ? nullIfNotFound(api.partHistory(part, signal)) : null),
    refetchInterval: 15_000,
  });
}

/** The checks of one event: unaltered, and recorded on chain for the part or the shipment it is in. */
export type EventChecks = { eventHash: Hex; checks: Check[] };

/**
 * Verifies a part's history against the chain: each event hashes to the hash it is listed under,
 * and that hash is recorded on the evidence registry for the part or the shipment it was packed
 * into; and the custodian shown is the registry's.
 */
export async function verifyPartHistory(
  client: DipnetReadClient,
  history: PartHistory,
): Promise<{ events: EventChecks[]; custodian: Check }> {
  // The part, and the shipments an aggregation in its history packed it into, all of its order.
  const items = [history.part];
  for (const { event } of history.events) {
    const children = event.childEPCs;
    if (typeof event.parentID === "string" && Array.isArray(children) && children.includes(history.part))
      items.push(event.parentID);
  }
  const orderId = history.orderId;
  const events: EventChecks[] = [];
  for (const entry of history.events) {
    const hash = documentHashOf(entry.event);
    const unaltered: Check = {
      label: "The event hashes to its listed hash",
      ok: hash === entry.eventHash.toLowerCase(),
      detail: hash === entry.eventHash.toLowerCase() ? undefined : `it hashes to ${hash}`,
    };
    const traces = await Promise.all(items.map((item) => getTrace(client, { orderId, item, eventHash: hash })));
    const trace = traces.find((t) => t !== undefined);
    const recorded: Check = trace
      ? {
          label: `Its hash is recorded on the evidence registry for this part or its shipment of order ${orderId}`,
          ok: true,
          detail: `recorded by the custodian ${trace.recorder} at ${new Date(trace.recordedAt * 1000).toISOString()}`,
        }
      : {
          label: `Its hash is recorded on the evidence registry for order ${orderId}`,
          ok: false,
          detail: "no such trace on chain",
        };
    events.push({ eventHash: entry.eventHash, checks: [unaltered, recorded] });
  }
  // Custody moves with the item handed over: the last event that handed one over names it.
  const handover = [...history.events].reverse().find((e) => e.custodyTo !== null);
  const item = handover?.via.item ?? history.part;
  const onChain = await getCustodian(client, { orderId, item });
  return {
    events,
    custodian: {
      label: `The custodian is the registry's custodian of ${item}`,
      ok: (onChain?.toLowerCase() ?? null) === (history.custodian?.toLowerCase() ?? null),
      detail: onChain ? `on chain: ${onChain}` : "no custodian on chain",
    },
  };
}
