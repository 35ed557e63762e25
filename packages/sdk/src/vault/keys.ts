// Encryption keys from a wallet: an X25519 key pair derived from the signature of a fixed EIP-712
// message. secp256k1 signatures are deterministic (RFC 6979), so the same account always derives
// the same key, in any client, and the private half never needs storing. The message carries a key
// version: rotating means registering version n+1; versions 1…n stay derivable, so files encrypted
// to an old key stay readable.
import { x25519 } from "@noble/curves/ed25519";
import { hkdf } from "@noble/hashes/hkdf";
import { sha256 } from "@noble/hashes/sha2";
import { type Account, bytesToHex, type Hex, hexToBytes, type TypedDataDefinition } from "viem";
import { InvalidParameterError } from "../errors/base.ts";

/** An X25519 key pair of the vault; `publicKey` is what ParticipantRegistry's `encryptionKey` holds. */
export type VaultKeyPair = {
  /** The key version it was derived for (1, 2, …). */
  version: number;
  /** 32-byte X25519 public key, 0x-hex. */
  publicKey: Hex;
  /** 32-byte X25519 private key. Never leaves the client. */
  privateKey: Uint8Array;
};

/** The EIP-712 domain of the key derivation message. No chain id: one key serves every chain. */
export const encryptionKeyDomain = { name: "DIPNET encryption key", version: "1" } as const;

const encryptionKeyTypes = {
  EncryptionKey: [
    { name: "purpose", type: "string" },
    { name: "keyVersion", type: "uint32" },
  ],
} as const;

const purpose =
  "Derive my DIPNET encryption key. Sign this only in a DIPNET client: whoever holds this signature can read my files.";

/**
 * The EIP-712 message an account signs to derive key `version`; what a browser wallet is asked to sign.
 * @example const signature = await walletClient.signTypedData({ account, ...encryptionKeyMessage(1) });
 */
export function encryptionKeyMessage(
  version: number,
): TypedDataDefinition<typeof encryptionKeyTypes, "EncryptionKey"> & { domain: typeof encryptionKeyDomain } {
  checkKeyVersion(version);
  return {
    domain: encryptionKeyDomain,
    types: encryptionKeyTypes,
    primaryType: "EncryptionKey",
    message: { purpose, keyVersion: version },
  };
}

/** The key pair of `version` from the account's signature of `encryptionKeyMessage(version)`. */
export function keyPairFromSignature(signature: Hex, version: number): VaultKeyPair {
  checkKeyVersion(version);
  if (!/^0x[0-9a-fA-F]{130}$/.test(signature))
    throw new InvalidParameterError("signature", "must be a 65-byte 0x-hex secp256k1 signature");
  const privateKey = hkdf(sha256, hexToBytes(signature), undefined, `DIPNET X25519 key v${version}`, 32);
  return { version, publicKey: bytesToHex(x25519.getPublicKey(privateKey)), privateKey };
}

/** Parameters of `deriveKeyPair`: a local account (or any account that signs typed data) and the version. */
export type DeriveKeyPairParameters = { account: Account; version: number };

/**
 * Derives the account's key pair of `version` by signing the fixed EIP-712 message.
 * @example const keys = await deriveKeyPair({ account: privateKeyToAccount(key), version: 1 });
 */
export async function deriveKeyPair({ account, version }: DeriveKeyPairParameters): Promise<VaultKeyPair> {
  if (!account.signTypedData)
    throw new InvalidParameterError("account", "cannot sign typed data (use a local account)");
  return keyPairFromSignature(await account.signTypedData(encryptionKeyMessage(version)), version);
}

/** Whether `key` is a registrable X25519 public key: 32 bytes, not all zero (zero means "none"). */
export function isEncryptionPublicKey(key: string): key is Hex {
  return /^0x[0-9a-fA-F]{64}$/.test(key) && !/^0x0{64}$/.test(key);
}

function checkKeyVersion(version: number): void {
  if (!Number.isInteger(version) || version < 1 || version > 0xffff_ffff)
    throw new InvalidParameterError("version", `must be an integer from 1 to 4294967295, got ${version}`);
}
