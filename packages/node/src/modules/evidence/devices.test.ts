import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import {
  createDeviceKey,
  type DeviceKey,
  deviceTopic,
  registerDevice,
  registerMachine,
  revokeDevice,
  signDeviceMessage,
} from "@dipnet/sdk";
import {
  createTestBackend,
  forEachBackend,
  snapshot,
  testIndexer,
  testMill,
  useTestNetwork,
} from "../../testing/index.ts";
import { createIngestor } from "../iot/ingest.ts";
import { registerDevice as registerLocalDevice } from "../iot/registry.ts";
import { iotDb } from "../iot/schema.ts";

function payload(device: string, key: DeviceKey, seq: number): Buffer {
  const readings = [{ metric: "spindle_load", value: 42, unit: "%" }];
  return Buffer.from(
    JSON.stringify(signDeviceMessage({ v: 1, device, seq, ts: Date.now(), readings }, key.privateKey)),
  );
}

forEachBackend((backend) => {
  describe(`on-chain devices in the gateway's registry on ${backend.name}`, () => {
    const keys = {
      spindle: createDeviceKey(),
      press: createDeviceKey(),
      local: createDeviceKey(),
      squat: createDeviceKey(),
    };
    let carol: string;
    let dave: string;

    async function devices() {
      const rows = await iotDb(net.store.db)
        .selectFrom("iot_devices")
        .selectAll()
        .orderBy("device_id")
        .orderBy("manufacturer")
        .execute();
      return rows.map((r) => [r.device_id, r.source, r.manufacturer, r.machine, Number(r.revoked), r.public_key]);
    }

    const net = useTestNetwork({
      backend,
      arrange: async (chain) => {
        carol = chain.clients.carol.account.address.toLowerCase();
        dave = chain.clients.dave.account.address.toLowerCase();
        await registerMachine(chain.clients.carol, testMill);
        await registerMachine(chain.clients.dave, testMill);
      },
    });
    before(async () => {
      // A local row under a device the chain will register: the chain's registration replaces it.
      await registerLocalDevice(net.store.db, {
        id: "press-2",
        publicKey: keys.local.publicKey,
        manufacturer: dave,
        machine: "m",
      });
      await registerLocalDevice(net.store.db, {
        id: "bench-1",
        publicKey: keys.local.publicKey,
        manufacturer: "someone",
        machine: "m",
      });
      await registerDevice(net.chain.clients.carol, {
        deviceId: "mill-1.spindle",
        machineId: 1n,
        publicKey: keys.spindle.publicKey,
      });
      await registerDevice(net.chain.clients.dave, {
        deviceId: "press-2",
        machineId: 2n,
        publicKey: keys.press.publicKey,
      });
      // Dave registers carol's id after her: his own device, which takes nothing from hers.
      await registerDevice(net.chain.clients.dave, {
        deviceId: "mill-1.spindle",
        machineId: 2n,
        publicKey: keys.squat.publicKey,
      });
      await testIndexer(net.store.db, net.chain).syncOnce();
    });

    it("writes chain registrations into iot_devices with source chain, replacing a local row of that id", async () => {
      assert.deepEqual(await devices(), [
        ["bench-1", "local", "someone", "m", 0, keys.local.publicKey],
        ...[
          ["mill-1.spindle", "chain", carol, "1", 0, keys.spindle.publicKey],
          ["mill-1.spindle", "chain", dave, "2", 0, keys.squat.publicKey],
        ].sort((a, b) => String(a[2]).localeCompare(String(b[2]))),
        ["press-2", "chain", dave, "2", 0, keys.press.publicKey],
      ]);
    });

    it("keeps two manufacturers' devices of the same id apart", async () => {
      const ingest = createIngestor({ db: net.store.db, deviceSources: ["chain"] });
      const carols = await ingest.submit(
        deviceTopic({ manufacturer: carol, machine: "1", device: "mill-1.spindle" }),
        payload("mill-1.spindle", keys.spindle, 1),
      );
      assert.deepEqual(carols, { accepted: true, device: "mill-1.spindle", seq: 1, readings: 1 });
      const daves = await ingest.submit(
        deviceTopic({ manufacturer: dave, machine: "2", device: "mill-1.spindle" }),
        payload("mill-1.spindle", keys.squat, 1),
      );
      assert.deepEqual(daves, { accepted: true, device: "mill-1.spindle", seq: 1, readings: 1 });
      const forged = await ingest.submit(
        deviceTopic({ manufacturer: carol, machine: "1", device: "mill-1.spindle" }),
        payload("mill-1.spindle", keys.squat, 2),
      );
      assert.deepEqual(forged, { accepted: false, reason: "bad_signature" });
    });

    it("lets a chain-only gateway accept exactly the chain's unrevoked devices", async () => {
      const ingest = createIngestor({ db: net.store.db, deviceSources: ["chain"] });
      const spindleTopic = deviceTopic({ manufacturer: carol, machine: "1", device: "mill-1.spindle" });
      const ok = await ingest.submit(spindleTopic, payload("mill-1.spindle", keys.spindle, 3));
      assert.equal(ok.accepted, true);
      const local = await ingest.submit(
        deviceTopic({ manufacturer: "someone", machine: "m", device: "bench-1" }),
        payload("bench-1", keys.local, 1),
      );
      assert.deepEqual(local, { accepted: false, reason: "unknown_device" });
      const oldKey = await ingest.submit(
        deviceTopic({ manufacturer: dave, machine: "2", device: "press-2" }),
        payload("press-2", keys.local, 1),
      );
      assert.deepEqual(
        oldKey,
        { accepted: false, reason: "bad_signature" },
        "the replaced local key is no longer valid",
      );
      await revokeDevice(net.chain.clients.carol, { deviceId: "mill-1.spindle" });
      await testIndexer(net.store.db, net.chain).syncOnce();
      const revoked = await ingest.submit(spindleTopic, payload("mill-1.spindle", keys.spindle, 4));
      assert.deepEqual(revoked, { accepted: false, reason: "revoked_device" });
    });

    it("rolls registrations back in a reorg and matches a from-scratch index", async () => {
      const indexer = testIndexer(net.store.db, net.chain);
      await indexer.syncOnce();
      const fresh = createDeviceKey();
      await registerDevice(net.chain.clients.carol, { deviceId: "late-1", machineId: 1n, publicKey: fresh.publicKey });
      await revokeDevice(net.chain.clients.dave, { deviceId: "press-2" });
      await net.chain.anvil.client.mine({ blocks: 1 });
      await indexer.syncOnce();
      assert.equal((await devices()).find((d) => d[0] === "press-2")?.[4], 1);
      await net.chain.anvil.client.reorg(3);
      await indexer.syncOnce();
      assert.equal(indexer.metrics().reorgs, 1);
      const rows = await devices();
      assert.equal(
        rows.find((d) => d[0] === "late-1"),
        undefined,
      );
      assert.equal(rows.find((d) => d[0] === "press-2")?.[4], 0, "the revocation was orphaned");
      const fromScratch = createTestBackend(backend.name);
      const d = await fromScratch.open();
      try {
        await testIndexer(d.db, net.chain).syncOnce();
        const chainRows = (db: typeof d.db) =>
          iotDb(db)
            .selectFrom("iot_devices")
            .selectAll()
            .where("source", "=", "chain")
            .orderBy("device_id")
            .orderBy("manufacturer")
            .execute();
        assert.deepEqual(await chainRows(net.store.db), await chainRows(d.db));
        assert.deepEqual((await snapshot(net.store.db)).events, (await snapshot(d.db)).events);
      } finally {
        await d.close();
        await fromScratch.cleanup();
      }
      await indexer.rebuildReadModel();
      assert.deepEqual(await devices(), rows);
    });
  });
});
