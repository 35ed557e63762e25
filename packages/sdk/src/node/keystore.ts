import {
  createCipheriv,
  createDecipheriv,
  pbkdf2,
  randomBytes,
  randomUUID,
  scrypt,
  timingSafeEqual,
} from "node:crypto";
import { promisify } from "node:util";
import { bytesToHex, concat, type Hex, hexToBytes, keccak256 } from "viem";
import { privateKeyToAddress } from "viem/accounts";
import { AccountError } from "../errors/base.ts";

/** A Web3 Secret Storage v3 keystore (the format geth, Foundry and MetaMask export). */
export type KeystoreV3 = {
  version: 3;
  id: string;
  address: string;
  crypto: {
    cipher: "aes-128-ctr";
    cipherparams: { iv: string };
    ciphertext: string;
    kdf: "scrypt" | "pbkdf2";
    kdfparams: Record<string, number | string>;
    mac: string;
  };
};

/** Options of `encryptKeystore`. */
export type EncryptKeystoreOptions = {
  /** scrypt cost. Default: 262144 (2^18, as geth's standard; ~1 s). */
  scryptN?: number | undefined;
};

const scryptAsync = promisify(scrypt) as (
  password: string | Buffer,
  salt: Buffer,
  keylen: number,
  options: { N: number; r: number; p: number; maxmem: number },
) => Promise<Buffer>;
const pbkdf2Async = promisify(pbkdf2);
const strip = (hex: string) => hex.replace(/^0x/, "");

async function deriveKey(password: string, c: KeystoreV3["crypto"]): Promise<Buffer> {
  const k = c.kdfparams;
  const salt = Buffer.from(strip(String(k.salt)), "hex");
  const dklen = Number(k.dklen ?? 32);
  if (c.kdf === "scrypt") {
    const N = Number(k.n);
    const r = Number(k.r);
    const p = Number(k.p);
    // OpenSSL (node:crypto) requires N < 2^(16 r); keystores written with r = 1 and a large N are refused.
    if (r < 8 && N >= 2 ** (16 * r))
      throw new AccountError(`keystore scrypt parameters n=${N}, r=${r} are not supported`);
    return scryptAsync(password.normalize("NFKC"), salt, dklen, {
      N,
      r,
      p,
      maxmem: Math.max(512 * 2 ** 20, 256 * N * r * p),
    });
  }
  if (c.kdf === "pbkdf2") {
    if (k.prf !== "hmac-sha256") throw new AccountError(`unsupported keystore pbkdf2 prf ${k.prf}`);
    return pbkdf2Async(password.normalize("NFKC"), salt, Number(k.c), dklen, "sha256");
  }
  throw new AccountError(`unsupported keystore kdf ${String(c.kdf)}`);
}

function mac(derived: Buffer, ciphertext: Buffer): Hex {
  return keccak256(concat([bytesToHex(derived.subarray(16, 32)), bytesToHex(ciphertext)]));
}

/** Encrypts a private key into a v3 keystore (scrypt + aes-128-ctr). */
export async function encryptKeystore(
  privateKey: Hex,
  password: string,
  options: EncryptKeystoreOptions = {},
): Promise<KeystoreV3> {
  const salt = randomBytes(32);
  const iv = randomBytes(16);
  const kdfparams = { dklen: 32, n: options.scryptN ?? 262_144, r: 8, p: 1, salt: salt.toString("hex") };
  const c = { cipher: "aes-128-ctr", cipherparams: { iv: iv.toString("hex") }, kdf: "scrypt", kdfparams } as const;
  const derived = await deriveKey(password, { ...c, ciphertext: "", mac: "" });
  const cipher = createCipheriv("aes-128-ctr", derived.subarray(0, 16), iv);
  const ciphertext = Buffer.concat([cipher.update(hexToBytes(privateKey)), cipher.final()]);
  return {
    version: 3,
    id: randomUUID(),
    address: strip(privateKeyToAddress(privateKey)).toLowerCase(),
    crypto: { ...c, ciphertext: ciphertext.toString("hex"), mac: strip(mac(derived, ciphertext)) },
  };
}

/** Decrypts a v3 keystore; throws `AccountError` on a wrong password or a corrupt file. */
export async function decryptKeystore(keystore: KeystoreV3, password: string): Promise<Hex> {
  if (keystore?.version !== 3 || !keystore.crypto) throw new AccountError("not a v3 keystore");
  const c = keystore.crypto;
  if (c.cipher !== "aes-128-ctr") throw new AccountError(`unsupported keystore cipher ${c.cipher}`);
  const derived = await deriveKey(password, c);
  const ciphertext = Buffer.from(strip(c.ciphertext), "hex");
  const expected = Buffer.from(strip(mac(derived, ciphertext)), "hex");
  const actual = Buffer.from(strip(c.mac), "hex");
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) {
    throw new AccountError("wrong keystore password");
  }
  const decipher = createDecipheriv(
    "aes-128-ctr",
    derived.subarray(0, 16),
    Buffer.from(strip(c.cipherparams.iv), "hex"),
  );
  return bytesToHex(Buffer.concat([decipher.update(ciphertext), decipher.final()]));
}
