import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createDeviceKey } from "@dipnet/sdk";
import { createDevicePublisher } from "@dipnet/sdk/mqtt";
import type { FastifyInstance } from "fastify";
import mqtt from "mqtt";
import { createApi } from "../../compose.ts";
import type { Database } from "../../core/db/index.ts";
import { forEachBackend, idleIndexer } from "../../testing/index.ts";
import { createGateway, type Gateway } from "./gateway.ts";
import { registerDevice } from "./registry.ts";
import { type TestDevice, testDevice } from "./testing.ts";

const manufacturer = "0x90f79bf6eb2c4f870365e785982e1f101e93b906";
const t0 = 1_764_000_000_000;

forEachBackend((backend) => {
  describe(`IoT API on ${backend.name}`, () => {
    let database: Database;
    let gateway: Gateway;
    let app: FastifyInstance;
    let other: TestDevice;
    const get = async (url: string) => {
      const response = await app.inject({ method: "GET", url });
      return { status: response.statusCode, body: response.body.startsWith("{") ? response.json() : response.body };
    };

    before(async () => {
      database = await backend.open();
      gateway = createGateway({ db: database.db, mqtt: { kind: "embedded", port: 0 } });
      const { url } = await gateway.start();
      app = await createApi({
        db: database.db,
        deployment: { chainId: 31337, deployBlock: 0, contracts: { orderMarket: "0x", participantRegistry: "0x" } },
        indexer: idleIndexer,
        gateway,
      });
      // A machine's device publishing 30 messages (spindle load and temperature, a second apart) …
      const key = createDeviceKey();
      await registerDevice(database.db, { id: "mill-7-ctl", publicKey: key.publicKey, manufacturer, machine: "7" });
      const publisher = createDevicePublisher({
        url,
        device: { id: "mill-7-ctl", manufacturer, machine: "7" },
        privateKey: key.privateKey,
        format: "sparkplug",
      });
      for (let i = 0; i < 30; i++) {
        await publisher.publish([
          { metric: "spindle_load", value: 40 + i, unit: "%", ts: t0 + i * 1000 },
          { metric: "temperature", value: 30 + i / 10, unit: "Cel", ts: t0 + i * 1000 },
        ]);
      }
      await publisher.close();
      // … and another machine's device, with one replay and one forgery.
      other = await testDevice(database.db, "lathe-2-ctl", { manufacturer, machine: "2" });
      const client = await mqtt.connectAsync(url, { reconnectPeriod: 0, ...other.credentials() });
      await client.publishAsync(other.topic, other.payload(1), { qos: 1 });
      await client.publishAsync(other.topic, other.payload(1), { qos: 1 });
      await client.publishAsync(other.topic, other.payload(2, { key: createDeviceKey() }), { qos: 1 });
      await client.endAsync();
    });
    after(async () => {
      await app?.close();
      await gateway?.stop();
      await database?.close();
    });

    it("GET /api/devices lists devices with their ingest state, filtered and paged", async () => {
      const all = await get("/api/devices");
      assert.equal(all.status, 200);
      assert.deepEqual(
        all.body.items.map((d: { id: string; machine: string; messages: number }) => [d.id, d.machine, d.messages]),
        [
          ["lathe-2-ctl", "2", 1],
          ["mill-7-ctl", "7", 30],
        ],
      );
      assert.equal(all.body.next, null);
      const mill = all.body.items[1];
      assert.equal(mill.manufacturer, manufacturer);
      assert.equal(mill.revoked, false);
      assert.equal(typeof mill.lastSeq, "number");
      const first = await get("/api/devices?limit=1");
      assert.equal(first.body.items[0].id, "lathe-2-ctl");
      const second = await get(`/api/devices?limit=1&cursor=${first.body.next}`);
      assert.deepEqual([second.body.items[0].id, second.body.next], ["mill-7-ctl", null]);
      assert.deepEqual(
        (await get(`/api/devices?machine=7&manufacturer=${manufacturer}`)).body.items.map((d: { id: string }) => d.id),
        ["mill-7-ctl"],
      );
      for (const written of [manufacturer.toUpperCase(), manufacturer.toLowerCase()]) {
        assert.deepEqual(
          (await get(`/api/devices?manufacturer=${written}`)).body.items.map((d: { id: string }) => d.id),
          ["lathe-2-ctl", "mill-7-ctl"],
          `manufacturer=${written}`,
        );
      }
      assert.equal((await get(`/api/devices/${manufacturer}/mill-7-ctl`)).body.messages, 30);
      assert.equal(
        (await get(`/api/devices/${manufacturer.toUpperCase().replace("0X", "0x")}/mill-7-ctl`)).status,
        200,
      );
      const missing = await get(`/api/devices/${manufacturer}/nope`);
      assert.equal(missing.status, 404);
      assert.match(missing.body.message, /no device nope/);
    });

    it("GET /api/devices/:manufacturer/:id/readings pages through a metric in a time window, both directions", async () => {
      const base = `/api/devices/${manufacturer}/mill-7-ctl/readings?metric=spindle_load&from=${t0 + 5000}&to=${t0 + 25_000}`;
      for (const order of ["asc", "desc"]) {
        const seen: { value: number; ts: number; unit: string; metric: string }[] = [];
        let next: string | null = null;
        do {
          const page = await get(`${base}&order=${order}&limit=7${next ? `&cursor=${next}` : ""}`);
          assert.equal(page.status, 200);
          seen.push(...page.body.items);
          next = page.body.next;
        } while (next);
        const expected = Array.from({ length: 20 }, (_, i) => 45 + i);
        assert.deepEqual(
          seen.map((r) => r.value),
          order === "asc" ? expected : expected.reverse(),
        );
        assert.ok(seen.every((r) => r.metric === "spindle_load" && r.unit === "%"));
        assert.equal(seen[0]?.ts, order === "asc" ? t0 + 5000 : t0 + 24_000);
      }
      const everything = await get(`/api/devices/${manufacturer}/mill-7-ctl/readings?limit=1000&order=asc`);
      assert.equal(everything.body.items.length, 60);
      assert.deepEqual(
        everything.body.items.slice(0, 2).map((r: { metric: string; value: number }) => [r.metric, r.value]),
        [
          ["spindle_load", 40],
          ["temperature", 30],
        ],
      );
      // The forged message of the other device was never stored.
      assert.equal((await get(`/api/devices/${manufacturer}/lathe-2-ctl/readings`)).body.items.length, 2);
    });

    it("refuses bad reading queries naming the field", async () => {
      const cases: [string, number, string][] = [
        [`/api/devices/${manufacturer}/mill-7-ctl/readings?from=${t0 + 10}&to=${t0}`, 400, "to"],
        [`/api/devices/${manufacturer}/mill-7-ctl/readings?cursor=abc`, 400, "cursor"],
        [`/api/devices/${manufacturer}/mill-7-ctl/readings?metric=a%20b`, 400, "metric"],
        [`/api/devices/${manufacturer}/mill-7-ctl/readings?limit=1001`, 400, "limit"],
        [`/api/devices/${manufacturer}/mill-7-ctl/readings?device=x`, 400, "device"],
        [`/api/devices/${manufacturer}/nope/readings`, 404, ""],
      ];
      for (const [url, status, field] of cases) {
        const response = await get(url);
        assert.equal(response.status, status, url);
        if (field) assert.equal(response.body.field, field, url);
      }
    });

    it("/metrics counts accepted and rejected device messages by reason", async () => {
      const text = String((await get("/metrics")).body);
      assert.match(text, /^dipnet_iot_gateway_up 1$/m);
      assert.match(text, /^dipnet_iot_messages_accepted_total 31$/m);
      assert.match(text, /^dipnet_iot_readings_accepted_total 62$/m);
      assert.match(text, /^dipnet_iot_messages_rejected_total\{reason="replayed"\} 1$/m);
      assert.match(text, /^dipnet_iot_messages_rejected_total\{reason="bad_signature"\} 1$/m);
      assert.match(text, /^dipnet_iot_messages_rejected_total\{reason="stale"\} 0$/m);
    });

    it("documents the routes in OpenAPI", async () => {
      const doc = (await get("/openapi.json")).body;
      for (const path of [
        "/api/devices",
        "/api/devices/{manufacturer}/{id}",
        "/api/devices/{manufacturer}/{id}/readings",
      ]) {
        assert.ok(doc.paths[path]?.get, path);
      }
      const params = doc.paths["/api/devices/{manufacturer}/{id}/readings"].get.parameters.map(
        (p: { name: string }) => p.name,
      );
      for (const name of ["manufacturer", "id", "metric", "from", "to", "limit", "cursor", "order"])
        assert.ok(params.includes(name), name);
    });

    it("keeps another manufacturer's device of the same id apart, in the list and by name", async () => {
      const otherMaker = "0x00000000000000000000000000000000000000aa";
      await testDevice(database.db, "mill-7-ctl", { manufacturer: otherMaker, machine: "7" });
      const names: string[] = [];
      let next: string | null = null;
      do {
        const page = await get(`/api/devices?limit=1${next ? `&cursor=${next}` : ""}`);
        names.push(...page.body.items.map((d: { id: string; manufacturer: string }) => `${d.manufacturer}/${d.id}`));
        next = page.body.next;
      } while (next);
      assert.deepEqual(names, [
        `${manufacturer}/lathe-2-ctl`,
        `${otherMaker}/mill-7-ctl`,
        `${manufacturer}/mill-7-ctl`,
      ]);
      assert.equal((await get(`/api/devices/${otherMaker}/mill-7-ctl`)).body.messages, 0);
      assert.equal((await get(`/api/devices/${otherMaker}/mill-7-ctl/readings`)).body.items.length, 0);
      assert.equal((await get(`/api/devices/${manufacturer}/mill-7-ctl`)).body.messages, 30);
    });
  });
});
