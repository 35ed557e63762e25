// Browser test of the capacity view: machines of two manufacturers with reservations and downtime
// on the capacity ledger, indexed by the node, drawn as a Gantt chart without console errors.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createRfq, declareDowntime, registerMachine, reserve } from "@dipnet/sdk";
import { slotAhead } from "@dipnet/sdk/testing";
import { keccak256, toHex } from "viem";
import { screenshot, useBrowserSuite } from "./browser.ts";

const HOUR = 3600;

describe("capacity view in Chromium", { timeout: 300_000 }, () => {
  let slot: number;

  const ui = useBrowserSuite({
    arrange: async (net) => {
      const { carol, dave } = net.clients;
      const site = (latitude: number, longitude: number) => ({ latitude, longitude });
      const machine = (process: string, rate: number, location: { latitude: number; longitude: number }) => ({
        process,
        materials: ["aluminium-6061"],
        envelope: { x: 800, y: 600, z: 500 },
        hourlyRate: BigInt(rate * 1e6),
        location,
      });
      for (const [client, spec] of [
        [carol, machine("cnc-milling", 95, site(49.195, 16.607))],
        [carol, machine("cnc-milling", 110, site(49.195, 16.607))],
        [carol, machine("cnc-turning", 80, site(49.195, 16.607))],
        [dave, machine("fdm-printing", 25, site(51.441, 5.47))],
        [dave, machine("sls-printing", 60, site(51.441, 5.47))],
      ] as const)
        await registerMachine(client, spec);
      slot = await slotAhead(net.anvil, 1);
      const plan = (m: number, from: number, hours: number) => ({
        machineId: BigInt(m),
        fromSlot: slot + from,
        toSlot: slot + from + hours,
      });
      await reserve(carol, { orderId: 1n, requests: [plan(1, 2, 20), plan(3, 24, 10)] });
      await reserve(carol, { orderId: 2n, requests: [plan(2, 0, 36)] });
      await reserve(carol, { orderId: 3n, requests: [plan(1, 30, 28), plan(2, 50, 40)] });
      await reserve(dave, { orderId: 2n, requests: [plan(4, 4, 60)] });
      await reserve(dave, { orderId: 0n, requests: [plan(5, 70, 16)] });
      await declareDowntime(carol, { machineId: 3n, fromSlot: slot + 60, toSlot: slot + 84, reason: "Maintenance" });
      await declareDowntime(dave, { machineId: 5n, fromSlot: slot + 10, toSlot: slot + 30, reason: "Breakdown" });
      // Two open orders without machine time: the planner proposes where they would go.
      const now = await net.anvil.now();
      for (const [label, process] of [
        ["bracket", "cnc-milling"],
        ["bushing", "cnc-turning"],
      ] as const) {
        await createRfq(net.clients.bob, {
          specHash: keccak256(toHex(label)),
          specURI: `ipfs://spec/${label}`,
          process,
          material: "aluminium-6061",
          quantity: 40,
          budget: 3_000_000_000n,
          bond: 40_000_000n,
          biddingEnds: now + 6n * BigInt(HOUR),
          deadline: now + 20n * 86_400n,
        });
      }

      // Wait until the node has indexed the calendars (bounded by the suite's timeout).
      for (;;) {
        const r = await fetch(`${net.nodeUrl}/api/capacity?from=${slot * HOUR - 86_400}&to=${(slot + 200) * HOUR}`);
        const body = (await r.json()) as { machines?: { downtime: unknown[] }[] };
        const proposal = (await (await fetch(`${net.nodeUrl}/api/capacity/proposal`)).json()) as { steps?: unknown[] };
        if (body.machines?.length === 5 && body.machines[4]?.downtime.length === 1 && proposal.steps?.length === 2)
          break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
  });

  it("draws machines × time with reservations by order, hatched downtime and the planner's proposal", async () => {
    await ui.page.goto(ui.server.url);
    await ui.page.getByRole("link", { name: "Capacity" }).click();
    await ui.page.getByRole("heading", { name: "Capacity" }).waitFor();
    await ui.page.getByTestId("gantt").waitFor();
    await ui.page.getByTestId("gantt-reservation").nth(6).waitFor();
    assert.equal(await ui.page.getByTestId("gantt-reservation").count(), 7);
    assert.equal(await ui.page.getByTestId("gantt-downtime").count(), 2);
    // The proposal: the open milling and turning orders as dashed outlines on carol's machines,
    // never over a reservation or downtime of the same machine.
    await ui.page.getByTestId("gantt-proposal").nth(1).waitFor();
    assert.equal(await ui.page.getByTestId("gantt-proposal").count(), 2);
    const proposal = (await (await fetch(`${ui.net.nodeUrl}/api/capacity/proposal`)).json()) as {
      steps: { machineId: number; start: number; end: number; process: string }[];
    };
    const calendars = (await (
      await fetch(`${ui.net.nodeUrl}/api/capacity?from=${slot * HOUR - 86_400}&to=${(slot + 400) * HOUR}`)
    ).json()) as { machines: { machine: { id: number; process: string }; reservations: Span[]; downtime: Span[] }[] };
    type Span = { start: number; end: number };
    for (const st of proposal.steps) {
      const row = calendars.machines.find((m) => m.machine.id === st.machineId);
      assert.equal(row?.machine.process, st.process);
      for (const busy of [...(row?.reservations ?? []), ...(row?.downtime ?? [])])
        assert.ok(st.end <= busy.start || busy.end <= st.start, `proposal on #${st.machineId} overlaps busy time`);
    }
    await ui.page.getByTestId("proposal-summary").waitFor();
    assert.match(
      (await ui.page.getByTestId("proposal-summary").textContent()) ?? "",
      /proposes 2 step\(s\) for 2 open order\(s\)/,
    );
    await ui.page.getByRole("button", { name: "2 weeks" }).click();
    await ui.page.getByRole("button", { name: "1 week" }).click();
    await screenshot(ui.page, "10-capacity");
    // The proposal can be hidden.
    await ui.page.getByTestId("proposal-toggle").uncheck();
    await ui.page.waitForFunction(() => document.querySelectorAll("[data-testid=gantt-proposal]").length === 0);
    await ui.page.getByTestId("proposal-toggle").check();
    await ui.page.getByTestId("gantt-proposal").first().waitFor();
    // Filtering by process keeps only those machines' rows.
    await ui.page.getByLabel("Process").selectOption("cnc-milling");
    await ui.page.waitForFunction(() => document.querySelectorAll("[data-testid=gantt-reservation]").length === 4);
    assert.equal(await ui.page.getByTestId("gantt-proposal").count(), 1, "only the milling proposal stays");
    // A bar opens its order.
    await ui.page.getByTestId("gantt-reservation").first().click();
    await ui.page.waitForURL(/\/orders\/\d+$/);
    assert.deepEqual(ui.problems, []);
  });
});
