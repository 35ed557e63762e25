// Ed25519 over hex keys with node:crypto (OpenSSL), what Node.js resolves `#ed25519` to: the same
// functions as ../iot/ed25519.ts, several times faster on the node's ingest path.
import { createPrivateKey, createPublicKey, type KeyObject, sign, verify } from "node:crypto";

const SPKI_ED25519 = Buffer.from("302a300506032b6570032100", "hex");
const PKCS8_ED25519 = Buffer.from("302e020100300506032b657004220420", "hex");

function privateKeyObject(seed: string): KeyObject {
  return createPrivateKey({
    key: Buffer.concat([PKCS8_ED25519, Buffer.from(seed, "hex")]),
    format: "der",
    type: "pkcs8",
  });
}

const publicKeyCache = new Map<string, KeyObject>();

function publicKeyObject(publicKey: string): KeyObject {
  let key = publicKeyCache.get(publicKey);
  if (!key) {
    const der = Buffer.concat([SPKI_ED25519, Buffer.from(publicKey, "hex")]);
    key = createPublicKey({ key: der, format: "der", type: "spki" });
    // Bounded: registered keys only reach here, but a registry can be large.
    if (publicKeyCache.size >= 10_000) publicKeyCache.clear();
    publicKeyCache.set(publicKey, key);
  }
  return key;
}

/** The hex public key of a hex seed. */
export function ed25519PublicKey(seed: string): string {
  const der = createPublicKey(privateKeyObject(seed)).export({ format: "der", type: "spki" });
  return der.subarray(SPKI_ED25519.length).toString("hex");
}

/** The 64-byte signature of `message` by a hex seed. */
export function ed25519Sign(message: Uint8Array, seed: string): Uint8Array {
  return sign(null, message, privateKeyObject(seed));
}

/** True when `signature` is a valid signature of `message` by a hex public key. */
export function ed25519Verify(signature: Uint8Array, message: Uint8Array, publicKey: string): boolean {
  return verify(null, message, publicKeyObject(publicKey), signature);
}
