// Private order threads, encrypted end to end: a message is a vault file (format.ts, version 1) of a
// small JSON record, sealed in the author's client to the thread's readers' registered keys. A node
// stores and relays the base64 of those bytes and never holds a key. The record names its order and
// author, so a node cannot replay a message into another thread or under another author unnoticed.
import { type Address, type Hex, isAddress } from "viem";
import { DipnetError, InvalidParameterError, VaultFormatError } from "../errors/base.ts";
import { decryptStream, encryptStream, maxRecipients, readVaultHeader, type VaultHeader } from "./format.ts";
import { isEncryptionPublicKey, type VaultKeyPair } from "./keys.ts";

/** Characters a message's text may have. */
export const maxMessageText = 4000;
/** Bytes a sealed message may have (4000 characters of UTF-8, the record and 64 recipients fit). */
export const maxSealedMessageBytes = 32_768;
/** Version of the record inside a sealed message. */
export const messageRecordVersion = 1;

/** A reader of a thread: the account, the version of its registered key and that key. */
export type MessageRecipient = { account: Address; keyVersion: number; publicKey: Hex };

/** What a node stores of a message: the vault bytes (base64) and whose key of which version each header stanza is. */
export type SealedMessage = {
  /** Base64 (RFC 4648, padded) of a vault file. */
  ciphertext: string;
  /** One per header stanza, in header order. */
  recipients: { account: Address; keyVersion: number }[];
};

/** Parameters of `sealMessage`. */
export type SealMessageParameters = {
  /** The order whose thread the message is for. */
  orderId: bigint | number;
  /** Who writes it (the signed-in account the node will record as author). */
  author: Address;
  /** The text, 1 to 4000 characters, not blank. */
  text: string;
  /** Every reader, the author included, with distinct accounts and keys: 1 to 64. */
  recipients: readonly MessageRecipient[];
};

/** A message opened for an order or author other than the one the node says (replayed or misfiled). */
export class MessageMismatchError extends DipnetError {
  override name = "MessageMismatchError";
}

/**
 * Encrypts a thread message to its readers' keys.
 * @example const sealed = await sealMessage({ orderId: 4n, author, text: "Holes 3 and 4 are off", recipients });
 */
export async function sealMessage(p: SealMessageParameters): Promise<SealedMessage> {
  if (typeof p.text !== "string" || p.text.trim() === "")
    throw new InvalidParameterError("text", "is blank: write something");
  if (p.text.length > maxMessageText)
    throw new InvalidParameterError("text", `has ${p.text.length} characters, at most ${maxMessageText} allowed`);
  if (!isAddress(p.author, { strict: false })) throw new InvalidParameterError("author", "must be a 0x address");
  const orderId = checkOrderId(p.orderId);
  checkRecipients(p.recipients, p.author);
  const record = { v: messageRecordVersion, order: orderId, author: p.author.toLowerCase(), text: p.text };
  const plain = new TextEncoder().encode(JSON.stringify(record));
  const sealed = await collect(
    new Blob([plain])
      .stream()
      .pipeThrough(encryptStream({ recipients: p.recipients.map((r) => r.publicKey.toLowerCase() as Hex) })),
  );
  return {
    ciphertext: toBase64(sealed),
    recipients: p.recipients.map((r) => ({ account: r.account.toLowerCase() as Address, keyVersion: r.keyVersion })),
  };
}

/** Parameters of `openMessage`. */
export type OpenMessageParameters = {
  /** The sealed message's base64 ciphertext. */
  ciphertext: string;
  /** The order of the thread it was read from. */
  orderId: bigint | number;
  /** The author the node recorded. */
  author: Address;
  /** Your key pairs (every version you may have been sent messages for). */
  keys: readonly VaultKeyPair[];
};

/**
 * Decrypts a thread message. Fails with `VaultKeyMismatchError` when it was not sealed to a key you
 * hold, `VaultFormatError`/`VaultIntegrityError` when altered, `MessageMismatchError` when it was
 * written for another order or by another author than the node says.
 * @example const text = await openMessage({ ciphertext: m.ciphertext, orderId: 4n, author: m.author, keys: [me] });
 */
export async function openMessage(p: OpenMessageParameters): Promise<string> {
  const { bytes } = readSealedMessage(p.ciphertext);
  const orderId = checkOrderId(p.orderId);
  const plain = await collect(new Blob([bytes]).stream().pipeThrough(decryptStream({ keys: p.keys })));
  let record: { v?: unknown; order?: unknown; author?: unknown; text?: unknown };
  try {
    record = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(plain));
  } catch (cause) {
    throw new VaultFormatError("not a thread message: its content is not a JSON record", { cause });
  }
  if (record.v !== messageRecordVersion || typeof record.text !== "string")
    throw new VaultFormatError(`not a thread message of version ${messageRecordVersion}`);
  if (record.order !== orderId)
    throw new MessageMismatchError(`this message was written for order ${String(record.order)}, not ${orderId}`);
  if (record.author !== p.author.toLowerCase())
    throw new MessageMismatchError(`this message was written by ${String(record.author)}, not ${p.author}`);
  return record.text;
}

/**
 * Checks that `ciphertext` is a well-formed sealed message without decrypting it (what a node does):
 * base64 of a vault file with a full header, at least one sealed chunk and at most 32 KiB.
 * Throws `VaultFormatError` naming the problem.
 */
export function readSealedMessage(ciphertext: string): { bytes: Uint8Array<ArrayBuffer>; header: VaultHeader } {
  if (
    typeof ciphertext !== "string" ||
    !/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(ciphertext)
  )
    throw new VaultFormatError("not a sealed message: the ciphertext is not base64");
  if ((ciphertext.length / 4) * 3 > maxSealedMessageBytes + 2)
    throw new VaultFormatError(`not a sealed message: longer than ${maxSealedMessageBytes} bytes`);
  const bytes = fromBase64(ciphertext);
  if (bytes.length > maxSealedMessageBytes)
    throw new VaultFormatError(`not a sealed message: longer than ${maxSealedMessageBytes} bytes`);
  const header = readVaultHeader(bytes);
  if (!header) throw new VaultFormatError("not a sealed message: it ends inside its vault header");
  // One sealed chunk at least: the plaintext record is never empty, so it is more than its tag.
  if (bytes.length <= header.length + 16)
    throw new VaultFormatError("not a sealed message: nothing follows its vault header but a tag at most");
  return { bytes, header };
}

function checkOrderId(id: bigint | number): string {
  if (!(typeof id === "bigint" || Number.isSafeInteger(id)) || BigInt(id) < 0n)
    throw new InvalidParameterError("orderId", `must be a non-negative integer, got ${String(id)}`);
  return BigInt(id).toString();
}

function checkRecipients(recipients: readonly MessageRecipient[], author: Address): void {
  if (recipients.length < 1 || recipients.length > maxRecipients)
    throw new InvalidParameterError("recipients", `give 1 to ${maxRecipients} readers, got ${recipients.length}`);
  const accounts = new Set<string>();
  const keys = new Set<string>();
  for (const r of recipients) {
    if (!isAddress(r.account, { strict: false }))
      throw new InvalidParameterError("recipients", `${String(r.account)} is not an address`);
    if (!isEncryptionPublicKey(r.publicKey))
      throw new InvalidParameterError("recipients", `${r.publicKey} (${r.account}) is not a 32-byte X25519 key`);
    if (!Number.isInteger(r.keyVersion) || r.keyVersion < 1)
      throw new InvalidParameterError("recipients", `key version of ${r.account} must be 1 or more`);
    const account = r.account.toLowerCase();
    const key = r.publicKey.toLowerCase();
    if (accounts.has(account) || keys.has(key))
      throw new InvalidParameterError("recipients", `${r.account} or its key is listed twice`);
    accounts.add(account);
    keys.add(key);
  }
  if (!accounts.has(author.toLowerCase()))
    throw new InvalidParameterError(
      "recipients",
      `include the author ${author}: else you cannot read your own message`,
    );
}

// Read by hand: `new Response(stream).arrayBuffer()` would do, but Chromium replaces the stream's
// error (which says what failed: the key, the header, a chunk) with "Failed to fetch".
async function collect(stream: ReadableStream<Uint8Array>): Promise<Uint8Array<ArrayBuffer>> {
  const parts: Uint8Array[] = [];
  let length = 0;
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
    length += value.length;
  }
  const out = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
