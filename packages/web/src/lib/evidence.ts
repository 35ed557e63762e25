// Evidence and specification hashes: computed in the browser; only the hash goes on chain.
import { type Hex, keccak256, toBytes } from "viem";

/** keccak256 of a file's bytes, or of a text when there is no file. */
export async function contentHash(file: File | null | undefined, text: string): Promise<Hex> {
  if (file) return keccak256(new Uint8Array(await file.arrayBuffer()));
  return keccak256(toBytes(text));
}
