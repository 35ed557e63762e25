// Issue 14's confidential package through two DIPNET nodes on one chain: node A (SQLite) serves the
// customer, node B (PostgreSQL) the makers; each indexes the chain and runs its own Helia node, B
// peered with A over loopback. Everything is real: anvil, both databases, both IPFS nodes.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import {
  acceptNda,
  award,
  bid,
  ContractRevertError,
  contentHashOf,
  type DipnetClient,
  decryptStream,
  deriveKeyPair,
  type FileGrant,
  getFile,
  grantedFileKey,
  grantFile,
  grantPackageToAwardedMaker,
  grantPackageUpdate,
  listFileGrants,
  openKeyEnvelope,
  putFile,
  revokeAccess,
  setEncryptionKey,
  setPackage,
  VaultIntegrityError,
  VaultKeyMismatchError,
  type VaultKeyPair,
} from "@dipnet/sdk";
import { writeDeployment } from "@dipnet/sdk/node";
import { deployTestNetwork, type TestNetwork } from "@dipnet/sdk/testing";
import { createTestBackend, postRfq, setupParticipants } from "../../testing/index.ts";
import { type RunningVaultNode, startVaultNode, stopVaultNode } from "../../testing/vaultNodes.ts";

const streamOf = (bytes: Uint8Array) =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      for (let i = 0; i < bytes.length; i += 50_000) controller.enqueue(bytes.slice(i, i + 50_000));
      controller.close();
    },
  });

async function collect(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const part of stream) parts.push(part);
  return Buffer.concat(parts);
}

/** Polls `read` until `done` holds of what it returns; bounded by the test's timeout. */
async function until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const nda = "The drawings of the bracket are confidential.";

describe("a confidential package through two nodes", () => {
  const dirs = [mkdtempSync(path.join(tmpdir(), "dipnet-pkg-a-")), mkdtempSync(path.join(tmpdir(), "dipnet-pkg-b-"))];
  const backends = [createTestBackend("sqlite"), createTestBackend("postgres")] as const;
  let chain: TestNetwork;
  let a: RunningVaultNode | undefined;
  let b: RunningVaultNode | undefined;
  // alice: the customer; carol wins, dave bids and loses, erin is granted then revoked; bob is a stranger.
  const keys: Record<"alice" | "bob" | "carol" | "dave" | "erin", VaultKeyPair> = {} as never;
  const v1 = randomBytes(400_000);
  const v2 = randomBytes(700_001);
  let orderId: bigint;
  let v1Cid: string;
  let v2Cid: string;

  const nodeEnv = () => ({
    DIPNET_TEST_INDEX_CHAIN: "1",
    DIPNET_RPC_URL: chain.anvil.rpcUrl,
    DIPNET_FINALITY_DEPTH: "0",
    DIPNET_POLL_MS: "20",
    DIPNET_IPFS_TIMEOUT_MS: "5000",
  });
  const startA = async () => {
    a = await startVaultNode(dirs[0] as string, backends[0], nodeEnv());
  };
  const startB = async () => {
    b = await startVaultNode(dirs[1] as string, backends[1], {
      ...nodeEnv(),
      DIPNET_IPFS_PEERS: a?.multiaddrs[0] as string,
    });
  };
  const nodeA = () => a?.url as string;
  const nodeB = () => b?.url as string;
  const client = (name: keyof typeof keys): DipnetClient => chain.clients[name];
  /** The grants of `cid` to `grantee` once node B has indexed `count` of them. */
  const grantsOnB = (cid: string, grantee: keyof typeof keys, count = 1): Promise<FileGrant[]> =>
    until(
      () => listFileGrants({ nodeUrl: nodeB(), cid, grantee: client(grantee).account.address }),
      (grants) => grants.length >= count,
    );

  /** The plaintext of `cid` as account `name` reads it through node B: its own key or a grant's. */
  const readAs = async (name: keyof typeof keys, cid: string): Promise<Buffer> =>
    collect(await getFile({ nodeUrl: nodeB(), cid, keys: [keys[name]], grantee: client(name).account.address }));

  before(async () => {
    chain = await deployTestNetwork();
    await setupParticipants(chain);
    for (const name of ["alice", "bob", "carol", "dave", "erin"] as const) {
      keys[name] = await deriveKeyPair({ account: client(name).account, version: 1 });
      await setEncryptionKey(client(name), { publicKey: keys[name].publicKey });
    }
    for (const dir of dirs) writeDeployment(path.join(dir, "deployments.json"), chain.deployment);
    for (const backend of backends) await (await backend.open()).close();
    await startA();
    await startB();
  });
  after(async () => {
    await stopVaultNode(a);
    await stopVaultNode(b);
    for (const backend of backends) await backend.cleanup();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    await chain?.stop();
  });

  it("customer on node A posts an RFQ with an encrypted package; makers on node B see it, accept the NDA, bid", async () => {
    orderId = await postRfq(chain, client("alice"), "bracket");
    ({ cid: v1Cid } = await putFile({ nodeUrl: nodeA(), plaintext: streamOf(v1), recipients: [keys.alice.publicKey] }));
    await setPackage(client("alice"), { orderId, ndaHash: contentHashOf(nda), packageCid: v1Cid });
    type Access = { package: { packageCid: string; ndaHash: string } | null };
    const access = await until(
      async () => (await (await fetch(`${nodeB()}/api/orders/${orderId}/access`)).json()) as Access,
      (body) => body.package?.packageCid === v1Cid,
    );
    assert.equal(access.package?.ndaHash, contentHashOf(nda));
    for (const maker of ["carol", "dave", "erin"] as const)
      await acceptNda(client(maker), { orderId, ndaHash: contentHashOf(nda) });
    await bid(client("carol"), { orderId, price: 800_000_000n, leadTime: 86_400 });
    await bid(client("dave"), { orderId, price: 850_000_000n, leadTime: 86_400 });
    // The package is ciphertext to every maker until a grant: NDA accepted or not.
    await assert.rejects(
      readAs("carol", v1Cid),
      (error: unknown) => error instanceof VaultKeyMismatchError && /no grant of .* is known/.test(error.message),
    );
  });

  it("a grant before award opens v1 for its grantee; once revoked, the new version v2 is not granted to it", async () => {
    const granted = await grantFile(client("alice"), {
      nodeUrl: nodeA(),
      orderId,
      fileCid: v1Cid,
      grantee: client("erin").account.address,
      keys: [keys.alice],
    });
    const [seen] = await grantsOnB(v1Cid, "erin");
    assert.deepEqual(
      [seen?.id, seen?.keyEnvelopeCid, seen?.state],
      [Number(granted.grantId), granted.envelopeCid, "standing"],
    );
    assert.deepEqual(await readAs("erin", v1Cid), v1);

    await revokeAccess(client("alice"), { grantId: granted.grantId });
    ({ cid: v2Cid } = await putFile({ nodeUrl: nodeA(), plaintext: streamOf(v2), recipients: [keys.alice.publicKey] }));
    await setPackage(client("alice"), { orderId, ndaHash: contentHashOf(nda), packageCid: v2Cid });
    const update = await grantPackageUpdate(client("alice"), { nodeUrl: nodeA(), orderId, keys: [keys.alice] });
    assert.equal(update.fileCid, v2Cid);
    assert.deepEqual(update.granted, []);
    assert.deepEqual(update.skipped, [
      { grantee: client("erin").account.address, reason: "every grant to it was revoked" },
    ]);
    await until(
      () => listFileGrants({ nodeUrl: nodeB(), cid: v1Cid }),
      (grants) => grants[0]?.state === "revoked",
    );
    assert.deepEqual(await listFileGrants({ nodeUrl: nodeB(), cid: v2Cid }), []);
    await assert.rejects(readAs("erin", v2Cid), VaultKeyMismatchError);
  });

  it("at award the winner alone receives the package key and decrypts v2 through node B", async () => {
    await chain.anvil.increaseTime(3_601);
    const carol = client("carol").account.address;
    await award(client("alice"), { orderId, maker: carol, price: 800_000_000n, leadTime: 86_400 });
    const granted = await grantPackageToAwardedMaker(client("alice"), {
      nodeUrl: nodeA(),
      orderId,
      keys: [keys.alice],
    });
    assert.equal(granted.status, "granted");
    assert.ok(granted.status === "granted");
    assert.deepEqual([granted.maker, granted.fileCid], [carol, v2Cid]);
    const again = await grantPackageToAwardedMaker(client("alice"), { nodeUrl: nodeA(), orderId, keys: [keys.alice] });
    assert.deepEqual(again, { status: "none", reason: `${carol} already holds ${v2Cid}` });
    const [grant] = await grantsOnB(v2Cid, "carol");
    assert.equal(grant?.keyEnvelopeCid, granted.envelopeCid);
    assert.deepEqual(await readAs("carol", v2Cid), v2);
    // After award the customer grants to the awarded maker only.
    await assert.rejects(
      grantFile(client("alice"), {
        nodeUrl: nodeA(),
        orderId,
        fileCid: v2Cid,
        grantee: client("dave").account.address,
        keys: [keys.alice],
      }),
      (error: unknown) => error instanceof ContractRevertError && error.errorName === "AccessNotAwardedMaker",
    );
  });

  it("the losing bidder and a stranger cannot decrypt, not even with the winner's envelope", async () => {
    for (const name of ["dave", "bob"] as const)
      await assert.rejects(
        readAs(name, v2Cid),
        (error: unknown) =>
          error instanceof VaultKeyMismatchError &&
          error.message.includes(`no grant of ${v2Cid} to ${client(name).account.address} is known`),
      );
    const [winners] = await grantsOnB(v2Cid, "carol");
    await assert.rejects(
      openKeyEnvelope({
        nodeUrl: nodeB(),
        envelopeCid: winners?.keyEnvelopeCid as string,
        fileCid: v2Cid,
        keys: [keys.dave],
      }),
      /no recipient key matches/,
    );
    // An envelope opened for another file than the one it names is refused.
    await assert.rejects(
      openKeyEnvelope({
        nodeUrl: nodeB(),
        envelopeCid: winners?.keyEnvelopeCid as string,
        fileCid: v1Cid,
        keys: [keys.carol],
      }),
      new RegExp(`holds the key of ${v2Cid}, not of ${v1Cid}`),
    );
  });

  it("detects a flipped byte in the package and an altered or truncated envelope", async () => {
    const carol = client("carol").account.address;
    const fileKey = await grantedFileKey({ nodeUrl: nodeB(), cid: v2Cid, grantee: carol, keys: [keys.carol] });
    const ciphertext = Buffer.from(await (await fetch(`${nodeB()}/api/vault/files/${v2Cid}`)).arrayBuffer());
    const flipped = Buffer.from(ciphertext);
    flipped[300_000] = (flipped[300_000] as number) ^ 0x40;
    await assert.rejects(
      collect(streamOf(flipped).pipeThrough(decryptStream({ fileKey }))),
      (error: unknown) => error instanceof VaultIntegrityError && /chunk 4 failed authentication/.test(error.message),
    );
    assert.deepEqual(await collect(streamOf(ciphertext).pipeThrough(decryptStream({ fileKey }))), v2);

    const [grant] = await grantsOnB(v2Cid, "carol");
    const envelope = Buffer.from(
      await (await fetch(`${nodeB()}/api/vault/files/${grant?.keyEnvelopeCid}`)).arrayBuffer(),
    );
    const upload = async (bytes: Buffer) => {
      const response = await fetch(`${nodeA()}/api/vault/files`, {
        method: "POST",
        headers: { "content-type": "application/octet-stream" },
        body: new Uint8Array(bytes),
      });
      assert.equal(response.status, 200);
      return ((await response.json()) as { cid: string }).cid;
    };
    const altered = Buffer.from(envelope);
    altered[envelope.length - 30] = (altered[envelope.length - 30] as number) ^ 1;
    const truncated = envelope.subarray(0, envelope.length - 3);
    for (const [bytes, why] of [
      [altered, /it was altered or chunks were reordered/],
      [truncated, /failed authentication/],
    ] as const)
      await assert.rejects(
        openKeyEnvelope({ nodeUrl: nodeB(), envelopeCid: await upload(bytes), fileCid: v2Cid, keys: [keys.carol] }),
        (error: unknown) => error instanceof VaultIntegrityError && why.test(error.message),
      );
  });

  it("loses nothing when both nodes restart: the winner fetches the package again through B", async () => {
    await stopVaultNode(b);
    await stopVaultNode(a);
    await startA();
    await startB();
    const carol = client("carol").account.address;
    assert.deepEqual(await readAs("carol", v2Cid), v2, "through B");
    const erinReads = await getFile({
      nodeUrl: nodeA(),
      cid: v1Cid,
      keys: [keys.erin],
      grantee: client("erin").account.address,
    });
    assert.deepEqual(await collect(erinReads), v1, "a revoked grant's key, already given, still opens v1");
    assert.deepEqual(
      (await listFileGrants({ nodeUrl: nodeB(), cid: v2Cid })).map((g) => [g.grantee, g.state]),
      [[carol.toLowerCase(), "standing"]],
    );
  });

  it("the winner passes the package to a sub-tier through node B, until its own grant is revoked", async () => {
    const carol = client("carol").account.address;
    // Erin accepted the NDA; the file is not encrypted to carol: her client re-wraps the key of her own envelope.
    const passed = await grantFile(client("carol"), {
      nodeUrl: nodeB(),
      orderId,
      fileCid: v2Cid,
      grantee: client("erin").account.address,
      keys: [keys.carol],
    });
    const [seen] = await grantsOnB(v2Cid, "erin");
    assert.deepEqual([seen?.grantor, seen?.keyEnvelopeCid], [carol.toLowerCase(), passed.envelopeCid]);
    assert.deepEqual(await readAs("erin", v2Cid), v2);
    const [own] = await grantsOnB(v2Cid, "carol");
    await revokeAccess(client("alice"), { grantId: BigInt(own?.id as number) });
    await assert.rejects(
      grantFile(client("carol"), {
        nodeUrl: nodeB(),
        orderId,
        fileCid: v2Cid,
        grantee: client("dave").account.address,
        keys: [keys.carol],
      }),
      (error: unknown) => error instanceof ContractRevertError && error.errorName === "AccessFileNotHeld",
    );
  });
});
