// The node's IPFS: an embedded Helia node (libp2p over TCP, blocks and peer identity kept in the
// data dir, bitswap between DIPNET nodes), or an external Kubo node over its RPC API. Both behind
// `IpfsNode`, which the vault module (ciphertext only) and the documents module (published documents,
// public evidence by design, and their replication protocol over the embedded node's libp2p) use.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { withBitswap } from "@helia/bitswap";
import type { BlockBroker, HeliaMixin } from "@helia/interface";
import { type CatOptions, type UnixFS, unixfs } from "@helia/unixfs";
import { loadOrCreateSelfKey } from "@libp2p/config";
import { identify } from "@libp2p/identify";
import { type AbortOptions, type Libp2p, stop } from "@libp2p/interface";
import { noise } from "@libp2p/noise";
import { tcp } from "@libp2p/tcp";
import { yamux } from "@libp2p/yamux";
import { multiaddr } from "@multiformats/multiaddr";
import { IdentityBlockstore } from "blockstore-core/identity";
import { FsBlockstore } from "blockstore-fs";
import { MemoryDatastore } from "datastore-core/memory";
import { FsDatastore } from "datastore-fs";
import { balanced } from "ipfs-unixfs-importer/layout";
import { create as createKuboClient } from "kubo-rpc-client";
import { createLibp2p } from "libp2p";
import { CID } from "multiformats/cid";
import { sha256 } from "multiformats/hashes/sha2";
import type { Logger } from "pino";

/** Where the node's files live: the embedded Helia node (default) or an external Kubo node. */
export type IpfsConfig =
  | {
      kind: "helia";
      /** libp2p listen addresses. Default (DIPNET_IPFS_LISTEN unset): `/ip4/127.0.0.1/tcp/0`. */
      listen: string[];
      /** Peers dialled at start and again before a fetch when not connected (DIPNET_IPFS_PEERS). */
      peers: string[];
      /** Addresses other nodes should dial, when the listen addresses are not reachable as they are (DIPNET_IPFS_ANNOUNCE). Default: the listen addresses. */
      announce?: string[] | undefined;
    }
  | { kind: "kubo"; apiUrl: string };

/** A file could not be had: it never arrived from any peer in time (504), or the CID is not one (400). */
export class IpfsFetchError extends Error {
  override name = "IpfsFetchError";
  readonly reason: "timeout" | "invalid-cid";
  constructor(message: string, reason: "timeout" | "invalid-cid") {
    super(message);
    this.reason = reason;
  }
}

/** The IPFS node behind the vault. */
export type IpfsNode = {
  kind: IpfsConfig["kind"];
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Adds a file as UnixFS from a byte stream; resolves with its CID (v1). */
  add(bytes: AsyncIterable<Uint8Array>): Promise<string>;
  /**
   * The file's size, fetching its root from peers when it is not local. Throws `IpfsFetchError`
   * when the CID is malformed or the root does not arrive within `timeoutMs`.
   */
  size(cid: string, options: { timeoutMs: number }): Promise<number>;
  /** Streams the file; a gap of `timeoutMs` with no data from any peer aborts it with `IpfsFetchError`. */
  cat(cid: string, options: { timeoutMs: number }): AsyncIterable<Uint8Array>;
  /** This node's peer id and the addresses other nodes dial (empty for Kubo). */
  identity(): { peerId: string | undefined; multiaddrs: string[] };
  /** Peers connected now. */
  peers(): string[];
  /**
   * Dials the peers of `multiaddrs` (each ending in `/p2p/<peer id>`) that are not connected, at most
   * `max` of them; a failure is logged, never thrown (a peer may be down). No-op for Kubo.
   */
  connect(multiaddrs: readonly string[], options?: { max?: number }): Promise<void>;
  /** The embedded node's libp2p once started, for DIPNET's own protocols (undefined for Kubo). */
  libp2p(): Libp2p | undefined;
};

/**
 * Creates the IPFS node of a DIPNET node (not started).
 * @example const ipfs = createIpfsNode({ dataDir: ".dipnet", config: { kind: "helia", listen: [], peers: [] } }); await ipfs.start();
 */
export function createIpfsNode(p: { dataDir: string; config: IpfsConfig; logger?: Logger | undefined }): IpfsNode {
  return p.config.kind === "kubo" ? kuboNode(p.config.apiUrl) : heliaNode(p.dataDir, p.config, p.logger);
}

function parseCid(cid: string): CID {
  try {
    return CID.parse(cid);
  } catch {
    throw new IpfsFetchError(`"${cid}" is not a CID`, "invalid-cid");
  }
}

// The importer holds every leaf block of a DAG node until the node is built; @helia/unixfs's
// default of 1024 children kept a whole 200 MB file in memory, 16 keeps 16 MiB.
const layout = balanced({ maxChildrenPerNode: 16 });

// Blocks the importer hashes and writes at once (its default is 10). Measured on a 200 MiB file, 1
// stores it faster (74–79 MB/s against 43–45) and holds less (peak RSS 255–258 MiB against 288).
const blockWriteConcurrency = 1;

// Blocks (1 MiB each, UnixFS's default chunk) the exporter loads at once. Unbounded, it asks for every
// block of a file and holds what arrives out of order (a 200 MB file in memory); above 1, a fetch
// aborted by the idle timeout left its sibling loads rejected unhandled, which ended the process.
// Measured on a 200 MiB file over loopback, 2, 4 and 8 are no faster than 1 and cost more: each
// bitswap message then carries several blocks, and both nodes spend more CPU (up to twice) and
// memory (+30 MiB) moving them.
const readAhead = 1;

const neverArrived = (cid: string, timeoutMs: number, what: string) =>
  new IpfsFetchError(`file ${cid} did not arrive from any IPFS peer within ${timeoutMs} ms (${what})`, "timeout");

/**
 * The blocks of the embedded node: those in the data dir, else fetched from peers by the block
 * brokers (bitswap), each checked against its CID before it is kept and returned.
 */
class NetworkedBlockstore {
  private readonly local: IdentityBlockstore;
  private readonly brokers: readonly BlockBroker[];
  constructor(local: FsBlockstore, brokers: readonly BlockBroker[]) {
    // Identity CIDs carry their bytes inline: read from the CID, never fetched or stored.
    this.local = new IdentityBlockstore(local);
    this.brokers = brokers;
  }

  has(cid: CID, options?: AbortOptions): Promise<boolean> {
    return Promise.resolve(this.local.has(cid, options));
  }

  async put(cid: CID, block: Uint8Array, options?: AbortOptions): Promise<CID> {
    if (await this.local.has(cid, options)) return cid;
    await this.local.put(cid, block, options);
    // Peers that asked for it while it was missing get it now.
    await Promise.all(this.brokers.map((broker) => broker.announce?.(cid, options)));
    return cid;
  }

  async *get(cid: CID, options: AbortOptions = {}): AsyncGenerator<Uint8Array> {
    if (await this.local.has(cid, options)) {
      yield* this.local.get(cid, options);
      return;
    }
    if (cid.multihash.code !== sha256.code)
      throw new Error(`block ${cid} is not local and its hash (0x${cid.multihash.code.toString(16)}) is not sha2-256`);
    const block = await Promise.any(
      this.brokers.flatMap((broker) => (broker.retrieve ? [broker.retrieve(cid, options)] : [])),
    ).catch((error: unknown) => {
      options.signal?.throwIfAborted();
      throw error;
    });
    const digest = await sha256.digest(block);
    if (!equalBytes(digest.digest, cid.multihash.digest))
      throw new Error(`a peer sent a block for ${cid} that does not hash to it`);
    await this.put(cid, block, options);
    yield block;
  }
}

const equalBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((byte, i) => byte === b[i]);

function heliaNode(dataDir: string, config: Extract<IpfsConfig, { kind: "helia" }>, logger?: Logger): IpfsNode {
  const dir = path.join(dataDir, "ipfs");
  mkdirSync(path.join(dir, "blocks"), { recursive: true });
  mkdirSync(path.join(dir, "datastore"), { recursive: true });
  // A light Helia node built from its parts: libp2p with TCP, Noise, Yamux and identify, and
  // @helia/bitswap. No public bootstrap, DHT, delegated routing or HTTP gateways: DIPNET nodes find
  // each other by configuration, and a file stays inside the network. Not `helia`'s createHeliaLight
  // with @helia/libp2p: those entry points load @helia/http and @helia/libp2p's default libp2p
  // config (DHT, WebRTC, AutoTLS, relays…), ~65 MiB of resident code a DIPNET node never runs.
  const datastore = new FsDatastore(path.join(dir, "datastore"));
  const brokers: BlockBroker[] = [];
  const mixins: HeliaMixin[] = [];
  const blockstore = new NetworkedBlockstore(new FsBlockstore(path.join(dir, "blocks")), brokers);
  let libp2p: Libp2p | undefined;
  // What withBitswap uses of a Helia node: its mixin and broker registry, its status while starting,
  // and the components its bitswap runs on (libp2p, blocks, routing, logger, hashers).
  const helia = {
    status: "stopped" as "starting" | "started" | "stopped",
    blockstore,
    get libp2p(): Libp2p {
      if (!libp2p) throw new Error("IPFS node not started");
      return libp2p;
    },
    get logger() {
      return this.libp2p.logger;
    },
    // No content routing (no DHT): bitswap asks the connected peers.
    routing: { async *findProviders() {} },
    getHasher(code: number) {
      if (code !== sha256.code) throw new Error(`hash 0x${code.toString(16)} is not supported: blocks are sha2-256`);
      return sha256;
    },
    addMixin: (mixin: HeliaMixin) => mixins.push(mixin),
    hasBlockBroker: (name: string) => brokers.some((broker) => broker.name === name),
    addBlockBroker: (broker: BlockBroker) => brokers.push(broker),
  };
  // bitswap waits 10 ms (its default) to gather wants into one message; a read asks for one block at a
  // time (readAhead), so the wait only delayed every block.
  withBitswap(helia as unknown as Parameters<typeof withBitswap>[0], { sendWantlistDebounce: 0 });
  const startNode = async () => {
    helia.status = "starting";
    libp2p = await createLibp2p({
      // The peer identity stays in the data dir (where createHeliaLight kept it); the peer store does
      // not: libp2p writes a peer's record on every stream it opens (bitswap opens one per message),
      // and DIPNET dials its peers by address at start.
      privateKey: await loadOrCreateSelfKey(datastore),
      datastore: new MemoryDatastore(),
      addresses: {
        listen: config.listen.length > 0 ? config.listen : ["/ip4/127.0.0.1/tcp/0"],
        ...(config.announce?.length ? { announce: config.announce } : {}),
      },
      transports: [tcp()],
      connectionEncrypters: [noise()],
      streamMuxers: [yamux()],
      services: { identify: identify() },
    });
    for (const mixin of mixins) await mixin.start?.(helia as unknown as Parameters<typeof withBitswap>[0]);
    helia.status = "started";
  };
  const stopNode = async () => {
    await stop(...brokers);
    // A restart builds a new libp2p, and withBitswap a new broker on it.
    brokers.length = 0;
    await libp2p?.stop();
    helia.status = "stopped";
  };
  let fs: UnixFS | undefined;
  /** Dials the peers of `addresses` that are not connected; failures are logged, never fatal (a peer may be down). */
  const connect = async (addresses: readonly string[], max = Number.POSITIVE_INFINITY) => {
    const connected = new Set(helia.libp2p.getConnections().map((c) => c.remotePeer.toString()));
    connected.add(helia.libp2p.peerId.toString());
    const targets = addresses
      .flatMap((a) => {
        try {
          return [multiaddr(a)];
        } catch (error) {
          logger?.warn({ peer: a, err: error }, "IPFS peer address is not a multiaddr");
          return [];
        }
      })
      .filter((a) => !connected.has(a.getComponents().find((c) => c.name === "p2p")?.value ?? ""))
      .slice(0, max);
    await Promise.all(
      targets.map((a) =>
        helia.libp2p.dial(a, { signal: AbortSignal.timeout(5_000) }).catch((error: unknown) => {
          logger?.warn({ peer: a.toString(), err: error }, "IPFS peer not reachable");
        }),
      ),
    );
  };
  const dialPeers = () => connect(config.peers);

  return {
    kind: "helia",
    async start() {
      await startNode();
      fs = unixfs(helia);
      await dialPeers();
    },
    async stop() {
      await stopNode();
    },
    async add(bytes) {
      if (!fs) throw new Error("IPFS node not started");
      return (await fs.addByteStream(bytes, { layout, blockWriteConcurrency })).toString();
    },
    async size(cid, { timeoutMs }) {
      if (!fs) throw new Error("IPFS node not started");
      const parsed = parseCid(cid);
      if (!(await helia.blockstore.has(parsed))) await dialPeers();
      const signal = AbortSignal.timeout(timeoutMs);
      try {
        return Number((await fs.stat(parsed, { signal })).size);
      } catch (error) {
        if (signal.aborted) throw neverArrived(cid, timeoutMs, "its root block");
        throw error;
      }
    },
    async *cat(cid, { timeoutMs }) {
      if (!fs) throw new Error("IPFS node not started");
      const parsed = parseCid(cid);
      const idle = new AbortController();
      let timer = setTimeout(() => idle.abort(), timeoutMs);
      try {
        // @helia/unixfs passes its options on to ipfs-unixfs-exporter, whose option this is.
        const options: CatOptions & { blockReadConcurrency: number } = {
          signal: idle.signal,
          blockReadConcurrency: readAhead,
        };
        for await (const bytes of fs.cat(parsed, options)) {
          clearTimeout(timer);
          yield bytes;
          timer = setTimeout(() => idle.abort(), timeoutMs);
        }
      } catch (error) {
        if (idle.signal.aborted) throw neverArrived(cid, timeoutMs, "a block of it");
        throw error;
      } finally {
        clearTimeout(timer);
      }
    },
    identity() {
      const peerId = helia.libp2p.peerId.toString();
      return { peerId, multiaddrs: helia.libp2p.getMultiaddrs().map((a) => a.toString()) };
    },
    peers() {
      return helia.libp2p.getPeers().map((id) => id.toString());
    },
    connect: (addresses, options) => connect(addresses, options?.max),
    libp2p: () => helia.libp2p,
  };
}

// Kept to the same calls as the embedded node; a Kubo daemon does its own peering and storage.
function kuboNode(apiUrl: string): IpfsNode {
  const kubo = createKuboClient({ url: apiUrl });
  return {
    kind: "kubo",
    async start() {},
    async stop() {},
    async add(bytes) {
      return (await kubo.add(bytes, { cidVersion: 1, rawLeaves: true })).cid.toString();
    },
    async size(cid, { timeoutMs }) {
      const parsed = parseCid(cid);
      const signal = AbortSignal.timeout(timeoutMs);
      try {
        return Number((await kubo.files.stat(`/ipfs/${parsed}`, { signal })).size);
      } catch (error) {
        if (signal.aborted) throw neverArrived(cid, timeoutMs, "its root block");
        throw error;
      }
    },
    cat(cid, { timeoutMs }) {
      return kubo.cat(parseCid(cid), { timeout: timeoutMs });
    },
    identity() {
      return { peerId: undefined, multiaddrs: [] };
    },
    peers() {
      return [];
    },
    async connect() {},
    libp2p: () => undefined,
  };
}
