// Vault files from the browser: a file is hashed and encrypted here, in the page, and only its
// ciphertext goes to the node (which stores it in IPFS); downloads are decrypted here as they
// arrive. Browsers cannot stream a request body over HTTP/1.1, so the ciphertext is gathered into
// a Blob (the browser may keep it on disk) and sent with XMLHttpRequest, whose upload reports progress.
import { sha256 } from "@noble/hashes/sha2";
import { useCallback, useState } from "react";
import type { Address } from "viem";
import { bytesToHex, type Hex } from "viem";
import { ApiError } from "./api.ts";
import { decryptStream, encryptStream, grantedFileKey, VaultKeyMismatchError, type VaultKeyPair } from "./sdk.ts";
import { useVaultKeys } from "./vaultKeys.tsx";

/** How far a transfer is: `done` of `total` bytes in its current phase. */
export type Progress = { phase: "encrypting" | "uploading" | "downloading"; done: number; total: number };

/** An encrypted file ready to upload: its ciphertext and the sha256 of its plaintext (what a design registers). */
export type SealedFile = { ciphertext: Blob; contentHash: Hex };

/** Hashes and encrypts `file` to `recipients` (X25519 public keys), reporting progress by plaintext bytes. */
async function sealFile(
  file: Blob,
  recipients: readonly Hex[],
  onProgress: (p: Progress) => void,
): Promise<SealedFile> {
  const hash = sha256.create();
  let done = 0;
  const counted = new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      hash.update(chunk);
      done += chunk.length;
      onProgress({ phase: "encrypting", done, total: file.size });
      controller.enqueue(chunk);
    },
  });
  const parts: BlobPart[] = [];
  await file
    .stream()
    .pipeThrough(counted)
    .pipeThrough(encryptStream({ recipients }))
    .pipeTo(
      new WritableStream({
        write(chunk) {
          parts.push(chunk as Uint8Array<ArrayBuffer>);
        },
      }),
    );
  return { ciphertext: new Blob(parts, { type: "application/octet-stream" }), contentHash: bytesToHex(hash.digest()) };
}

/** What the node stored: the ciphertext's CID and size. */
export type StoredFile = { cid: string; size: number };

/** Uploads a sealed file's ciphertext to the node's vault, reporting progress by bytes sent. */
function uploadSealed(ciphertext: Blob, onProgress: (p: Progress) => void): Promise<StoredFile> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", "/api/vault/files");
    xhr.setRequestHeader("content-type", "application/octet-stream");
    xhr.responseType = "json";
    xhr.upload.onprogress = (e) => onProgress({ phase: "uploading", done: e.loaded, total: ciphertext.size });
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) resolve(xhr.response as StoredFile);
      else reject(new ApiError(xhr.status, xhr.response ?? undefined));
    };
    xhr.onerror = () => reject(new ApiError(0));
    xhr.send(ciphertext);
  });
}

/**
 * Downloads vault file `cid` through the node and decrypts it with `keys` as it arrives or, when it
 * is not encrypted to any of them and `grantee` is given, with the key of `grantee`'s grant of it
 * (its key envelope, found through the node). Rejects with the vault's error (not for these keys, no
 * grant, altered, truncated) and keeps no partial plaintext.
 */
export async function openFile(
  cid: string,
  keys: readonly VaultKeyPair[],
  onProgress: (p: Progress) => void,
  grantee?: Address,
): Promise<Blob> {
  try {
    return await downloadAndDecrypt(cid, { keys }, onProgress);
  } catch (error) {
    // The header names no key held: only the header was read; the grant's key opens the file.
    if (!(error instanceof VaultKeyMismatchError) || !grantee) throw error;
    const fileKey = await grantedFileKey({ nodeUrl: window.location.origin, cid, grantee, keys });
    return downloadAndDecrypt(cid, { fileKey }, onProgress);
  }
}

async function downloadAndDecrypt(
  cid: string,
  key: { keys?: readonly VaultKeyPair[]; fileKey?: Uint8Array },
  onProgress: (p: Progress) => void,
): Promise<Blob> {
  const response = await fetch(`/api/vault/files/${encodeURIComponent(cid)}`);
  if (!response.ok || !response.body) throw new ApiError(response.status, await response.json().catch(() => undefined));
  const total = Number(response.headers.get("content-length") ?? 0);
  let done = 0;
  const counted = new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      done += chunk.length;
      onProgress({ phase: "downloading", done, total });
      controller.enqueue(chunk);
    },
  });
  const parts: BlobPart[] = [];
  await response.body
    .pipeThrough(counted)
    .pipeThrough(decryptStream(key))
    .pipeTo(
      new WritableStream({
        write(chunk) {
          parts.push(chunk as Uint8Array<ArrayBuffer>);
        },
      }),
    );
  return new Blob(parts);
}

/** Offers `blob` to the user as a download named `name`. */
export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * Stores files for the acting account: each is hashed and encrypted here to its current vault key
 * (unlocking its keys first) and uploaded; `progress` follows the file under way.
 */
export function useStoreOwnFile() {
  const { unlock } = useVaultKeys();
  const [progress, setProgress] = useState<Progress>();
  const store = useCallback(
    async (file: Blob): Promise<StoredFile & { contentHash: Hex }> => {
      try {
        const keys = await unlock();
        const current = keys[keys.length - 1];
        if (!current) throw new Error("no encryption key to encrypt the file to");
        const sealed = await sealFile(file, [current.publicKey], setProgress);
        return { ...(await uploadSealed(sealed.ciphertext, setProgress)), contentHash: sealed.contentHash };
      } finally {
        setProgress(undefined);
      }
    },
    [unlock],
  );
  return { progress, store };
}
