// The node's EPCIS events and a part's history: the events naming the part, and those naming the
// shipments it was packed into (an AggregationEvent names part and shipment), each with where its
// hash was recorded on chain (the indexed `TraceRecorded` events of the evidence registry).
import {
  canonicalDocumentJson,
  documentsCitedBy,
  type EpcisEvent,
  epcisEventHash,
  itemIdOf,
  itemsOf,
  validateEpcisEvent,
} from "@dipnet/sdk";
import type { Kysely } from "kysely";
import type { Hex } from "viem";
import type { Schema } from "../../core/db/schema.ts";
import { evidenceDb } from "../evidence/schema.ts";

/** An EPCIS event that does not validate. */
export class EpcisValidationError extends Error {
  override name = "EpcisValidationError";
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`not a valid EPCIS 2.0 event: ${problems.slice(0, 5).join("; ")}`);
    this.problems = problems;
  }
}

/** Validates and stores an EPCIS event (idempotent); returns its hash. */
export async function storeTraceEvent(db: Kysely<Schema>, event: unknown, now = Date.now()): Promise<Hex> {
  const problems = validateEpcisEvent(event);
  if (problems.length > 0) throw new EpcisValidationError(problems);
  const e = event as EpcisEvent;
  const hash = epcisEventHash(e);
  await evidenceDb(db)
    .transaction()
    .execute(async (trx) => {
      await trx
        .insertInto("trace_events")
        .values({
          event_hash: hash,
          event_type: e.type,
          event_time: Date.parse(e.eventTime),
          document: canonicalDocumentJson(e),
          stored_at: now,
        })
        .onConflict((oc) => oc.column("event_hash").doNothing())
        .execute();
      const cited = documentsCitedBy(e);
      if (cited.length > 0)
        await trx
          .insertInto("trace_event_documents")
          .values(cited.map((document_hash) => ({ event_hash: hash, document_hash })))
          .onConflict((oc) => oc.doNothing())
          .execute();
      const items = [...new Map(itemsOf(e).map((i) => [`${i.item}|${i.role}`, i])).values()];
      if (items.length > 0)
        await trx
          .insertInto("trace_event_items")
          .values(items.map((i) => ({ event_hash: hash, ...i })))
          .onConflict((oc) => oc.doNothing())
          .execute();
    });
  return hash;
}

/** One event of a part's history. */
export type HistoryEntry = {
  eventHash: Hex;
  type: string;
  eventTime: string;
  /** How the event concerns the part: directly, or through the shipment it was packed into. */
  via: { item: string; role: string };
  event: EpcisEvent;
  /** Where the hash was recorded on chain, or null when it was not (yet). */
  recorded: { recorder: string; itemId: Hex; blockNumber: number; txHash: string; blockTime: number } | null;
  /** Custody handed over with this event. */
  custodyTo: string | null;
};

/** A part's history: its events in time order, and its current custodian on chain. */
export type PartHistory = {
  part: string;
  /** The order whose maker created the part on chain: its items' traces are the only ones that count. */
  orderId: number;
  itemId: Hex;
  custodian: string | null;
  events: HistoryEntry[];
};

/** The order a DIPNET lot or shipment URI (`urn:dipnet:lot:<chain>:<order>`) names, or undefined. */
export function orderOfItem(item: string): number | undefined {
  const m = /^urn:dipnet:(?:lot|shipment):\d+:(\d+)$/.exec(item);
  return m ? Number(m[1]) : undefined;
}

/**
 * The history of part `part` (an EPC URI) of order `orderId`: only the events whose hashes the
 * custodian of the part (or of the shipment it was packed into) recorded on chain for that order, so
 * events stored by anyone else, or recorded under another order, never appear.
 */
export async function partHistory(
  db: Kysely<Schema>,
  part: string,
  orderId: number,
  registry: string | undefined,
): Promise<PartHistory> {
  const edb = evidenceDb(db);
  const direct = await edb.selectFrom("trace_event_items").selectAll().where("item", "=", part).execute();
  // Shipments the part was packed into: their events concern it too.
  const parents = await edb
    .selectFrom("trace_event_items as child")
    .innerJoin("trace_event_items as parent", "parent.event_hash", "child.event_hash")
    .select("parent.item")
    .where("child.item", "=", part)
    .where("child.role", "=", "child")
    .where("parent.role", "=", "parent")
    .execute();
  const viaParents =
    parents.length > 0
      ? await edb
          .selectFrom("trace_event_items")
          .selectAll()
          .where(
            "item",
            "in",
            parents.map((p) => p.item),
          )
          .execute()
      : [];
  const via = new Map<string, { item: string; role: string }>();
  for (const r of [...viaParents, ...direct]) via.set(r.event_hash, { item: r.item, role: r.role });
  const hashes = [...via.keys()];
  const rows = hashes.length
    ? await edb.selectFrom("trace_events").selectAll().where("event_hash", "in", hashes).execute()
    : [];
  const recorded = new Map<string, HistoryEntry["recorded"]>();
  const custodyTo = new Map<string, string>();
  let custodian: string | null = null;
  const itemId = itemIdOf(part);
  if (registry) {
    const relevantItems = new Set<string>([itemId, ...parents.map((p) => itemIdOf(p.item))]);
    for (const e of await traceRecordsOf(db, registry, orderId)) {
      const a = e.args;
      if (e.name === "TraceRecorded" && a.eventHash && via.has(a.eventHash) && relevantItems.has(String(a.itemId)))
        recorded.set(a.eventHash, {
          recorder: String(a.recorder),
          itemId: a.itemId as Hex,
          blockNumber: e.blockNumber,
          txHash: e.txHash,
          blockTime: e.blockTime,
        });
      if (e.name === "CustodyTransferred" && relevantItems.has(String(a.itemId))) {
        custodyTo.set(String(a.eventHash), String(a.to));
        custodian = String(a.to);
      }
      if (e.name === "TraceRecorded" && String(a.itemId) === itemId && custodian === null)
        custodian = String(a.recorder);
    }
  }
  const events = rows
    .filter((r) => recorded.has(r.event_hash))
    .map((r) => ({
      eventHash: r.event_hash as Hex,
      type: r.event_type,
      eventTime: new Date(Number(r.event_time)).toISOString(),
      via: via.get(r.event_hash) as { item: string; role: string },
      event: JSON.parse(r.document) as EpcisEvent,
      recorded: recorded.get(r.event_hash) ?? null,
      custodyTo: custodyTo.get(r.event_hash) ?? null,
    }))
    .sort((a, b) => a.eventTime.localeCompare(b.eventTime) || a.eventHash.localeCompare(b.eventHash));
  return { part, orderId, itemId, custodian, events };
}

/** The trace records (`TraceRecorded`, `CustodyTransferred`) of order `orderId` in the registry, in chain order. */
async function traceRecordsOf(
  db: Kysely<Schema>,
  registry: string,
  orderId: number,
): Promise<{ name: string; args: Record<string, string>; blockNumber: number; txHash: string; blockTime: number }[]> {
  const rows = await db
    .selectFrom("events")
    .select(["name", "args", "block_number", "tx_hash", "block_time"])
    .where("contract", "=", registry.toLowerCase())
    .where("name", "in", ["TraceRecorded", "CustodyTransferred"])
    .where("order_id", "=", orderId)
    .orderBy("block_number")
    .orderBy("log_index")
    .execute();
  return rows.map((r) => ({
    name: r.name,
    args: JSON.parse(r.args) as Record<string, string>,
    blockNumber: Number(r.block_number),
    txHash: r.tx_hash,
    blockTime: Number(r.block_time),
  }));
}

/**
 * The accounts (lowercase) that held custody of one of `items` (EPC URIs) in order `orderId`: its
 * recorders and everyone custody was handed to.
 */
export async function custodiansOf(
  db: Kysely<Schema>,
  registry: string | undefined,
  orderId: number,
  items: readonly string[],
): Promise<Set<string>> {
  const custodians = new Set<string>();
  if (!registry || items.length === 0) return custodians;
  // An EPC no chain record can name (over 1000 characters) has no custodian.
  const ids = new Set<string>(items.filter((i) => i.length <= 1000).map(itemIdOf));
  for (const { name, args } of await traceRecordsOf(db, registry, orderId)) {
    if (!ids.has(String(args.itemId))) continue;
    custodians.add(String(name === "TraceRecorded" ? args.recorder : args.to).toLowerCase());
  }
  return custodians;
}

/**
 * The items (parts, lots) of order `orderId` whose EPCIS events cite one of the evidence documents
 * `hashes` (as `certificationInfo` `dipnet:document:<hash>`) and were recorded on chain for the
 * order: the parts an order's evidence stands behind.
 */
export async function itemsCitingEvidence(
  db: Kysely<Schema>,
  p: { orderId: number; hashes: readonly string[]; registry: string | undefined },
): Promise<string[]> {
  if (p.hashes.length === 0 || !p.registry) return [];
  const edb = evidenceDb(db);
  const citing = await edb
    .selectFrom("trace_event_documents")
    .select("event_hash")
    .distinct()
    .where(
      "document_hash",
      "in",
      p.hashes.map((h) => h.toLowerCase()),
    )
    .execute();
  const recorded = new Set(
    (await traceRecordsOf(db, p.registry, p.orderId)).flatMap((r) =>
      r.name === "TraceRecorded" ? [String(r.args.eventHash)] : [],
    ),
  );
  const events = citing.map((c) => c.event_hash).filter((h) => recorded.has(h));
  if (events.length === 0) return [];
  const items = await edb
    .selectFrom("trace_event_items")
    .select("item")
    .distinct()
    .where("event_hash", "in", events)
    .where("role", "in", ["object", "output"])
    .orderBy("item")
    .execute();
  return items.map((i) => i.item);
}
