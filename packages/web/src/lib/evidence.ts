// Evidence and specification hashes: computed in the browser; only the hash goes on chain.
import { type Hex, keccak256, toBytes } from "viem";
import { documentHashOf, parseProductionEvidence } from "./sdk.ts";

/**
 * keccak256 of a file's bytes, or of a text when there is no file. A production evidence document
 * (`"type": "dipnet-production-evidence/v1"`) hashes as the CLI and the node hash it: its canonical
 * JSON, after checking its form (a malformed one is refused, naming the field).
 */
export async function contentHash(file: File | null | undefined, text: string): Promise<Hex> {
  if (file) {
    const bytes = new Uint8Array(await file.arrayBuffer());
    return productionEvidenceHash(bytes) ?? keccak256(bytes);
  }
  return keccak256(toBytes(text));
}

function productionEvidenceHash(bytes: Uint8Array): Hex | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return undefined;
  }
  if ((parsed as { type?: unknown } | null)?.type !== "dipnet-production-evidence/v1") return undefined;
  return documentHashOf(parseProductionEvidence(parsed));
}
