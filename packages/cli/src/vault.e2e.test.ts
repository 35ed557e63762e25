import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { createApi, createIpfsNode, type Database, type IpfsNode, openDatabase } from "@dipnet/node";
import { idleIndexer, placeholderDeployment } from "@dipnet/node/testing";
import type { FastifyInstance } from "fastify";
import { useCliEnvironment } from "./testing.ts";

describe("dipnet key and vault end to end", () => {
  const environment = useCliEnvironment("vault");
  const { ok, fails } = environment;
  const nodeDir = mkdtempSync(path.join(tmpdir(), "dipnet-vault-node-"));
  let database: Database;
  let ipfs: IpfsNode;
  let api: FastifyInstance;
  let node: string;
  const drawing = randomBytes(300_000);
  let cid: string;

  before(async () => {
    database = await openDatabase({ kind: "sqlite", file: path.join(nodeDir, "dipnet.sqlite") });
    ipfs = createIpfsNode({ dataDir: nodeDir, config: { kind: "helia", listen: [], peers: [] } });
    await ipfs.start();
    api = await createApi({ db: database.db, deployment: placeholderDeployment, indexer: idleIndexer, ipfs });
    node = await api.listen({ host: "127.0.0.1", port: 0 });
    await ok("alice", "participant", "register", "--roles", "customer");
    for (const maker of ["bob", "carol"]) await ok(maker, "participant", "register", "--roles", "manufacturer");
  });
  after(async () => {
    await api?.close();
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
});
