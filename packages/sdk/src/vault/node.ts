// The node's vault routes as the client calls them: ciphertext up, ciphertext down, grants listed.
import type { Address } from "viem";
import { DipnetError, type DipnetErrorOptions, VaultFormatError } from "../errors/base.ts";
import { readVaultHeader, type VaultHeader } from "./format.ts";

/** A vault request the node refused or could not serve: its HTTP status (0: no answer) and message. */
export class VaultNodeError extends DipnetError {
  override name = "VaultNodeError";
  status: number;

  constructor(message: string, status: number, options: DipnetErrorOptions = {}) {
    super(message, options);
    this.status = status;
  }
}

/** Uploads ciphertext (a vault file) to the node; resolves with what it stored. */
export async function uploadCiphertext(
  nodeUrl: string,
  body: ReadableStream<Uint8Array>,
  uploader?: string | undefined,
): Promise<{ cid: string; size: number }> {
  const url = new URL("/api/vault/files", nodeUrl);
  if (uploader !== undefined) url.searchParams.set("uploader", uploader);
  const response = await reach(url, {
    method: "POST",
    headers: { "content-type": "application/octet-stream" },
    body,
    duplex: "half",
  } as RequestInit);
  if (!response.ok) throw await nodeError(response, "upload");
  return (await response.json()) as { cid: string; size: number };
}

/** The ciphertext of a file through the node (which fetches it from its IPFS peers when needed). */
export async function downloadCiphertext(nodeUrl: string, cid: string): Promise<ReadableStream<Uint8Array>> {
  const response = await reach(new URL(`/api/vault/files/${encodeURIComponent(cid)}`, nodeUrl));
  if (!response.ok || !response.body) throw await nodeError(response, "download");
  return response.body;
}

/** A file's header read off the front of its ciphertext, the bytes read, and the rest of the stream. */
export type FileHead = { header: VaultHeader; bytes: Uint8Array; rest: ReadableStreamDefaultReader<Uint8Array> };

/** Reads a vault file's header off `ciphertext` (what was read past it stays in `bytes`). */
export async function readFileHead(ciphertext: ReadableStream<Uint8Array>, cid: string): Promise<FileHead> {
  const reader = ciphertext.getReader();
  let bytes = new Uint8Array(0);
  for (;;) {
    const header = readVaultHeader(bytes);
    if (header) return { header, bytes, rest: reader };
    const next = await reader.read();
    if (next.done)
      throw new VaultFormatError(`truncated vault file: ${cid} ends inside its header (${bytes.length} bytes)`);
    const joined = new Uint8Array(bytes.length + next.value.length);
    joined.set(bytes, 0);
    joined.set(next.value, bytes.length);
    bytes = joined;
  }
}

/** A grant of a file as the node lists it (`GET /api/vault/files/:cid/grants`). */
export type FileGrant = {
  id: number;
  orderId: number;
  grantor: Address;
  grantee: Address;
  fileCid: string;
  keyEnvelopeCid: string;
  grantedAt: number;
  revokedAt: number | null;
  state: "standing" | "revoked";
};

/**
 * The grants of file `cid` the node has indexed (to `grantee` only, when given), standing ones first.
 * @example const [grant] = await listFileGrants({ nodeUrl, cid, grantee: me.address });
 */
export async function listFileGrants(p: {
  nodeUrl: string;
  cid: string;
  grantee?: Address | undefined;
}): Promise<FileGrant[]> {
  const url = new URL(`/api/vault/files/${encodeURIComponent(p.cid)}/grants`, p.nodeUrl);
  if (p.grantee) url.searchParams.set("grantee", p.grantee);
  const response = await reach(url);
  if (!response.ok) throw await nodeError(response, "grant listing");
  return ((await response.json()) as { items: FileGrant[] }).items;
}

/** `fetch`, with "cannot reach the node" naming its address when no answer comes (status 0). */
export async function reach(url: URL, init?: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (cause) {
    throw new VaultNodeError(`cannot reach the node at ${url.origin}: ${(cause as Error).message}`, 0, { cause });
  }
}

export async function nodeError(response: Response, what: string): Promise<VaultNodeError> {
  const body = (await response.json().catch(() => undefined)) as { message?: string } | undefined;
  return new VaultNodeError(
    `vault ${what} failed: ${body?.message ?? `the node answered ${response.status} ${response.statusText}`}`,
    response.status,
  );
}
