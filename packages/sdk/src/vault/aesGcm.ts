// AES-256-GCM for the vault's chunks through WebCrypto: what browsers use. Node.js resolves
// `#aes-gcm` to ../node/aesGcm.ts instead (node:crypto, synchronous: no thread-pool round trip per
// 64 KiB chunk, several times faster); both are plain AES-256-GCM with a 16-byte tag appended, so
// either reads what the other wrote (vault.test.ts checks it).

/** A 256-bit AES-GCM key ready to seal and open chunks (12-byte nonce, 16-byte tag appended). */
export type AesGcm = {
  seal(nonce: Uint8Array<ArrayBuffer>, plain: Uint8Array<ArrayBuffer>): Uint8Array | Promise<Uint8Array>;
  /** Throws (or rejects) when the tag does not authenticate. */
  open(nonce: Uint8Array<ArrayBuffer>, sealed: Uint8Array<ArrayBuffer>): Uint8Array | Promise<Uint8Array>;
};

/** The AES-256-GCM operations under a 32-byte key. */
export async function createAesGcm(raw: Uint8Array): Promise<AesGcm> {
  const key = await crypto.subtle.importKey("raw", new Uint8Array(raw), "AES-GCM", false, ["encrypt", "decrypt"]);
  return {
    seal: async (iv, plain) => new Uint8Array(await crypto.subtle.encrypt({ name: "AES-GCM", iv }, key, plain)),
    open: async (iv, sealed) => new Uint8Array(await crypto.subtle.decrypt({ name: "AES-GCM", iv }, key, sealed)),
  };
}
