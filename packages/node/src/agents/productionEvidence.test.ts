// The demo maker's production evidence and traceability on a real chain: milestone and shipping
// evidence cite its machine's anchored readings (and check against the registry), the shipped lot is
// commissioned, packed and handed to the customer with EPCIS events recorded on chain, and a
// restarted agent records nothing twice.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import {
  accept,
  award,
  bid,
  checkProductionEvidence,
  commissioningEvent,
  createDeviceKey,
  deviceTopic,
  epcisEventHash,
  evidenceRegistryAbi,
  parseProductionEvidence,
  registerDevice,
  registerMachine,
  setAnchorer,
  signDeviceMessage,
} from "@dipnet/sdk";
import type { Hex } from "viem";
import { createDocumentStore } from "../modules/documents/store.ts";
import { createAnchorer } from "../modules/evidence/anchor.ts";
import { evidenceDb } from "../modules/evidence/schema.ts";
import { createIngestor, type Ingestor } from "../modules/iot/ingest.ts";
import { partHistory, storeTraceEvent } from "../modules/traceability/history.ts";
import { carolsAutopilot, createTestApi, forEachBackend, postRfq, testMill, useTestNetwork } from "../testing/index.ts";
import { orderItems } from "./productionEvidence.ts";
import { createSqlReadModel } from "./readModelSql.ts";

forEachBackend((backend) => {
  describe(`demo production evidence and traceability (${backend.name})`, () => {
    let ingest: Ingestor;
    let orderId: bigint;
    let seq = 0;
    const key = createDeviceKey();
    const documents = createDocumentStore();
    const logs: string[] = [];

    const agent = () =>
      carolsAutopilot(net, {
        simulateProduction: true,
        citeReadings: true,
        traceShare: 1,
        documents,
        log: (_level, message) => logs.push(message),
      });
    /** The machine reports working on `order` (`n` signed messages through the gateway's ingestor). */
    const report = async (order: bigint, n: number) => {
      for (let i = 0; i < n; i++) {
        seq++;
        const message = signDeviceMessage(
          {
            v: 1,
            device: "mill-1",
            seq,
            ts: Date.now(),
            readings: [
              { metric: "spindle_load", value: 60, unit: "%" },
              { metric: "order_id", value: Number(order) },
            ],
          },
          key.privateKey,
        );
        const topic = deviceTopic({
          manufacturer: net.chain.clients.carol.account.address.toLowerCase(),
          machine: "1",
          device: "mill-1",
        });
        assert.equal((await ingest.submit(topic, Buffer.from(JSON.stringify(message)))).accepted, true);
      }
    };
    const traces = async () =>
      net.chain.clients.carol.publicClient.getContractEvents({
        address: net.chain.deployment.contracts.evidenceRegistry as Hex,
        abi: evidenceRegistryAbi,
        eventName: "TraceRecorded",
        fromBlock: 0n,
      });
    const evidenceOf = async (name: "MilestoneSubmitted" | "OrderShipped") => {
      await net.indexer.syncOnce();
      const row = await net.store.db
        .selectFrom("events")
        .select("args")
        .where("order_id", "=", Number(orderId))
        .where("name", "=", name)
        .executeTakeFirstOrThrow();
      const hash = (JSON.parse(row.args) as { evidenceHash: Hex }).evidenceHash;
      return { hash, text: documents.get(hash) };
    };

    const net = useTestNetwork({
      backend,
      arrange: async (chain) => {
        await registerMachine(chain.clients.carol, testMill);
        await registerDevice(chain.clients.carol, { deviceId: "mill-1", machineId: 1n, publicKey: key.publicKey });
        await setAnchorer(chain.clients.carol, { anchorer: chain.clients.erin.account.address, allowed: true });
      },
    });
    before(async () => {
      await net.indexer.syncOnce();
      ingest = createIngestor({ db: net.store.db, deviceSources: ["chain"] });
      orderId = await postRfq(net.chain, net.chain.clients.alice, "bracket", { milestoneBps: [4000, 6000] });
      await bid(net.chain.clients.carol, { orderId, price: 800_000_000n, leadTime: 10 * 86_400 });
      await net.chain.anvil.increaseTime(3_601);
      await award(net.chain.clients.alice, {
        orderId,
        maker: net.chain.clients.carol.account.address,
        price: 800_000_000n,
        leadTime: 10 * 86_400,
      });
    });

    it("cites only anchored readings of the maker's machines for the order", async () => {
      await report(orderId, 4);
      await report(orderId + 100n, 1); // another order's reading
      const before = await createSqlReadModel(net.store.db).orderReadings({
        maker: net.chain.clients.carol.account.address,
        orderId: Number(orderId),
        chainId: net.chain.deployment.chainId,
        registry: net.chain.deployment.contracts.evidenceRegistry as string,
      });
      assert.deepEqual(before, { anchored: [], pending: 4 });
      await createAnchorer({ db: net.store.db, client: net.chain.clients.erin }).runOnce();
      const after = await createSqlReadModel(net.store.db).orderReadings({
        maker: net.chain.clients.carol.account.address,
        orderId: Number(orderId),
        chainId: net.chain.deployment.chainId,
        registry: net.chain.deployment.contracts.evidenceRegistry as string,
      });
      assert.equal(after.pending, 0);
      assert.deepEqual(
        after.anchored.map((c) => c.seq),
        [1, 3, 4],
        "first, last and one between",
      );
    });

    it("submits a milestone and ships with production evidence citing them, each provable on chain", async () => {
      const [job] = (await agent().production((await net.tick()).now)).filter((j) => j.key === String(orderId));
      assert.ok(job);
      await net.chain.anvil.increaseTime(Math.ceil((job.end - job.start) * 0.6));
      await agent().step(await net.tick());
      const milestone = await evidenceOf("MilestoneSubmitted");
      assert.ok(milestone.text, "the evidence document is in the node's store");
      const doc = parseProductionEvidence(JSON.parse(milestone.text));
      assert.equal(doc.milestone, 0);
      assert.deepEqual(
        doc.events.map((e) => e.kind),
        ["operation_started", "first_article", "inspection"],
      );
      const check = await checkProductionEvidence(net.chain.clients.carol, doc);
      assert.equal(check.hash, milestone.hash);
      assert.deepEqual(check.unproven, []);
      assert.equal(check.citations, 4);

      await net.chain.anvil.increaseTime(Math.ceil(job.end - job.start));
      await agent().step(await net.tick());
      const shipped = await evidenceOf("OrderShipped");
      const final = parseProductionEvidence(JSON.parse(shipped.text ?? "null"));
      assert.equal(final.milestone, 1);
      assert.deepEqual(
        final.events.map((e) => e.kind),
        ["operation_started", "operation_finished", "inspection"],
      );
      assert.deepEqual((await checkProductionEvidence(net.chain.clients.carol, final)).unproven, []);
    });

    it("traces the shipped lot: commissioned, packed, handed to the customer on acceptance; a restart records nothing twice", async () => {
      const first = agent();
      await first.step(await net.tick());
      assert.equal((await traces()).length, 2, "commissioning and packing");
      await first.step(await net.tick());
      assert.equal((await traces()).length, 2, "nothing more before acceptance");
      await accept(net.chain.clients.alice, { orderId });
      await first.step(await net.tick());
      assert.equal((await traces()).length, 3, "the hand-over to the customer");

      // A restarted agent knows nothing in memory: the chain tells it everything is recorded.
      const restarted = agent();
      await restarted.step(await net.tick());
      await restarted.step(await net.tick());
      assert.equal((await traces()).length, 3);
      assert.deepEqual(
        restarted.actions().filter((a) => a.key.startsWith("trace:")),
        [],
      );

      await net.indexer.syncOnce();
      const { lot } = orderItems(net.chain.deployment.chainId, Number(orderId));
      const history = await partHistory(
        net.store.db,
        lot,
        Number(orderId),
        net.chain.deployment.contracts.evidenceRegistry,
      );
      assert.deepEqual(
        history.events.map((e) => [e.event.bizStep, e.recorded !== null]),
        [
          ["commissioning", true],
          ["packing", true],
          ["receiving", true],
        ],
      );
      assert.equal(history.custodian, net.chain.clients.alice.account.address.toLowerCase());
      const shipped = await evidenceOf("OrderShipped");
      assert.deepEqual(history.events[0]?.event.certificationInfo, [`dipnet:document:${shipped.hash}`]);

      // The order's API view names its published evidence documents and the lot its evidence stands behind.
      const app = await createTestApi(net, { documents });
      try {
        const order = (await app.inject({ method: "GET", url: `/api/orders/${orderId}` })).json();
        const milestone = await evidenceOf("MilestoneSubmitted");
        assert.deepEqual([...order.documents].sort(), [milestone.hash, shipped.hash].sort());
        assert.deepEqual(order.parts, [lot]);
        // An event citing the order's evidence that nobody recorded on chain for the order names no part of it.
        const squat = commissioningEvent({ at: 9, parts: ["urn:epc:id:sgtin:9.9.9"], evidence: [shipped.hash] });
        await storeTraceEvent(net.store.db, squat);
        const again = (await app.inject({ method: "GET", url: `/api/orders/${orderId}` })).json();
        assert.deepEqual(again.parts, [lot]);
        // The citations are an indexed table filled when an event is stored, not a scan of every document.
        const cited = await evidenceDb(net.store.db)
          .selectFrom("trace_event_documents")
          .select("event_hash")
          .where("document_hash", "=", shipped.hash.toLowerCase())
          .execute();
        const citing = history.events.filter((e) =>
          (e.event.certificationInfo as string[] | undefined)?.includes(`dipnet:document:${shipped.hash}`),
        );
        assert.deepEqual(
          cited.map((c) => c.event_hash).sort(),
          [...citing.map((e) => e.eventHash), epcisEventHash(squat)].sort(),
        );
      } finally {
        await app.close();
      }
    });
  });
});
