// Ed25519 over hex keys (32-byte seed, 32-byte public key) with @noble/curves: what browsers use.
// Node.js resolves `#ed25519` to ../node/ed25519.ts instead (OpenSSL, ~15x faster to verify, which
// the node's ingest needs); both are RFC 8032 and interchangeable (iot/message.test.ts checks it).
import { ed25519 } from "@noble/curves/ed25519";
import { bytesToHex, hexToBytes } from "@noble/hashes/utils";

/** The hex public key of a hex seed. */
export function ed25519PublicKey(seed: string): string {
  return bytesToHex(ed25519.getPublicKey(hexToBytes(seed)));
}

/** The 64-byte signature of `message` by a hex seed. */
export function ed25519Sign(message: Uint8Array, seed: string): Uint8Array {
  return ed25519.sign(message, hexToBytes(seed));
}

/** True when `signature` is a valid signature of `message` by a hex public key. */
export function ed25519Verify(signature: Uint8Array, message: Uint8Array, publicKey: string): boolean {
  // Strict RFC 8032 (not ZIP 215), as OpenSSL verifies.
  return ed25519.verify(signature, message, hexToBytes(publicKey), { zip215: false });
}
