import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import {
  createApi,
  createChainReader,
  createIndexer,
  createIpfsNode,
  type Database,
  type Indexer,
  type IpfsNode,
  openDatabase,
} from "@dipnet/node";
import { readDeployment } from "@dipnet/sdk/node";
import type { FastifyInstance } from "fastify";
import { http } from "viem";
import { rfqCreateArgs, useCliEnvironment } from "./testing.ts";

describe("dipnet key and vault end to end", () => {
  const environment = useCliEnvironment("vault");
  const { ok, fails } = environment;
  const nodeDir = mkdtempSync(path.join(tmpdir(), "dipnet-vault-node-"));
  let database: Database;
  let ipfs: IpfsNode;
  let indexer: Indexer;
  let api: FastifyInstance;
  let node: string;
  const drawing = randomBytes(300_000);
  let cid: string;

  before(async () => {
    database = await openDatabase({ kind: "sqlite", file: path.join(nodeDir, "dipnet.sqlite") });
    ipfs = createIpfsNode({ dataDir: nodeDir, config: { kind: "helia", listen: [], peers: [] } });
    await ipfs.start();
    // The node indexes the chain: grants reach its API, where a grantee's client finds its envelope.
    const deployment = readDeployment(path.join(environment.dataDir, "deployments.json"));
    indexer = createIndexer({
      db: database.db,
      chain: createChainReader(http(environment.anvil.rpcUrl)),
      deployment,
      finalityDepth: 0,
      pollMs: 20,
    });
    indexer.start();
    api = await createApi({ db: database.db, deployment, indexer, ipfs });
    node = await api.listen({ host: "127.0.0.1", port: 0 });
    await ok("alice", "participant", "register", "--roles", "customer");
    for (const maker of ["bob", "carol"]) await ok(maker, "participant", "register", "--roles", "manufacturer");
  });
  after(async () => {
    await api?.close();
    await indexer?.stop();
    await ipfs?.stop();
    await database?.close();
    rmSync(nodeDir, { recursive: true, force: true });
  });

  it("sets up a key once, shows it, and rotates it to a new version", async () => {
    assert.equal((await ok(undefined, "key", "show", "alice")).publicKey, null);
    const first = await ok("alice", "key", "setup");
    assert.deepEqual([first.version, first.changed], [1, true]);
    const again = await ok("alice", "key", "setup");
    assert.deepEqual([again.version, again.changed, again.publicKey], [1, false, first.publicKey]);
    assert.equal((await ok(undefined, "key", "show", "alice")).publicKey, first.publicKey);
    await ok("bob", "key", "setup");
    await ok("carol", "key", "setup");
  });

  it("puts a file for bob, who reads it after rotating his key", async () => {
    const { dataDir } = environment;
    const file = path.join(dataDir, "bracket.step");
    writeFileSync(file, drawing);
    const put = await ok("alice", "vault", "put", file, "--to", "bob", "--node", node);
    cid = put.cid;
    assert.equal(put.recipients.length, 2, "the sender is always a recipient");
    const rotated = await ok("bob", "key", "setup", "--rotate");
    assert.equal(rotated.version, 2);
    const shown = await ok(undefined, "key", "show", "bob");
    assert.deepEqual([shown.version, shown.history.length], [2, 2]);
    const out = path.join(dataDir, "bob-bracket.step");
    await ok("bob", "vault", "get", cid, "-o", out, "--node", node);
    assert.deepEqual(readFileSync(out), drawing);
    await ok("alice", "vault", "get", cid, "-o", path.join(dataDir, "alice-bracket.step"), "--node", node);
    const listed: { cid: string }[] = await ok("bob", "vault", "ls", "--node", node);
    assert.deepEqual(
      listed.map((f) => f.cid),
      [cid],
    );
  });

  it("leaves nothing behind when carol, not a recipient, tries to read it", async () => {
    const { dataDir } = environment;
    const error = await fails("carol", "vault", "get", cid, "-o", path.join(dataDir, "carol.step"), "--node", node);
    assert.match(error.message, /no recipient key matches/);
    assert.deepEqual(
      readdirSync(dataDir).filter((f) => f.startsWith("carol") || f.startsWith(".carol")),
      [],
    );
  });

  it("refuses a recipient without a key, naming --to", async () => {
    const file = path.join(environment.dataDir, "note.txt");
    writeFileSync(file, "hello");
    const error = await fails("alice", "vault", "put", file, "--to", "dave", "--node", node);
    assert.match(error.message, /invalid --to: .*has no encryption key registered/);
  });

  /** Waits until the node has indexed a grant of `fileCid` to `grantee`. */
  const grantIndexed = async (fileCid: string, grantee: string) => {
    const address = (await ok(undefined, "key", "show", grantee)).account as string;
    for (;;) {
      const response = await fetch(`${node}/api/vault/files/${fileCid}/grants?grantee=${address}`);
      if (((await response.json()) as { items: unknown[] }).items.length > 0) return;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  };

  it("grants an order's package with vault grant and, at award, to the winner; grantees read it", async () => {
    const { dataDir } = environment;
    await ok("alice", "faucet", "10000");
    for (const maker of ["bob", "carol"]) {
      await ok(maker, "faucet", "5000");
      await ok(maker, "stake", "deposit", "2000");
    }
    const id = String((await ok("alice", ...rfqCreateArgs())).orderId);
    const file = path.join(dataDir, "package.zip");
    const pkg = randomBytes(200_000);
    writeFileSync(file, pkg);
    const { cid: pkgCid } = await ok("alice", "vault", "put", file, "--node", node);
    await ok("alice", "package", "set", id, "--nda", "text:secret", "--package-cid", pkgCid);
    const stored = async () => ((await (await fetch(`${node}/api/vault/files`)).json()) as { items: unknown[] }).items;
    const before = (await stored()).length;
    const refused = await fails("alice", "vault", "grant", id, pkgCid, "--to", "carol", "--node", node);
    assert.equal(refused.name, "AccessNdaNotAccepted");
    assert.equal((await stored()).length, before, "a refused grant stores no envelope");
    for (const maker of ["bob", "carol"]) await ok(maker, "package", "accept-nda", id, "--nda", "text:secret");
    const granted = await ok("alice", "vault", "grant", id, pkgCid, "--to", "carol", "--node", node);
    assert.match(granted.envelopeCid, /^baf/);
    await grantIndexed(pkgCid, "carol");
    await ok("carol", "vault", "get", pkgCid, "-o", path.join(dataDir, "carol-package.zip"), "--node", node);
    assert.deepEqual(readFileSync(path.join(dataDir, "carol-package.zip")), pkg);
    assert.match((await ok("alice", "vault", "revoke", granted.grantId)).hash, /^0x/);
    const notYet = await fails(
      "bob",
      "vault",
      "get",
      pkgCid,
      "-o",
      path.join(dataDir, "bob-package.zip"),
      "--node",
      node,
    );
    assert.match(notYet.message, /no grant of .* is known/);

    // A new version goes to bob, whose v1 grant stands, not to carol, whose grant was revoked.
    await ok("alice", "vault", "grant", id, pkgCid, "--to", "bob", "--node", node);
    const v2File = path.join(dataDir, "package-v2.zip");
    const v2 = randomBytes(150_000);
    writeFileSync(v2File, v2);
    const { cid: v2Cid } = await ok("alice", "vault", "put", v2File, "--node", node);
    const set = await ok("alice", "package", "set", id, "--nda", "text:secret", "--package-cid", v2Cid, "--node", node);
    const address = async (name: string) => (await ok(undefined, "key", "show", name)).account as string;
    assert.deepEqual(
      set.grants.granted.map((g: { grantee: string }) => g.grantee),
      [await address("bob")],
    );
    assert.deepEqual(set.grants.skipped, [
      { grantee: await address("carol"), reason: "every grant to it was revoked" },
    ]);
    await grantIndexed(v2Cid, "bob");
    await ok("bob", "vault", "get", v2Cid, "-o", path.join(dataDir, "bob-v2.zip"), "--node", node);
    assert.deepEqual(readFileSync(path.join(dataDir, "bob-v2.zip")), v2);

    // At award the winner, carol, receives v2's key whatever came before.
    for (const maker of ["bob", "carol"]) await ok(maker, "bid", "place", id, "--price", "4000", "--lead-time", "5d");
    await environment.anvil.increaseTime(3_601);
    const awarded = await ok(
      "alice",
      ...["order", "award", id, "--maker", "carol", "--price", "4000", "--lead-time", "5d", "--node", node],
    );
    assert.deepEqual([awarded.packageGrant.status, awarded.packageGrant.fileCid], ["granted", v2Cid]);
    await grantIndexed(v2Cid, "carol");
    await ok("carol", "vault", "get", v2Cid, "-o", path.join(dataDir, "carol-v2.zip"), "--node", node);
    assert.deepEqual(readFileSync(path.join(dataDir, "carol-v2.zip")), v2);
  });

  it("keeps an award whose package grant fails, printing how to retry", async () => {
    const id = String((await ok("alice", ...rfqCreateArgs())).orderId);
    const file = path.join(environment.dataDir, "package-2.zip");
    writeFileSync(file, "v1");
    const { cid } = await ok("alice", "vault", "put", file, "--node", node);
    await ok("alice", "package", "set", id, "--nda", "text:secret", "--package-cid", cid);
    await ok("carol", "bid", "place", id, "--price", "4000", "--lead-time", "5d");
    await environment.anvil.increaseTime(3_601);
    const unreachable = "http://127.0.0.1:9";
    const awarded = await ok(
      "alice",
      ...["order", "award", id, "--maker", "carol", "--price", "4000", "--lead-time", "5d", "--node", unreachable],
    );
    assert.equal(awarded.packageGrant.status, "failed");
    assert.match(awarded.packageGrant.error, /cannot reach the node at http:\/\/127.0.0.1:9/);
    assert.match(awarded.packageGrant.retry, new RegExp(`^dipnet vault grant ${id} ${cid} --to 0x`));
    assert.equal((await ok(undefined, "order", "show", id)).status, "Awarded");
    await ok("alice", "vault", "grant", id, cid, "--to", "carol", "--node", node);
  });
});
