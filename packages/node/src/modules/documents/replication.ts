// Publications replicate between DIPNET nodes over libp2p, so evidence published on one node verifies
// on another. One protocol, `/dipnet/publications/1.0.0`, one JSON message each way on a stream:
//   { type: "announce", items }  → { accepted }      a node tells its peers what was just published
//   { type: "since", cursor }    → { items, next }   a node reads a peer's publication log from a cursor
// Announcements carry the signed statement and the document's CID, never trusted: the receiver checks
// the signature, that the publisher is a party of the order in its own read model, the document's
// kind rules, and that the bytes it fetched over IPFS hash to the signed documentHash — with the same
// code as `POST /api/documents` (publication.ts). A node that was offline catches up when it connects:
// it reads each connected peer's log from where it stopped (publication_cursors). A publication whose
// order is not indexed yet, or whose document has not arrived, waits in pending_publications and is
// tried again on each round.
import { type DocumentKind, documentKinds, InvalidParameterError } from "@dipnet/sdk";
import type { Libp2p, PeerId, Stream } from "@libp2p/interface";
import { lpStream } from "@libp2p/utils";
import type { Kysely } from "kysely";
import { CID } from "multiformats/cid";
import type { Logger } from "pino";
import { type Hex, keccak256 } from "viem";
import type { Schema } from "../../core/db/schema.ts";
import { ApiError } from "../../core/http/errors.ts";
import type { IpfsNode } from "../../core/ipfs.ts";
import type { Publications } from "./publication.ts";
import { documentsDb, type OrderDocumentsTable } from "./schema.ts";
import type { DocumentStore } from "./store.ts";

export const publicationsProtocol = "/dipnet/publications/1.0.0";

/** A publication as nodes send it to each other. */
export type WirePublication = {
  orderId: number;
  kind: DocumentKind;
  documentHash: Hex;
  publisher: string;
  signature: Hex;
  cid: string;
  /** The sender's `published_at`: its log's cursor. */
  publishedAt: number;
};

type Request = { type: "announce"; items: WirePublication[] } | { type: "since"; cursor: number };

/** Publications a log page holds at most. */
const PAGE = 100;
/** Pending publications tried per round, and held at most (more are dropped, logged). */
const PENDING_PER_ROUND = 100;
const MAX_PENDING = 10_000;
/** Announcements waiting to be checked at most; more are turned away (the sender's log still has them). */
const MAX_QUEUED_ANNOUNCEMENTS = 100;
/** Pending publications whose document is fetched again per round at most (each may wait `fetchTimeoutMs`). */
const PENDING_FETCHES_PER_ROUND = 3;
/** Peers named in registered profiles dialled per round at most. */
const MAX_PROFILE_DIALS = 16;
/** Profiles fetched over IPFS per round at most, and how long each is waited for (the round waits too). */
const MAX_PROFILE_FETCHES = 4;
const PROFILE_FETCH_TIMEOUT_MS = 2_000;
/** Participants whose profiles are read per round at most. */
const MAX_PROFILES_READ = 1_000;
/** Largest message on the protocol: a page of publications. */
const MAX_MESSAGE_BYTES = 1024 * 1024;

/** What replication did, for tests and metrics. */
export type ReplicationStats = {
  /** Publications from peers checked and stored. */
  stored: number;
  /** Publications (or requests) from peers that failed a check and were dropped. */
  refused: number;
  /** Times a publication was set aside to try again (its order not indexed, its document not arrived). */
  pending: number;
};

/** A node's side of publication replication. */
export type PublicationReplication = {
  /** Handles the protocol, listens for new peers and runs a round every `intervalMs`. */
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Tells every connected peer about a publication this node stored; failures are logged. */
  announce(row: OrderDocumentsTable): void;
  /** One round now: dial registered participants' nodes, read connected peers' logs, retry pending. */
  round(): Promise<void>;
  stats(): ReplicationStats;
};

/** Parameters of `createPublicationReplication`. */
export type CreatePublicationReplicationParameters = {
  db: Kysely<Schema>;
  publications: Publications;
  documents: DocumentStore;
  /** A Helia node (Kubo has no libp2p of ours: no replication there), started before `start`. */
  ipfs: IpfsNode;
  logger: Logger;
  /** Between rounds, in ms. Default: 30000. */
  intervalMs?: number | undefined;
  /** How long a document's bytes are waited for from peers, in ms (then the publication waits). Default: 10000. */
  fetchTimeoutMs?: number | undefined;
  /** Default: Date.now. */
  now?: (() => number) | undefined;
};

/**
 * Replicates the node's publications with its libp2p peers.
 * @example const replication = createPublicationReplication({ db, publications, documents, ipfs, logger }); await replication.start();
 */
export function createPublicationReplication(p: CreatePublicationReplicationParameters): PublicationReplication {
  const db = documentsDb(p.db);
  let libp2p: Libp2p | undefined;
  const started = (): Libp2p => {
    if (!libp2p) throw new Error("publication replication is not started");
    return libp2p;
  };
  const now = p.now ?? Date.now;
  const fetchTimeoutMs = p.fetchTimeoutMs ?? 10_000;
  const stats: ReplicationStats = { stored: 0, refused: 0, pending: 0 };
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  // One thing at a time: rounds, announcements and peers' logs all write the same rows.
  let queue: Promise<void> = Promise.resolve();
  let announcementsQueued = 0;
  const serially = (what: string, task: () => Promise<void>): Promise<void> => {
    queue = queue.then(async () => {
      if (stopped) return;
      try {
        await task();
      } catch (error) {
        p.logger.warn({ err: error }, `publication replication: ${what} failed`);
      }
    });
    return queue;
  };

  const wire = (row: OrderDocumentsTable): WirePublication => ({
    orderId: Number(row.order_id),
    kind: row.kind as DocumentKind,
    documentHash: row.document_hash as Hex,
    publisher: row.publisher,
    signature: row.signature as Hex,
    cid: row.cid ?? "",
    publishedAt: Number(row.published_at),
  });

  /** Sends one request to `peer` and reads its answer. */
  const ask = async (peer: PeerId, request: Request): Promise<unknown> => {
    const signal = AbortSignal.timeout(10_000);
    const stream = await started().dialProtocol(peer, publicationsProtocol, { signal });
    try {
      const lp = lpStream(stream, { maxDataLength: MAX_MESSAGE_BYTES });
      await lp.write(new TextEncoder().encode(JSON.stringify(request)), { signal });
      const answer = JSON.parse(new TextDecoder().decode((await lp.read({ signal })).subarray()));
      await stream.close({ signal });
      return answer;
    } catch (error) {
      stream.abort(error instanceof Error ? error : new Error(String(error)));
      throw error;
    }
  };

  const answer = async (request: Request): Promise<unknown> => {
    if (request.type === "since") {
      const rows = await db
        .selectFrom("order_documents")
        .selectAll()
        .where("published_at", ">=", request.cursor)
        .where("cid", "is not", null)
        .orderBy("published_at")
        .orderBy("order_id")
        .orderBy("document_hash")
        .limit(PAGE)
        .execute();
      const items = rows.map(wire);
      return { items, next: items.at(-1)?.publishedAt ?? request.cursor };
    }
    // A peer that announces faster than this node checks gets turned away, not queued without bound.
    if (announcementsQueued >= MAX_QUEUED_ANNOUNCEMENTS) {
      p.logger.warn("publication replication: too many announcements waiting, one turned away");
      return { accepted: 0 };
    }
    const items = request.items.slice(0, PAGE);
    announcementsQueued += 1;
    void serially("an announcement", async () => {
      for (const item of items) await receive(item);
    }).finally(() => {
      announcementsQueued -= 1;
    });
    return { accepted: items.length };
  };

  const handle = async (stream: Stream) => {
    try {
      const signal = AbortSignal.timeout(10_000);
      const lp = lpStream(stream, { maxDataLength: MAX_MESSAGE_BYTES });
      const request = parseRequest(JSON.parse(new TextDecoder().decode((await lp.read({ signal })).subarray())));
      await lp.write(new TextEncoder().encode(JSON.stringify(await answer(request))), { signal });
      await stream.close({ signal });
    } catch (error) {
      if (error instanceof InvalidParameterError) stats.refused += 1;
      p.logger.warn({ err: error }, "publication replication: a peer's request was dropped");
      stream.abort(error instanceof Error ? error : new Error(String(error)));
    }
  };

  const refuse = async (item: WirePublication, reason: string) => {
    stats.refused += 1;
    p.logger.warn({ publication: item, reason }, "publication replication: refused a publication");
    await forgetPending(item);
  };

  const forgetPending = (item: WirePublication) =>
    db
      .deleteFrom("pending_publications")
      .where("order_id", "=", item.orderId)
      .where("document_hash", "=", item.documentHash)
      .where("publisher", "=", item.publisher)
      .where("kind", "=", item.kind)
      .execute();

  const keepPending = async (item: WirePublication, reason: string) => {
    const held = await db
      .selectFrom("pending_publications")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    if (Number(held.n) >= MAX_PENDING) {
      p.logger.warn({ publication: item, reason }, "publication replication: too many pending, dropped one");
      return;
    }
    stats.pending += 1;
    await db
      .insertInto("pending_publications")
      .values({
        order_id: item.orderId,
        document_hash: item.documentHash,
        publisher: item.publisher,
        kind: item.kind,
        signature: item.signature,
        cid: item.cid,
        reason,
        received_at: now(),
      })
      .onConflict((oc) => oc.columns(["order_id", "document_hash", "publisher", "kind"]).doUpdateSet({ reason }))
      .execute();
  };

  /**
   * The file `cid` names, fetched from peers, when it hashes (keccak256) to `documentHash`; undefined
   * when it does not arrive in time; `InvalidParameterError("cid")` when it is not that document.
   */
  const fetchDocument = async (cid: string, documentHash: string, timeoutMs: number): Promise<string | undefined> => {
    const chunks: Uint8Array[] = [];
    let size = 0;
    try {
      for await (const chunk of p.ipfs.cat(cid, { timeoutMs })) {
        size += chunk.byteLength;
        if (size > MAX_MESSAGE_BYTES) throw new InvalidParameterError("cid", "names a file larger than a document");
        chunks.push(chunk);
      }
    } catch (error) {
      if (error instanceof InvalidParameterError) throw error;
      return undefined;
    }
    const bytes = new Uint8Array(size);
    let at = 0;
    for (const chunk of chunks) {
      bytes.set(chunk, at);
      at += chunk.byteLength;
    }
    if (keccak256(bytes) !== documentHash)
      throw new InvalidParameterError("cid", `names bytes that do not hash to ${documentHash}`);
    return new TextDecoder().decode(bytes);
  };

  /** The document's canonical JSON: from the file store, or fetched over IPFS by its CID. */
  const documentText = async (item: WirePublication, mayFetch: () => boolean): Promise<string | undefined> => {
    const held = p.documents.get(item.documentHash);
    if (held !== undefined || !mayFetch()) return held;
    return fetchDocument(item.cid, item.documentHash, fetchTimeoutMs);
  };

  /** Checks a publication from a peer as `POST /api/documents` checks one, and stores it when it passes. */
  const receive = async (item: WirePublication, mayFetch: () => boolean = () => true): Promise<void> => {
    const stored = await db
      .selectFrom("order_documents")
      .select("order_id")
      .where("order_id", "=", item.orderId)
      .where("document_hash", "=", item.documentHash)
      .where("publisher", "=", item.publisher)
      .where("kind", "=", item.kind)
      .executeTakeFirst();
    if (stored) return forgetPending(item).then(() => undefined);
    try {
      const signer = await p.publications.signer(item);
      if (signer.toLowerCase() !== item.publisher) return refuse(item, `signed by ${signer}, not by the publisher`);
      let role: Awaited<ReturnType<Publications["authorise"]>>["role"];
      try {
        ({ role } = await p.publications.authorise(item.publisher, item.orderId));
      } catch (error) {
        if (error instanceof ApiError && error.statusCode === 404)
          return keepPending(item, `order ${item.orderId} is not indexed yet`);
        if (error instanceof ApiError) return refuse(item, error.message);
        throw error;
      }
      const text = await documentText(item, mayFetch);
      if (text === undefined) return keepPending(item, `document ${item.cid} has not arrived from any peer`);
      const document: unknown = JSON.parse(text);
      p.publications.checkDocument(document, item.kind, item.orderId);
      await p.publications.store({ ...item, role, document });
      await forgetPending(item);
      stats.stored += 1;
    } catch (error) {
      if (error instanceof InvalidParameterError) return refuse(item, error.message);
      throw error;
    }
  };

  /** Reads `peer`'s log from where this node stopped, page by page. */
  const catchUp = async (peer: PeerId) => {
    const id = peer.toString();
    const saved = await db
      .selectFrom("publication_cursors")
      .select("cursor")
      .where("peer_id", "=", id)
      .executeTakeFirst();
    let cursor = Number(saved?.cursor ?? 0);
    for (;;) {
      const page = parsePage(await ask(peer, { type: "since", cursor }));
      for (const item of page.items) await receive(item);
      // A full page of one millisecond would repeat itself: step past it (a node stores far fewer a ms).
      const next = page.items.length === PAGE && page.next === cursor ? cursor + 1 : page.next;
      await db
        .insertInto("publication_cursors")
        .values({ peer_id: id, cursor: next })
        .onConflict((oc) => oc.column("peer_id").doUpdateSet({ cursor: next }))
        .execute();
      if (page.items.length < PAGE) return;
      cursor = next;
    }
  };

  // Profiles this node put into IPFS since it started, so peers can fetch them by their ipfs:// URI.
  const offered = new Set<string>();
  // When each missing profile was last asked for: asked again only after ten rounds.
  const askedAt = new Map<string, number>();
  const intervalMs = p.intervalMs ?? 30_000;

  /**
   * The libp2p addresses registered participants name in their profiles (`node.ipfs`). A profile this
   * node lacks is fetched over IPFS when its URI is `ipfs://<cid>` (a few a round, checked against the
   * registered hash); one it holds is offered in IPFS under that URI.
   */
  const registeredAddresses = async (): Promise<string[]> => {
    const rows = await p.db
      .selectFrom("participants")
      .select(["profile_hash", "profile_uri"])
      .orderBy("registered_block")
      .limit(MAX_PROFILES_READ)
      .execute();
    const addresses: string[] = [];
    let fetches = 0;
    for (const row of rows) {
      const cid = /^ipfs:\/\/([a-z0-9]+)$/i.exec(row.profile_uri)?.[1];
      let text = p.documents.get(row.profile_hash);
      if (text !== undefined && cid && !offered.has(row.profile_hash)) {
        const bytes = new TextEncoder().encode(text);
        await p.ipfs.add(
          (async function* () {
            yield bytes;
          })(),
        );
        offered.add(row.profile_hash);
      }
      const asked = askedAt.get(row.profile_hash);
      if (text === undefined && cid && fetches < MAX_PROFILE_FETCHES && !(asked && now() - asked < 10 * intervalMs)) {
        fetches += 1;
        askedAt.set(row.profile_hash, now());
        try {
          text = await fetchDocument(cid, row.profile_hash, PROFILE_FETCH_TIMEOUT_MS);
          if (text !== undefined) p.documents.put(JSON.parse(text));
        } catch (error) {
          p.logger.warn(
            { uri: row.profile_uri, err: error },
            "publication replication: a profile was not the registered one",
          );
        }
      }
      addresses.push(...nodeAddressesOf(text));
    }
    return addresses;
  };

  /**
   * Puts into IPFS the documents of publications stored without a CID (before this node had IPFS), so
   * they replicate too. Run at start, before peers read the log; each goes to the log's end (its
   * `published_at` becomes now), past every peer's cursor.
   */
  const addMissingCids = async () => {
    const rows = await db.selectFrom("order_documents").selectAll().where("cid", "is", null).execute();
    for (const row of rows) {
      const text = p.documents.get(row.document_hash);
      if (text === undefined) continue;
      const bytes = new TextEncoder().encode(text);
      const cid = await p.ipfs.add(
        (async function* () {
          yield bytes;
        })(),
      );
      await db
        .updateTable("order_documents")
        .set({ cid, published_at: now() })
        .where("order_id", "=", row.order_id)
        .where("document_hash", "=", row.document_hash)
        .where("publisher", "=", row.publisher)
        .where("kind", "=", row.kind)
        .execute();
    }
  };

  const round = async () => {
    await p.ipfs.connect(await registeredAddresses(), { max: MAX_PROFILE_DIALS });
    for (const peer of started().getPeers()) {
      await catchUp(peer).catch((error: unknown) => {
        // Peers that are not DIPNET nodes (a plain IPFS node) do not speak the protocol: not worth a warning each round.
        const level = error instanceof Error && error.name === "UnsupportedProtocolError" ? "debug" : "warn";
        p.logger[level]({ peer: peer.toString(), err: error }, "publication replication: a peer's log was not read");
      });
    }
    const pending = await db
      .selectFrom("pending_publications")
      .selectAll()
      .orderBy("received_at")
      .limit(PENDING_PER_ROUND)
      .execute();
    let fetches = 0;
    const mayFetch = () => fetches++ < PENDING_FETCHES_PER_ROUND;
    for (const row of pending) await receive(wire({ ...row, role: "", published_at: 0 }), mayFetch);
  };

  const onConnect = (event: CustomEvent<PeerId>) => {
    const peer = event.detail;
    void serially(`reading ${peer.toString()}'s log`, () => catchUp(peer));
  };

  return {
    async start() {
      libp2p = p.ipfs.libp2p();
      if (!libp2p) throw new Error("publication replication needs the embedded Helia node");
      await addMissingCids();
      await libp2p.handle(publicationsProtocol, handle);
      libp2p.addEventListener("peer:connect", onConnect);
      for (const peer of libp2p.getPeers()) void serially(`reading ${peer.toString()}'s log`, () => catchUp(peer));
      void serially("a round", round);
      timer = setInterval(() => void serially("a round", round), intervalMs);
    },
    async stop() {
      clearInterval(timer);
      if (!libp2p) return;
      libp2p.removeEventListener("peer:connect", onConnect);
      await libp2p.unhandle(publicationsProtocol).catch(() => {});
      stopped = true;
      await queue;
    },
    announce(row) {
      if (!row.cid || !libp2p) return;
      const item = wire(row);
      for (const peer of libp2p.getPeers()) {
        ask(peer, { type: "announce", items: [item] }).catch((error: unknown) =>
          p.logger.warn({ peer: peer.toString(), err: error }, "publication replication: an announcement failed"),
        );
      }
    },
    round: () => serially("a round", round),
    stats: () => ({ ...stats }),
  };
}

/** The multiaddrs a profile document names under `node.ipfs` (none when it names none, or is not JSON). */
function nodeAddressesOf(profileText: string | undefined): string[] {
  if (profileText === undefined) return [];
  try {
    const profile: unknown = JSON.parse(profileText);
    const node = (profile as { node?: { ipfs?: unknown } } | null)?.node;
    const addresses = node?.ipfs;
    return Array.isArray(addresses)
      ? addresses.filter((a): a is string => typeof a === "string" && a.includes("/p2p/"))
      : [];
  } catch {
    return [];
  }
}

const hash = /^0x[0-9a-f]{64}$/;
const address = /^0x[0-9a-f]{40}$/;
const signature = /^0x[0-9a-f]{130}$/;

/** A peer's publication, checked for shape (its truth is `receive`'s to check); throws naming the field. */
function parseWirePublication(value: unknown, at: string): WirePublication {
  const v = (value ?? {}) as Record<string, unknown>;
  const fail = (field: string, reason: string): never => {
    throw new InvalidParameterError(`${at}.${field}`, reason);
  };
  if (!Number.isSafeInteger(v.orderId) || (v.orderId as number) < 1) fail("orderId", "must be a positive integer");
  if (!documentKinds.includes(v.kind as DocumentKind)) fail("kind", `must be one of ${documentKinds.join(", ")}`);
  if (typeof v.documentHash !== "string" || !hash.test(v.documentHash))
    fail("documentHash", "must be a lowercase 32-byte hex hash");
  if (typeof v.publisher !== "string" || !address.test(v.publisher)) fail("publisher", "must be a lowercase address");
  if (typeof v.signature !== "string" || !signature.test(v.signature))
    fail("signature", "must be a lowercase 65-byte hex signature");
  if (typeof v.cid !== "string") fail("cid", "must be a CID");
  try {
    CID.parse(v.cid as string);
  } catch {
    fail("cid", "must be a CID");
  }
  if (!Number.isSafeInteger(v.publishedAt) || (v.publishedAt as number) < 0)
    fail("publishedAt", "must be ms since the epoch");
  return {
    orderId: v.orderId as number,
    kind: v.kind as DocumentKind,
    documentHash: v.documentHash as Hex,
    publisher: v.publisher as string,
    signature: v.signature as Hex,
    cid: v.cid as string,
    publishedAt: v.publishedAt as number,
  };
}

function parseRequest(value: unknown): Request {
  const v = (value ?? {}) as Record<string, unknown>;
  if (v.type === "since" && Number.isSafeInteger(v.cursor) && (v.cursor as number) >= 0)
    return { type: "since", cursor: v.cursor as number };
  if (v.type === "announce" && Array.isArray(v.items))
    return {
      type: "announce",
      items: v.items.slice(0, PAGE).map((item, i) => parseWirePublication(item, `items[${i}]`)),
    };
  throw new InvalidParameterError("type", 'must be "since" with a cursor or "announce" with items');
}

function parsePage(value: unknown): { items: WirePublication[]; next: number } {
  const v = (value ?? {}) as Record<string, unknown>;
  if (!Array.isArray(v.items) || !Number.isSafeInteger(v.next))
    throw new InvalidParameterError("items", "a peer's log page must hold items and next");
  return {
    items: v.items.slice(0, PAGE).map((item, i) => parseWirePublication(item, `items[${i}]`)),
    next: v.next as number,
  };
}
