// @dipnet/sdk/node — the parts of the SDK that need Node.js (files, node:crypto); everything else
// is in the browser-safe `@dipnet/sdk`.

export {
  type Anvil,
  AnvilError,
  AnvilPortInUseError,
  type PersistentChain,
  portInUse,
  type StartAnvilOptions,
  startAnvil,
} from "./anvil.ts";
export { readDeployment, writeDeployment } from "./deploymentFile.ts";
export { type DevAccountName, devAccountNames, devAccounts, devMnemonic } from "./devAccounts.ts";
export { createDocumentStore, type DocumentStore } from "./documentStore.ts";
export { decryptKeystore, type EncryptKeystoreOptions, encryptKeystore, type KeystoreV3 } from "./keystore.ts";
