// Key envelopes: how a file's key reaches an account the file was not encrypted to. An envelope is
// itself a vault file, encrypted to the grantee's registered key, whose plaintext is a small JSON
// record binding the file's CID to its key; the node stores it like any vault file and no new
// cryptography is involved. Specified in the package README ("Key envelopes").
import { bytesToHex, type Hex, hexToBytes } from "viem";
import { InvalidParameterError, VaultEnvelopeError } from "../errors/base.ts";
import { decryptStream, encryptStream, fileKeyOf } from "./format.ts";
import type { VaultKeyPair } from "./keys.ts";
import { downloadCiphertext, readFileHead, uploadCiphertext } from "./node.ts";

/** The `type` every key envelope's record carries. */
export const keyEnvelopeType = "dipnet/key-envelope";
/** Envelope record version this client writes and reads. */
export const keyEnvelopeVersion = 1;
// A record is ~170 bytes; anything much larger is not one, and is not read into memory whole.
const maxEnvelopeBytes = 4096;

/** What a key envelope says: the key of file `fileCid`. */
export type KeyEnvelope = { fileCid: string; fileKey: Uint8Array };

/** The plaintext record of a key envelope (canonical JSON, UTF-8). */
export function encodeKeyEnvelope(envelope: KeyEnvelope): Uint8Array {
  if (envelope.fileCid.length < 1 || envelope.fileCid.length > 128)
    throw new InvalidParameterError("fileCid", "must be 1 to 128 characters");
  if (envelope.fileKey.length !== 32) throw new InvalidParameterError("fileKey", "must be 32 bytes");
  return new TextEncoder().encode(
    JSON.stringify({
      type: keyEnvelopeType,
      version: keyEnvelopeVersion,
      fileCid: envelope.fileCid,
      fileKey: bytesToHex(envelope.fileKey),
    }),
  );
}

/** Reads a key envelope's record; a `VaultEnvelopeError` naming what is wrong otherwise. */
export function decodeKeyEnvelope(bytes: Uint8Array): KeyEnvelope {
  let record: unknown;
  try {
    record = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch (cause) {
    throw new VaultEnvelopeError("not a key envelope: its plaintext is not JSON", { cause });
  }
  const r = record as Record<string, unknown> | null;
  if (typeof r !== "object" || r === null || r.type !== keyEnvelopeType)
    throw new VaultEnvelopeError(`not a key envelope: its type is not "${keyEnvelopeType}"`);
  if (r.version !== keyEnvelopeVersion)
    throw new VaultEnvelopeError(
      `unsupported key envelope version ${String(r.version)} (this client reads ${keyEnvelopeVersion})`,
    );
  if (typeof r.fileCid !== "string" || r.fileCid.length < 1 || r.fileCid.length > 128)
    throw new VaultEnvelopeError("invalid key envelope: fileCid must be a CID of 1 to 128 characters");
  if (typeof r.fileKey !== "string" || !/^0x[0-9a-f]{64}$/.test(r.fileKey))
    throw new VaultEnvelopeError("invalid key envelope: fileKey must be 32 bytes of lowercase 0x-hex");
  return { fileCid: r.fileCid, fileKey: hexToBytes(r.fileKey as Hex) };
}

/** Parameters of `putKeyEnvelope`. */
export type PutKeyEnvelopeParameters = KeyEnvelope & {
  nodeUrl: string;
  /** The grantee's current registered X25519 public key. */
  recipient: Hex;
};

/**
 * Stores a key envelope for `recipient` through the node; resolves with its CID.
 * @example const { cid } = await putKeyEnvelope({ nodeUrl, fileCid, fileKey, recipient: granteeKey });
 */
export async function putKeyEnvelope(p: PutKeyEnvelopeParameters): Promise<{ cid: string }> {
  const record = encodeKeyEnvelope(p);
  const plaintext = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(record);
      controller.close();
    },
  });
  const ciphertext = plaintext.pipeThrough(encryptStream({ recipients: [p.recipient] }));
  const { cid } = await uploadCiphertext(p.nodeUrl, ciphertext);
  return { cid };
}

/** Parameters of `openKeyEnvelope`. */
export type OpenKeyEnvelopeParameters = {
  nodeUrl: string;
  envelopeCid: string;
  /** The file the key is wanted for: an envelope for another file is refused. */
  fileCid: string;
  /** Your key pairs (every version). */
  keys: readonly VaultKeyPair[];
};

/**
 * Downloads and decrypts a key envelope; resolves with the key of `fileCid`. Fails with
 * `VaultKeyMismatchError` when it is not for your keys, the vault errors when it was altered or
 * truncated, and `VaultEnvelopeError` when it is not an envelope of `fileCid`.
 * @example const fileKey = await openKeyEnvelope({ nodeUrl, envelopeCid, fileCid, keys });
 */
export async function openKeyEnvelope(p: OpenKeyEnvelopeParameters): Promise<Uint8Array> {
  if (p.keys.length === 0) throw new InvalidParameterError("keys", "give at least one key pair");
  const ciphertext = await downloadCiphertext(p.nodeUrl, p.envelopeCid);
  const plaintext = ciphertext.pipeThrough(decryptStream({ keys: p.keys }));
  const parts: Uint8Array[] = [];
  let size = 0;
  // A reader, not `for await`: browsers' ReadableStream typings have no async iterator.
  const reader = plaintext.getReader();
  for (let next = await reader.read(); !next.done; next = await reader.read()) {
    const part = next.value;
    size += part.length;
    if (size > maxEnvelopeBytes) {
      await reader.cancel().catch(() => {});
      throw new VaultEnvelopeError(`not a key envelope: ${p.envelopeCid} holds more than ${maxEnvelopeBytes} bytes`);
    }
    parts.push(part);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const part of parts) {
    bytes.set(part, at);
    at += part.length;
  }
  const envelope = decodeKeyEnvelope(bytes);
  if (envelope.fileCid !== p.fileCid)
    throw new VaultEnvelopeError(
      `key envelope ${p.envelopeCid} holds the key of ${envelope.fileCid}, not of ${p.fileCid}`,
    );
  return envelope.fileKey;
}

/**
 * The key of a file encrypted to one of your keys, from its header alone (read through the node;
 * the rest of the file is not downloaded): what `grantFile` wraps again for a grantee.
 */
export async function readFileKey(p: {
  nodeUrl: string;
  cid: string;
  keys: readonly VaultKeyPair[];
}): Promise<Uint8Array> {
  const head = await readFileHead(await downloadCiphertext(p.nodeUrl, p.cid), p.cid);
  await head.rest.cancel().catch(() => {});
  return fileKeyOf(head.bytes.subarray(0, head.header.length), p.keys);
}
