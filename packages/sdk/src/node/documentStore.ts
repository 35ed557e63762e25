// Content-addressed JSON documents (profiles, specifications, production evidence) kept in a data
// dir: `<dataDir>/documents/<keccak256>.json`, the store a DIPNET node serves them from. Only the
// hash goes on chain; anyone holding the document can check it against the hash. Writes are atomic
// (temp file + rename) and idempotent.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { type Hex, keccak256, toBytes } from "viem";
import { canonicalDocumentJson } from "../actions/evidence/production.ts";

/** A content-addressed store of JSON documents. */
export type DocumentStore = {
  /** Stores the document (no-op when present); returns its hash. */
  put: (document: unknown) => Hex;
  /** The document's canonical JSON text, or undefined. */
  get: (hash: string) => string | undefined;
};

/**
 * A store under `<dataDir>/documents`. Without `dataDir` documents are only hashed (kept in memory).
 * @example const store = createDocumentStore(".dipnet"); const hash = store.put(profile);
 */
export function createDocumentStore(dataDir?: string | undefined): DocumentStore {
  const memory = new Map<string, string>();
  const dir = dataDir ? path.join(dataDir, "documents") : undefined;
  if (dir) mkdirSync(dir, { recursive: true });
  return {
    put(document) {
      const text = canonicalDocumentJson(document);
      const hash = keccak256(toBytes(text));
      if (!dir) {
        memory.set(hash, text);
        return hash;
      }
      const file = path.join(dir, `${hash}.json`);
      if (!existsSync(file)) {
        const tmp = `${file}.${process.pid}.tmp`;
        writeFileSync(tmp, text);
        renameSync(tmp, file);
      }
      return hash;
    },
    get(hash) {
      if (!/^0x[0-9a-f]{64}$/.test(hash)) return undefined;
      if (!dir) return memory.get(hash);
      const file = path.join(dir, `${hash}.json`);
      return existsSync(file) ? readFileSync(file, "utf8") : undefined;
    },
  };
}
