import type { Address, Hex } from "viem";
import { InvalidParameterError } from "../../errors/base.ts";
import { evidenceRegistryAbi } from "../../generated/abis.ts";
import type { DipnetClient, DipnetReadClient, WriteResult } from "../../types.ts";
import { evidenceRegistryAddress, writeEvidenceRegistry } from "./registry.ts";

/** Parameters of `anchorRoot`. */
export type AnchorRootParameters = {
  /** Merkle root of the batch (`buildReadingTree(...).root`). */
  root: Hex;
  /** Leaves in the batch, 1 to 2^32 − 1. */
  leafCount: number;
  /** Earliest and latest device timestamp in the batch (ms since the epoch). */
  firstTime: number;
  lastTime: number;
};

/**
 * Anchors a batch's Merkle root on chain in the signer's namespace: one transaction per batch, the
 * same gas whatever its size. Reverts with `EvidenceRootAlreadyAnchored` for a root the signer
 * anchored before; another account anchoring the same root first blocks nothing.
 */
export async function anchorRoot(client: DipnetClient, p: AnchorRootParameters): Promise<WriteResult> {
  if (!Number.isSafeInteger(p.leafCount) || p.leafCount < 1 || p.leafCount > 0xffffffff)
    throw new InvalidParameterError("leafCount", "must be 1 to 4294967295");
  for (const field of ["firstTime", "lastTime"] as const) {
    if (!Number.isSafeInteger(p[field]) || p[field] < 0)
      throw new InvalidParameterError(field, "must be ms since the epoch");
  }
  return writeEvidenceRegistry(client, "anchor", [p.root, p.leafCount, BigInt(p.firstTime), BigInt(p.lastTime)], {
    action: "anchorRoot",
  });
}

/** An anchored root as the registry holds it. */
export type AnchorInfo = { root: Hex; anchorer: Address; anchoredAt: number; leafCount: number };

/** When `anchorer` anchored `root`, or undefined when it did not. */
export async function getAnchor(
  client: DipnetReadClient,
  p: { anchorer: Address; root: Hex },
): Promise<AnchorInfo | undefined> {
  const a = await client.publicClient.readContract({
    address: evidenceRegistryAddress(client),
    abi: evidenceRegistryAbi,
    functionName: "anchorOf",
    args: [p.anchorer, p.root],
  });
  if (a.anchoredAt === 0n) return undefined;
  return { root: p.root, anchorer: p.anchorer, anchoredAt: Number(a.anchoredAt), leafCount: a.leafCount };
}
