// The vault through a DIPNET node: files are encrypted here, in the client, and only ciphertext
// travels to the node and on to its IPFS peers; decryption happens here too, as the bytes arrive.
import type { Address, Hex } from "viem";
import { InvalidParameterError, VaultKeyMismatchError } from "../errors/base.ts";
import { openKeyEnvelope } from "./envelopes.ts";
import { decryptStream, encryptStream } from "./format.ts";
import type { VaultKeyPair } from "./keys.ts";
import {
  downloadCiphertext,
  type FileHead,
  listFileGrants,
  nodeError,
  reach,
  readFileHead,
  uploadCiphertext,
} from "./node.ts";

/** Parameters of `putFile`. */
export type PutFileParameters = {
  /** The node's API, e.g. `http://127.0.0.1:8080`. */
  nodeUrl: string;
  /** The plaintext, read once as it streams. */
  plaintext: ReadableStream<Uint8Array>;
  /** Public keys (0x-hex X25519) that may decrypt; include your own to read the file back. */
  recipients: readonly Hex[];
  /** Who uploads, recorded by the node as the file's uploader. Default: none. */
  uploader?: string | undefined;
  /** Plaintext bytes per chunk. Default: 64 KiB. */
  chunkSize?: number | undefined;
};
/** What the node stored. */
export type PutFileReturnType = { cid: string; size: number };

/**
 * Encrypts `plaintext` to `recipients` and uploads the ciphertext; resolves with its CID.
 * Node.js streams the upload; browsers that cannot stream a request body should pass a Blob's stream
 * through `encryptStream` and upload the result themselves.
 * @example const { cid } = await putFile({ nodeUrl, plaintext: Readable.toWeb(createReadStream(f)), recipients: [me.publicKey] });
 */
export async function putFile(p: PutFileParameters): Promise<PutFileReturnType> {
  const body = p.plaintext.pipeThrough(encryptStream({ recipients: p.recipients, chunkSize: p.chunkSize }));
  return uploadCiphertext(p.nodeUrl, body, p.uploader);
}

/** Parameters of `getFile`. */
export type GetFileParameters = {
  nodeUrl: string;
  /** The file's CID. */
  cid: string;
  /** Your key pairs (every version you may have been sent files for). */
  keys: readonly VaultKeyPair[];
  /**
   * Your account: when the file is not encrypted to any of `keys`, its key is taken from a key
   * envelope of a grant of the file to this account, as the node lists them. Default: none (no
   * fallback to grants).
   */
  grantee?: Address | undefined;
};

/**
 * Downloads a file through the node (which fetches it from its IPFS peers when needed) and decrypts
 * it as it arrives, with one of your keys or, with `grantee`, with the key a grant sent you. The
 * stream errors with the vault's errors when the file is not for you or was altered: consumers must
 * not treat what they read as complete until the stream ends.
 * @example await (await getFile({ nodeUrl, cid, keys, grantee: me.address })).pipeTo(Writable.toWeb(createWriteStream(tmp)));
 */
export async function getFile(p: GetFileParameters): Promise<ReadableStream<Uint8Array>> {
  if (p.keys.length === 0) throw new InvalidParameterError("keys", "give at least one key pair");
  const ciphertext = await downloadCiphertext(p.nodeUrl, p.cid);
  if (!p.grantee) return ciphertext.pipeThrough(decryptStream({ keys: p.keys }));
  const head = await readFileHead(ciphertext, p.cid);
  try {
    const held = head.header.recipients.some((r) => p.keys.some((k) => k.publicKey.toLowerCase() === r));
    const decrypt = held
      ? decryptStream({ keys: p.keys })
      : decryptStream({ fileKey: await grantedFileKey({ ...p, grantee: p.grantee }) });
    return streamFrom(head).pipeThrough(decrypt);
  } catch (error) {
    await head.rest.cancel().catch(() => {});
    throw error;
  }
}

/**
 * The key of file `cid` from a grant of it to `grantee` (standing grants tried first). Fails with
 * `VaultKeyMismatchError` when the node knows no grant of the file to `grantee`, else with the error
 * of the envelope that failed.
 * @example const fileKey = await grantedFileKey({ nodeUrl, cid, grantee: me.address, keys });
 */
export async function grantedFileKey(p: {
  nodeUrl: string;
  cid: string;
  grantee: Address;
  keys: readonly VaultKeyPair[];
}): Promise<Uint8Array> {
  const grants = await listFileGrants({ nodeUrl: p.nodeUrl, cid: p.cid, grantee: p.grantee });
  if (grants.length === 0)
    throw new VaultKeyMismatchError(
      `no recipient key matches and no grant of ${p.cid} to ${p.grantee} is known: ask its owner for a grant (dipnet vault grant)`,
    );
  let first: unknown;
  for (const grant of grants) {
    try {
      return await openKeyEnvelope({ ...p, envelopeCid: grant.keyEnvelopeCid, fileCid: p.cid });
    } catch (error) {
      first ??= error;
    }
  }
  throw first;
}

/** The whole file again: the bytes read for its header, then the rest. */
function streamFrom(head: FileHead): ReadableStream<Uint8Array> {
  let sentHead = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!sentHead) {
        sentHead = true;
        controller.enqueue(head.bytes);
        return;
      }
      const next = await head.rest.read();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
    cancel: (reason) => head.rest.cancel(reason),
  });
}

/** A stored file's metadata, as the node reports it. */
export type VaultFileMeta = {
  cid: string;
  size: number;
  recipients: Hex[];
  uploader: string | null;
  createdAt: number;
};

/** The metadata of a file the node holds. */
export async function getFileMeta(p: { nodeUrl: string; cid: string }): Promise<VaultFileMeta> {
  const response = await reach(new URL(`/api/vault/files/${encodeURIComponent(p.cid)}/meta`, p.nodeUrl));
  if (!response.ok) throw await nodeError(response, "metadata");
  return (await response.json()) as VaultFileMeta;
}
