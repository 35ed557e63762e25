// Browser test of order evidence and part histories: a machine's device registered on chain, its
// signed readings on the node's store and Merkle-anchored, a milestone and the shipment citing them
// in production evidence documents, the order's lot traced with EPCIS events on chain up to the
// customer's acceptance. The order page shows the evidence and Verify passes every check in the
// browser, as does the part's history; a document altered by one character, a citation of a wrong
// root and an altered event each fail the check they break.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  createAnchorer,
  createDocumentStore,
  createIngestor,
  createSqlReadModel,
  deliveryEvents,
  orderItems,
  productionEvidenceDocument,
  traceEvent,
} from "@dipnet/node";
import {
  accept,
  award,
  bid,
  createDeviceKey,
  createRfq,
  deviceTopic,
  registerDevice,
  registerMachine,
  setAnchorer,
  ship,
  signDeviceMessage,
  submitMilestone,
} from "@dipnet/sdk";
import { type Address, type Hex, keccak256, toHex } from "viem";
import { screenshot, useBrowserSuite } from "./browser.ts";

async function until<T>(what: string, get: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 300; i++) {
    const value = await get();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe("order evidence and part history in Chromium", { timeout: 300_000 }, () => {
  let orderId: number;
  let lot: string;
  let shippedHash: Hex;

  const ui = useBrowserSuite({
    arrange: async (net) => {
      const { bob, carol, erin } = net.clients;
      const db = net.node.database.db;
      const chainId = net.deployment.chainId;
      const registry = net.deployment.contracts.evidenceRegistry as string;
      const maker = carol.account.address.toLowerCase();

      // Carol's mill and its controller's key, on chain.
      const { machineId } = await registerMachine(carol, {
        process: "cnc-milling",
        materials: ["aluminium-6061"],
        envelope: { x: 800, y: 600, z: 500 },
        hourlyRate: 95_000_000n,
      });
      const key = createDeviceKey();
      await registerDevice(carol, { deviceId: "carol-m1", machineId, publicKey: key.publicKey });
      await setAnchorer(carol, { anchorer: erin.account.address, allowed: true });

      // Bob's order, awarded to carol, paid in two milestones.
      const now = await net.anvil.now();
      ({ orderId } = await createRfq(bob, {
        specHash: keccak256(toHex("bracket")),
        specURI: "ipfs://spec/bracket",
        process: "cnc-milling",
        material: "aluminium-6061",
        quantity: 40,
        budget: 3_000_000_000n,
        bond: 40_000_000n,
        biddingEnds: now + 120n,
        deadline: now + 40n * 86_400n,
        milestoneBps: [4000, 6000],
      }).then((r) => ({ orderId: Number(r.orderId) })));
      await bid(carol, { orderId: BigInt(orderId), price: 2_500_000_000n, leadTime: 10 * 86_400 });
      await net.anvil.increaseTime(180);
      await award(bob, {
        orderId: BigInt(orderId),
        maker: carol.account.address,
        price: 2_500_000_000n,
        leadTime: 10 * 86_400,
      });

      // The mill reports working on the order; the node stores the signed messages and anchors them.
      await until("the device indexed from the chain", async () => {
        const r = (await (await fetch(`${net.nodeUrl}/api/devices`)).json()) as { items: { id: string }[] };
        return r.items.some((d) => d.id === "carol-m1") ? true : undefined;
      });
      const ingest = createIngestor({ db, deviceSources: ["chain"] });
      const topic = deviceTopic({ manufacturer: maker, machine: String(machineId), device: "carol-m1" });
      for (let seq = 1; seq <= 6; seq++) {
        const message = signDeviceMessage(
          {
            v: 1,
            device: "carol-m1",
            seq,
            ts: Date.now() - (6 - seq) * 1000,
            readings: [
              { metric: "spindle_load", value: 58 + seq, unit: "%" },
              { metric: "order_id", value: orderId },
            ],
          },
          key.privateKey,
        );
        assert.equal((await ingest.submit(topic, Buffer.from(JSON.stringify(message)))).accepted, true);
      }
      await createAnchorer({ db, client: erin }).runOnce();

      // Milestone 1 and the shipment cite them (documents in the node's store, hashes on chain).
      const documents = createDocumentStore(net.node.config.dataDir);
      const readModel = createSqlReadModel(db);
      const readings = await readModel.orderReadings({ maker, orderId, chainId, registry });
      assert.equal(readings.anchored.length, 3);
      const order = { id: orderId, process: "cnc-milling", material: "aluminium-6061", quantity: 40 };
      const milestoneDoc = productionEvidenceDocument({
        order,
        milestone: 0,
        final: false,
        partsDone: 16,
        readings: readings.anchored,
      });
      await submitMilestone(carol, { orderId: BigInt(orderId), evidenceHash: documents.put(milestoneDoc) });
      const shippedDoc = productionEvidenceDocument({
        order,
        milestone: 1,
        final: true,
        partsDone: 40,
        readings: readings.anchored,
      });
      shippedHash = documents.put(shippedDoc);
      await ship(carol, { orderId: BigInt(orderId), evidenceHash: shippedHash });
      await accept(bob, { orderId: BigInt(orderId) });

      // The lot's delivery, traced: commissioned and packed by carol, handed to bob.
      const row = await until("the accepted order indexed", async () => {
        const r = (await (await fetch(`${net.nodeUrl}/api/orders/${orderId}`)).json()) as {
          status: string;
          timeline: { name: string; time: number }[];
        };
        return r.status === "Completed" ? r : undefined;
      });
      const timeOf = (name: string) => row.timeline.find((s) => s.name === name)?.time ?? null;
      const events = deliveryEvents({
        chainId,
        order: {
          id: orderId,
          customer: bob.account.address,
          shipped_at: timeOf("OrderShipped"),
          closed_at: timeOf("OrderAccepted"),
        },
        maker: carol.account.address,
        shippingEvidence: shippedHash,
      });
      ({ lot } = orderItems(chainId, orderId));
      const { shipment } = orderItems(chainId, orderId);
      await traceEvent(readModel, carol, { orderId, item: lot, event: events.commissioning });
      await traceEvent(readModel, carol, { orderId, item: shipment, event: events.packing });
      await traceEvent(readModel, carol, {
        orderId,
        item: shipment,
        event: events.receiving as NonNullable<typeof events.receiving>,
        custodyTo: bob.account.address as Address,
      });
      await until("the traces indexed", async () => {
        const r = await fetch(`${net.nodeUrl}/api/parts/${encodeURIComponent(lot)}/history`);
        if (!r.ok) return undefined;
        const h = (await r.json()) as { events: { recorded: unknown }[] };
        return h.events.length === 3 && h.events.every((e) => e.recorded) ? true : undefined;
      });
    },
  });

  /** Clicks an evidence item's Verify and returns its verdict and the failed checks' labels. */
  const verifyItem = async (event: "MilestoneSubmitted" | "OrderShipped") => {
    const item = ui.page.locator(`[data-testid="evidence-item"][data-evidence-event="${event}"]`);
    await item.getByTestId("verify-evidence").click();
    const verdict = item.getByTestId("evidence-verdict");
    await verdict.or(item.getByRole("alert")).waitFor();
    assert.equal(await item.getByRole("alert").count(), 0, (await item.getByRole("alert").allTextContents()).join());
    const checks = item.getByTestId("evidence-checks").locator("li");
    const failed: string[] = [];
    for (const li of await checks.all())
      if ((await li.getAttribute("data-ok")) !== "true") failed.push((await li.textContent()) ?? "");
    return { ok: (await verdict.getAttribute("data-ok")) === "true", checks: await checks.count(), failed };
  };

  it("shows the order's production evidence and verifies every hash and cited reading on chain", async () => {
    await ui.page.goto(`${ui.server.url}/orders/${orderId}`);
    const items = ui.page.getByTestId("evidence-item");
    await items.nth(1).waitFor();
    assert.equal(await items.count(), 2);
    const shipped = ui.page.locator('[data-testid="evidence-item"][data-evidence-event="OrderShipped"]');
    await shipped.locator('[data-kind="inspection"]').waitFor();
    assert.match((await shipped.textContent()) ?? "", /Operation finished.*40 pcs/);
    assert.match((await shipped.getByTestId("aql-decision").textContent()) ?? "", /lot (accepted|rejected)/);

    const milestone = await verifyItem("MilestoneSubmitted");
    // On chain, hash, well-formed, and four cited readings (started, first article, inspection ×2).
    assert.deepEqual(milestone, { ok: true, checks: 7, failed: [] });
    const shipping = await verifyItem("OrderShipped");
    assert.deepEqual(shipping, { ok: true, checks: 7, failed: [] });
    // Milestone 1 was reported but never approved: acceptance settled it with the rest.
    const escrow = (await ui.page.getByTestId("payment-schedule").textContent()) ?? "";
    assert.match(escrow, /40%.*in the final settlement/);
    assert.doesNotMatch(escrow, /awaiting approval/);
    await screenshot(ui.page, "30-order-evidence");
    assert.deepEqual(ui.problems, []);
  });

  it("opens the part's history from the order and verifies each event and the custodian on chain", async () => {
    await ui.page.getByTestId("order-parts").getByRole("link", { name: lot }).click();
    await ui.page.waitForURL(/\/parts\//);
    const events = ui.page.getByTestId("part-event");
    await events.nth(2).waitFor();
    assert.deepEqual(await Promise.all((await events.all()).map((e) => e.getAttribute("data-step"))), [
      "commissioning",
      "packing",
      "receiving",
    ]);
    assert.equal(
      (await ui.page.getByTestId("part-custodian").locator("[title]").first().getAttribute("title"))?.toLowerCase(),
      ui.net.clients.bob.account.address.toLowerCase(),
    );
    await ui.page.getByTestId("verify-part").click();
    const verdict = ui.page.getByTestId("part-verdict");
    await verdict.waitFor();
    assert.equal(await verdict.getAttribute("data-ok"), "true", (await verdict.textContent()) ?? "");
    assert.match((await verdict.textContent()) ?? "", /all 7 checks passed/);
    await screenshot(ui.page, "31-part-history");
    assert.deepEqual(ui.problems, []);
  });

  it("fails the checks a tampered document, a wrong root or an altered event breaks", async () => {
    // The shipping document served with one character changed (the machine's id).
    await ui.page.route(`**/api/documents/${shippedHash}`, async (route) => {
      const response = await route.fetch();
      const text = await response.text();
      assert.ok(text.includes('"machineId":"carol-m1"'));
      await route.fulfill({ response, body: text.replace('"machineId":"carol-m1"', '"machineId":"carol-m2"') });
    });
    await ui.page.goto(`${ui.server.url}/orders/${orderId}`);
    const altered = await verifyItem("OrderShipped");
    assert.equal(altered.ok, false);
    assert.equal(altered.failed.length, 1, altered.failed.join("\n"));
    assert.match(altered.failed[0] ?? "", /hashes to the evidence hash/);
    await screenshot(ui.page, "32-order-evidence-tampered");
    await ui.page.unroute(`**/api/documents/${shippedHash}`);

    // The same document citing its readings under a root that is not anchored.
    await ui.page.route(`**/api/documents/${shippedHash}`, async (route) => {
      const response = await route.fetch();
      const text = await response.text();
      const root = /"root":"(0x[0-9a-f]{64})"/.exec(text)?.[1] as string;
      const wrong = `${root.slice(0, -1)}${root.endsWith("0") ? "1" : "0"}`;
      await route.fulfill({ response, body: text.replaceAll(root, wrong) });
    });
    await ui.page.goto(`${ui.server.url}/orders/${orderId}`);
    const wrongRoot = await verifyItem("OrderShipped");
    assert.equal(wrongRoot.ok, false);
    assert.ok(wrongRoot.failed.some((f) => /hashes to the evidence hash/.test(f)));
    assert.ok(wrongRoot.failed.some((f) => /Reading carol-m1 #\d+ .* is proven under an anchored root/.test(f)));
    await ui.page.unroute(`**/api/documents/${shippedHash}`);

    // The same document naming another anchorer for its roots: that account never anchored them.
    await ui.page.route(`**/api/documents/${shippedHash}`, async (route) => {
      const response = await route.fetch();
      const text = await response.text();
      const anchorer = /"anchorer":"(0x[0-9a-fA-F]{40})"/.exec(text)?.[1] as string;
      await route.fulfill({ response, body: text.replaceAll(anchorer, ui.net.clients.bob.account.address) });
    });
    await ui.page.goto(`${ui.server.url}/orders/${orderId}`);
    const wrongAnchorer = await verifyItem("OrderShipped");
    assert.equal(wrongAnchorer.ok, false);
    assert.ok(wrongAnchorer.failed.some((f) => /Reading carol-m1 #\d+ .* is proven under an anchored root/.test(f)));
    await ui.page.unroute(`**/api/documents/${shippedHash}`);

    // The part's history with the receiving event's time altered by one second.
    await ui.page.route("**/api/parts/*/history", async (route) => {
      const response = await route.fetch();
      const history = (await response.json()) as { events: { event: { eventTime: string } }[] };
      const last = history.events[2]?.event as { eventTime: string };
      last.eventTime = new Date(Date.parse(last.eventTime) + 1000).toISOString();
      await route.fulfill({ response, json: history });
    });
    await ui.page.goto(`${ui.server.url}/parts/${encodeURIComponent(lot)}`);
    await ui.page.getByTestId("part-event").nth(2).waitFor();
    await ui.page.getByTestId("verify-part").click();
    const verdict = ui.page.getByTestId("part-verdict");
    await verdict.waitFor();
    assert.equal(await verdict.getAttribute("data-ok"), "false");
    const receiving = ui.page.locator('[data-testid="part-event"][data-step="receiving"]');
    const failed = receiving.locator('[data-testid="event-checks"] li[data-ok="false"]');
    assert.equal(await failed.count(), 2, "altered, so neither its hash nor a trace of it matches");
    const others = ui.page.locator('[data-testid="part-event"]:not([data-step="receiving"]) li[data-ok="false"]');
    assert.equal(await others.count(), 0);
    await screenshot(ui.page, "33-part-history-tampered");
    await ui.page.unroute("**/api/parts/*/history");
    assert.deepEqual(ui.problems, []);
  });
});
