import type { Address, Hex } from "viem";
import { evidenceRegistryAbi } from "../../generated/abis.ts";
import type { DipnetReadClient } from "../../types.ts";
import { evidenceRegistryAddress } from "./registry.ts";
import { type ReadingLeaf, readingLeafValues } from "./tree.ts";

/** Parameters of `verifyReadingOnChain`. */
export type VerifyReadingOnChainParameters = {
  /** The account whose anchor of `root` the proof relies on (anchors are per anchorer). */
  anchorer: Address;
  root: Hex;
  leaf: ReadingLeaf;
  proof: readonly Hex[];
};

/**
 * Asks the registry: did `anchorer` anchor `root`, may it anchor the device's readings, was it before
 * any revocation, and does `proof` prove `leaf` in it (OpenZeppelin `MerkleProof`)?
 */
export async function verifyReadingOnChain(
  client: DipnetReadClient,
  p: VerifyReadingOnChainParameters,
): Promise<boolean> {
  const [deviceKey, seq, ts, messageHash] = readingLeafValues(p.leaf);
  return client.publicClient.readContract({
    address: evidenceRegistryAddress(client),
    abi: evidenceRegistryAbi,
    functionName: "verifyReading",
    args: [p.anchorer, p.root, deviceKey, BigInt(seq), BigInt(ts), messageHash, [...p.proof]],
  });
}
