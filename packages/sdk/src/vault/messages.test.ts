import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Address } from "viem";
import { InvalidParameterError, VaultFormatError, VaultIntegrityError, VaultKeyMismatchError } from "../errors/base.ts";
import { devAccounts } from "../node/devAccounts.ts";
import { readVaultHeader } from "./format.ts";
import { deriveKeyPair, type VaultKeyPair } from "./keys.ts";
import {
  MessageMismatchError,
  type MessageRecipient,
  maxMessageText,
  openMessage,
  readSealedMessage,
  sealMessage,
} from "./messages.ts";

const dev = devAccounts();
const text = "Holes 3 and 4 are 0.4 mm off; photos in the evidence. Ünïcödé ✓";

const recipient = (account: Address, key: VaultKeyPair): MessageRecipient => ({
  account,
  keyVersion: key.version,
  publicKey: key.publicKey,
});

describe("thread messages", async () => {
  const bob = await deriveKeyPair({ account: dev.bob, version: 1 });
  const erin = await deriveKeyPair({ account: dev.erin, version: 2 });
  const alice = await deriveKeyPair({ account: dev.alice, version: 1 });
  const readers = [recipient(dev.bob.address, bob), recipient(dev.erin.address, erin)];
  const sealed = await sealMessage({ orderId: 2n, author: dev.bob.address, text, recipients: readers });

  describe("sealMessage / openMessage", () => {
    it("round-trips for every recipient, and lists whose key of which version each stanza is", async () => {
      for (const keys of [[bob], [erin], [alice, erin]])
        assert.equal(
          await openMessage({ ciphertext: sealed.ciphertext, orderId: 2, author: dev.bob.address, keys }),
          text,
        );
      assert.deepEqual(sealed.recipients, [
        { account: dev.bob.address.toLowerCase(), keyVersion: 1 },
        { account: dev.erin.address.toLowerCase(), keyVersion: 2 },
      ]);
      const { header } = readSealedMessage(sealed.ciphertext);
      assert.deepEqual(header.recipients, [bob.publicKey, erin.publicKey]);
      assert.doesNotMatch(atob(sealed.ciphertext), /Holes/);
    });

    it("fails with 'no recipient key matches' for a reader's key it was not sealed to", async () => {
      await assert.rejects(
        openMessage({ ciphertext: sealed.ciphertext, orderId: 2, author: dev.bob.address, keys: [alice] }),
        (e) => e instanceof VaultKeyMismatchError && /no recipient key matches/.test(e.message),
      );
    });

    it("detects an altered ciphertext: in the payload and in the header", async () => {
      const bytes = Uint8Array.from(atob(sealed.ciphertext), (c) => c.charCodeAt(0));
      const { header } = readSealedMessage(sealed.ciphertext);
      const flip = (at: number) => {
        const copy = bytes.slice();
        copy[at] = (copy[at] as number) ^ 1;
        return btoa(String.fromCharCode(...copy));
      };
      await assert.rejects(
        openMessage({ ciphertext: flip(bytes.length - 20), orderId: 2, author: dev.bob.address, keys: [bob] }),
        VaultIntegrityError,
      );
      await assert.rejects(
        openMessage({ ciphertext: flip(header.length - 1), orderId: 2, author: dev.bob.address, keys: [bob] }),
        (e) => e instanceof VaultFormatError && /MAC does not match/.test(e.message),
      );
    });

    it("refuses a message replayed into another order or under another author", async () => {
      await assert.rejects(
        openMessage({ ciphertext: sealed.ciphertext, orderId: 3, author: dev.bob.address, keys: [bob] }),
        (e) => e instanceof MessageMismatchError && /written for order 2, not 3/.test(e.message),
      );
      await assert.rejects(
        openMessage({ ciphertext: sealed.ciphertext, orderId: 2, author: dev.erin.address, keys: [erin] }),
        (e) => e instanceof MessageMismatchError && /written by 0x/.test(e.message),
      );
    });

    it("refuses blank or long text, a missing author and twice-listed readers, naming the parameter", async () => {
      const base = { orderId: 2, author: dev.bob.address, text, recipients: readers };
      const refused = async (p: Parameters<typeof sealMessage>[0], field: string) =>
        assert.rejects(
          sealMessage(p),
          (e) => e instanceof InvalidParameterError && e.message.includes(`invalid ${field}`),
        );
      await refused({ ...base, text: "  " }, "text");
      await refused({ ...base, text: "x".repeat(maxMessageText + 1) }, "text");
      await refused({ ...base, orderId: -1 }, "orderId");
      await refused({ ...base, recipients: [recipient(dev.erin.address, erin)] }, "recipients");
      await refused({ ...base, recipients: [...readers, recipient(dev.alice.address, bob)] }, "recipients");
      await refused({ ...base, recipients: [] }, "recipients");
    });
  });

  describe("readSealedMessage", () => {
    it("refuses plaintext, other base64 and a bare header, saying why", async () => {
      assert.throws(() => readSealedMessage("hello there"), /not base64/);
      assert.throws(() => readSealedMessage(btoa("hello there!")), /does not start with DIPV/);
      const bytes = Uint8Array.from(atob(sealed.ciphertext), (c) => c.charCodeAt(0));
      const header = readVaultHeader(bytes);
      assert.ok(header);
      const bare = btoa(String.fromCharCode(...bytes.subarray(0, header.length + 16)));
      assert.throws(() => readSealedMessage(bare), /nothing follows its vault header/);
      const cut = btoa(String.fromCharCode(...bytes.subarray(0, header.length - 1)));
      assert.throws(() => readSealedMessage(cut), /ends inside its vault header/);
      assert.throws(() => readSealedMessage(btoa("A".repeat(40_000))), /longer than 32768 bytes/);
    });
  });
});
