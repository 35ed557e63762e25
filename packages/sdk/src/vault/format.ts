// The vault's file format (v1), specified in the package README ("Vault file format"): a header
// wrapping a random file key to each recipient's X25519 key, then the payload in fixed-size chunks,
// each sealed with AES-256-GCM under a nonce of its counter and a last-chunk flag (the STREAM
// construction, as in age), so truncation, reordering and any altered byte are detected.
// AES-GCM runs on the platform's native implementation (`#aes-gcm`: node:crypto in Node.js,
// WebCrypto in browsers): pure-JS ciphers reach a fraction of its speed (scripts/bench/vault.ts).
import { x25519 } from "@noble/curves/ed25519";
import { hkdf } from "@noble/hashes/hkdf";
import { hmac } from "@noble/hashes/hmac";
import { sha256 } from "@noble/hashes/sha2";
import { bytesToHex, type Hex, hexToBytes } from "viem";
import { createAesGcm } from "#aes-gcm";
import { InvalidParameterError, VaultFormatError, VaultIntegrityError, VaultKeyMismatchError } from "../errors/base.ts";
import type { AesGcm } from "./aesGcm.ts";
import { isEncryptionPublicKey, type VaultKeyPair } from "./keys.ts";

/** Format version written in byte 4 of every header. */
export const vaultFormatVersion = 1;
/** Plaintext bytes per chunk unless `encryptStream` is told otherwise: 64 KiB. */
export const defaultChunkSize = 65_536;
/** Recipients a file may have. */
export const maxRecipients = 64;

const magic = new Uint8Array([0x44, 0x49, 0x50, 0x56]); // "DIPV"
const prefixLength = 23; // magic 4, version 1, log2 chunk size 1, salt 16, recipient count 1
const stanzaLength = 112; // recipient key 32, ephemeral key 32, wrapped file key 32 + tag 16
const macLength = 32;
const tagLength = 16;
const minChunkLog2 = 10;
const maxChunkLog2 = 24;
// Chunks sealed or opened at once: WebCrypto runs them on the thread pool, so a few in flight keep
// every core busy while the stream stays bounded (depth × chunk size).
const inFlight = 4;
// Chunks each side of a vault stream may queue: the source reads ahead (a file read or a network
// read is a round trip) while chunks are sealed or opened, and the sink writes behind.
const queueing: QueuingStrategy<Uint8Array> = { highWaterMark: inFlight };

const labels = {
  wrap: "DIPNET vault v1 X25519",
  header: "DIPNET vault v1 header",
  payload: "DIPNET vault v1 payload",
} as const;

/** What the header of a vault file says. */
export type VaultHeader = {
  version: number;
  /** Plaintext bytes per chunk. */
  chunkSize: number;
  /** The recipients' X25519 public keys (0x-hex), in header order. */
  recipients: Hex[];
  /** Header bytes, MAC included: the payload starts here. */
  length: number;
};

/** Ciphertext bytes of a plaintext of `size` bytes for `recipients` recipients. */
export function encryptedSize(size: number, recipients: number, chunkSize = defaultChunkSize): number {
  const chunks = Math.max(1, Math.ceil(size / chunkSize));
  return headerLength(recipients) + size + chunks * tagLength;
}

const headerLength = (recipients: number) => prefixLength + recipients * stanzaLength + macLength;

/**
 * Reads the header at the start of `bytes`: undefined while more bytes are needed; a
 * `VaultFormatError` naming the problem as soon as what is there is not a vault header.
 * The MAC is checked only by decryption (it needs the file key).
 */
export function readVaultHeader(bytes: Uint8Array): VaultHeader | undefined {
  for (let i = 0; i < Math.min(bytes.length, magic.length); i++)
    if (bytes[i] !== magic[i]) throw new VaultFormatError("not a DIPNET vault file: it does not start with DIPV");
  if (bytes.length < prefixLength) return undefined;
  const version = bytes[4] as number;
  if (version !== vaultFormatVersion)
    throw new VaultFormatError(`unsupported vault format version ${version} (this client reads ${vaultFormatVersion})`);
  const chunkLog2 = bytes[5] as number;
  if (chunkLog2 < minChunkLog2 || chunkLog2 > maxChunkLog2)
    throw new VaultFormatError(
      `invalid header: chunk size 2^${chunkLog2} is outside 2^${minChunkLog2}…2^${maxChunkLog2}`,
    );
  const count = bytes[22] as number;
  if (count < 1 || count > maxRecipients)
    throw new VaultFormatError(`invalid header: ${count} recipients (1 to ${maxRecipients} allowed)`);
  const length = headerLength(count);
  if (bytes.length < length) return undefined;
  const recipients: Hex[] = [];
  for (let i = 0; i < count; i++) {
    const at = prefixLength + i * stanzaLength;
    recipients.push(bytesToHex(bytes.subarray(at, at + 32)));
  }
  return { version, chunkSize: 2 ** chunkLog2, recipients, length };
}

/** Parameters of `encryptStream`. */
export type EncryptStreamParameters = {
  /** The recipients' X25519 public keys (0x-hex, 32 bytes): each can decrypt. */
  recipients: readonly Hex[];
  /** Plaintext bytes per chunk, a power of two from 1 KiB to 16 MiB. Default: 64 KiB. */
  chunkSize?: number | undefined;
};

/**
 * A stream that encrypts plaintext into a vault file for `recipients`.
 * @example await file.stream().pipeThrough(encryptStream({ recipients: [key.publicKey] })).pipeTo(upload);
 */
export function encryptStream(p: EncryptStreamParameters): TransformStream<Uint8Array, Uint8Array> {
  const recipients = [...new Set(p.recipients.map((r) => r.toLowerCase() as Hex))];
  if (recipients.length < 1 || recipients.length > maxRecipients)
    throw new InvalidParameterError("recipients", `give 1 to ${maxRecipients} public keys, got ${recipients.length}`);
  for (const r of recipients)
    if (!isEncryptionPublicKey(r)) throw new InvalidParameterError("recipients", `${r} is not a 32-byte X25519 key`);
  const chunkSize = p.chunkSize ?? defaultChunkSize;
  const chunkLog2 = Math.log2(chunkSize);
  if (!Number.isInteger(chunkLog2) || chunkLog2 < minChunkLog2 || chunkLog2 > maxChunkLog2)
    throw new InvalidParameterError("chunkSize", `must be a power of two from 1 KiB to 16 MiB, got ${chunkSize}`);

  const fileKey = randomBytes(32);
  const salt = randomBytes(16);
  let payload: AesGcm;
  let buffer = new Uint8Array(chunkSize);
  let filled = 0;
  let counter = 0;
  const sealing: (Uint8Array | Promise<Uint8Array>)[] = [];

  const seal = async (
    controller: TransformStreamDefaultController<Uint8Array>,
    plain: Uint8Array<ArrayBuffer>,
    last: boolean,
  ) => {
    const iv = chunkNonce(counter++, last);
    sealing.push(settled(payload.seal(iv, plain)));
    if (sealing.length >= inFlight) controller.enqueue(await (sealing.shift() as Uint8Array | Promise<Uint8Array>));
  };

  return new TransformStream<Uint8Array, Uint8Array>(
    {
      async start(controller) {
        payload = await createAesGcm(hkdf(sha256, fileKey, salt, labels.payload, 32));
        controller.enqueue(await sealHeader(recipients, fileKey, salt, chunkLog2));
      },
      async transform(input, controller) {
        let at = 0;
        while (at < input.length) {
          if (filled === chunkSize) {
            // A full chunk is the last one only if no byte follows: seal it once one does.
            await seal(controller, buffer, false);
            buffer = new Uint8Array(chunkSize);
            filled = 0;
          }
          const n = Math.min(chunkSize - filled, input.length - at);
          buffer.set(input.subarray(at, at + n), filled);
          filled += n;
          at += n;
        }
      },
      async flush(controller) {
        await seal(controller, buffer.subarray(0, filled), true);
        while (sealing.length > 0) controller.enqueue(await (sealing.shift() as Uint8Array | Promise<Uint8Array>));
      },
    },
    queueing,
    queueing,
  );
}

/**
 * Parameters of `decryptStream`: the key pairs held, or a file key received in a key envelope
 * (`openKeyEnvelope`) for a file not encrypted to any of them. Exactly one of the two.
 */
export type DecryptStreamParameters = {
  /** The key pairs held (every version): the one the file names is used. */
  keys?: readonly VaultKeyPair[] | undefined;
  /** The file's 32-byte key; the header's MAC proves it is this file's. */
  fileKey?: Uint8Array | undefined;
};

/**
 * A stream that decrypts a vault file. It fails with `VaultKeyMismatchError` when no key held is a
 * recipient, `VaultFormatError` for a malformed or altered header, and `VaultIntegrityError` naming
 * the chunk when the payload is altered, reordered or truncated. Plaintext of a chunk is released
 * only once that chunk is authenticated; the end of the file is authenticated by its last chunk.
 * @example const plain = response.body.pipeThrough(decryptStream({ keys: [keyPair] }));
 */
export function decryptStream(p: DecryptStreamParameters): TransformStream<Uint8Array, Uint8Array> {
  checkDecryptionKeys(p);
  let head: Uint8Array = new Uint8Array(0);
  let header: VaultHeader | undefined;
  let payload: AesGcm | undefined;
  let sealed = 0; // ciphertext bytes per full chunk
  let buffer = new Uint8Array(0);
  let filled = 0;
  let counter = 0;
  const opening: Promise<Uint8Array>[] = [];

  const open = async (
    controller: TransformStreamDefaultController<Uint8Array>,
    chunk: Uint8Array<ArrayBuffer>,
    last: boolean,
  ) => {
    opening.push(settled(openChunk(payload as AesGcm, chunk, counter++, last)));
    if (opening.length >= inFlight) controller.enqueue(await (opening.shift() as Promise<Uint8Array>));
  };

  const payloadBytes = async (input: Uint8Array, controller: TransformStreamDefaultController<Uint8Array>) => {
    let at = 0;
    while (at < input.length) {
      if (filled === sealed) {
        await open(controller, buffer, false);
        buffer = new Uint8Array(sealed);
        filled = 0;
      }
      const n = Math.min(sealed - filled, input.length - at);
      buffer.set(input.subarray(at, at + n), filled);
      filled += n;
      at += n;
    }
  };

  return new TransformStream<Uint8Array, Uint8Array>(
    {
      async transform(input, controller) {
        if (payload) return payloadBytes(input, controller);
        head = concatBytes(head, input);
        header = readVaultHeader(head);
        if (!header) return;
        const headerBytes = head.subarray(0, header.length);
        const fileKey = p.fileKey ?? (await unwrapFileKey(headerBytes, header, p.keys ?? []));
        payload = await payloadCipher(headerBytes, fileKey, p.fileKey !== undefined);
        sealed = header.chunkSize + tagLength;
        buffer = new Uint8Array(sealed);
        const rest = head.subarray(header.length);
        head = new Uint8Array(0);
        await payloadBytes(rest, controller);
      },
      async flush(controller) {
        if (!payload) {
          throw new VaultFormatError(`truncated vault file: it ends inside its header (${head.length} bytes)`);
        }
        if (filled < tagLength)
          throw new VaultIntegrityError(
            `chunk ${counter} failed: the file ends ${filled} bytes into it, before its 16-byte tag (truncated)`,
            counter,
          );
        await open(controller, buffer.subarray(0, filled), true);
        while (opening.length > 0) controller.enqueue(await (opening.shift() as Promise<Uint8Array>));
      },
    },
    queueing,
    queueing,
  );
}

/** Opens chunk `index`; on failure finds out why (truncated file, appended bytes, or altered/reordered). */
async function openChunk(
  aes: AesGcm,
  chunk: Uint8Array<ArrayBuffer>,
  index: number,
  last: boolean,
): Promise<Uint8Array> {
  try {
    return await aes.open(chunkNonce(index, last), chunk);
  } catch (cause) {
    let asOther = true;
    try {
      await aes.open(chunkNonce(index, !last), chunk);
    } catch {
      asOther = false;
    }
    const why = !asOther
      ? "it was altered or chunks were reordered"
      : last
        ? "the file is truncated: chunks after it are missing"
        : "bytes follow the file's last chunk";
    throw new VaultIntegrityError(`chunk ${index} failed authentication: ${why}`, index, { cause });
  }
}

/** 12-byte nonce: 11-byte big-endian chunk counter, then 1 on the last chunk, 0 otherwise. */
function chunkNonce(index: number, last: boolean): Uint8Array<ArrayBuffer> {
  const nonce = new Uint8Array(12);
  new DataView(nonce.buffer).setBigUint64(3, BigInt(index));
  nonce[11] = last ? 1 : 0;
  return nonce;
}

async function sealHeader(
  recipients: readonly Hex[],
  fileKey: Uint8Array<ArrayBuffer>,
  salt: Uint8Array,
  chunkLog2: number,
) {
  const header = new Uint8Array(headerLength(recipients.length));
  header.set(magic, 0);
  header[4] = vaultFormatVersion;
  header[5] = chunkLog2;
  header.set(salt, 6);
  header[22] = recipients.length;
  for (const [i, recipient] of recipients.entries()) {
    const recipientKey = hexToBytes(recipient);
    const ephemeral = randomBytes(32);
    const ephemeralKey = x25519.getPublicKey(ephemeral);
    const wrapKey = await aesKey(
      wrappingKey(x25519.getSharedSecret(ephemeral, recipientKey), ephemeralKey, recipientKey),
    );
    const wrapped = await crypto.subtle.encrypt({ name: "AES-GCM", iv: new Uint8Array(12) }, wrapKey, fileKey);
    const at = prefixLength + i * stanzaLength;
    header.set(recipientKey, at);
    header.set(ephemeralKey, at + 32);
    header.set(new Uint8Array(wrapped), at + 64);
  }
  const macAt = header.length - macLength;
  header.set(headerMac(fileKey, salt, header.subarray(0, macAt)), macAt);
  return header;
}

/**
 * The file key of a vault file from its header (the first `header.length` bytes, as `readVaultHeader`
 * reads them) with the key pairs held: what a client wraps again into a key envelope to grant the
 * file. Fails like `decryptStream` when no key is a recipient or the header was altered.
 * @example const fileKey = await fileKeyOf(headerBytes, keys);
 */
export async function fileKeyOf(headerBytes: Uint8Array, keys: readonly VaultKeyPair[]): Promise<Uint8Array> {
  checkDecryptionKeys({ keys });
  const header = readVaultHeader(headerBytes);
  if (!header)
    throw new VaultFormatError(`truncated vault file: it ends inside its header (${headerBytes.length} bytes)`);
  const bytes = headerBytes.subarray(0, header.length);
  const fileKey = await unwrapFileKey(bytes, header, keys);
  await payloadCipher(bytes, fileKey, false);
  return fileKey;
}

function checkDecryptionKeys(p: DecryptStreamParameters): void {
  if (p.fileKey !== undefined && p.keys !== undefined)
    throw new InvalidParameterError("keys", "give either key pairs or a file key, not both");
  if (p.fileKey !== undefined) {
    if (!(p.fileKey instanceof Uint8Array) || p.fileKey.length !== 32)
      throw new InvalidParameterError("fileKey", "must be 32 bytes");
  } else if (!p.keys || p.keys.length === 0) throw new InvalidParameterError("keys", "give at least one key pair");
}

/** Unwraps the file key with the first key held that the header names. */
async function unwrapFileKey(
  bytes: Uint8Array,
  header: VaultHeader,
  keys: readonly VaultKeyPair[],
): Promise<Uint8Array> {
  const index = header.recipients.findIndex((r) => keys.some((k) => k.publicKey.toLowerCase() === r));
  if (index < 0)
    throw new VaultKeyMismatchError("no recipient key matches: this file is not encrypted to any key you hold", {
      details: `recipients ${header.recipients.join(", ")}; keys held ${keys.map((k) => `v${k.version} ${k.publicKey}`).join(", ")}`,
    });
  const recipient = header.recipients[index] as Hex;
  const keyPair = keys.find((k) => k.publicKey.toLowerCase() === recipient) as VaultKeyPair;
  const at = prefixLength + index * stanzaLength;
  const recipientKey = bytes.slice(at, at + 32);
  const ephemeralKey = bytes.slice(at + 32, at + 64);
  let fileKey: Uint8Array;
  try {
    const shared = x25519.getSharedSecret(keyPair.privateKey, ephemeralKey);
    const wrapKey = await aesKey(wrappingKey(shared, ephemeralKey, recipientKey));
    const iv = new Uint8Array(12);
    fileKey = new Uint8Array(
      await crypto.subtle.decrypt({ name: "AES-GCM", iv }, wrapKey, bytes.slice(at + 64, at + 112)),
    );
  } catch (cause) {
    throw new VaultFormatError(
      `invalid header: the file key wrapped for ${recipient} failed authentication (altered)`,
      {
        cause,
      },
    );
  }
  return fileKey;
}

/** Checks the header's MAC under `fileKey` and returns the payload key. */
async function payloadCipher(bytes: Uint8Array, fileKey: Uint8Array, granted: boolean): Promise<AesGcm> {
  const salt = bytes.subarray(6, 22);
  const macAt = bytes.length - macLength;
  const expected = headerMac(fileKey, salt, bytes.subarray(0, macAt));
  if (!equalBytes(expected, bytes.subarray(macAt)))
    throw granted
      ? new VaultKeyMismatchError(
          "the granted file key does not open this file: its header MAC does not match (a key envelope for another file, or the header was altered)",
        )
      : new VaultFormatError("invalid header: its MAC does not match (the header was altered)");
  return createAesGcm(hkdf(sha256, fileKey, salt, labels.payload, 32));
}

const wrappingKey = (shared: Uint8Array, ephemeralKey: Uint8Array, recipientKey: Uint8Array) =>
  hkdf(sha256, shared, concatBytes(ephemeralKey, recipientKey), labels.wrap, 32);

const headerMac = (fileKey: Uint8Array, salt: Uint8Array, header: Uint8Array) =>
  hmac(sha256, hkdf(sha256, fileKey, salt, labels.header, 32), header);

const aesKey = (raw: Uint8Array) =>
  crypto.subtle.importKey("raw", new Uint8Array(raw), "AES-GCM", false, ["encrypt", "decrypt"]);

/** `value`, marked handled when a promise: a chunk in flight may fail before the stream awaits it. */
function settled<T>(value: T): T {
  if (value instanceof Promise) value.catch(() => {});
  return value;
}

function randomBytes(n: number): Uint8Array<ArrayBuffer> {
  return crypto.getRandomValues(new Uint8Array(n));
}

function concatBytes(a: Uint8Array, b: Uint8Array): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] as number) ^ (b[i] as number);
  return diff === 0;
}
