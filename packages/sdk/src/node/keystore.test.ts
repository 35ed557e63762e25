import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { generatePrivateKey, privateKeyToAddress } from "viem/accounts";
import { AccountError } from "../errors/base.ts";
import { decryptKeystore, encryptKeystore } from "./keystore.ts";

describe("keystore", () => {
  it("round-trips a private key through a v3 scrypt keystore", async () => {
    const key = generatePrivateKey();
    const keystore = await encryptKeystore(key, "correct horse", { scryptN: 1024 });
    assert.equal(keystore.version, 3);
    assert.equal(keystore.crypto.kdf, "scrypt");
    assert.equal(`0x${keystore.address}`, privateKeyToAddress(key).toLowerCase());
    assert.equal(await decryptKeystore(keystore, "correct horse"), key);
  });

  it("rejects a wrong password", async () => {
    const keystore = await encryptKeystore(generatePrivateKey(), "a", { scryptN: 1024 });
    await assert.rejects(
      decryptKeystore(keystore, "b"),
      (e: unknown) => e instanceof AccountError && /wrong keystore password/.test(e.message),
    );
  });

  it("decrypts the Web3 Secret Storage test vector (pbkdf2)", async () => {
    // From the "Web3 Secret Storage Definition", password "testpassword".
    const vector = {
      version: 3 as const,
      id: "3198bc9c-6672-5ab3-d995-4942343ae5b6",
      address: "008aeeda4d805471df9b2a5b0f38a0c3bcba786b",
      crypto: {
        cipher: "aes-128-ctr" as const,
        cipherparams: { iv: "6087dab2f9fdbbfaddc31a909735c1e6" },
        ciphertext: "5318b4d5bcd28de64ee5559e671353e16f075ecae9f99c7a79a38af5f869aa46",
        kdf: "pbkdf2" as const,
        kdfparams: {
          c: 262144,
          dklen: 32,
          prf: "hmac-sha256",
          salt: "ae3cd4e7013836a3df6bd7241b12db061dbe2c6785853cce422d148a624ce0bd",
        },
        mac: "517ead924a9d0dc3124507e3393d175ce3ff7c1e96529c6c555ce9e51205e9b2",
      },
    };
    assert.equal(
      await decryptKeystore(vector, "testpassword"),
      "0x7a28b5ba57c53603b0b07b56bba752f7784bf506fa95edc395f5cf6c7514fe9d",
    );
  });
});
