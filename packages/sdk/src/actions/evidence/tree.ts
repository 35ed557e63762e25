// Merkle batches of device messages, in OpenZeppelin's `StandardMerkleTree` format (npm
// `@openzeppelin/merkle-tree`, "standard-v1"), so the registry's `MerkleProof` check and OZ's own
// `StandardMerkleTree.verify` accept the proofs. One leaf per signed device message:
//   (bytes32 deviceKey, uint64 seq, uint64 ts, bytes32 messageHash)
// deviceKey = keccak256(abi.encode(manufacturer, device id)) (`deviceKeyOf`); seq and ts as the device sent them (ts in ms);
// messageHash = sha256 of the exact bytes the device signed (any 32-byte commitment works on chain;
// sha256 is native on every platform, where keccak256 of a whole message is the slow part of a batch).
// Leaf hash = keccak256(keccak256(abi.encode(leaf))); inner nodes hash their sorted pair.
//
// The tree is built here rather than with `StandardMerkleTree.of`, which is about 10x slower on
// large batches (hex strings and ABI validation per leaf); the tests compare both on random trees.

import { sha256 } from "@noble/hashes/sha2";
import { keccak_256 } from "@noble/hashes/sha3";
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { type Address, bytesToHex, type Hex, hexToBytes } from "viem";
import { InvalidParameterError } from "../../errors/base.ts";
import { deviceKeyOf } from "./registry.ts";

/** ABI types of a reading leaf, in order. */
export const readingLeafEncoding = ["bytes32", "uint64", "uint64", "bytes32"];

/** What one leaf commits to. */
export type ReadingLeaf = {
  /** The device's manufacturer: device ids live in their manufacturer's namespace. */
  manufacturer: Address;
  device: string;
  /** An integer, or its decimal string (as in JSON proofs). */
  seq: number | bigint | string;
  /** Ms since the epoch: an integer, or its decimal string. */
  ts: number | bigint | string;
  /** sha256 of the bytes the device signed (`messageHashOf`). */
  messageHash: Hex;
};

/** The leaf's values as OpenZeppelin's tree holds them: `[deviceKey, seq, ts, messageHash]`. */
export type ReadingLeafValues = [Hex, string, string, Hex];

/** sha256 of a device message's signed bytes: the leaf's `messageHash`. */
export function messageHashOf(signedBytes: Uint8Array): Hex {
  return bytesToHex(sha256(signedBytes));
}

/** The leaf's tree values (`[deviceKey, seq, ts, messageHash]`, integers as decimal strings). */
export function readingLeafValues(leaf: ReadingLeaf): ReadingLeafValues {
  return [
    deviceKeyOf(leaf.manufacturer, leaf.device),
    BigInt(leaf.seq).toString(),
    BigInt(leaf.ts).toString(),
    leaf.messageHash,
  ];
}

const UINT64 = 2n ** 64n;
const deviceKeys = new Map<string, Uint8Array>();

function leafHashBytes(leaf: ReadingLeaf): Uint8Array {
  const name = `${leaf.manufacturer.toLowerCase()}/${leaf.device}`;
  let key = deviceKeys.get(name);
  if (!key) {
    key = hexToBytes(deviceKeyOf(leaf.manufacturer, leaf.device));
    if (deviceKeys.size >= 100_000) deviceKeys.clear();
    deviceKeys.set(name, key);
  }
  const encoded = new Uint8Array(128);
  encoded.set(key, 0);
  for (const [offset, field] of [
    [32, "seq"],
    [64, "ts"],
  ] as const) {
    let v = BigInt(leaf[field]);
    if (v < 0n || v >= UINT64) throw new InvalidParameterError(field, "must fit in 64 bits");
    for (let i = 31; i >= 24; i--) {
      encoded[offset + i] = Number(v & 0xffn);
      v >>= 8n;
    }
  }
  const hash = hexToBytes(leaf.messageHash);
  if (hash.length !== 32) throw new InvalidParameterError("messageHash", "must be 32 bytes");
  encoded.set(hash, 96);
  return keccak_256(keccak_256(encoded));
}

/** The leaf hash: `keccak256(keccak256(abi.encode(deviceKey, seq, ts, messageHash)))`, as on chain. */
export function readingLeafHash(leaf: ReadingLeaf): Hex {
  return bytesToHex(leafHashBytes(leaf));
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < 32; i++) if (a[i] !== b[i]) return (a[i] as number) - (b[i] as number);
  return 0;
}

function hashPair(a: Uint8Array, b: Uint8Array): Uint8Array {
  const both = new Uint8Array(64);
  if (compareBytes(a, b) <= 0) {
    both.set(a, 0);
    both.set(b, 32);
  } else {
    both.set(b, 0);
    both.set(a, 32);
  }
  return keccak_256(both);
}

/** A batch's tree: OpenZeppelin's layout (leaves sorted by hash, so the root is order-free). */
export type ReadingTree = {
  root: Hex;
  /** Number of leaves. */
  length: number;
  /** Leaf hash of input leaf `index`. */
  leafHash: (index: number) => Hex;
  /** Input index of a leaf hash, or -1. */
  indexOf: (leafHash: Hex) => number;
  /** Proof of input leaf `index`, as `StandardMerkleTree.getProof` gives it. */
  getProof: (index: number) => Hex[];
};

/**
 * Builds the Merkle tree of a batch (at least one leaf, no duplicates).
 * @example const tree = buildReadingTree(leaves); tree.root; tree.getProof(0);
 */
export function buildReadingTree(leaves: readonly ReadingLeaf[]): ReadingTree {
  const n = leaves.length;
  if (n === 0) throw new InvalidParameterError("leaves", "a tree needs at least one leaf");
  const hashes = leaves.map(leafHashBytes);
  const order = hashes.map((_, i) => i).sort((a, b) => compareBytes(hashes[a] as Uint8Array, hashes[b] as Uint8Array));
  // OpenZeppelin's array layout: 2n − 1 nodes, the sorted leaves from the end backwards.
  const tree: Uint8Array[] = new Array(2 * n - 1);
  const treeIndex: number[] = new Array(n);
  for (const [position, input] of order.entries()) {
    tree[tree.length - 1 - position] = hashes[input] as Uint8Array;
    treeIndex[input] = tree.length - 1 - position;
  }
  for (let i = tree.length - 1 - n; i >= 0; i--)
    tree[i] = hashPair(tree[2 * i + 1] as Uint8Array, tree[2 * i + 2] as Uint8Array);
  const hexLeaves = new Map<Hex, number>();
  const leafHash = (index: number) => bytesToHex(hashes[index] as Uint8Array);
  return {
    root: bytesToHex(tree[0] as Uint8Array),
    length: n,
    leafHash,
    indexOf(hash) {
      if (hexLeaves.size === 0) for (let i = 0; i < n; i++) hexLeaves.set(leafHash(i), i);
      return hexLeaves.get(hash.toLowerCase() as Hex) ?? -1;
    },
    getProof(index) {
      if (!Number.isInteger(index) || index < 0 || index >= n) throw new InvalidParameterError("index", "no such leaf");
      const proof: Hex[] = [];
      for (let j = treeIndex[index] as number; j > 0; j = Math.floor((j - 1) / 2))
        proof.push(bytesToHex(tree[j % 2 === 1 ? j + 1 : j - 1] as Uint8Array));
      return proof;
    },
  };
}

/** True when `proof` proves `leaf` under `root` (off chain, by OpenZeppelin's own check; anchoring is separate). */
export function verifyReadingProof(p: { root: Hex; leaf: ReadingLeaf; proof: readonly Hex[] }): boolean {
  try {
    return StandardMerkleTree.verify(p.root, readingLeafEncoding, readingLeafValues(p.leaf), [...p.proof]);
  } catch {
    return false;
  }
}
