// `@dipnet/sdk/vault`: the vault's client-side cryptography (key pairs, the file format's streaming
// encryption and decryption) without the rest of the SDK (contract bindings, node and chain clients),
// for a process that only seals or opens files: about 50 MiB less resident than `@dipnet/sdk`.
export * from "./format.ts";
export * from "./keys.ts";
