// The demo's designs on anvil with a real Helia node: the studio registers its designs (files
// encrypted to its key, ciphertext in IPFS) and licenses two of them; every demo participant gets a
// vault key; a second seed sends nothing; each design's file decrypts with the studio's key to the
// bytes whose sha256 the token records, and with nobody else's.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { after, before, describe, it } from "node:test";
import { decryptStream, encryptionKeyHistory, listDesigns, listLicences, VaultKeyMismatchError } from "@dipnet/sdk";
import { sha256 } from "viem";
import { createIpfsNode, type IpfsNode } from "../core/ipfs.ts";
import { createDocumentStore } from "../modules/documents/store.ts";
import { deployTestNetwork, type TestNetwork } from "../testing/index.ts";
import { demoDesignFile, demoVaultKey, openDemoLicences, seedDemoDesigns } from "./designs.ts";
import { demoDesigner } from "./network.ts";
import { type DemoNetwork, demoNetwork, seedDemo } from "./seed.ts";

describe("demo designs", () => {
  let chain: TestNetwork;
  let ipfs: IpfsNode;
  let network: DemoNetwork;
  let dir: string;

  before(async () => {
    chain = await deployTestNetwork();
    dir = mkdtempSync(path.join(tmpdir(), "dipnet-demo-designs-"));
    ipfs = createIpfsNode({ dataDir: dir, config: { kind: "helia", listen: [], peers: [] } });
    await ipfs.start();
    network = demoNetwork({ rpcUrl: chain.anvil.rpcUrl, deployment: chain.deployment, pollingInterval: 20 });
    await seedDemo({ network });
  });

  after(async () => {
    await ipfs?.stop();
    await chain?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const read = async (cid: string, keys: Parameters<typeof decryptStream>[0]["keys"]) => {
    const source = Readable.toWeb(Readable.from(ipfs.cat(cid, { timeoutMs: 5_000 }))) as ReadableStream<Uint8Array>;
    const chunks: Uint8Array[] = [];
    for await (const chunk of source.pipeThrough(decryptStream({ keys }))) chunks.push(chunk);
    return Buffer.concat(chunks);
  };

  it("registers the studio's designs and licences once, and a vault key for every participant", async () => {
    const documents = createDocumentStore(dir);
    const first = await seedDemoDesigns({ network, ipfs, documents });
    assert.ok(first > demoDesigner.designs.length, `${first} transactions`);
    assert.equal(await seedDemoDesigns({ network, ipfs, documents }), 0, "a second seed sends nothing");

    const designs = await listDesigns(network.governance, { owner: network.designer.client.account.address });
    assert.deepEqual(
      designs.map((d) => d.title),
      demoDesigner.designs.map((d) => d.title),
    );
    const licensed = await Promise.all(designs.map((d) => listLicences(network.governance, { designId: d.designId })));
    assert.deepEqual(
      licensed.map((l) => l.length),
      demoDesigner.designs.map((d) => (d.licence ? 1 : 0)),
    );
    const gearbox = licensed[0]?.[0];
    assert.equal(gearbox?.open, true);
    assert.equal(gearbox?.royaltyPerUnit, 4_000_000n);

    // The open licence is what the demo customers' RFQs may reference.
    assert.deepEqual(await openDemoLicences(network), [
      { licenceId: gearbox?.licenceId, process: "cnc-milling", material: "aluminium-6061", royaltyPerUnit: 4_000_000n },
    ]);

    for (const { client } of [...network.customers, ...network.manufacturers, network.designer]) {
      const { keys } = await encryptionKeyHistory(client, { account: client.account.address });
      assert.equal(keys.length, 1, `${client.account.address} has a vault key`);
    }
  });

  it("stores each design encrypted: the studio's key reads the exact file, another key nothing", async () => {
    const designs = await listDesigns(network.governance, { owner: network.designer.client.account.address });
    const studio = await demoVaultKey(demoDesigner.accountIndex);
    const stranger = await demoVaultKey(network.customers[0]?.spec.accountIndex ?? 1);
    for (const [i, design] of designs.entries()) {
      const plain = await read(design.cid, [studio]);
      const spec = demoDesigner.designs[i];
      assert.ok(spec);
      assert.deepEqual(new Uint8Array(plain), demoDesignFile(spec));
      assert.equal(sha256(plain), design.contentHash, "the token records the plaintext's sha256");
      await assert.rejects(read(design.cid, [stranger]), VaultKeyMismatchError);
    }
  });
});
