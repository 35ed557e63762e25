// The proof of one stored device message: everything `dipnet evidence verify` needs to check it
// against the chain without the node.

import type { DeviceMessage } from "@dipnet/sdk";
import { buildReadingTree, type ReadingTree, readingLeafHash, readingLeafValues } from "@dipnet/sdk";
import type { Kysely } from "kysely";
import type { Address, Hex } from "viem";
import type { Schema } from "../../core/db/schema.ts";
import { type EvidenceBatch, storedLeaf, toBatch } from "./anchor.ts";
import { evidenceDb } from "./schema.ts";

/** A device message with its Merkle proof and where, and by whom, its batch root is anchored. */
export type ReadingProof = {
  format: "dipnet-reading-proof/v1";
  /** The device's manufacturer: device ids live in their manufacturer's namespace. */
  manufacturer: Address;
  /** The signed message as the device sent it. */
  message: DeviceMessage;
  /** keccak256 of the bytes the device signed. */
  messageHash: Hex;
  /** The leaf values `[deviceKey, seq, ts, messageHash]` and its hash. */
  leaf: { deviceKey: Hex; seq: string; ts: string; messageHash: Hex; hash: Hex };
  proof: Hex[];
  root: Hex;
  /** The account that anchored `root` (anchors are per anchorer): check the proof under its anchor. */
  anchorer: Address;
  batch: EvidenceBatch;
  /** Where to check the root: the registry and chain. */
  registry: { chainId: number; address: string };
};

/** Why no proof can be given. */
export type ReadingProofProblem = "unknown_message" | "not_batched" | "not_anchored";

// A few recent trees: proofs of one batch are usually asked for together.
const trees = new Map<string, ReadingTree>();

/** The proof of message `seq` of `manufacturer`'s device `device`, or why there is none yet. */
export async function readingProof(
  db: Kysely<Schema>,
  p: { manufacturer: string; device: string; seq: number; chainId: number; registry: string },
): Promise<ReadingProof | ReadingProofProblem> {
  const edb = evidenceDb(db);
  const message = await edb
    .selectFrom("iot_messages")
    .select(["manufacturer", "device_id", "seq", "ts", "body", "sig", "batch_id"])
    .where("manufacturer", "=", p.manufacturer)
    .where("device_id", "=", p.device)
    .where("seq", "=", p.seq)
    .executeTakeFirst();
  if (!message) return "unknown_message";
  if (message.batch_id === null) return "not_batched";
  const batchRow = await edb
    .selectFrom("evidence_batches")
    .selectAll()
    .where("batch_id", "=", Number(message.batch_id))
    .executeTakeFirst();
  if (!batchRow) return "not_batched"; // claimed by a seal that is still committing
  if (batchRow.status !== "anchored" || !batchRow.anchorer) return "not_anchored";
  const cacheKey = `${p.registry}:${batchRow.root}`;
  let tree = trees.get(cacheKey);
  if (!tree) {
    const rows = await edb
      .selectFrom("iot_messages")
      .select(["manufacturer", "device_id", "seq", "ts", "body"])
      .where("batch_id", "=", Number(message.batch_id))
      .execute();
    tree = buildReadingTree(rows.map(storedLeaf));
    if (trees.size >= 4) trees.delete(trees.keys().next().value as string);
    trees.set(cacheKey, tree);
  }
  const leaf = storedLeaf(message);
  const i = tree.indexOf(readingLeafHash(leaf));
  if (i < 0)
    throw new Error(`message ${p.manufacturer}/${p.device}/${p.seq} is not in the tree of batch ${batchRow.batch_id}`);
  const [deviceKey, seq, ts, messageHash] = readingLeafValues(leaf);
  return {
    format: "dipnet-reading-proof/v1",
    manufacturer: leaf.manufacturer,
    message: { ...(JSON.parse(message.body) as Omit<DeviceMessage, "sig">), sig: message.sig },
    messageHash,
    leaf: { deviceKey, seq, ts, messageHash, hash: tree.leafHash(i) },
    proof: tree.getProof(i),
    root: tree.root,
    anchorer: batchRow.anchorer as Address,
    batch: toBatch(batchRow),
    registry: { chainId: p.chainId, address: p.registry },
  };
}
