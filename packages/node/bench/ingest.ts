// IoT ingest benchmark: signed device messages verified (Ed25519), stored durably (one SQLite WAL
// transaction per group commit, as the gateway does) and batched into a Merkle tree, all on this one
// Node thread; then the batch root is anchored on anvil. Messages are signed beforehand (that is the
// devices' work). Anchoring gas is printed for a small and a large batch: one transaction per batch,
// the same gas whatever its size. Prints JSON lines {"bench":"ingest","metric":…,"value":…,"unit":…}.
//   node packages/node/bench/ingest.ts [--messages 20000] [--readings 10] [--devices 8] [--database-url postgres://…]
import { createDeviceKey, deviceTopic, registerDevice, registerMachine, signDeviceMessage } from "@dipnet/sdk";
import type { Hex } from "viem";
import type { Database, DatabaseConfig } from "../src/core/db/index.ts";
import { createAnchorer } from "../src/modules/evidence/anchor.ts";
import { createIngestor } from "../src/modules/iot/ingest.ts";
import { deployTestNetwork, setupParticipants, testIndexer, testMill } from "../src/testing/index.ts";
import { benchOutput, flags, numberFlags, runAsScript, withBenchDatabase } from "./common.ts";

const { line, log } = benchOutput("ingest");

/** Runs the ingest benchmark. */
export async function run(args: string[]): Promise<void> {
  const f = flags(args);
  const { messages, readings: perMessage, devices } = numberFlags(f, { messages: 20_000, readings: 10, devices: 8 });
  for (const [name, v, max] of [
    ["messages", messages, 10_000_000],
    ["readings", perMessage, 1000],
    ["devices", devices, 1000],
  ] as const) {
    if (!Number.isSafeInteger(v) || v < 1 || v > max) throw new Error(`--${name}: must be an integer from 1 to ${max}`);
  }
  const chain = await deployTestNetwork();
  try {
    await withBenchDatabase(f.get("database-url"), (database, config) => measure(database, config));
  } finally {
    await chain.stop();
  }

  async function measure(database: Database, config: DatabaseConfig): Promise<void> {
    await setupParticipants(chain);
    const maker = chain.clients.carol;
    await registerMachine(maker, testMill);
    const fleet = Array.from({ length: devices }, (_, i) => ({ id: `bench-${i}`, key: createDeviceKey() }));
    for (const d of fleet) await registerDevice(maker, { deviceId: d.id, machineId: 1n, publicKey: d.key.publicKey });
    await testIndexer(database.db, chain).syncOnce();
    const manufacturer = maker.account.address.toLowerCase();

    log(`signing ${messages} messages of ${perMessage} readings (the devices' work, not timed) …`);
    const now = Date.now();
    const sign = (n: number, seqBase: number) =>
      Array.from({ length: n }, (_, i) => {
        const d = fleet[i % devices] as (typeof fleet)[number];
        const seq = seqBase + Math.floor(i / devices) + 1;
        const readings = Array.from({ length: perMessage }, (_, r) => ({
          metric: r === 0 ? "spindle_load" : `sensor_${r}`,
          value: Math.round((40 + ((seq * 7 + r * 13) % 600) / 10) * 100) / 100,
          unit: r === 0 ? "%" : "Cel",
        }));
        const message = signDeviceMessage({ v: 1, device: d.id, seq, ts: now + i, readings }, d.key.privateKey);
        return {
          topic: deviceTopic({ manufacturer, machine: "1", device: d.id }),
          payload: Buffer.from(JSON.stringify(message)),
        };
      });
    const small = sign(10 * devices, 0);
    const large = sign(messages, 10);

    // The clock stands still while a whole fleet's backlog arrives: no rate limit is measured here.
    const ingest = createIngestor({
      db: database.db,
      deviceSources: ["chain"],
      now: () => now,
      maxReadingsPerSecond: messages * perMessage,
    });
    const anchorer = createAnchorer({ db: database.db, client: chain.clients.erin });
    const submitAll = async (batch: typeof large) => {
      const outcomes = await Promise.all(batch.map((m) => ingest.submit(m.topic, m.payload)));
      const rejected = outcomes.filter((o) => !o.accepted);
      if (rejected.length > 0) throw new Error(`${rejected.length} messages rejected: ${JSON.stringify(rejected[0])}`);
    };
    const gasOf = async (txHash: Hex | null) =>
      (await chain.clients.erin.publicClient.getTransactionReceipt({ hash: txHash as Hex })).gasUsed;

    // Small batch first (warms the code paths), anchored on its own.
    await submitAll(small);
    const [smallBatch] = await anchorer.runOnce();
    if (!smallBatch) throw new Error("the small batch was not anchored");

    log(`ingesting ${large.length} messages (${large.length * perMessage} readings) …`);
    const t0 = performance.now();
    await submitAll(large);
    const stored = performance.now();
    const sealed = await anchorer.seal();
    const t1 = performance.now();
    if (!sealed) throw new Error("nothing to seal");
    const [largeBatch] = await anchorer.anchorSealed();
    const t2 = performance.now();
    if (!largeBatch) throw new Error("the large batch was not anchored");

    const readings = large.length * perMessage;
    const seconds = (t1 - t0) / 1000;
    line("readings_per_s", Math.round(readings / seconds), "readings/s", {
      readings,
      messages: large.length,
      readingsPerMessage: perMessage,
      devices,
      seconds: Number(seconds.toFixed(3)),
      database: config.kind,
    });
    line("messages_per_s", Math.round(large.length / seconds), "messages/s");
    line("store_ms", Math.round(stored - t0), "ms", { what: "verify + store (group commits)" });
    line("seal_ms", Math.round(t1 - stored), "ms", {
      what: "claim rows + build Merkle tree",
      leaves: sealed.leafCount,
    });
    line("anchor_ms", Math.round(t2 - t1), "ms", { what: "one anchor transaction on anvil, until its receipt" });
    const [gasSmall, gasLarge] = [await gasOf(smallBatch.txHash), await gasOf(largeBatch.txHash)];
    line("anchor_gas_per_batch", Number(gasSmall), "gas", { leaves: smallBatch.leafCount });
    line("anchor_gas_per_batch", Number(gasLarge), "gas", { leaves: largeBatch.leafCount });
    line("anchor_gas_per_reading", Number(gasLarge) / readings, "gas", { leaves: largeBatch.leafCount });
  }
}

runAsScript(import.meta.url, run);
