import { pbkdf2Sync } from "node:crypto";
import { type HDAccount, HDKey, hdKeyToAccount } from "viem/accounts";

/** The mnemonic anvil, Hardhat and Ganache fund by default. Public: for local chains only. */
export const devMnemonic = "test test test test test test test test test test test junk";

/** Names of the local development accounts; index = HD address index (`deployer` = 0 is governance). */
export const devAccountNames = [
  "deployer",
  "alice",
  "bob",
  "carol",
  "dave",
  "erin",
  "frank",
  "grace",
  "heidi",
  "ivan",
  "judy",
] as const;
/** A development account name. */
export type DevAccountName = (typeof devAccountNames)[number];

let root: HDKey | undefined;

/** The local development accounts (anvil's default mnemonic, indices 0..10), by name. */
export function devAccounts(): Record<DevAccountName, HDAccount> {
  // BIP-39 seed with node:crypto: noble's pure-JS PBKDF2 would cost ~100 ms per account.
  root ??= HDKey.fromMasterSeed(pbkdf2Sync(devMnemonic.normalize("NFKD"), "mnemonic", 2048, 64, "sha512"));
  const hd = root;
  return Object.fromEntries(
    devAccountNames.map((name, i) => [name, hdKeyToAccount(hd, { addressIndex: i })]),
  ) as Record<DevAccountName, HDAccount>;
}
