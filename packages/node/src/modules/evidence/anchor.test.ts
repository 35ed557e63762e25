import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  anchorRoot,
  createDeviceKey,
  deviceTopic,
  evidenceRegistryAbi,
  messageHashOf,
  registerDevice,
  registerMachine,
  revokeDevice,
  SIGNING_DOMAIN,
  setAnchorer,
  signDeviceMessage,
  signingBytes,
  verifyReadingOnChain,
  verifyReadingProof,
  verifyReadingProofDocument,
} from "@dipnet/sdk";
import type { FastifyInstance } from "fastify";
import type { Hex } from "viem";
import { createTestApi, forEachBackend, testMill, useTestNetwork } from "../../testing/index.ts";
import { createIngestor, type Ingestor } from "../iot/ingest.ts";
import { createAnchorer, storedMessageHash } from "./anchor.ts";
import type { ReadingProof } from "./proofs.ts";
import { evidenceDb } from "./schema.ts";

describe("storedMessageHash", () => {
  it("is the SDK's messageHashOf of the bytes the device signed", () => {
    const key = createDeviceKey();
    for (let seq = 0; seq < 50; seq++) {
      const readings = [
        { metric: "t", value: seq / 3, unit: "Cel" },
        { metric: "s", value: `é${seq}` },
      ];
      const message = signDeviceMessage(
        { v: 1, device: "d", seq, ts: 1_764_330_000_000 + seq, readings },
        key.privateKey,
      );
      const body = new TextDecoder().decode(signingBytes(message)).slice(SIGNING_DOMAIN.length);
      assert.equal(storedMessageHash(body), messageHashOf(signingBytes(message)));
    }
  });
});

/** The Merkle leaf a reading proof proves. */
const leafOf = (p: ReadingProof) => ({
  manufacturer: p.manufacturer,
  device: p.message.device,
  seq: p.leaf.seq,
  ts: p.leaf.ts,
  messageHash: p.messageHash,
});

forEachBackend((backend) => {
  describe(`Merkle anchoring of device messages on ${backend.name}`, () => {
    let ingest: Ingestor;
    let app: FastifyInstance;
    const key = createDeviceKey();
    let topic: string;
    let seq = 0;

    const send = async (n: number) => {
      for (let i = 0; i < n; i++) {
        seq++;
        const readings = [
          { metric: "spindle_load", value: 40 + (seq % 13), unit: "%" },
          { metric: "temperature", value: 30.5, unit: "Cel" },
        ];
        const message = signDeviceMessage(
          { v: 1, device: "mill-1.spindle", seq, ts: Date.now(), readings },
          key.privateKey,
        );
        const outcome = await ingest.submit(topic, Buffer.from(JSON.stringify(message)));
        assert.equal(outcome.accepted, true);
      }
    };
    const proofOf = async (s: number) =>
      app.inject({
        method: "GET",
        url: `/api/readings/${net.chain.clients.carol.account.address}/mill-1.spindle/${s}/proof`,
      });
    const anchorsOf = async (root: Hex) =>
      net.chain.clients.dave.publicClient.getContractEvents({
        address: net.chain.deployment.contracts.evidenceRegistry as Hex,
        abi: evidenceRegistryAbi,
        eventName: "RootAnchored",
        args: { root },
        fromBlock: 0n,
      });

    const net = useTestNetwork({
      backend,
      indexed: true,
      arrange: async (chain) => {
        await registerMachine(chain.clients.carol, testMill);
        await registerDevice(chain.clients.carol, {
          deviceId: "mill-1.spindle",
          machineId: 1n,
          publicKey: key.publicKey,
        });
        // erin runs the node's anchoring key: carol allows it to anchor her devices' readings.
        await setAnchorer(chain.clients.carol, { anchorer: chain.clients.erin.account.address, allowed: true });
      },
    });
    before(async () => {
      ingest = createIngestor({ db: net.store.db, deviceSources: ["chain"] });
      topic = deviceTopic({
        manufacturer: net.chain.clients.carol.account.address.toLowerCase(),
        machine: "1",
        device: "mill-1.spindle",
      });
      app = await createTestApi(net);
    });
    after(async () => {
      await app?.close();
    });

    it("anchors one batch per interval and proves every message in it, off chain and on chain", async () => {
      await send(25);
      const notYet = await proofOf(3);
      assert.equal(notYet.statusCode, 404);
      assert.match(notYet.json().message, /not in a batch yet/);
      const anchorer = createAnchorer({ db: net.store.db, client: net.chain.clients.erin });
      const [batch, ...more] = await anchorer.runOnce();
      assert.equal(more.length, 0);
      assert.equal(batch?.leafCount, 25);
      assert.equal(batch?.status, "anchored");
      assert.equal((await anchorsOf(batch?.root as Hex)).length, 1);
      for (const s of [1, 2, 13, 25]) {
        const response = await proofOf(s);
        assert.equal(response.statusCode, 200);
        const p = response.json() as ReadingProof;
        assert.equal(p.root, batch?.root);
        assert.equal(p.batch.txHash, batch?.txHash);
        assert.equal(p.message.seq, s);
        const leaf = leafOf(p);
        assert.equal(verifyReadingProof({ root: p.root, leaf, proof: p.proof }), true);
        const onChain = { anchorer: p.anchorer, root: p.root, leaf, proof: p.proof };
        assert.equal(await verifyReadingOnChain(net.chain.clients.dave, onChain), true);
      }
      assert.deepEqual(await anchorer.runOnce(), [], "nothing new: no batch, no transaction");
      const unknown = await proofOf(999);
      assert.equal(unknown.statusCode, 404);
      const list = await app.inject({ method: "GET", url: "/api/evidence/batches" });
      assert.deepEqual(
        list.json().items.map((b: { id: number; leafCount: number }) => [b.id, b.leafCount]),
        [[1, 25]],
      );
    });

    it("after a crash between sending and recording, records the existing anchor instead of anchoring twice", async () => {
      await send(7);
      const first = createAnchorer({ db: net.store.db, client: net.chain.clients.erin });
      const sealed = await first.seal();
      assert.equal(sealed?.status, "sealed");
      // The crashed run's transaction, mined before the restart.
      await anchorRoot(net.chain.clients.erin, {
        root: sealed?.root as Hex,
        leafCount: 7,
        firstTime: sealed?.firstTs as number,
        lastTime: sealed?.lastTs as number,
      });
      await send(3); // arrives after the seal: the next batch
      const restarted = createAnchorer({ db: net.store.db, client: net.chain.clients.erin });
      const done = await restarted.anchorSealed();
      assert.deepEqual(
        done.map((b) => [b.id, b.status]),
        [[sealed?.id, "anchored"]],
      );
      assert.equal((await anchorsOf(sealed?.root as Hex)).length, 1, "anchored exactly once");
      const next = await restarted.runOnce();
      assert.deepEqual(
        next.map((b) => b.leafCount),
        [3],
      );
      const rows = await evidenceDb(net.store.db).selectFrom("iot_messages").select(["seq", "batch_id"]).execute();
      assert.equal(
        rows.every((r) => r.batch_id !== null),
        true,
      );
      const sizes = new Map<number, number>();
      for (const r of rows) sizes.set(Number(r.batch_id), (sizes.get(Number(r.batch_id)) ?? 0) + 1);
      assert.deepEqual(
        [...sizes].sort(([a], [b]) => a - b),
        [
          [1, 25],
          [2, 7],
          [3, 3],
        ],
      );
    });

    it("a stranger anchoring the node's sealed root first blocks nothing: the node anchors it itself", async () => {
      await send(3);
      const anchorer = createAnchorer({ db: net.store.db, client: net.chain.clients.erin });
      const sealed = await anchorer.seal();
      // Sealed roots are listed before they are anchored: dave (not allowed by carol) anchors it first.
      const listed = (await app.inject({ method: "GET", url: "/api/evidence/batches?limit=1" })).json().items[0];
      assert.equal(listed.root, sealed?.root);
      await anchorRoot(net.chain.clients.dave, { root: listed.root, leafCount: 3, firstTime: 1, lastTime: 2 });
      const [batch] = await anchorer.anchorSealed();
      assert.equal(batch?.anchorer?.toLowerCase(), net.chain.clients.erin.account.address.toLowerCase());
      const p = (await proofOf(seq)).json() as ReadingProof;
      assert.equal(p.anchorer.toLowerCase(), net.chain.clients.erin.account.address.toLowerCase());
      const r = await verifyReadingProofDocument(net.chain.clients.dave, p);
      assert.equal(r.valid, true, !r.valid ? r.reason : "");
    });

    it("anchors a batch again when a reorg removed its anchor transaction", async () => {
      await send(4);
      const anchorer = createAnchorer({ db: net.store.db, client: net.chain.clients.erin });
      const [batch] = await anchorer.runOnce();
      assert.equal(batch?.leafCount, 4);
      assert.equal(await anchorer.recheck(), 0, "a fresh anchor that is still there stays");
      await net.chain.anvil.client.reorg(1); // the anchor's block is replaced by an empty one
      assert.equal((await anchorsOf(batch?.root as Hex)).length, 0);
      const [again] = await anchorer.runOnce();
      assert.equal(again?.id, batch?.id);
      assert.notEqual(again?.txHash, batch?.txHash);
      assert.equal((await anchorsOf(batch?.root as Hex)).length, 1);
      const p = (await proofOf(seq)).json() as ReadingProof;
      assert.equal(p.batch.txHash, again?.txHash);
    });

    it("a batch anchored by an account the manufacturer did not allow is no evidence", async () => {
      await send(2);
      const [batch] = await createAnchorer({ db: net.store.db, client: net.chain.clients.dave }).runOnce();
      assert.equal(batch?.status, "anchored");
      const r = await verifyReadingProofDocument(net.chain.clients.dave, (await proofOf(seq)).json());
      assert.equal(r.valid, false);
      assert.equal(!r.valid && r.failedCheck, "anchorer");
      assert.match(!r.valid ? r.reason : "", /not allowed by its manufacturer/);
    });

    it("readings anchored after the device's revocation are no evidence; those anchored before stay valid", async () => {
      const earlier = await verifyReadingProofDocument(net.chain.clients.dave, (await proofOf(1)).json());
      assert.equal(earlier.valid, true);
      await send(2); // pending when the key is revoked (a leaked key can sign any timestamp)
      await net.chain.anvil.increaseTime(1);
      await revokeDevice(net.chain.clients.carol, { deviceId: "mill-1.spindle" });
      await net.chain.anvil.increaseTime(1);
      const [batch] = await createAnchorer({ db: net.store.db, client: net.chain.clients.erin }).runOnce();
      assert.equal(batch?.status, "anchored");
      const late = await verifyReadingProofDocument(net.chain.clients.dave, (await proofOf(seq)).json());
      assert.equal(late.valid, false);
      assert.equal(!late.valid && late.failedCheck, "device");
      assert.match(!late.valid ? late.reason : "", /revoked/);
      const stillValid = await verifyReadingProofDocument(net.chain.clients.dave, (await proofOf(1)).json());
      assert.equal(stillValid.valid, true);
      assert.equal(stillValid.valid && stillValid.deviceRevoked, true);
    });

    it("a tampered proof file fails off chain and on chain", async () => {
      const p = (await proofOf(27)).json() as ReadingProof;
      const leaf = leafOf(p);
      const forged = { ...leaf, ts: BigInt(p.leaf.ts) + 1n };
      assert.equal(verifyReadingProof({ root: p.root, leaf: forged, proof: p.proof }), false);
      assert.equal(
        await verifyReadingOnChain(net.chain.clients.dave, {
          anchorer: p.anchorer,
          root: p.root,
          leaf: forged,
          proof: p.proof,
        }),
        false,
      );
    });
  });
});
