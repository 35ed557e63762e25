// Browser test of machine telemetry: a machine on the capacity ledger, its device registered with
// the node, signed readings published over MQTT to a real gateway (embedded broker) on the node's
// database, and the machine's page drawing them as charts — reached from the capacity view and from
// the manufacturer's profile, without console errors.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createGateway, demoDeviceKey, registerDevice, stepMachine } from "@dipnet/node";
import { registerMachine } from "@dipnet/sdk";
import { createDevicePublisher } from "@dipnet/sdk/mqtt";
import { screenshot, useBrowserSuite } from "./browser.ts";

describe("machine telemetry in Chromium", { timeout: 300_000 }, () => {
  let carol: string;
  const messages = 48;

  const ui = useBrowserSuite({
    arrange: async (net) => {
      carol = net.clients.carol.account.address.toLowerCase();
      await registerMachine(net.clients.carol, {
        process: "cnc-milling",
        materials: ["aluminium-6061"],
        envelope: { x: 800, y: 600, z: 500 },
        hourlyRate: 95_000_000n,
        location: { latitude: 49.195, longitude: 16.607 },
      });
      // Wait for the data (the machine indexed), bounded by the suite's timeout.
      for (;;) {
        const r = (await (await fetch(`${net.nodeUrl}/api/machines`)).json()) as { items: unknown[] };
        if (r.items.length === 1) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      // The machine's controller: a device registered to it, publishing to a gateway on the node's store.
      const db = net.node.database.db;
      const gateway = createGateway({ db, mqtt: { kind: "embedded", port: 0 } });
      const { url } = await gateway.start();
      const key = demoDeviceKey(carol, "carol-m1");
      await registerDevice(db, { id: "carol-m1", publicKey: key.publicKey, manufacturer: carol, machine: "1" });
      const publisher = createDevicePublisher({
        url,
        device: { id: "carol-m1", manufacturer: carol, machine: "1" },
        privateKey: key.privateKey,
        format: "sparkplug",
      });
      // Twelve minutes of readings every 15 s: idle, then running on order 1, then idle again.
      let sim = { temperature: 22, cycles: 120 };
      const start = Date.now() - messages * 15_000;
      for (let i = 0; i < messages; i++) {
        const state = i >= 12 && i < 36 ? "running" : "idle";
        const step = stepMachine(sim, { process: "cnc-milling", state, chainSeconds: 1200, orderId: 1 });
        sim = step.sim;
        await publisher.publish(step.readings.map((r) => ({ ...r, ts: start + i * 15_000 })));
      }
      await publisher.close();
      assert.equal(gateway.stats().acceptedMessages, messages);
      return () => gateway.stop();
    },
  });

  it("opens a machine from the capacity view and charts its signed telemetry", async () => {
    await ui.page.goto(`${ui.server.url}/capacity`);
    await ui.page.getByTestId("gantt-machine").first().click();
    await ui.page.waitForURL(/\/machines\/1$/);
    await ui.page.getByRole("heading", { name: /Machine #1 · CNC milling/i }).waitFor();
    for (const metric of ["spindle_load", "temperature", "cycle_count"]) {
      const chart = ui.page.getByTestId(`telemetry-chart-${metric}`);
      await chart.waitFor();
      assert.equal(await chart.getAttribute("data-points"), String(messages), metric);
      // A drawn line through every sample: one move and a segment per further point.
      const d = (await chart.locator("path.series-line").getAttribute("d")) ?? "";
      assert.equal(d.split("L").length, messages, `${metric} line: ${d.slice(0, 80)}`);
    }
    // The running span is shaded, and the latest state is shown.
    assert.ok((await ui.page.locator("rect.band-running").count()) >= 3);
    assert.match((await ui.page.getByTestId("telemetry-state").textContent()) ?? "", /Idle/);
    assert.match((await ui.page.getByTestId("device-telemetry").textContent()) ?? "", /48 signed messages verified/);
    await screenshot(ui.page, "20-machine-telemetry");
    assert.deepEqual(ui.problems, []);
  });

  it("lists the manufacturer's machines on its profile, linking to the telemetry", async () => {
    await ui.page.goto(`${ui.server.url}/participants/${carol}`);
    const list = ui.page.getByTestId("machine-list");
    await list.waitFor();
    assert.match((await list.textContent()) ?? "", /#1 CNC milling/i);
    await screenshot(ui.page, "21-profile-machines");
    await list.getByRole("link", { name: /#1/ }).click();
    await ui.page.waitForURL(/\/machines\/1$/);
    await ui.page.getByTestId("telemetry-chart-temperature").waitFor();
    assert.deepEqual(ui.problems, []);
  });
});
