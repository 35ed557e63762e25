// AES-256-GCM with node:crypto (OpenSSL), what Node.js resolves `#aes-gcm` to: the same functions as
// ../vault/aesGcm.ts, synchronous, so a chunk costs no thread-pool round trip.
import { createCipheriv, createDecipheriv } from "node:crypto";
import type { AesGcm } from "../vault/aesGcm.ts";

const tagLength = 16;

/** The AES-256-GCM operations under a 32-byte key. */
export async function createAesGcm(raw: Uint8Array): Promise<AesGcm> {
  const key = Buffer.from(raw);
  return {
    seal(iv, plain) {
      const cipher = createCipheriv("aes-256-gcm", key, iv);
      const sealed = new Uint8Array(plain.length + tagLength);
      sealed.set(cipher.update(plain), 0);
      cipher.final();
      sealed.set(cipher.getAuthTag(), plain.length);
      return sealed;
    },
    open(iv, sealed) {
      if (sealed.length < tagLength) throw new Error("sealed chunk shorter than its tag");
      const decipher = createDecipheriv("aes-256-gcm", key, iv);
      decipher.setAuthTag(sealed.subarray(sealed.length - tagLength));
      const plain = decipher.update(sealed.subarray(0, sealed.length - tagLength));
      decipher.final();
      return plain;
    },
  };
}
