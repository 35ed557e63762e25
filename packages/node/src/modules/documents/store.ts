// The node's content-addressed JSON documents (profiles, specifications, production evidence): the
// store is the SDK's (`@dipnet/sdk/node`), so the CLI writes to a data dir the way the node does.
import { canonicalDocumentJson, documentHashOf } from "@dipnet/sdk";
import type { Hex } from "viem";

export { createDocumentStore, type DocumentStore } from "@dipnet/sdk/node";

/** Deterministic JSON: object keys sorted, no whitespace. The same document always hashes the same. */
export const canonicalJson = canonicalDocumentJson;

/** keccak256 of a document's canonical JSON. */
export const documentHash = documentHashOf;

/** The URI a document is published under: `dipnet://<kind>/<hash>`. */
export const documentUri = (kind: string, hash: Hex): string => `dipnet://${kind}/${hash}`;
