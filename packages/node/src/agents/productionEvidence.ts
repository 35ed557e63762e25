// Production evidence and traceability of a maker's orders, from what its machines reported (demo).
// Milestone evidence: a `dipnet-production-evidence/v1` document whose events cite the anchored
// messages in which the maker's machines reported working on the order (their `order_id` reading),
// each with its Merkle proof, so the milestone's evidence hash on the market commits to machine data
// anyone can check against the evidence registry. Traceability: the order's parts as one lot, packed
// into one shipment, as GS1 EPCIS 2.0 events whose hashes go on chain (`recordTrace`), custody of the
// shipment handed to the customer on acceptance. Events are pure functions of chain state (order,
// times, shipping evidence), so a restart rebuilds the same events and hashes.
import {
  aggregationEvent,
  aqlSamplingPlan,
  commissioningEvent,
  custodyEvent,
  type DipnetClient,
  type EpcisEvent,
  getCustodian,
  inspectionEvent,
  type ProductionEvent,
  type ProductionEvidence,
  partyOf,
  type ReadingCitation,
  recordTrace,
  type WriteResult,
} from "@dipnet/sdk";
import type { Address, Hex } from "viem";
import type { AgentReadModel, OrderRow } from "./readModel.ts";
import { unitHash } from "./runtime.ts";

/** Parameters of `productionEvidenceDocument`. */
export type ProductionEvidenceDocumentParameters = {
  order: Pick<OrderRow, "id" | "process" | "material" | "quantity">;
  /** Milestone index (0-based); the final one is the shipment. */
  milestone: number;
  final: boolean;
  /** Parts finished so far (the whole quantity when final). */
  partsDone: number;
  /** Anchored readings of the job, earliest first (at least one). */
  readings: readonly ReadingCitation[];
};

/**
 * A milestone's production evidence document citing the machine's anchored readings: the operation
 * started (first reading), a first-article inspection on the first milestone, the operation finished
 * (last reading, final milestone) and an ISO 2859-1 inspection of the parts done (AQL 1.0). The
 * measurements and nonconforming counts are a fixed function of the order (demo).
 */
export function productionEvidenceDocument(p: ProductionEvidenceDocumentParameters): ProductionEvidence {
  const first = p.readings[0];
  const last = p.readings[p.readings.length - 1];
  if (!first || !last) throw new Error("production evidence needs at least one anchored reading");
  const u = (label: string) => unitHash(`evidence:${p.order.id}:${p.milestone}:${label}`);
  const operation = `${p.order.process} of ${p.order.material}`;
  const events: ProductionEvent[] = [
    { kind: "operation_started", at: first.ts, operation, machineId: first.device, readings: [first] },
  ];
  if (p.milestone === 0) {
    const nominal = 12;
    events.push({
      kind: "first_article",
      at: first.ts,
      part: `order ${p.order.id}, part 1`,
      measurements: [
        {
          characteristic: "bore diameter",
          nominal,
          lowerTolerance: -0.018,
          upperTolerance: 0.018,
          measured: Math.round((nominal + (u("bore") - 0.5) * 0.02) * 10_000) / 10_000,
          unit: "mm",
        },
      ],
      readings: [first],
    });
  }
  if (p.final)
    events.push({
      kind: "operation_finished",
      at: last.ts,
      operation,
      machineId: last.device,
      quantity: p.order.quantity,
      readings: [last],
    });
  if (p.partsDone >= 2) {
    // Mostly a clean sample, now and then nonconforming parts up to what the plan still accepts: a
    // maker reports a lot it passes on (a rejected lot is reworked and inspected again first).
    const plan = aqlSamplingPlan({ lotSize: p.partsDone, aql: 1 });
    const x = u("nonconforming");
    const nonconforming = Math.min(x < 0.8 ? 0 : x < 0.95 ? 1 : 2, plan.acceptNumber);
    events.push(
      inspectionEvent({ at: last.ts, lotSize: p.partsDone, aql: 1, nonconforming, readings: p.readings.slice(1) }),
    );
  }
  return { type: "dipnet-production-evidence/v1", orderId: String(p.order.id), milestone: p.milestone, events };
}

/** The EPC URIs of an order's parts (one lot) and of its shipment. */
export function orderItems(chainId: number, orderId: number): { lot: string; shipment: string } {
  return { lot: `urn:dipnet:lot:${chainId}:${orderId}`, shipment: `urn:dipnet:shipment:${chainId}:${orderId}` };
}

/**
 * The EPCIS events of an order's delivery: its lot commissioned and packed into its shipment just
 * before shipping (citing the shipping evidence), and, once accepted, the shipment received by the
 * customer (custody from maker to customer).
 */
export function deliveryEvents(p: {
  chainId: number;
  order: Pick<OrderRow, "id" | "customer" | "shipped_at" | "closed_at">;
  maker: Address;
  shippingEvidence: Hex | undefined;
}): { commissioning: EpcisEvent; packing: EpcisEvent; receiving: EpcisEvent | undefined } {
  const { lot, shipment } = orderItems(p.chainId, p.order.id);
  const shippedMs = Number(p.order.shipped_at) * 1000;
  const evidence = p.shippingEvidence ? [p.shippingEvidence] : undefined;
  return {
    commissioning: commissioningEvent({ at: shippedMs - 120_000, parts: [lot], evidence }),
    packing: aggregationEvent({ at: shippedMs - 60_000, parent: shipment, children: [lot] }),
    receiving:
      p.order.closed_at === null
        ? undefined
        : custodyEvent({
            at: Number(p.order.closed_at) * 1000,
            items: [shipment],
            from: partyOf(p.maker, p.chainId),
            to: partyOf(p.order.customer as Address, p.chainId),
            step: "receiving",
          }),
  };
}

/** Which delivery events of an order are on chain, read from the registry's custody records. */
export async function deliveryTraced(
  client: DipnetClient,
  p: { chainId: number; orderId: number; customer: string },
): Promise<{ commissioned: boolean; packed: boolean; received: boolean }> {
  const { lot, shipment } = orderItems(p.chainId, p.orderId);
  const [lotCustodian, shipmentCustodian] = await Promise.all([
    getCustodian(client, { orderId: p.orderId, item: lot }),
    getCustodian(client, { orderId: p.orderId, item: shipment }),
  ]);
  return {
    commissioned: lotCustodian !== undefined,
    packed: shipmentCustodian !== undefined,
    received: shipmentCustodian?.toLowerCase() === p.customer.toLowerCase(),
  };
}

/** Stores an EPCIS event with the node (idempotent) and records its hash for `item` of `orderId` on chain. */
export async function traceEvent(
  readModel: Pick<AgentReadModel, "storeTraceEvent">,
  client: DipnetClient,
  p: { orderId: number; item: string; event: EpcisEvent; custodyTo?: Address | undefined },
): Promise<WriteResult> {
  const eventHash = await readModel.storeTraceEvent(p.event);
  return recordTrace(client, { orderId: p.orderId, item: p.item, eventHash, custodyTo: p.custodyTo });
}
