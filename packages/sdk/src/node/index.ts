// @dipnet/sdk/node — the parts of the SDK that need Node.js (files, node:crypto); everything else
// is in the browser-safe `@dipnet/sdk`.

export { readDeployment, writeDeployment } from "./deploymentFile.ts";
export { type DevAccountName, devAccountNames, devAccounts, devMnemonic } from "./devAccounts.ts";
export { decryptKeystore, type EncryptKeystoreOptions, encryptKeystore, type KeystoreV3 } from "./keystore.ts";
