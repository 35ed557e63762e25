// The vault through a DIPNET node: files are encrypted here, in the client, and only ciphertext
// travels to the node and on to its IPFS peers; decryption happens here too, as the bytes arrive.
import type { Hex } from "viem";
import { DipnetError, InvalidParameterError } from "../errors/base.ts";
import { decryptStream, encryptStream } from "./format.ts";
import type { VaultKeyPair } from "./keys.ts";

/** A vault request the node refused or could not serve: its HTTP status and message. */
export class VaultNodeError extends DipnetError {
  override name = "VaultNodeError";
  status: number;

  constructor(message: string, status: number) {
    super(message);
    this.status = status;
  }
}

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
  const url = new URL("/api/vault/files", p.nodeUrl);
  if (p.uploader !== undefined) url.searchParams.set("uploader", p.uploader);
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/octet-stream" },
    body,
    duplex: "half",
  } as RequestInit);
  if (!response.ok) throw await nodeError(response, "upload");
  return (await response.json()) as PutFileReturnType;
}

/** Parameters of `getFile`. */
export type GetFileParameters = {
  nodeUrl: string;
  /** The file's CID. */
  cid: string;
  /** Your key pairs (every version you may have been sent files for). */
  keys: readonly VaultKeyPair[];
};

/**
 * Downloads a file through the node (which fetches it from its IPFS peers when needed) and decrypts
 * it as it arrives. The stream errors with the vault's errors when the file is not for you or was
 * altered: consumers must not treat what they read as complete until the stream ends.
 * @example await (await getFile({ nodeUrl, cid, keys })).pipeTo(Writable.toWeb(createWriteStream(tmp)));
 */
export async function getFile(p: GetFileParameters): Promise<ReadableStream<Uint8Array>> {
  if (p.keys.length === 0) throw new InvalidParameterError("keys", "give at least one key pair");
  const response = await fetch(new URL(`/api/vault/files/${encodeURIComponent(p.cid)}`, p.nodeUrl));
  if (!response.ok || !response.body) throw await nodeError(response, "download");
  return response.body.pipeThrough(decryptStream({ keys: p.keys }));
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
  const response = await fetch(new URL(`/api/vault/files/${encodeURIComponent(p.cid)}/meta`, p.nodeUrl));
  if (!response.ok) throw await nodeError(response, "metadata");
  return (await response.json()) as VaultFileMeta;
}

async function nodeError(response: Response, what: string): Promise<VaultNodeError> {
  const body = (await response.json().catch(() => undefined)) as { message?: string } | undefined;
  return new VaultNodeError(
    `vault ${what} failed: ${body?.message ?? `the node answered ${response.status} ${response.statusText}`}`,
    response.status,
  );
}
