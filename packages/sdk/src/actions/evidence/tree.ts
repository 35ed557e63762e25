// Merkle batches of device messages, in OpenZeppelin's `StandardMerkleTree` format so that the
// registry's `MerkleProof` check accepts the proofs. One leaf per signed device message:
//   (bytes32 deviceKey, uint64 seq, uint64 ts, bytes32 messageHash)
// deviceKey = keccak256(utf8(device id)); seq and ts as the device sent them (ts in ms);
// messageHash = keccak256 of the exact bytes the device signed.
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { encodeAbiParameters, type Hex, keccak256 } from "viem";
import { deviceKeyOf } from "./registry.ts";

/** ABI types of a reading leaf, in order. */
export const readingLeafEncoding = ["bytes32", "uint64", "uint64", "bytes32"];

/** What one leaf commits to. */
export type ReadingLeaf = {
  device: string;
  /** An integer, or its decimal string (as in JSON proofs). */
  seq: number | bigint | string;
  /** Ms since the epoch: an integer, or its decimal string. */
  ts: number | bigint | string;
  /** keccak256 of the bytes the device signed (`messageHashOf`). */
  messageHash: Hex;
};

/** The leaf's values as the tree holds them. */
export type ReadingLeafValues = [Hex, string, string, Hex];

/** keccak256 of a device message's signed bytes. */
export function messageHashOf(signedBytes: Uint8Array): Hex {
  return keccak256(signedBytes);
}

/** The leaf's tree values (`[deviceKey, seq, ts, messageHash]`, integers as decimal strings). */
export function readingLeafValues(leaf: ReadingLeaf): ReadingLeafValues {
  return [deviceKeyOf(leaf.device), BigInt(leaf.seq).toString(), BigInt(leaf.ts).toString(), leaf.messageHash];
}

const leafParameters = readingLeafEncoding.map((type) => ({ type }));

/** The leaf hash: `keccak256(keccak256(abi.encode(deviceKey, seq, ts, messageHash)))`, as on chain. */
export function readingLeafHash(leaf: ReadingLeaf): Hex {
  const [key, seq, ts, hash] = readingLeafValues(leaf);
  return keccak256(keccak256(encodeAbiParameters(leafParameters, [key, BigInt(seq), BigInt(ts), hash])));
}

/** A batch's tree. Leaves are sorted by hash (OpenZeppelin's default), so the root is order-free. */
export type ReadingTree = StandardMerkleTree<ReadingLeafValues>;

/**
 * Builds the Merkle tree of a batch (at least one leaf).
 * @example const tree = buildReadingTree(leaves); tree.root; tree.getProof(0);
 */
export function buildReadingTree(leaves: readonly ReadingLeaf[]): ReadingTree {
  return StandardMerkleTree.of(leaves.map(readingLeafValues), readingLeafEncoding);
}

/** True when `proof` proves `leaf` under `root` (off chain; whether the root is anchored is separate). */
export function verifyReadingProof(p: { root: Hex; leaf: ReadingLeaf; proof: readonly Hex[] }): boolean {
  try {
    return StandardMerkleTree.verify(p.root, readingLeafEncoding, readingLeafValues(p.leaf), [...p.proof]);
  } catch {
    return false;
  }
}
