// Two DIPNET nodes on one chain, each with its own database (A on SQLite, B on PostgreSQL), data dir
// and Helia node. Evidence published on B lists, serves and bundles on A; forged announcements are
// refused; A catches up after being offline; A dials a node it learned of only from a participant's
// registered profile; a confidential package a customer posts through A reaches the awarded maker
// through B, and nobody else. (modules/vault/package.e2e.test.ts tries the package path harder:
// revocation, tampering, restarts, sub-tiers.)
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import {
  acceptNda,
  award,
  bid,
  checkEvidenceBundle,
  createDipnetClient,
  type DocumentKind,
  deriveKeyPair,
  documentHashOf,
  getFile,
  grantPackageToAwardedMaker,
  putFile,
  readEvidenceBundle,
  setEncryptionKey,
  setPackage,
  signPublication,
  smallFileCid,
  standardNdaHash,
  updateProfile,
  type VaultKeyPair,
} from "@dipnet/sdk";
import { devAccounts } from "@dipnet/sdk/node";
import { lpStream } from "@libp2p/utils";
import { multiaddr } from "@multiformats/multiaddr";
import { type Address, zeroHash } from "viem";
import { createIpfsNode, type IpfsNode } from "../../core/ipfs.ts";
import { createNode, type DipnetNode, openDatabase } from "../../index.ts";
import {
  createTestBackend,
  deployTestNetwork,
  driveScenario,
  postRfq,
  setupParticipants,
  signIn,
  type TestNetwork,
  testNodeConfig,
} from "../../testing/index.ts";
import { publicationsProtocol } from "./replication.ts";
import { documentsDb } from "./schema.ts";
import { canonicalJson, createDocumentStore } from "./store.ts";

const domain = "dipnet.example";
const dev = devAccounts();

/** Resolves once `check` answers something other than undefined; fails naming `what` after 60 s. */
async function until<T>(what: string, check: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

type Listed = { items: { documentHash: string; kind: string; publisher: string; cid: string | null }[] };

describe("publication replication between two nodes", () => {
  let chain: TestNetwork;
  const dirA = mkdtempSync(path.join(tmpdir(), "dipnet-node-a-"));
  const dirB = mkdtempSync(path.join(tmpdir(), "dipnet-node-b-"));
  const dirC = mkdtempSync(path.join(tmpdir(), "dipnet-ipfs-c-"));
  const postgres = createTestBackend("postgres");
  let a: DipnetNode;
  let b: DipnetNode;
  let c: IpfsNode | undefined;
  let cookie: string;

  const startA = async (peers: string[]) => {
    const node = await createNode({
      config: testNodeConfig(chain, dirA, {
        DIPNET_PUBLIC_URL: `http://${domain}`,
        DIPNET_MQTT: "off",
        DIPNET_REPLICATION_INTERVAL_MS: "200",
        DIPNET_IPFS_PEERS: peers.join(","),
      }),
      deployment: chain.deployment,
    });
    await node.start();
    return node;
  };
  const indexed = (node: DipnetNode, orderId: number) =>
    until(`order ${orderId} indexed`, async () => {
      const r = await node.api.inject({ method: "GET", url: `/api/orders/${orderId}` });
      return r.statusCode === 200 ? true : undefined;
    });
  const listed = async (node: DipnetNode, orderId: number): Promise<Listed["items"]> =>
    (await node.api.inject({ method: "GET", url: `/api/orders/${orderId}/documents` })).json<Listed>().items;
  const publishOnB = async (
    orderId: number,
    kind: DocumentKind,
    document: Record<string, unknown>,
    who: "carol" | "alice" = "carol",
  ) => {
    const client = createDipnetClient({ rpcUrl: chain.anvil.rpcUrl, deployment: chain.deployment, account: dev[who] });
    const { signature } = await signPublication(client, { orderId, kind, document });
    const r = await b.api.inject({
      method: "POST",
      url: "/api/documents",
      payload: { orderId, kind, document, signature },
      headers: { cookie: who === "carol" ? cookie : await signIn(b.api, who, domain) },
    });
    assert.equal(r.statusCode, 201, r.body);
    return r.json<{ documentHash: string; cid: string }>();
  };

  before(async () => {
    chain = await deployTestNetwork();
    await setupParticipants(chain);
    await driveScenario(chain);
    a = await startA([]);
    await postgres.open().then((d) => d.close());
    b = await createNode({
      config: testNodeConfig(chain, dirB, {
        DATABASE_URL: (postgres.config() as { url: string }).url,
        DIPNET_PUBLIC_URL: `http://${domain}`,
        DIPNET_MQTT: "off",
        DIPNET_REPLICATION_INTERVAL_MS: "200",
        DIPNET_IPFS_PEERS: a.ipfs?.identity().multiaddrs.join(",") ?? "",
      }),
      deployment: chain.deployment,
    });
    await b.start();
    await indexed(a, 1);
    await indexed(b, 1);
    // Order 1: customer alice, maker carol, completed.
    cookie = await signIn(b.api, "carol", domain);
  });
  after(async () => {
    await a?.stop();
    await b?.stop();
    await c?.stop();
    await chain?.stop();
    await postgres.cleanup();
    for (const dir of [dirA, dirB, dirC]) rmSync(dir, { recursive: true, force: true });
  });

  it("lists, serves and bundles on A the evidence the maker published on B", async () => {
    const report = { title: "Final inspection", lot: 50, result: "pass" };
    const published = await publishOnB(1, "inspection-report", report);
    assert.equal(
      published.cid,
      smallFileCid(new TextEncoder().encode(canonicalJson(report))),
      "B stored the document in IPFS, under the CID a publisher can compute",
    );
    const onA = await until("the publication on A", async () => {
      const items = await listed(a, 1);
      return items.find((d) => d.documentHash === documentHashOf(report));
    });
    assert.deepEqual(
      [onA.kind, onA.publisher, onA.cid],
      ["inspection-report", dev.carol.address.toLowerCase(), published.cid],
    );
    const served = await a.api.inject({ method: "GET", url: `/api/documents/${documentHashOf(report)}` });
    assert.deepEqual(served.json(), report);

    const bundle = await a.api.inject({ method: "GET", url: "/api/orders/1/bundle.car" });
    assert.equal(bundle.statusCode, 200, bundle.body);
    const car = new Uint8Array(bundle.rawPayload);
    const { bundle: read } = await readEvidenceBundle(car);
    assert.ok(read.publications.some((p) => p.documentHash === documentHashOf(report)));
    const checked = await checkEvidenceBundle(car, { rpcUrl: chain.anvil.rpcUrl });
    assert.equal(checked.valid, true, checked.valid ? "" : checked.reason);
  });

  it("refuses forged announcements on A: a non-party's, an altered statement, bytes that are not the document", async () => {
    const libp2p = b.ipfs?.libp2p();
    assert.ok(libp2p && a.replication && a.ipfs);
    const document = { title: "Forged inspection", lot: 50, result: "pass" };
    const other = { title: "Another inspection", lot: 51, result: "fail" };
    const documentHash = documentHashOf(document);
    // B holds both documents in IPFS, so each forgery fails one check only.
    const add = (d: object) =>
      b.ipfs?.add(
        (async function* () {
          yield new TextEncoder().encode(canonicalJson(d));
        })(),
      ) ?? "";
    const cid = await add(document);
    const otherCid = await add(other);
    const sign = async (who: "bob" | "carol") =>
      (
        await signPublication(
          createDipnetClient({ rpcUrl: chain.anvil.rpcUrl, deployment: chain.deployment, account: dev[who] }),
          { orderId: 1, kind: "inspection-report", document },
        )
      ).signature.toLowerCase();
    const item = (who: "bob" | "carol", signature: string) => ({
      orderId: 1,
      kind: "inspection-report",
      documentHash,
      publisher: dev[who].address.toLowerCase(),
      signature,
      cid,
      publishedAt: Date.now(),
    });
    const announce = async (items: unknown[]) => {
      const stream = await libp2p.dialProtocol(multiaddr(a.ipfs?.identity().multiaddrs[0] ?? ""), publicationsProtocol);
      const lp = lpStream(stream);
      await lp.write(new TextEncoder().encode(JSON.stringify({ type: "announce", items })));
      const reply = JSON.parse(new TextDecoder().decode((await lp.read()).subarray()));
      await stream.close();
      return reply;
    };
    const refusedBefore = a.replication.stats().refused;
    const forgeries = [
      // bob signed it, but he is no party of order 1.
      item("bob", await sign("bob")),
      // carol signed an inspection report; the kind was changed after.
      { ...item("carol", await sign("carol")), kind: "certificate" },
      // carol's statement, with a CID naming other bytes.
      { ...item("carol", await sign("carol")), cid: otherCid },
    ];
    assert.deepEqual(await announce(forgeries), { accepted: 3 });
    await until("A to refuse all three", async () =>
      a.replication?.stats().refused === refusedBefore + 3 ? true : undefined,
    );
    const hashes = (await listed(a, 1)).map((d) => d.documentHash);
    assert.ok(!hashes.includes(documentHash), "nothing forged was stored");
    const metrics = (await a.api.inject({ method: "GET", url: "/metrics" })).body;
    assert.match(metrics, new RegExp(`dipnet_publications_refused_total ${refusedBefore + 3}\\b`));
    assert.equal((await a.api.inject({ method: "GET", url: `/api/documents/${documentHash}` })).statusCode, 404);
    assert.equal(
      (await a.api.inject({ method: "GET", url: `/api/documents/${documentHashOf(other)}` })).statusCode,
      404,
    );
  });

  it("catches A up on what B published while A was offline, and B on what A held from before IPFS", async () => {
    await a.stop();
    const note = { delivery: "DN-77", parcels: 2 };
    await publishOnB(1, "delivery-note", note);
    // A publication A stored before it had IPFS (no CID): given one at start, so B reads it from A's log.
    const photo = { caption: "Lot 50 packed", taken: "2026-12-01" };
    const alice = createDipnetClient({ rpcUrl: chain.anvil.rpcUrl, deployment: chain.deployment, account: dev.alice });
    const { signature } = await signPublication(alice, { orderId: 1, kind: "photo", document: photo });
    createDocumentStore(dirA).put(photo);
    const storeA = await openDatabase(testNodeConfig(chain, dirA).database);
    await documentsDb(storeA.db)
      .insertInto("order_documents")
      .values({
        order_id: 1,
        document_hash: documentHashOf(photo),
        publisher: dev.alice.address.toLowerCase(),
        kind: "photo",
        signature: signature.toLowerCase(),
        role: "customer",
        published_at: 1,
        cid: null,
      })
      .execute();
    await storeA.close();

    a = await startA(b.ipfs?.identity().multiaddrs ?? []);
    await until("the delivery note on restarted A", async () =>
      (await listed(a, 1)).find((d) => d.documentHash === documentHashOf(note)),
    );
    const again = (await listed(a, 1)).filter((d) => d.documentHash === documentHashOf(note));
    assert.equal(again.length, 1, "one row however often it was heard");
    const onB = await until("A's old photo on B", async () =>
      (await listed(b, 1)).find((d) => d.documentHash === documentHashOf(photo)),
    );
    assert.equal(onB.cid, smallFileCid(new TextEncoder().encode(canonicalJson(photo))));
  });

  it("keeps a publication for an order A has not indexed yet, and stores it once A has", async () => {
    assert.ok(a.replication);
    await a.indexer.stop();
    const orderId = Number(await postRfq(chain, chain.clients.alice, "pending-bracket"));
    await indexed(b, orderId);
    const pendingBefore = a.replication.stats().pending;
    const spec = { title: "Drawing notes", revision: "B" };
    await publishOnB(orderId, "measurement", spec, "alice");
    await until("A to keep it pending", async () =>
      (a.replication?.stats().pending ?? 0) > pendingBefore ? true : undefined,
    );
    assert.equal((await a.api.inject({ method: "GET", url: `/api/orders/${orderId}/documents` })).statusCode, 404);
    a.indexer.start();
    const stored = await until("the pending publication stored on A", async () => {
      const r = await a.api.inject({ method: "GET", url: `/api/orders/${orderId}/documents` });
      return r.statusCode === 200
        ? r.json<Listed>().items.find((d) => d.documentHash === documentHashOf(spec))
        : undefined;
    });
    assert.equal(stored.publisher, dev.alice.address.toLowerCase());
  });

  it("takes a package posted through A to the awarded maker through B, and to no other bidder", async () => {
    const { alice, carol, dave } = chain.clients;
    const urlOf = (node: DipnetNode) => `http://127.0.0.1:${(node.api.server.address() as AddressInfo).port}`;
    const aliceKey = await deriveKeyPair({ account: dev.alice, version: 1 });
    const carolKey = await deriveKeyPair({ account: dev.carol, version: 1 });
    const daveKey = await deriveKeyPair({ account: dev.dave, version: 1 });
    for (const [client, key] of [
      [alice, aliceKey],
      [carol, carolKey],
      [dave, daveKey],
    ] as const)
      await setEncryptionKey(client, { publicKey: key.publicKey });
    const drawing = new TextEncoder().encode("sheet 1: bore 12 H7, 40 mm deep; sheet 2: M5 × 8 threads".repeat(2_000));
    const orderId = await postRfq(chain, alice, "package");
    const { cid } = await putFile({
      nodeUrl: urlOf(a),
      plaintext: new Blob([drawing]).stream(),
      recipients: [aliceKey.publicKey],
    });
    await setPackage(alice, { orderId, ndaHash: standardNdaHash, packageCid: cid });
    for (const maker of [carol, dave]) {
      await acceptNda(maker, { orderId, ndaHash: standardNdaHash });
      await bid(maker, { orderId, price: 700_000_000n, leadTime: 86_400 });
    }
    await chain.anvil.increaseTime(3_601);
    await award(alice, { orderId, maker: carol.account.address, price: 700_000_000n, leadTime: 86_400 });
    const granted = await grantPackageToAwardedMaker(alice, { nodeUrl: urlOf(a), orderId, keys: [aliceKey] });
    assert.equal(granted.status, "granted");

    const read = async (keys: VaultKeyPair[], grantee: Address) =>
      new Uint8Array(await new Response(await getFile({ nodeUrl: urlOf(b), cid, keys, grantee })).arrayBuffer());
    const plain = await until("B to index the grant", async () =>
      read([carolKey], carol.account.address).catch((error: Error) =>
        /no grant/.test(error.message) ? undefined : Promise.reject(error),
      ),
    );
    assert.deepEqual(plain, drawing, "the winner decrypts the exact package through B");
    await assert.rejects(read([daveKey], dave.account.address), /no recipient key matches and no grant/);
  });

  it("dials a node named only in a participant's registered profile, fetched over IPFS by its URI", async () => {
    c = createIpfsNode({ dataDir: dirC, config: { kind: "helia", listen: [], peers: [] } });
    await c.start();
    const cPeer = c.identity().peerId;
    assert.ok(cPeer);
    assert.ok(!a.ipfs?.peers().includes(cPeer), "A does not know C yet");
    const profile = { name: "Carol Precision", node: { ipfs: c.identity().multiaddrs } };
    // Only B holds carol's profile document (as her own node would); the chain names its hash and CID.
    const profileHash = createDocumentStore(dirB).put(profile);
    const cid = smallFileCid(new TextEncoder().encode(canonicalJson(profile)));
    await updateProfile(chain.clients.carol, { profileHash, profileURI: `ipfs://${cid}`, encryptionKey: zeroHash });
    await until("A connected to C", async () => (a.ipfs?.peers().includes(cPeer) ? true : undefined));
    const held = await a.api.inject({ method: "GET", url: `/api/documents/${profileHash}` });
    assert.deepEqual(held.json(), profile, "A fetched the profile from B and keeps it");
  });
});
