// `dipnet edge opcua` as a process: a real OPC UA server and a node gateway (embedded broker) in
// the test, the CLI in between, stopped with SIGINT.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { createGateway, type Gateway, openDatabase, registerDevice } from "@dipnet/node";
import { createDeviceKey } from "@dipnet/sdk";
import { DataType, Variant } from "node-opcua-client";
import { OPCUAServer } from "node-opcua-server";
import { parseOpcUaVariables } from "./commands/edge.ts";
import { run } from "./main.ts";

const main = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "main.ts");
const manufacturer = "0x90f79bf6eb2c4f870365e785982e1f101e93b906";

describe("dipnet edge", () => {
  describe("parseOpcUaVariables", () => {
    it("pairs metrics with node ids and units", () => {
      assert.deepEqual(parseOpcUaVariables(["load=ns=2;s=Spindle.Load", "on=ns=2;i=7"], ["load=%"]), [
        { metric: "load", nodeId: "ns=2;s=Spindle.Load", unit: "%" },
        { metric: "on", nodeId: "ns=2;i=7", unit: undefined },
      ]);
      assert.throws(() => parseOpcUaVariables(["ns2"], []), /--node: expected <metric>=<node id>/);
      assert.throws(() => parseOpcUaVariables(["a=ns=2;i=1"], ["b=%"]), /metric b has no --node/);
    });
  });

  describe("edge opcua", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "dipnet-edge-"));
    let server: OPCUAServer;
    let gateway: Gateway;
    let database: Awaited<ReturnType<typeof openDatabase>>;
    let endpoint: string;
    let mqttUrl: string;
    const key = createDeviceKey();
    before(async () => {
      server = new OPCUAServer({ port: 0, hostname: "127.0.0.1", buildInfo: { productName: "test-lathe" } });
      await server.initialize();
      const addressSpace = server.engine.addressSpace;
      if (!addressSpace) throw new Error("no address space");
      const ns = addressSpace.getOwnNamespace();
      const lathe = ns.addObject({ organizedBy: addressSpace.rootFolder.objects, browseName: "Lathe" });
      ns.addVariable({
        componentOf: lathe,
        nodeId: "s=Lathe.Temperature",
        browseName: "Temperature",
        dataType: "Double",
        minimumSamplingInterval: 100,
      }).setValueFromSource(new Variant({ dataType: DataType.Double, value: 36.5 }));
      await server.start();
      endpoint = `opc.tcp://127.0.0.1:${server.endpoints[0]?.port}`;
      database = await openDatabase({ kind: "sqlite", file: path.join(dir, "node.sqlite") });
      await registerDevice(database.db, {
        id: "lathe-2-opcua",
        publicKey: key.publicKey,
        manufacturer,
        machine: "lathe-2",
      });
      gateway = createGateway({ db: database.db, mqtt: { kind: "embedded", port: 0 } });
      ({ url: mqttUrl } = await gateway.start());
    });
    after(async () => {
      await server?.shutdown();
      await gateway?.stop();
      await database?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it("refuses bad settings naming the option", async () => {
      const err: string[] = [];
      const io = { stdout: () => {}, stderr: (t: string) => err.push(t), env: {}, cwd: dir, prompt: undefined };
      const base = ["edge", "opcua", "--device", "d", "--manufacturer", "m", "--machine", "x"];
      assert.equal(await run([...base, "--endpoint", endpoint, "--node", "t=ns=1;i=1"], io), 1);
      assert.match(err.pop() ?? "", /--key/);
      const args = [...base, "--key", key.privateKey, "--endpoint", "http://x", "--node", "t=ns=1;i=1"];
      assert.equal(await run(args, io), 1);
      assert.match(err.pop() ?? "", /--endpoint: must be opc\.tcp/);
      assert.equal(await run([...base, "--key", key.privateKey, "--endpoint", endpoint, "--node", "t=bogus"], io), 1);
      assert.match(err.pop() ?? "", /--node: node bogus: not an OPC UA node id/);
    });

    it("publishes the machine's variables to the gateway until SIGINT", async () => {
      const child = spawn(
        process.execPath,
        [
          main,
          "--json",
          "--data-dir",
          dir,
          "edge",
          "opcua",
          "--endpoint",
          endpoint,
          "--device",
          "lathe-2-opcua",
          "--manufacturer",
          manufacturer,
          "--machine",
          "lathe-2",
          "--node",
          "temperature=ns=1;s=Lathe.Temperature",
          "--unit",
          "temperature=Cel",
          "--mqtt",
          mqttUrl,
          "--format",
          "sparkplug",
          "--interval",
          "200",
        ],
        { env: { ...process.env, DIPNET_DEVICE_KEY: key.privateKey }, stdio: ["ignore", "pipe", "pipe"] },
      );
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (d) => {
        stdout += d;
      });
      child.stderr.on("data", (d) => {
        stderr += d;
      });
      const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
      try {
        // Until the first message is stored, or the command exits (bounded by events, not wall time).
        let done = false;
        void exited.then(() => {
          done = true;
        });
        while (!done && gateway.stats().acceptedMessages === 0) {
          await new Promise((r) => setTimeout(r, 100)); // poll interval
        }
        assert.ok(gateway.stats().acceptedMessages > 0, `nothing stored; stderr: ${stderr}`);
        assert.match(stderr, new RegExp(`public key ${key.publicKey}`));
      } finally {
        child.kill("SIGINT");
      }
      assert.equal(await exited, 0, stderr);
      const summary = JSON.parse(stdout);
      assert.equal(summary.stopped, "SIGINT");
      assert.ok(summary.published >= 1);
      const rows = await database.db
        .withTables<{ iot_readings: { device_id: string; metric: string; num: number; unit: string } }>()
        .selectFrom("iot_readings")
        .selectAll()
        .where("device_id", "=", "lathe-2-opcua")
        .execute();
      assert.ok(rows.length >= 1);
      assert.deepEqual([rows[0]?.metric, rows[0]?.num, rows[0]?.unit], ["temperature", 36.5, "Cel"]);
    });
  });
});
