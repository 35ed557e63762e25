// Gathers an evidence bundle of an order (or of a part of it) from the node's read model: the
// order's events on chain with the documents their hashes commit to (specification, milestone and
// shipping evidence, dispute evidence, EPCIS events of its traced items, the parties' profiles), the
// documents its parties published with their signatures, the reading proofs of every machine
// reading its production evidence cites, and the parties' registrations and certifications.
// The SDK encodes it as a CAR file and checks it against the chain (`checkEvidenceBundle`).
import {
  type BundleChainEvent,
  type BundleContract,
  type BundleParty,
  type BundleSubject,
  type DipnetReadClient,
  type EvidenceBundle,
  evidenceBundleFormat,
  listCertifications,
  parseProductionEvidence,
} from "@dipnet/sdk";
import type { Kysely } from "kysely";
import type { Address, Hex } from "viem";
import type { EventsTable, Schema } from "../../core/db/schema.ts";
import { documentsDb } from "../documents/schema.ts";
import type { DocumentStore } from "../documents/store.ts";
import { readingProof } from "../evidence/proofs.ts";
import { evidenceDb } from "../evidence/schema.ts";
import type { ApiDeployment } from "../services.ts";

/** What the bundle builder reads. */
export type BundleSources = {
  db: Kysely<Schema>;
  deployment: ApiDeployment;
  documents?: Pick<DocumentStore, "get"> | undefined;
  /** Chain reads for the parties' certifications; without it a bundle lists none. */
  chain?: DipnetReadClient | undefined;
};

/** Certifications per party a bundle carries at most (each is a chain read; anyone can attest to anyone). */
const MAX_CERTIFICATIONS = 20;

const isHash = (v: unknown): v is string => typeof v === "string" && /^0x[0-9a-f]{64}$/.test(v);

/** Every 32-byte hash among an event's arguments, by path (`evidenceHash`, `params.specHash`). */
function hashArgs(args: unknown, prefix = ""): [string, string][] {
  if (!args || typeof args !== "object") return [];
  return Object.entries(args as Record<string, unknown>).flatMap(([key, value]) => {
    const path = prefix ? `${prefix}.${key}` : key;
    if (isHash(value)) return [[path, value] as [string, string]];
    return Array.isArray(value) ? [] : hashArgs(value, path);
  });
}

/** The bundle of order `orderId` (a part of it when `part` is given); undefined when the node does not know the order. */
export async function buildEvidenceBundle(
  s: BundleSources,
  subject: BundleSubject,
  now: () => number = Date.now,
): Promise<EvidenceBundle | undefined> {
  const orderId = Number(subject.orderId);
  const { db, deployment } = s;
  const order = await db.selectFrom("orders").selectAll().where("id", "=", orderId).executeTakeFirst();
  if (!order) return undefined;

  const roles = new Map<string, BundleContract>();
  const contracts: EvidenceBundle["chain"]["contracts"] = { orderMarket: deployment.contracts.orderMarket as Address };
  for (const role of ["orderMarket", "participantRegistry", "evidenceRegistry", "capacityLedger"] as const) {
    const address = deployment.contracts[role];
    if (!address) continue;
    contracts[role] = address as Address;
    roles.set(address.toLowerCase(), role);
  }

  const eventRows = await db
    .selectFrom("events")
    .selectAll()
    .where("order_id", "=", orderId)
    .orderBy("block_number")
    .orderBy("log_index")
    .execute();
  // Certifications are checked against EAS and the certifier registry: the chain client's deployment names them.
  for (const role of ["certifierRegistry", "eas", "didRegistry"] as const) {
    const address = s.chain?.deployment.contracts[role];
    if (address) contracts[role] = address;
  }
  // Documents an event's hashes commit to: the store's, and the EPCIS events of the order's traces.
  const traced = eventRows.flatMap((r) => (r.name === "TraceRecorded" ? [String(JSON.parse(r.args).eventHash)] : []));
  const traceDocuments = new Map(
    traced.length === 0
      ? []
      : (
          await evidenceDb(db)
            .selectFrom("trace_events")
            .select(["event_hash", "document"])
            .where("event_hash", "in", traced)
            .execute()
        ).map((r) => [r.event_hash, r.document]),
  );
  const documentOf = (hash: string) => s.documents?.get(hash) ?? traceDocuments.get(hash);
  const chainEvent = (row: EventsTable): BundleChainEvent | undefined => {
    const contract = roles.get(row.contract.toLowerCase());
    if (!contract) return undefined;
    const args = JSON.parse(row.args) as Record<string, unknown>;
    const documents: Record<string, string> = {};
    for (const [path, hash] of hashArgs(args)) {
      const text = documentOf(hash);
      if (text !== undefined) documents[path] = text;
    }
    return {
      contract,
      address: row.contract as Address,
      event: row.name,
      txHash: row.tx_hash as Hex,
      blockNumber: Number(row.block_number),
      blockHash: row.block_hash as Hex,
      logIndex: Number(row.log_index),
      args,
      documents,
    };
  };
  const events = eventRows.flatMap((row) => chainEvent(row) ?? []);

  const publicationRows = await documentsDb(db)
    .selectFrom("order_documents")
    .selectAll()
    .where("order_id", "=", orderId)
    .orderBy("published_at")
    .orderBy("document_hash")
    .execute();
  const publications = publicationRows.flatMap((r) => {
    const document = s.documents?.get(r.document_hash);
    if (document === undefined) return [];
    return [
      {
        orderId: String(r.order_id),
        kind: r.kind as EvidenceBundle["publications"][number]["kind"],
        documentHash: r.document_hash as Hex,
        publisher: r.publisher as Address,
        signature: r.signature as Hex,
        document,
      },
    ];
  });

  // Reading proofs of every reading the production evidence cites, where this node holds the reading.
  const readings: unknown[] = [];
  const registry = deployment.contracts.evidenceRegistry;
  if (registry) {
    const texts = [...events.flatMap((e) => Object.values(e.documents ?? {})), ...publications.map((p) => p.document)];
    const seen = new Set<string>();
    for (const text of texts) {
      let evidence: ReturnType<typeof parseProductionEvidence>;
      try {
        evidence = parseProductionEvidence(JSON.parse(text));
      } catch {
        continue;
      }
      for (const c of evidence.events.flatMap((e) => e.readings)) {
        const key = `${c.manufacturer.toLowerCase()}/${c.device}/${c.seq}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const proof = await readingProof(db, {
          manufacturer: c.manufacturer.toLowerCase(),
          device: c.device,
          seq: c.seq,
          chainId: deployment.chainId,
          registry,
        });
        if (typeof proof === "object") readings.push(proof);
      }
    }
  }

  // The parties: customer, maker, arbiter, publishers, and (for a part) its custodians.
  const partyRoles = new Map<string, Set<string>>();
  const addParty = (address: string | null, role: string) => {
    if (!address) return;
    const key = address.toLowerCase();
    partyRoles.set(key, (partyRoles.get(key) ?? new Set()).add(role));
  };
  addParty(order.customer, "customer");
  addParty(order.maker, "maker");
  addParty(order.arbiter, "arbiter");
  for (const p of publications) addParty(p.publisher, "publisher");
  for (const e of events) {
    if (e.event === "TraceRecorded") addParty(String(e.args.recorder), "custodian");
    if (e.event === "CustodyTransferred") addParty(String(e.args.to), "custodian");
  }
  const parties: BundleParty[] = [];
  for (const [address, set] of partyRoles) {
    const registration = await db
      .selectFrom("events")
      .selectAll()
      .where("contract", "=", (deployment.contracts.participantRegistry ?? "").toLowerCase())
      .where("name", "=", "ParticipantRegistered")
      .where("account", "=", address)
      .orderBy("block_number")
      .executeTakeFirst();
    const certifications = s.chain
      ? await listCertifications(s.chain, { subject: address as Address, limit: MAX_CERTIFICATIONS }).catch(() => [])
      : [];
    parties.push({
      address: address as Address,
      roles: [...set],
      registration: registration ? chainEvent(registration) : undefined,
      certifications: certifications.map((c) => ({
        uid: c.uid,
        subject: c.subject,
        certifier: c.certifier,
        type: c.type,
        certificateNumber: c.certificateNumber,
        issuedAt: c.issuedAt.toString(),
        expiresAt: c.expiresAt.toString(),
      })),
    });
  }

  return {
    format: evidenceBundleFormat,
    subject,
    createdAt: new Date(now()).toISOString(),
    chain: { chainId: deployment.chainId, contracts },
    events,
    publications,
    readings,
    parties,
  };
}
