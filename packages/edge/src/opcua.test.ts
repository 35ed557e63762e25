import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { createApi, createGateway, type Database, type Gateway, registerDevice } from "@dipnet/node";
import { createTestBackend, idleIndexer, placeholderDeployment } from "@dipnet/node/testing";
import { createDeviceKey } from "@dipnet/sdk";
import { createDevicePublisher, type DevicePublisher } from "@dipnet/sdk/mqtt";
import type { FastifyInstance } from "fastify";
import { DataType, Variant } from "node-opcua-client";
import { OPCUAServer } from "node-opcua-server";
import { checkOpcUaSettings, createOpcUaAdapter, readingValue } from "./opcua.ts";

const backend = createTestBackend("sqlite");
const manufacturer = "0x90f79bf6eb2c4f870365e785982e1f101e93b906";

/** A machine's OPC UA server: a milling machine object with four variables. */
async function startMachineServer() {
  const server = new OPCUAServer({ port: 0, hostname: "127.0.0.1", buildInfo: { productName: "test-mill" } });
  await server.initialize();
  const addressSpace = server.engine.addressSpace;
  if (!addressSpace) throw new Error("no address space");
  const ns = addressSpace.getOwnNamespace();
  const mill = ns.addObject({ organizedBy: addressSpace.rootFolder.objects, browseName: "Mill7" });
  const variable = (name: string, dataType: DataType, value: unknown) => {
    const v = ns.addVariable({
      componentOf: mill,
      nodeId: `s=Mill7.${name}`,
      browseName: name,
      dataType,
      minimumSamplingInterval: 100,
    });
    v.setValueFromSource(new Variant({ dataType, value }));
    return v;
  };
  const vars = {
    load: variable("SpindleLoad", DataType.Double, 12.5),
    temperature: variable("Temperature", DataType.Double, 24),
    cycles: variable("CycleCount", DataType.UInt32, 41),
    running: variable("Running", DataType.Boolean, false),
  };
  await server.start();
  const port = server.endpoints[0]?.port;
  return { server, vars, endpoint: `opc.tcp://127.0.0.1:${port}` };
}

describe("OPC UA adapter", () => {
  describe("checkOpcUaSettings", () => {
    it("lists every problem at once", () => {
      assert.throws(
        () =>
          checkOpcUaSettings({
            endpoint: "http://x",
            variables: [
              { nodeId: "ns=2;s=A", metric: "a" },
              { nodeId: "not a node id", metric: "a" },
              { nodeId: "ns=2;i=5", metric: "bad metric" },
            ],
          }),
        (error: Error) =>
          /endpoint: must be opc\.tcp/.test(error.message) &&
          /node not a node id: not an OPC UA node id/.test(error.message) &&
          /metric a: used twice/.test(error.message) &&
          /metric "bad metric"/.test(error.message),
      );
    });
  });

  describe("readingValue", () => {
    it("turns OPC UA values into reading values", () => {
      assert.equal(readingValue(1.5), 1.5);
      assert.equal(readingValue(true), true);
      assert.equal(readingValue("O1234"), "O1234");
      assert.equal(readingValue([1, 5]), 2 ** 32 + 5); // Int64 as [high, low]
      assert.equal(readingValue(Number.NaN), undefined);
      assert.equal(readingValue({ x: 1 }), undefined);
      assert.equal(readingValue("x".repeat(300)), undefined);
    });
  });

  describe("against a real OPC UA server and the embedded broker", () => {
    let database: Database;
    let gateway: Gateway;
    let api: FastifyInstance;
    let machine: Awaited<ReturnType<typeof startMachineServer>>;
    let mqttUrl: string;
    const pkiDir = mkdtempSync(path.join(tmpdir(), "dipnet-opcua-pki-"));
    before(async () => {
      database = await backend.open();
      gateway = createGateway({ db: database.db, mqtt: { kind: "embedded", port: 0 } });
      ({ url: mqttUrl } = await gateway.start());
      api = await createApi({ db: database.db, deployment: placeholderDeployment, indexer: idleIndexer, gateway });
      machine = await startMachineServer();
    });
    after(async () => {
      await machine?.server.shutdown();
      await api?.close();
      await gateway?.stop();
      await database?.close();
      await backend.cleanup();
      rmSync(pkiDir, { recursive: true, force: true });
    });

    // What the node serves of a device: its readings (oldest first) and its accepted messages.
    const get = async (url: string) =>
      (await api.inject({ method: "GET", url: `/api/devices/${manufacturer}/${url}` })).json();
    const latest = async (device: string) => {
      const { items } = (await get(`${device}/readings?limit=1000&order=asc`)) as {
        items: { metric: string; value: unknown; unit: string | null }[];
      };
      return {
        values: new Map(items.map((r) => [r.metric, r.value])),
        units: new Map(items.map((r) => [r.metric, r.unit])),
      };
    };
    // Bounded by events, not wall time: the expected values must be stored within the next 20
    // messages the gateway accepts (the test's timeout covers a publisher that sends nothing).
    const waitFor = async (device: string, expected: Record<string, unknown>) => {
      const before = gateway.stats().acceptedMessages;
      let seen = new Map<string, unknown>();
      while (gateway.stats().acceptedMessages - before <= 20) {
        seen = (await latest(device)).values;
        if (Object.entries(expected).every(([k, v]) => seen.get(k) === v)) return;
        await new Promise((r) => setTimeout(r, 100)); // poll interval
      }
      assert.deepEqual(Object.fromEntries(seen), expected);
    };

    for (const format of ["json", "sparkplug"] as const) {
      it(`publishes subscribed variables as signed readings that the gateway stores (${format})`, async () => {
        const key = createDeviceKey();
        const device = { id: `mill-7-opcua-${format}`, manufacturer, machine: "mill-7" };
        await registerDevice(database.db, { id: device.id, publicKey: key.publicKey, manufacturer, machine: "mill-7" });
        const publisher: DevicePublisher = createDevicePublisher({
          url: mqttUrl,
          device,
          privateKey: key.privateKey,
          format,
        });
        const adapter = createOpcUaAdapter({
          endpoint: machine.endpoint,
          variables: [
            { nodeId: "ns=1;s=Mill7.SpindleLoad", metric: "spindle_load", unit: "%" },
            { nodeId: "ns=1;s=Mill7.Temperature", metric: "temperature", unit: "Cel" },
            { nodeId: "ns=1;s=Mill7.CycleCount", metric: "cycle_count" },
            { nodeId: "ns=1;s=Mill7.Running", metric: "running" },
          ],
          publisher,
          samplingIntervalMs: 100,
          publishIntervalMs: 200,
          pkiDir,
        });
        machine.vars.load.setValueFromSource(new Variant({ dataType: DataType.Double, value: 12.5 }));
        machine.vars.cycles.setValueFromSource(new Variant({ dataType: DataType.UInt32, value: 41 }));
        machine.vars.running.setValueFromSource(new Variant({ dataType: DataType.Boolean, value: false }));
        try {
          await adapter.start();
          // The initial values arrive first.
          await waitFor(device.id, { spindle_load: 12.5, temperature: 24, cycle_count: 41, running: false });
          // Then every change.
          machine.vars.load.setValueFromSource(new Variant({ dataType: DataType.Double, value: 73.25 }));
          machine.vars.running.setValueFromSource(new Variant({ dataType: DataType.Boolean, value: true }));
          machine.vars.cycles.setValueFromSource(new Variant({ dataType: DataType.UInt32, value: 42 }));
          await waitFor(device.id, { spindle_load: 73.25, temperature: 24, cycle_count: 42, running: true });
          const { units } = await latest(device.id);
          assert.equal(units.get("spindle_load"), "%");
          assert.equal(units.get("temperature"), "Cel");
          assert.equal(gateway.stats().rejected.bad_signature, 0);
        } finally {
          await adapter.stop();
          await publisher.close();
        }
        // The initial values and the changes came in separate messages, each acknowledged by then.
        const { messages } = (await get(device.id)) as { messages: number };
        assert.ok(messages >= 2, `${messages} messages`);
        assert.deepEqual(adapter.stats().published, messages);
        assert.equal(adapter.stats().failed, 0);
      });
    }
  });
});
