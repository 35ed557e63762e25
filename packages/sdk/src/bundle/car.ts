// An evidence bundle as a CAR file (CARv1, one root): everything an auditor needs about an order or
// a part, each item a block named by the SHA-256 of its bytes, and a root block indexing them.
// Documents are `json` blocks holding their canonical JSON exactly as hashed (so keccak256 of the
// block is the hash committed on chain); structure blocks are DAG-CBOR with real IPLD links, so
// generic IPLD tools (`ipfs dag import`, `ipfs-car`) can walk a bundle too.

import * as CarBufferWriter from "@ipld/car/buffer-writer";
import { CarIndexer } from "@ipld/car/indexer";
import * as dagCbor from "@ipld/dag-cbor";
import { sha256 as sha256Bytes } from "@noble/hashes/sha256";
import { CID } from "multiformats/cid";
import * as json from "multiformats/codecs/json";
import { create as createDigest } from "multiformats/hashes/digest";
import type { Address, Hex } from "viem";
import { canonicalDocumentJson } from "../actions/evidence/production.ts";
import type { SignedPublication } from "./publication.ts";

/** The format tag of a bundle's root block. */
export const evidenceBundleFormat = "dipnet-evidence-bundle/v1";

/** The media type of a CAR file. */
export const carMediaType = "application/vnd.ipld.car";

/** The contracts whose events a bundle may cite, by role. */
export const bundleContracts = ["orderMarket", "participantRegistry", "evidenceRegistry", "capacityLedger"] as const;
export type BundleContract = (typeof bundleContracts)[number];
/** The contracts certifications are checked against (EAS attestations, the certifier registry's verdict). */
export const bundleIdentityContracts = ["certifierRegistry", "eas", "didRegistry"] as const;
export type BundleIdentityContract = (typeof bundleIdentityContracts)[number];

/** One event on chain a bundle relies on: where it is, what it says, and the documents its hashes commit to. */
export type BundleChainEvent = {
  contract: BundleContract;
  address: Address;
  /** The event's name in the contract's ABI, e.g. `MilestoneSubmitted`. */
  event: string;
  txHash: Hex;
  blockNumber: number;
  blockHash: Hex;
  logIndex: number;
  /** Decoded arguments (big integers as decimal strings). */
  args: Record<string, unknown>;
  /** Documents committed by a hash argument: argument path (`evidenceHash`, `params.specHash`) → canonical JSON text. */
  documents?: Record<string, string> | undefined;
};

/** A certification (EAS attestation) of a party, as the bundle claims it. */
export type BundleCertification = {
  uid: Hex;
  subject: Address;
  certifier: Address;
  type: string;
  certificateNumber: string;
  /** Unix seconds, decimal. */
  issuedAt: string;
  expiresAt: string;
};

/** A party of the order or part: how it relates, its registration on chain, its certifications. */
export type BundleParty = {
  address: Address;
  /** e.g. `customer`, `maker`, `arbiter`, `publisher`, `custodian`. */
  roles: string[];
  registration?: BundleChainEvent | undefined;
  certifications: BundleCertification[];
};

/** What a bundle is about. */
export type BundleSubject = { kind: "order"; orderId: string } | { kind: "part"; part: string; orderId: string };

/** Everything a bundle holds, decoded. */
export type EvidenceBundle = {
  format: typeof evidenceBundleFormat;
  subject: BundleSubject;
  /** ISO 8601: when the bundle was made. */
  createdAt: string;
  chain: {
    chainId: number;
    contracts: Partial<Record<BundleContract | BundleIdentityContract, Address>> & { orderMarket: Address };
  };
  /** The order's (or part's) events on chain, in chain order. */
  events: BundleChainEvent[];
  /** Documents the parties published for the order, each with its publisher's signature. */
  publications: (SignedPublication & { document: string })[];
  /** Reading proofs (`dipnet-reading-proof/v1`) of the machine readings the evidence documents cite. */
  readings: unknown[];
  parties: BundleParty[];
};

const sha256Code = 0x12;
const sha256 = (bytes: Uint8Array) => createDigest(sha256Code, sha256Bytes(bytes));

type Block = { cid: CID; bytes: Uint8Array };

const cborBlock = (value: unknown): Block => {
  const bytes = dagCbor.encode(value);
  return { cid: CID.createV1(dagCbor.code, sha256(bytes)), bytes };
};
const jsonBlock = (text: string): Block => {
  const bytes = new TextEncoder().encode(text);
  return { cid: CID.createV1(json.code, sha256(bytes)), bytes };
};

/**
 * Encodes a bundle as a CAR file: blocks in a fixed order (the root first), each once.
 * @example const car = encodeEvidenceBundle(bundle); writeFileSync("order-12.car", car);
 */
export function encodeEvidenceBundle(bundle: EvidenceBundle): Uint8Array {
  const blocks = new Map<string, Block>();
  const add = (block: Block): CID => {
    blocks.set(block.cid.toString(), block);
    return block.cid;
  };
  const eventBlock = (e: BundleChainEvent): CID => {
    const documents = Object.fromEntries(
      Object.entries(e.documents ?? {}).map(([path, text]) => [path, add(jsonBlock(text))]),
    );
    const { documents: _, ...ref } = e;
    return add(cborBlock({ ...ref, documents }));
  };
  const index = {
    format: bundle.format,
    subject: bundle.subject,
    createdAt: bundle.createdAt,
    chain: bundle.chain,
    events: bundle.events.map(eventBlock),
    publications: bundle.publications.map(({ document, ...p }) =>
      add(cborBlock({ ...p, document: add(jsonBlock(document)) })),
    ),
    readings: bundle.readings.map((r) => add(jsonBlock(canonicalDocumentJson(r)))),
    parties: bundle.parties.map(({ registration, ...p }) =>
      add(cborBlock({ ...p, registration: registration ? eventBlock(registration) : null })),
    ),
  };
  const root = cborBlock(index);
  const ordered = [root, ...blocks.values()];
  const headerSize = CarBufferWriter.headerLength({ roots: [root.cid] });
  const size = ordered.reduce((n, b) => n + CarBufferWriter.blockLength(b), headerSize);
  const writer = CarBufferWriter.createWriter(new ArrayBuffer(size), { roots: [root.cid], headerSize });
  for (const block of ordered) writer.write(block);
  return writer.close();
}

/** A check of a bundle failed: `check` names it, `block` the block it failed on (index in the file and CID). */
export class BundleCheckError extends Error {
  override name = "BundleCheckError";
  readonly check: string;
  readonly block: string | undefined;
  constructor(check: string, reason: string, block?: string | undefined) {
    super(block ? `${check} check failed at ${block}: ${reason}` : `${check} check failed: ${reason}`);
    this.check = check;
    this.block = block;
  }
}

/** A bundle read back: its decoded content and how many blocks it had. */
export type ReadEvidenceBundle = { bundle: EvidenceBundle; blocks: number; root: string };

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Reads a CAR file as an evidence bundle, checking every block against its CID first: any altered
 * byte fails, naming the block (`block #3 (bagu…)`) or the header. Then every block must be linked
 * from the root and every link present. Throws `BundleCheckError` (`blocks` or `format`).
 */
export async function readEvidenceBundle(car: Uint8Array): Promise<ReadEvidenceBundle> {
  const blocks = new Map<string, { bytes: Uint8Array; name: string; codec: number }>();
  let root: CID;
  let position = 0;
  try {
    const indexer = await CarIndexer.fromBytes(car);
    const roots = await indexer.getRoots();
    if (roots.length !== 1)
      throw new BundleCheckError("blocks", `the CAR header names ${roots.length} roots, not 1`, "header");
    root = roots[0] as CID;
    for await (const entry of indexer) {
      const name = `block #${position} (${entry.cid.toString()})`;
      if (entry.blockOffset + entry.blockLength > car.length)
        throw new BundleCheckError("blocks", "its length runs past the end of the file (truncated or altered)", name);
      const bytes = car.subarray(entry.blockOffset, entry.blockOffset + entry.blockLength);
      if (entry.cid.version !== 1 || entry.cid.multihash.code !== sha256Code)
        throw new BundleCheckError("blocks", "not a CIDv1 with a SHA-256 multihash", name);
      const digest = sha256Bytes(bytes);
      const claimed = entry.cid.multihash.digest;
      if (claimed.length !== digest.length || claimed.some((b, i) => b !== digest[i]))
        throw new BundleCheckError("blocks", "its bytes do not hash to its CID (altered)", name);
      if (entry.cid.code !== dagCbor.code && entry.cid.code !== json.code)
        throw new BundleCheckError(
          "blocks",
          `codec 0x${entry.cid.code.toString(16)} is neither DAG-CBOR nor JSON`,
          name,
        );
      const key = entry.cid.toString();
      if (blocks.has(key)) throw new BundleCheckError("blocks", "appears twice", name);
      blocks.set(key, { bytes, name, codec: entry.cid.code });
      position++;
    }
  } catch (error) {
    if (error instanceof BundleCheckError) throw error;
    throw new BundleCheckError(
      "blocks",
      `malformed CAR: ${message(error)}`,
      position === 0 && blocks.size === 0 ? "header or block #0" : `block #${position}`,
    );
  }
  const rootBlock = blocks.get(root.toString());
  if (!rootBlock || root.code !== dagCbor.code)
    throw new BundleCheckError("blocks", `the root ${root.toString()} is not a DAG-CBOR block of the file`, "header");

  const reached = new Set<string>();
  const load = (cid: unknown, what: string): { bytes: Uint8Array; name: string; codec: number } => {
    const link = CID.asCID(cid);
    if (!link) throw new BundleCheckError("format", `${what} is not a link`, rootBlock.name);
    const block = blocks.get(link.toString());
    if (!block) throw new BundleCheckError("blocks", `${what} links ${link.toString()}, which the file lacks`);
    if (block.codec !== link.code)
      throw new BundleCheckError("blocks", `${what}: codec differs from its link`, block.name);
    reached.add(link.toString());
    return block;
  };
  const cbor = (cid: unknown, what: string): Record<string, unknown> => {
    const block = load(cid, what);
    if (block.codec !== dagCbor.code)
      throw new BundleCheckError("format", `${what} must be a DAG-CBOR block`, block.name);
    try {
      const value = dagCbor.decode(block.bytes);
      if (typeof value !== "object" || value === null || Array.isArray(value)) throw new Error("not a map");
      return value as Record<string, unknown>;
    } catch (error) {
      throw new BundleCheckError("format", `${what}: ${message(error)}`, block.name);
    }
  };
  const text = (cid: unknown, what: string): string => {
    const block = load(cid, what);
    if (block.codec !== json.code) throw new BundleCheckError("format", `${what} must be a JSON block`, block.name);
    return new TextDecoder("utf-8", { fatal: true }).decode(block.bytes);
  };
  const list = (value: unknown, what: string): unknown[] => {
    if (!Array.isArray(value)) throw new BundleCheckError("format", `${what} must be a list`, rootBlock.name);
    return value;
  };

  reached.add(root.toString());
  const index = cbor(root, "the root");
  if (index.format !== evidenceBundleFormat)
    throw new BundleCheckError("format", `the root's format is not "${evidenceBundleFormat}"`, rootBlock.name);
  const chain = index.chain as { chainId?: unknown; contracts?: Record<string, unknown> } | undefined;
  if (
    !Number.isSafeInteger(chain?.chainId) ||
    typeof chain?.contracts !== "object" ||
    chain.contracts === null ||
    !Object.values(chain.contracts).every((a) => typeof a === "string" && /^0x[0-9a-fA-F]{40}$/.test(a)) ||
    typeof chain.contracts.orderMarket !== "string"
  )
    throw new BundleCheckError(
      "format",
      "the root's chain must name a chain id and the contracts' addresses",
      rootBlock.name,
    );
  const subject = index.subject as { kind?: unknown; orderId?: unknown } | undefined;
  if ((subject?.kind !== "order" && subject?.kind !== "part") || typeof subject.orderId !== "string")
    throw new BundleCheckError("format", "the root's subject must be an order or a part of one", rootBlock.name);
  const event = (cid: unknown, what: string): BundleChainEvent => {
    const e = cbor(cid, what);
    const documents = e.documents as Record<string, unknown> | undefined;
    if (typeof documents !== "object" || documents === null)
      throw new BundleCheckError("format", `${what} has no documents map`, blocks.get(String(CID.asCID(cid)))?.name);
    const ref = e as Record<string, unknown>;
    if (
      typeof ref.txHash !== "string" ||
      typeof ref.blockHash !== "string" ||
      typeof ref.event !== "string" ||
      typeof ref.address !== "string" ||
      !Number.isSafeInteger(ref.blockNumber) ||
      !Number.isSafeInteger(ref.logIndex) ||
      typeof ref.args !== "object" ||
      ref.args === null
    )
      throw new BundleCheckError(
        "format",
        `${what} must name a transaction, block, log, contract, event and arguments`,
      );
    return {
      ...(e as unknown as BundleChainEvent),
      documents: Object.fromEntries(
        Object.entries(documents).map(([path, link]) => [path, text(link, `${what}'s document ${path}`)]),
      ),
    };
  };
  const bundle: EvidenceBundle = {
    format: evidenceBundleFormat,
    subject: index.subject as BundleSubject,
    createdAt: String(index.createdAt),
    chain: index.chain as EvidenceBundle["chain"],
    events: list(index.events, "events").map((cid, i) => event(cid, `events[${i}]`)),
    publications: list(index.publications, "publications").map((cid, i) => {
      const p = cbor(cid, `publications[${i}]`);
      return { ...(p as unknown as SignedPublication), document: text(p.document, `publications[${i}]'s document`) };
    }),
    readings: list(index.readings, "readings").map((cid, i) => {
      const source = text(cid, `readings[${i}]`);
      try {
        return JSON.parse(source) as unknown;
      } catch {
        throw new BundleCheckError("format", `readings[${i}] is not JSON`);
      }
    }),
    parties: list(index.parties, "parties").map((cid, i) => {
      const p = cbor(cid, `parties[${i}]`);
      return {
        ...(p as unknown as BundleParty),
        registration: p.registration === null ? undefined : event(p.registration, `parties[${i}].registration`),
      };
    }),
  };
  for (const [key, block] of blocks)
    if (!reached.has(key)) throw new BundleCheckError("blocks", "no link of the bundle leads to it", block.name);
  return { bundle, blocks: blocks.size, root: root.toString() };
}

/** Multicodec of raw bytes, the codec of a one-chunk UnixFS file's leaf. */
const rawCodec = 0x55;

/**
 * The CID a DIPNET node's IPFS gives a file of one chunk (up to 1 MiB, such as a JSON document):
 * CIDv1, raw, sha2-256 of its bytes. Lets a publisher name a document's CID before any node holds it.
 * @example const uri = `ipfs://${smallFileCid(new TextEncoder().encode(canonicalDocumentJson(profile)))}`;
 */
export function smallFileCid(bytes: Uint8Array): string {
  if (bytes.byteLength > 1024 * 1024) throw new RangeError("a file of more than one chunk (1 MiB) has a DAG root CID");
  return CID.createV1(rawCodec, sha256(bytes)).toString();
}
