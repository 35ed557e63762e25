import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import mqtt from "mqtt";
import type { Database } from "../../core/db/index.ts";
import { forEachBackend, killPoints } from "../../testing/index.ts";
import { iotDb } from "./schema.ts";
import { type TestDevice, testDevice } from "./testing.ts";

const worker = path.join(path.dirname(fileURLToPath(import.meta.url)), "gatewayWorker.ts");

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === "object" && address ? address.port : 0;
}

function startWorker(config: unknown, port: number): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [worker, JSON.stringify(config), String(port)], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr?.on("data", (c) => {
      stderr += c;
    });
    child.stdout?.on("data", (c: Buffer) => {
      if (c.toString().includes("ready")) resolve(child);
    });
    child.once("exit", (code) => reject(new Error(`gateway worker exited (${code}): ${stderr}`)));
  });
}

const kill = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    child.removeAllListeners("exit");
    child.once("exit", () => resolve());
    child.kill("SIGKILL");
  });

forEachBackend((backend) => {
  describe(`gateway killed with SIGKILL under QoS 1 load (${backend.name})`, () => {
    let database: Database;
    const devices: TestDevice[] = [];
    before(async () => {
      database = await backend.open();
      for (const id of ["crash-a", "crash-b"]) devices.push(await testDevice(database.db, id));
    });
    after(async () => {
      await database?.close();
    });

    it("loses no acknowledged reading and duplicates none across 3 kills and restarts", async (t) => {
      const { seed, random } = killPoints(t);
      const port = await freePort();
      let child = await startWorker(backend.config(), port);
      const perDevice = 1500;
      const readings = Array.from({ length: 4 }, (_, i) => ({ metric: `m${i}`, value: i }));
      const acked = new Map<string, Set<number>>(devices.map((d) => [d.id, new Set()]));
      // One connection per device: the broker lets a device publish only to its own topics.
      const clients = new Map(
        devices.map((d) => {
          const client = mqtt.connect(`mqtt://127.0.0.1:${port}`, {
            clientId: `crash-${d.id}`,
            reconnectPeriod: 50,
            connectTimeout: 2_000,
            ...d.credentials(),
          });
          client.on("error", () => {});
          return [d.id, client];
        }),
      );
      let kills = 0;
      let retries = 0;
      const chaos = (async () => {
        for (let k = 0; k < 3; k++) {
          await new Promise((r) => setTimeout(r, 400 + random() * 400));
          await kill(child);
          kills++;
          await new Promise((r) => setTimeout(r, 150));
          child = await startWorker(backend.config(), port);
        }
      })();
      try {
        // Up to 200 messages in flight, devices interleaved. Each message carries its number `n` as
        // a reading; its seq is assigned when it is (re)sent, as a device's message counter is.
        // mqtt.js fails publishes it had queued but not sent when the connection drops again
        // ("Connection closed"): those are sent again under a new seq, as a device would.
        let inFlight = 0;
        let wake: (() => void) | undefined;
        const all: Promise<void>[] = [];
        const counters = new Map<string, number>();
        const send = (d: TestDevice, n: number, resolve: () => void) => {
          const seq = (counters.get(d.id) ?? 0) + 1;
          counters.set(d.id, seq);
          const payload = d.payload(seq, { readings: [{ metric: "n", value: n }, ...readings] });
          clients.get(d.id)?.publish(d.topic, payload, { qos: 1 }, (error) => {
            if (error) {
              retries++;
              setTimeout(() => send(d, n, resolve), 20);
              return;
            }
            inFlight--;
            wake?.();
            acked.get(d.id)?.add(n);
            resolve();
          });
        };
        for (let n = 1; n <= perDevice; n++) {
          for (const d of devices) {
            while (inFlight >= 200) await new Promise<void>((r) => (wake = r));
            inFlight++;
            all.push(new Promise<void>((resolve) => send(d, n, resolve)));
          }
        }
        await chaos;
        await Promise.all(all);
      } finally {
        await Promise.all([...clients.values()].map((client) => client.endAsync(true)));
        await kill(child);
      }
      assert.equal(kills, 3);
      const db = iotDb(database.db);
      for (const d of devices) {
        const rows = await db.selectFrom("iot_messages").select("seq").where("device_id", "=", d.id).execute();
        const seqs = rows.map((r) => Number(r.seq));
        assert.equal(new Set(seqs).size, seqs.length, "duplicated (device, seq)");
        const numbers = (
          await db
            .selectFrom("iot_readings")
            .select("num")
            .where("device_id", "=", d.id)
            .where("metric", "=", "n")
            .execute()
        ).map((r) => Number(r.num));
        assert.equal(new Set(numbers).size, numbers.length, `duplicated readings (${d.id})`);
        const stored = new Set(numbers);
        const lost = [...(acked.get(d.id) as Set<number>)].filter((n) => !stored.has(n));
        assert.deepEqual(lost, [], `acknowledged but not stored (${d.id}, seed ${seed})`);
        assert.equal(acked.get(d.id)?.size, perDevice, "every message was eventually acknowledged");
        assert.equal(numbers.length, perDevice);
        const n = await db
          .selectFrom("iot_readings")
          .select((eb) => eb.fn.countAll().as("n"))
          .where("device_id", "=", d.id)
          .executeTakeFirstOrThrow();
        assert.equal(Number(n.n), perDevice * (readings.length + 1), "readings per message");
      }
      process.stdout.write(`# ${kills} kills, ${retries} publishes failed by the client and sent again\n`);
    });
  });
});
