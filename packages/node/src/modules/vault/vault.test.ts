import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import {
  deriveKeyPair,
  encryptStream,
  getFile,
  getFileMeta,
  putFile,
  VaultKeyMismatchError,
  type VaultKeyPair,
  VaultNodeError,
} from "@dipnet/sdk";
import { devAccounts } from "@dipnet/sdk/node";
import { createTestBackend } from "../../testing/index.ts";
import { type RunningVaultNode, startVaultNode, stopVaultNode } from "../../testing/vaultNodes.ts";

const dev = devAccounts();
const streamOf = (bytes: Uint8Array, piece = 100_000) =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      for (let i = 0; i < bytes.length; i += piece) controller.enqueue(bytes.slice(i, i + piece));
      controller.close();
    },
  });

async function collect(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const part of stream) parts.push(part);
  return Buffer.concat(parts);
}

describe("vault across two nodes", () => {
  const dirs = [
    mkdtempSync(path.join(tmpdir(), "dipnet-vault-a-")),
    mkdtempSync(path.join(tmpdir(), "dipnet-vault-b-")),
  ];
  // Node A on SQLite, node B on PostgreSQL: the migration runs on both.
  const backends = [createTestBackend("sqlite"), createTestBackend("postgres")] as const;
  let a: RunningVaultNode | undefined;
  let b: RunningVaultNode | undefined;
  let alice: VaultKeyPair;
  let bob: VaultKeyPair;
  let carol: VaultKeyPair;
  const plaintext = randomBytes(3_000_000 + 123); // 46 chunks of 64 KiB, several IPFS blocks
  let cid: string;

  before(async () => {
    [alice, bob, carol] = (await Promise.all(
      [dev.alice, dev.bob, dev.carol].map((account) => deriveKeyPair({ account, version: 1 })),
    )) as [VaultKeyPair, VaultKeyPair, VaultKeyPair];
    for (const backend of backends) await (await backend.open()).close();
    a = await startVaultNode(dirs[0] as string, backends[0]);
    b = await startVaultNode(dirs[1] as string, backends[1], {
      DIPNET_IPFS_PEERS: a.multiaddrs[0] as string,
      DIPNET_IPFS_TIMEOUT_MS: "1500",
    });
  });
  after(async () => {
    await stopVaultNode(a);
    await stopVaultNode(b);
    for (const backend of backends) await backend.cleanup();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it("stores a file put on node A and serves its metadata", async () => {
    ({ cid } = await putFile({
      nodeUrl: a?.url as string,
      plaintext: streamOf(plaintext),
      recipients: [alice.publicKey, bob.publicKey],
    }));
    assert.match(cid, /^bafy/, "a UnixFS DAG of several blocks");
    const meta = await getFileMeta({ nodeUrl: a?.url as string, cid });
    assert.deepEqual(meta.recipients, [alice.publicKey, bob.publicKey]);
    assert.equal(meta.size, 55 + 2 * 112 + plaintext.length + 46 * 16);
    assert.equal(meta.uploader, null);
  });

  it("fetches it through node B from A's IPFS node and decrypts it there", async () => {
    const peers = (await (await fetch(`${b?.url}/api/ipfs/peers`)).json()) as { peers: string[]; peerId: string };
    const aId = (await (await fetch(`${a?.url}/api/ipfs/peers`)).json()) as { peerId: string };
    assert.ok(peers.peers.includes(aId.peerId), "B is connected to A");
    assert.deepEqual(await collect(await getFile({ nodeUrl: b?.url as string, cid, keys: [bob] })), plaintext);
    const listed = (await (await fetch(`${b?.url}/api/vault/files?recipient=${bob.publicKey}`)).json()) as {
      items: { cid: string }[];
    };
    assert.deepEqual(
      listed.items.map((f) => f.cid),
      [cid],
    );
  });

  it("gives a key that is not a recipient 'no recipient key matches'", async () => {
    await assert.rejects(
      collect(await getFile({ nodeUrl: b?.url as string, cid, keys: [carol] })),
      VaultKeyMismatchError,
    );
  });

  it("refuses plaintext and stores nothing", async () => {
    const response = await fetch(`${a?.url}/api/vault/files`, {
      method: "POST",
      headers: { "content-type": "application/octet-stream" },
      body: "%PDF-1.7 a drawing in the clear",
    });
    assert.equal(response.status, 400);
    const body = (await response.json()) as { message: string; field: string };
    assert.equal(body.field, "body");
    assert.match(body.message, /not a vault file: not a DIPNET vault file/);
    const header = await collect(
      streamOf(new Uint8Array(0)).pipeThrough(encryptStream({ recipients: [alice.publicKey] })),
    );
    const headerOnly = await fetch(`${a?.url}/api/vault/files`, {
      method: "POST",
      headers: { "content-type": "application/octet-stream" },
      body: new Uint8Array(header.subarray(0, 100)),
    });
    assert.equal(headerOnly.status, 400);
    const all = (await (await fetch(`${a?.url}/api/vault/files`)).json()) as { items: unknown[] };
    assert.equal(all.items.length, 1);
  });

  it("keeps B's blockstore across a restart, with A gone", async () => {
    await stopVaultNode(a);
    await stopVaultNode(b);
    b = await startVaultNode(dirs[1] as string, backends[1], { DIPNET_IPFS_TIMEOUT_MS: "1500" });
    assert.deepEqual(await collect(await getFile({ nodeUrl: b.url, cid, keys: [alice] })), plaintext);
  });

  it("answers 504 naming the CID when a file never arrives", async () => {
    const missing = "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy";
    await assert.rejects(getFile({ nodeUrl: b?.url as string, cid: missing, keys: [alice] }), (error: unknown) => {
      assert.ok(error instanceof VaultNodeError);
      assert.equal(error.status, 504);
      assert.match(error.message, new RegExp(`file ${missing} did not arrive from any IPFS peer within 1500 ms`));
      return true;
    });
    await assert.rejects(
      getFile({ nodeUrl: b?.url as string, cid: "not-a-cid", keys: [alice] }),
      /"not-a-cid" is not a CID/,
    );
  });
});
