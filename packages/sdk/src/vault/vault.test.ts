import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { privateKeyToAccount } from "viem/accounts";
import { participant } from "../actions/reads/participant.ts";
import { encryptionKeyHistory, setEncryptionKey } from "../actions/registry/encryptionKeys.ts";
import { register } from "../actions/registry/register.ts";
import { VaultEnvelopeError, VaultFormatError, VaultIntegrityError, VaultKeyMismatchError } from "../errors/base.ts";
import { createAesGcm as nodeAesGcm } from "../node/aesGcm.ts";
import { devAccounts } from "../node/devAccounts.ts";
import { deployTestNetwork, type TestNetwork } from "../testing/network.ts";
import { roles } from "../types.ts";
import { createAesGcm as webAesGcm } from "./aesGcm.ts";
import { decodeKeyEnvelope, encodeKeyEnvelope } from "./envelopes.ts";
import { decryptStream, encryptedSize, encryptStream, fileKeyOf, readVaultHeader } from "./format.ts";
import { deriveKeyPair, keyPairFromSignature, type VaultKeyPair } from "./keys.ts";

const dev = devAccounts();

async function collect(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const part of stream) parts.push(part);
  return Buffer.concat(parts);
}

/** A stream of `bytes` in pieces of `piece` bytes (pieces never aligned to chunks). */
function streamOf(bytes: Uint8Array, piece = 777): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (let i = 0; i < bytes.length; i += piece) controller.enqueue(bytes.slice(i, i + piece));
      controller.close();
    },
  });
}

const encrypt = (plain: Uint8Array, keys: VaultKeyPair[], chunkSize = 1024) =>
  collect(streamOf(plain).pipeThrough(encryptStream({ recipients: keys.map((k) => k.publicKey), chunkSize })));
const decrypt = (cipher: Uint8Array, keys: VaultKeyPair[]) =>
  collect(streamOf(cipher).pipeThrough(decryptStream({ keys })));

describe("vault keys", () => {
  describe("deriveKeyPair", () => {
    it("derives the same key from the same account and version, another from another version", async () => {
      const account = privateKeyToAccount(`0x${"ab".repeat(32)}`);
      const first = await deriveKeyPair({ account, version: 1 });
      const again = await deriveKeyPair({ account: privateKeyToAccount(`0x${"ab".repeat(32)}`), version: 1 });
      const second = await deriveKeyPair({ account, version: 2 });
      assert.equal(first.publicKey, again.publicKey);
      assert.deepEqual(first.privateKey, again.privateKey);
      assert.notEqual(first.publicKey, second.publicKey);
      assert.notEqual((await deriveKeyPair({ account: dev.alice, version: 1 })).publicKey, first.publicKey);
      assert.match(first.publicKey, /^0x[0-9a-f]{64}$/);
    });

    it("rejects version 0 and signatures that are not 65 bytes, naming the field", async () => {
      await assert.rejects(deriveKeyPair({ account: dev.alice, version: 0 }), /invalid version: must be an integer/);
      assert.throws(() => keyPairFromSignature("0x1234", 1), /invalid signature: must be a 65-byte/);
    });
  });

  describe("on chain", () => {
    let network: TestNetwork;
    before(async () => {
      network = await deployTestNetwork();
    });
    after(async () => {
      await network?.stop();
    });

    it("registers a key, rotates it, and keeps every version in the history", async () => {
      const v1 = await deriveKeyPair({ account: dev.alice, version: 1 });
      const v2 = await deriveKeyPair({ account: dev.alice, version: 2 });
      const alice = network.clients.alice;
      await register(alice, { roles: roles.customer, profileURI: "ipfs://profile", encryptionKey: v1.publicKey });
      await setEncryptionKey(alice, { publicKey: v2.publicKey });
      assert.equal((await participant(alice, { account: dev.alice.address })).encryptionKey, v2.publicKey);
      const history = await encryptionKeyHistory(alice, { account: dev.alice.address });
      assert.deepEqual(
        history.keys.map((k) => [k.version, k.publicKey]),
        [
          [1, v1.publicKey],
          [2, v2.publicKey],
        ],
      );
      assert.equal(history.profile?.profileURI, "ipfs://profile");
    });

    it("refuses to set a key for an account that is not registered", async () => {
      const key = await deriveKeyPair({ account: dev.dave, version: 1 });
      await assert.rejects(setEncryptionKey(network.clients.dave, { publicKey: key.publicKey }), /register first/);
    });
  });
});

describe("vault format", () => {
  let alice: VaultKeyPair;
  let bob: VaultKeyPair;
  let carol: VaultKeyPair;
  before(async () => {
    [alice, bob, carol] = (await Promise.all(
      [dev.alice, dev.bob, dev.carol].map((account) => deriveKeyPair({ account, version: 1 })),
    )) as [VaultKeyPair, VaultKeyPair, VaultKeyPair];
  });

  describe("encryptStream / decryptStream", () => {
    it("round-trips multi-chunk, chunk-aligned and empty files for every recipient", async () => {
      for (const size of [0, 1, 1024, 5 * 1024, 10_000]) {
        const plain = randomBytes(size);
        const cipher = await encrypt(plain, [alice, bob]);
        assert.equal(cipher.length, encryptedSize(size, 2, 1024));
        assert.deepEqual(await decrypt(cipher, [alice]), plain);
        assert.deepEqual(await decrypt(cipher, [carol, bob]), plain);
      }
    });

    it("reads the recipients and chunk size from the header", async () => {
      const cipher = await encrypt(randomBytes(10), [alice, bob]);
      const header = readVaultHeader(cipher);
      assert.deepEqual(header?.recipients, [alice.publicKey, bob.publicKey]);
      assert.equal(header?.chunkSize, 1024);
      assert.equal(readVaultHeader(cipher.subarray(0, 30)), undefined);
      assert.throws(() => readVaultHeader(Buffer.from("%PDF-1.7")), VaultFormatError);
    });

    it("fails with 'no recipient key matches' for a key that is not a recipient", async () => {
      const cipher = await encrypt(randomBytes(3000), [alice]);
      await assert.rejects(decrypt(cipher, [bob, carol]), (error: unknown) => {
        assert.ok(error instanceof VaultKeyMismatchError);
        assert.match(error.message, /no recipient key matches/);
        return true;
      });
    });

    it("names the truncated chunk when the last chunk or part of one is missing", async () => {
      const cipher = await encrypt(randomBytes(5000), [alice]); // chunks 0-4, 1040 bytes each sealed but the last
      const headerLength = readVaultHeader(cipher)?.length as number;
      const withoutLast = cipher.subarray(0, headerLength + 4 * 1040);
      await assert.rejects(decrypt(withoutLast, [alice]), /chunk 3 failed authentication: the file is truncated/);
      await assert.rejects(decrypt(cipher.subarray(0, cipher.length - 5), [alice]), (error: unknown) => {
        assert.ok(error instanceof VaultIntegrityError);
        assert.equal(error.chunk, 4);
        return true;
      });
      await assert.rejects(decrypt(cipher.subarray(0, headerLength - 1), [alice]), /ends inside its header/);
    });

    it("detects reordered chunks and bytes appended after the last chunk", async () => {
      const cipher = await encrypt(randomBytes(5000), [alice]);
      const at = readVaultHeader(cipher)?.length as number;
      const swapped = Buffer.concat([
        cipher.subarray(0, at),
        cipher.subarray(at + 1040, at + 2080),
        cipher.subarray(at, at + 1040),
        cipher.subarray(at + 2080),
      ]);
      await assert.rejects(
        decrypt(swapped, [alice]),
        /chunk 0 failed authentication: it was altered or chunks were reordered/,
      );
      const full = await encrypt(randomBytes(2048), [alice]);
      await assert.rejects(
        decrypt(Buffer.concat([full, full.subarray(full.length - 20)]), [alice]),
        /chunk 1 failed authentication/,
      );
    });

    it("detects any flipped bit: in a chunk, naming it, and in the header", async () => {
      const cipher = await encrypt(randomBytes(5000), [alice, bob]);
      const at = readVaultHeader(cipher)?.length as number;
      const flip = (index: number) => {
        const copy = Buffer.from(cipher);
        copy[index] = (copy[index] as number) ^ 0x01;
        return copy;
      };
      await assert.rejects(decrypt(flip(at + 2 * 1040 + 17), [alice]), (error: unknown) => {
        assert.ok(error instanceof VaultIntegrityError);
        assert.equal(error.chunk, 2);
        assert.match(error.message, /chunk 2 failed authentication: it was altered/);
        return true;
      });
      await assert.rejects(decrypt(flip(8), [alice]), /invalid header: its MAC does not match/);
      await assert.rejects(decrypt(flip(at - 1), [alice]), /invalid header: its MAC does not match/);
      await assert.rejects(decrypt(flip(23 + 100), [alice]), /file key wrapped for 0x[0-9a-f]+ failed authentication/);
      await assert.rejects(decrypt(flip(4), [alice]), /unsupported vault format version 0/);
    });

    it("seals chunks the same with node:crypto (Node.js) and WebCrypto (browsers)", async () => {
      const key = randomBytes(32);
      const nonce = new Uint8Array(randomBytes(12));
      const plain = new Uint8Array(randomBytes(70_000));
      const [node, web] = await Promise.all([nodeAesGcm(key), webAesGcm(key)]);
      const sealed = new Uint8Array(await node.seal(nonce, plain));
      assert.deepEqual(sealed, new Uint8Array(await web.seal(nonce, plain)));
      assert.deepEqual(new Uint8Array(await web.open(nonce, sealed)), plain);
      sealed[5] = (sealed[5] as number) ^ 1;
      await assert.rejects(async () => node.open(nonce, sealed));
      await assert.rejects(async () => web.open(nonce, sealed));
    });

    it("refuses bad recipients and chunk sizes, naming the parameter", () => {
      assert.throws(() => encryptStream({ recipients: [] }), /invalid recipients: give 1 to 64/);
      assert.throws(() => encryptStream({ recipients: [`0x${"00".repeat(32)}`] }), /invalid recipients: 0x0+ is not/);
      assert.throws(() => encryptStream({ recipients: [alice.publicKey], chunkSize: 1000 }), /invalid chunkSize/);
    });
  });

  describe("fileKeyOf / decryptStream with a file key", () => {
    it("takes the file key from the header and decrypts with it alone", async () => {
      const plain = randomBytes(5000);
      const cipher = await encrypt(plain, [alice]);
      const header = readVaultHeader(cipher);
      assert.ok(header);
      const fileKey = await fileKeyOf(cipher.subarray(0, header.length), [bob, alice]);
      assert.equal(fileKey.length, 32);
      assert.deepEqual(await collect(streamOf(cipher).pipeThrough(decryptStream({ fileKey }))), plain);
      await assert.rejects(fileKeyOf(cipher.subarray(0, header.length), [bob]), VaultKeyMismatchError);
      await assert.rejects(fileKeyOf(cipher.subarray(0, 40), [alice]), /ends inside its header/);
    });

    it("refuses another file's key and a flipped byte under the right key", async () => {
      const plain = randomBytes(3000);
      const cipher = await encrypt(plain, [alice]);
      const other = await encrypt(plain, [alice]);
      const header = readVaultHeader(other);
      assert.ok(header);
      const otherKey = await fileKeyOf(other.subarray(0, header.length), [alice]);
      await assert.rejects(
        collect(streamOf(cipher).pipeThrough(decryptStream({ fileKey: otherKey }))),
        (error: unknown) =>
          error instanceof VaultKeyMismatchError && /granted file key does not open this file/.test(error.message),
      );
      const fileKey = await fileKeyOf(cipher.subarray(0, header.length), [alice]);
      const flipped = Buffer.from(cipher);
      flipped[header.length + 100] = (flipped[header.length + 100] as number) ^ 1;
      await assert.rejects(
        collect(streamOf(flipped).pipeThrough(decryptStream({ fileKey }))),
        (error: unknown) => error instanceof VaultIntegrityError && error.chunk === 0,
      );
      assert.throws(() => decryptStream({ fileKey: new Uint8Array(31) }), /invalid fileKey: must be 32 bytes/);
    });
  });

  describe("key envelope records", () => {
    it("round-trip the file CID and key, and refuse anything else naming what is wrong", () => {
      const fileKey = new Uint8Array(randomBytes(32));
      const cid = "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy";
      assert.deepEqual(decodeKeyEnvelope(encodeKeyEnvelope({ fileCid: cid, fileKey })), { fileCid: cid, fileKey });
      const bytes = (record: unknown) => new TextEncoder().encode(JSON.stringify(record));
      const good = JSON.parse(new TextDecoder().decode(encodeKeyEnvelope({ fileCid: cid, fileKey })));
      const refused: [Uint8Array, RegExp][] = [
        [new Uint8Array([0xff, 0xfe]), /plaintext is not JSON/],
        [bytes({ ...good, type: "something" }), /its type is not "dipnet\/key-envelope"/],
        [bytes({ ...good, version: 2 }), /unsupported key envelope version 2/],
        [bytes({ ...good, fileCid: "" }), /fileCid must be a CID/],
        [bytes({ ...good, fileKey: "0x1234" }), /fileKey must be 32 bytes/],
        [bytes(null), /its type is not/],
      ];
      for (const [input, message] of refused)
        assert.throws(
          () => decodeKeyEnvelope(input),
          (error: unknown) => error instanceof VaultEnvelopeError && message.test(error.message),
        );
      assert.throws(() => encodeKeyEnvelope({ fileCid: cid, fileKey: new Uint8Array(16) }), /invalid fileKey/);
    });
  });
});
