// The manufacturer autopilot's production (demo): it advances its awarded orders as its simulated
// machines finish them — submits each non-final milestone when the job passes its share of the work
// (evidence: a production record, hashed, or a production evidence document citing its machines'
// anchored readings), ships when the job is done — traces a share of its shipped orders with EPCIS
// events on chain, and answers disputes on its orders with its production record as evidence. Every
// action checks the state it would change first (milestones submitted, status, what is on chain).
import { type ScheduledJob, schedule } from "@dipnet/planner";
import { ship, submitEvidence, submitMilestone } from "@dipnet/sdk";
import type { Address, Hex } from "viem";
import { createDocumentStore, type DocumentStore } from "../../modules/documents/store.ts";
import {
  deliveryEvents,
  deliveryTraced,
  orderItems,
  productionEvidenceDocument,
  traceEvent,
} from "../productionEvidence.ts";
import { type AgentReadModel, disputeEvidence, type OrderRow } from "../readModel.ts";
import { type AgentTick, unitHash } from "../runtime.ts";
import type { Maker } from "./context.ts";

/** What production reads (and the trace events it stores with the node). */
export type ProductionReadModel = Pick<AgentReadModel, "orderReadings" | "orderEvents" | "storeTraceEvent">;

/** Options of the manufacturer's production. */
export type ProductionOptions = {
  /** Where production evidence documents are kept. Default: in memory (hash only). */
  documents?: DocumentStore | undefined;
  /**
   * (demo) With `simulateProduction` and an evidence registry: milestone and shipping evidence is a
   * production evidence document citing the anchored readings in which its machines reported working
   * on the order (when there are none yet, the plain production record as before). Default: false.
   */
  citeReadings?: boolean | undefined;
  /** With `citeReadings`: chain seconds shipping may wait for a finished job's readings to be anchored. Default: 0. */
  anchorWait?: number | undefined;
  /**
   * (demo) Share (0–1) of its shipped orders whose parts it traces with EPCIS events recorded on the
   * evidence registry: commissioned and packed on shipping, handed to the customer on acceptance. Default: 0.
   */
  traceShare?: number | undefined;
};

/** The manufacturer's production, its traceability and its answers to disputes. */
export function createProduction(maker: Maker, readModel: ProductionReadModel, options: ProductionOptions) {
  const { client, me, machines, guard } = maker;
  const documents = options.documents ?? createDocumentStore();
  const registry = client.deployment.contracts.evidenceRegistry;
  const chainId = client.chain.id;

  const evidence = (kind: string, o: OrderRow, job: ScheduledJob | undefined, extra: Record<string, unknown>) =>
    documents.put({
      schema: "dipnet/evidence@1",
      kind,
      orderId: o.id,
      maker: me,
      process: o.process,
      material: o.material,
      quantity: o.quantity,
      machine: job?.machineId ?? null,
      jobStart: job?.start ?? null,
      jobEnd: job?.end ?? null,
      ...extra,
    });

  /**
   * A production evidence document citing the order's anchored readings, stored; its hash, and how
   * many of its readings are not anchored yet. No hash without anchored readings (or `citeReadings`).
   */
  async function citedEvidence(
    o: OrderRow,
    milestone: number,
    final: boolean,
    partsDone: number,
  ): Promise<{ hash: Hex | undefined; pending: number }> {
    if (!options.citeReadings || !registry) return { hash: undefined, pending: 0 };
    const readings = await readModel.orderReadings({ maker: me, orderId: o.id, chainId, registry });
    if (readings.anchored.length === 0) return { hash: undefined, pending: readings.pending };
    const document = productionEvidenceDocument({ order: o, milestone, final, partsDone, readings: readings.anchored });
    return { hash: documents.put(document), pending: readings.pending };
  }

  /** Submits milestones and ships as its simulated machines get through its awarded orders. */
  async function produce(tick: AgentTick, orders: readonly OrderRow[]): Promise<void> {
    const scheduled = schedule(machines, maker.jobsOf(orders, true));
    const byKey = new Map(scheduled.map((j) => [j.key, j]));
    for (const o of orders) {
      if (o.status !== "Awarded") continue;
      const job = byKey.get(String(o.id));
      if (!job) continue;
      const shares = (JSON.parse(o.milestone_bps) as number[]).length;
      const progress = job.end > job.start ? (tick.now - job.start) / (job.end - job.start) : 1;
      if (progress >= 1) {
        if (!guard.ready(tick, `ship:${o.id}`)) continue;
        const cited = await citedEvidence(o, shares - 1, true, o.quantity);
        // Readings still on their way to the chain: give them one anchoring, within the limit.
        if (!cited.hash && cited.pending > 0 && tick.now < job.end + (options.anchorWait ?? 0)) continue;
        const hash = cited.hash ?? evidence("shipment", o, job, { shippedParts: o.quantity });
        await guard.act(
          tick,
          `ship:${o.id}`,
          `ship order ${o.id}${cited.hash ? " (evidence cites machine readings)" : ""}`,
          () => ship(client, { orderId: BigInt(o.id), evidenceHash: hash }),
        );
        continue;
      }
      const next = o.milestones_submitted;
      // One milestone pending at a time; the last one is paid on acceptance, not submitted.
      if (next === o.milestones_released && next < shares - 1 && progress >= (next + 1) / shares) {
        const key = `milestone:${o.id}:${next}`;
        if (!guard.ready(tick, key)) continue;
        const partsDone = Math.floor((o.quantity * (next + 1)) / shares);
        const cited = await citedEvidence(o, next, false, partsDone);
        const hash = cited.hash ?? evidence("milestone", o, job, { milestone: next, partsDone });
        await guard.act(
          tick,
          key,
          `submit milestone ${next} of order ${o.id}${cited.hash ? " (evidence cites machine readings)" : ""}`,
          () => submitMilestone(client, { orderId: BigInt(o.id), evidenceHash: hash }),
        );
      }
    }
  }

  /** What is known on chain of each traced order's delivery events (read once per order, then kept). */
  const traced = new Map<number, { commissioned: boolean; packed: boolean; received: boolean }>();

  /**
   * (demo) Traces the parts of its shipped orders in `traceShare`: commissioned and packed into the
   * shipment, then custody of the shipment to the customer once accepted. What is on chain decides
   * what is still to record, so a restart records nothing twice.
   */
  async function traceDeliveries(tick: AgentTick, orders: readonly OrderRow[]): Promise<void> {
    const share = options.traceShare ?? 0;
    if (share <= 0 || !registry) return;
    for (const o of orders) {
      if (o.shipped_at === null || !["Shipped", "Completed"].includes(o.status)) continue;
      if (unitHash(`trace:${me}:${o.id}`) >= share) continue;
      let state = traced.get(o.id);
      if (state?.received || (state?.packed && o.status !== "Completed")) continue;
      const key = `trace:${o.id}`;
      state ??= await deliveryTraced(client, { chainId, orderId: o.id, customer: o.customer });
      traced.set(o.id, state);
      const [shipped] = await readModel.orderEvents(o.id, ["OrderShipped"]);
      const shippingEvidence = shipped?.args.evidenceHash as Hex | undefined;
      const events = deliveryEvents({ chainId, order: o, maker: client.account.address, shippingEvidence });
      const { lot, shipment } = orderItems(chainId, o.id);
      const steps = [
        {
          done: state.commissioned,
          mark: "commissioned",
          item: lot,
          event: events.commissioning,
          label: "commission the parts",
        },
        { done: state.packed, mark: "packed", item: shipment, event: events.packing, label: "pack the shipment" },
        ...(events.receiving
          ? [
              {
                done: state.received,
                mark: "received",
                item: shipment,
                event: events.receiving,
                label: "hand the shipment to the customer",
                custodyTo: o.customer as Address,
              },
            ]
          : []),
      ] as const;
      for (const s of steps) {
        if (s.done) continue;
        const sent = await guard.act(
          tick,
          `${key}:${s.mark}`,
          `${s.label} of order ${o.id} (EPCIS, traced on chain)`,
          () =>
            traceEvent(readModel, client, {
              orderId: o.id,
              item: s.item,
              event: s.event,
              custodyTo: "custodyTo" in s ? s.custodyTo : undefined,
            }),
        );
        if (!sent) break;
        state[s.mark as "commissioned" | "packed" | "received"] = true;
      }
    }
  }

  /** Submits its production record as evidence into each dispute on its orders it has not answered yet. */
  async function answerDisputes(tick: AgentTick, orders: readonly OrderRow[]): Promise<void> {
    for (const o of orders) {
      if (o.status !== "Disputed") continue;
      const { parties } = await disputeEvidence(readModel, o.id);
      if (parties.has(me)) continue;
      const hash = evidence("production-record", o, undefined, {
        awardedAt: o.awarded_at,
        shippedAt: o.shipped_at,
        dueAt: o.due_at,
        milestonesSubmitted: o.milestones_submitted,
      });
      await guard.act(tick, `evidence:${o.id}`, `submit evidence on order ${o.id}`, () =>
        submitEvidence(client, { orderId: BigInt(o.id), evidenceHash: hash }),
      );
    }
  }

  return { produce, traceDeliveries, answerDisputes };
}
