// Browser test of the dashboard's layout at 1280, 1024 and 768 px: the overview, the order board
// and an order page with bids, a reservation, a paid milestone and a ruling. Nothing runs off the
// page sideways, no key figure is cut, the header keeps "Act as" on its first row, "What you can do"
// comes before the timeline, bid labels neither overlap nor leave the chart, and the figures of
// escrow, timeline and bids read right. Also the overview of a network without orders.
// Screenshots: packages/web/test-results/layout-*.png.
//
// Needs /usr/bin/chromium: `apt-get install -y chromium` (override with DIPNET_CHROMIUM).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  approveMilestone,
  award,
  bid,
  createDipnetClient,
  createRfq,
  depositStake,
  dispute,
  faucet,
  register,
  registerMachine,
  reserve,
  roles,
  rule,
  ship,
  submitMilestone,
} from "@dipnet/sdk";
import { devAccounts } from "@dipnet/sdk/node";
import type { Page } from "playwright-core";
import { keccak256, toHex } from "viem";
import { profileDocument } from "../src/lib/profile.ts";
import { distDir, launchChromium, prepareBrowserTest, screenshot, useBrowserSuite } from "./browser.ts";
import { startTestNode } from "./network.ts";
import { startDashboardServer } from "./server.ts";

const tusd = (n: number) => BigInt(Math.round(n * 1_000_000));
const widths = [1280, 1024, 768] as const;

/** What the page shows that runs off sideways or is cut with an ellipsis. */
async function overflow(page: Page) {
  return page.evaluate(() => ({
    page: document.documentElement.scrollWidth - window.innerWidth,
    cut: [...document.querySelectorAll<HTMLElement>("body *")]
      .filter((e) => getComputedStyle(e).textOverflow === "ellipsis" && e.scrollWidth > e.clientWidth + 0.5)
      .map((e) => e.textContent ?? ""),
  }));
}

/** The header's "Act as" sits on the brand's row, at the right. */
async function headerRow(page: Page) {
  return page.evaluate(() => {
    const brand = document.querySelector(".brand")?.getBoundingClientRect();
    const select = document.querySelector("[data-testid=signer-select]")?.getBoundingClientRect();
    if (!brand || !select) return undefined;
    return {
      sameRow: Math.abs(brand.top + brand.height / 2 - (select.top + select.height / 2)) < 12,
      right: window.innerWidth - select.right,
    };
  });
}

describe("dashboard layout in Chromium", { timeout: 420_000 }, () => {
  let rich: bigint;

  const ui = useBrowserSuite({
    arrange: async (net) => {
      const { alice, bob, carol, dave, erin, judy } = net.clients;
      // Two more manufacturers with long names, bidding close to carol and dave.
      const accounts = devAccounts();
      const client = (name: "frank" | "heidi") =>
        createDipnetClient({ rpcUrl: net.anvil.rpcUrl, deployment: net.deployment, account: accounts[name] });
      const frank = client("frank");
      const heidi = client("heidi");
      for (const [c, name, city, country] of [
        [frank, "Präzisionswerk Neckar GmbH", "Stuttgart", "DE"],
        [heidi, "Osaka Seimitsu Kogyo K.K.", "Osaka", "JP"],
      ] as const) {
        await register(c, { roles: roles.manufacturer, ...profileDocument({ name, city, country }) });
        await faucet(c, { amount: tusd(1_000) });
        await depositStake(c, { amount: tusd(500) });
      }
      for (let i = 0; i < 3; i++) await faucet(alice, { amount: tusd(10_000) }); // at most 10,000 a call

      const rfq = async (customer: typeof alice, label: string, budget: number, milestoneBps?: number[]) => {
        const now = await net.anvil.now();
        const { orderId } = await createRfq(customer, {
          specHash: keccak256(toHex(label)),
          specURI: `ipfs://spec/${label}`,
          process: "cnc-milling",
          material: "aluminium-6061",
          quantity: 10,
          budget: tusd(budget),
          bond: tusd(40),
          biddingEnds: now + 600n,
          deadline: now + 40n * 86_400n,
          milestoneBps,
        });
        return orderId;
      };
      // #4: four close bids, machine time, a paid milestone, shipped, disputed, ruled half back.
      const ruled = await rfq(alice, "gearbox", 900, [3000, 7000]);
      // #5: an RFQ whose bidding closes without an award.
      const unawarded = await rfq(bob, "cover", 500);
      // #6: a large order in production: the escrow figure passes 10,000 tUSD.
      rich = await rfq(alice, "frame", 26_000);
      await bid(carol, { orderId: ruled, price: tusd(850), leadTime: 10 * 86_400 });
      await bid(dave, { orderId: ruled, price: tusd(870), leadTime: 9 * 86_400 });
      await bid(frank, { orderId: ruled, price: tusd(860), leadTime: 9.5 * 86_400 });
      await bid(heidi, { orderId: ruled, price: tusd(855), leadTime: 10 * 86_400 });
      await bid(dave, { orderId: unawarded, price: tusd(450), leadTime: 3 * 86_400 });
      await bid(erin, { orderId: rich, price: tusd(25_900.52), leadTime: 12 * 86_400 });
      await net.anvil.increaseTime(700);
      await award(alice, { orderId: ruled, maker: carol.account.address, price: tusd(850), leadTime: 10 * 86_400 });
      await award(alice, { orderId: rich, maker: erin.account.address, price: tusd(25_900.52), leadTime: 12 * 86_400 });
      await registerMachine(carol, {
        process: "cnc-milling",
        materials: ["aluminium-6061"],
        envelope: { x: 800, y: 600, z: 500 },
        hourlyRate: tusd(95),
        location: { latitude: 49.195, longitude: 16.607 },
      });
      const slot = Math.floor(Number(await net.anvil.now()) / 3600) + 1;
      await reserve(carol, { orderId: ruled, requests: [{ machineId: 1n, fromSlot: slot, toSlot: slot + 6 }] });
      await submitMilestone(carol, { orderId: ruled, evidenceHash: keccak256(toHex("gearbox milestone")) });
      await approveMilestone(alice, { orderId: ruled });
      await ship(carol, { orderId: ruled, evidenceHash: keccak256(toHex("gearbox tracking")) });
      await dispute(alice, { orderId: ruled, evidenceHash: keccak256(toHex("gearbox backlash")) });
      await rule(judy, { orderId: ruled, refundBps: 5000, slashBps: 0 });

      // Wait for the data (the ruled order indexed as Resolved), bounded by the suite's timeout.
      for (;;) {
        const r = await fetch(`${net.nodeUrl}/api/orders/${ruled}`);
        if (r.ok && ((await r.json()) as { status: string }).status === "Resolved") break;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    },
  });

  for (const width of widths) {
    it(`overview at ${width} px: figures whole, a clean grid, RFQs counted by chain time`, async () => {
      await ui.page.setViewportSize({ width, height: 900 });
      await ui.page.goto(ui.server.url);
      await ui.page.getByRole("heading", { name: "Network overview" }).waitFor();
      await ui.page.getByTestId("kpi-escrow").getByText("27.8K tUSD").waitFor({ timeout: 20_000 });
      // 1,656.4 in dispute + 25,900.52 and its 1 % fee: in full on hover.
      assert.equal(
        await ui.page.getByTestId("kpi-escrow").getByText("27.8K tUSD").getAttribute("title"),
        "27,815.93 tUSD",
      );
      // #3 takes bids; #5's bidding closed: it awaits an award and is not counted as taking bids
      // (judged by chain time, which the page reads just after loading).
      const open = ui.page.getByTestId("kpi-open");
      await open.filter({ hasText: /taking bids now · 1 closed, awaiting award/ }).waitFor();
      assert.equal(await open.locator(".stat-value").textContent(), "1");
      const o = await overflow(ui.page);
      assert.equal(o.page, 0, "no sideways scrolling");
      assert.deepEqual(o.cut, [], "nothing cut with an ellipsis");
      // Every row of figures spans the whole width: no hole.
      const rows = await ui.page.evaluate(() => {
        const grid = document.querySelector(".stats")?.getBoundingClientRect();
        const byRow = new Map<number, { left: number; right: number }>();
        for (const s of document.querySelectorAll(".stats > .stat")) {
          const r = s.getBoundingClientRect();
          const row = byRow.get(Math.round(r.top)) ?? { left: Number.POSITIVE_INFINITY, right: 0 };
          byRow.set(Math.round(r.top), { left: Math.min(row.left, r.left), right: Math.max(row.right, r.right) });
        }
        return [...byRow.values()].map((r) => [r.left - (grid?.left ?? 0), (grid?.right ?? 0) - r.right]);
      });
      for (const [left, right] of rows) assert.ok(Math.abs(left ?? 1) < 1 && Math.abs(right ?? 1) < 1, "row filled");
      const header = await headerRow(ui.page);
      assert.ok(header?.sameRow, "'Act as' on the header's first row");
      assert.ok((header?.right ?? 99) < 30, "'Act as' at the right");
      await screenshot(ui.page, `layout-overview-${width}`);
    });

    it(`orders at ${width} px: the table fits, short addresses on one line`, async () => {
      await ui.page.setViewportSize({ width, height: 900 });
      await ui.page.goto(`${ui.server.url}/orders`);
      await ui.page.getByTestId("order-row-4").waitFor();
      const o = await overflow(ui.page);
      assert.equal(o.page, 0, "no sideways scrolling");
      assert.deepEqual(o.cut, []);
      const table = await ui.page.evaluate(() => {
        const wrap = document.querySelector(".table-wrap");
        return { scroll: wrap?.scrollWidth ?? 0, client: wrap?.clientWidth ?? 0 };
      });
      assert.ok(table.scroll <= table.client, `table ${table.scroll} px in ${table.client} px`);
      const wrapped = await ui.page.evaluate(() =>
        [...document.querySelectorAll<HTMLElement>(".orders-table .addr-hex, .orders-table .status-when")]
          .filter((e) => e.offsetParent !== null)
          .filter((e) => e.getBoundingClientRect().height > parseFloat(getComputedStyle(e).fontSize) * 1.8)
          .map((e) => e.textContent),
      );
      assert.deepEqual(wrapped, [], "one line each");
      // #5's bidding closed: said so, not "Open for bids" alone (by chain time, read just after loading).
      await ui.page
        .getByTestId("order-row-5")
        .filter({ hasText: /bidding closed, awaiting award/ })
        .waitFor();
      await screenshot(ui.page, `layout-orders-${width}`);
    });

    it(`order page at ${width} px: actions first, escrow, timeline and bids read right`, async () => {
      await ui.page.setViewportSize({ width, height: 900 });
      await ui.page.goto(`${ui.server.url}/orders/4`);
      await ui.page.locator("[data-testid=order-page][data-status=Resolved]").waitFor({ timeout: 20_000 });
      await ui.page.locator("[data-testid=signer-select]").selectOption("demo:alice");
      await ui.page.getByTestId("withdraw-section").waitFor({ timeout: 20_000 });
      const o = await overflow(ui.page);
      assert.equal(o.page, 0, "no sideways scrolling");
      assert.deepEqual(o.cut, []);
      const top = (sel: string) => ui.page.locator(sel).evaluate((e) => e.getBoundingClientRect().top + window.scrollY);
      assert.ok((await top("#actions")) < (await top("#timeline")), "'What you can do' above the timeline");
      if (width < 1000) assert.ok((await top("#actions")) < (await top("#bids")), "and above the bids");
      const header = await headerRow(ui.page);
      assert.ok(header?.sameRow, "'Act as' on the header's first row");

      // Escrow: milestone 255 + settlement 297.5 to carol; the fee charged the same in list and legend.
      assert.equal(await ui.page.getByTestId("escrow-maker").textContent(), "552.5 tUSD");
      assert.equal(await ui.page.getByTestId("escrow-refund").textContent(), "300.48 tUSD");
      assert.equal(await ui.page.getByTestId("escrow-fee").textContent(), "5.53 tUSD");
      const legend = (await ui.page.getByTestId("escrow-split").textContent()) ?? "";
      assert.match(legend, /Paid to the manufacturer552\.5 tUSD/);
      assert.match(legend, /Refunded to the customer300\.48 tUSD/);
      assert.match(legend, /Network fee charged5\.53 tUSD/);

      // The reservation in words, no raw event name anywhere in the timeline.
      const timeline = (await ui.page.getByTestId("timeline").textContent()) ?? "";
      assert.match(timeline, /Machine time reserved on machine #1 \(CNC milling\)/);
      assert.match(timeline, /\(6 h\) · booked by Carol Precision/);
      assert.doesNotMatch(timeline, /Reservation Made/);

      // Bid cards label each figure; the response time is one.
      const bids = (await ui.page.locator("#bids").textContent()) ?? "";
      assert.doesNotMatch(bids, /bids in/);
      assert.match(bids, /first bid under a minute after the RFQ/);

      // Four close bids: their labels neither overlap nor leave the chart.
      const chart = await ui.page.getByRole("img", { name: "Bids: price against lead time" }).evaluate((svg) => {
        const s = svg as SVGSVGElement;
        const boxes = [...s.querySelectorAll<SVGTextElement>(".pt-label")].map((t) => {
          const { x, y, width, height } = t.getBBox();
          return { x, y, width, height };
        });
        return { width: s.width.baseVal.value, height: s.height.baseVal.value, boxes };
      });
      assert.equal(chart.boxes.length, 4);
      for (const [i, b] of chart.boxes.entries()) {
        assert.ok(
          b.x >= 0 && b.x + b.width <= chart.width && b.y >= 0 && b.y + b.height <= chart.height,
          `label ${i} ${JSON.stringify(b)} in ${chart.width}×${chart.height}`,
        );
        for (const [j, c] of chart.boxes.entries()) {
          if (j <= i) continue;
          const apart =
            b.x + b.width <= c.x + 0.5 ||
            c.x + c.width <= b.x + 0.5 ||
            b.y + b.height <= c.y + 0.5 ||
            c.y + c.height <= b.y + 0.5;
          assert.ok(apart, `labels ${i} and ${j} overlap`);
        }
      }
      await screenshot(ui.page, `layout-order-${width}`);
    });
  }

  it("an open RFQ's escrow note is in the panel's type size", async () => {
    await ui.page.goto(`${ui.server.url}/orders/3`);
    await ui.page.getByTestId("escrow-empty").waitFor();
    const [note, schedule] = await Promise.all(
      ["[data-testid=escrow-empty]", "[data-testid=payment-schedule]"].map((s) =>
        ui.page.locator(s).evaluate((e) => getComputedStyle(e).fontSize),
      ),
    );
    assert.equal(note, schedule);
  });

  it("logged no script or console errors", () => {
    assert.deepEqual(ui.problems, []);
  });
});

describe("overview of a network without orders", { timeout: 120_000 }, () => {
  it("shows empty states instead of empty axes", async () => {
    prepareBrowserTest();
    const net = await startTestNode({ seed: false });
    const empty = await startDashboardServer({ distDir, nodeUrl: net.nodeUrl, rpcUrl: net.anvil.rpcUrl });
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1024, height: 900 } });
      await page.goto(empty.url);
      await page.getByRole("heading", { name: "Network overview" }).waitFor();
      await page.getByTestId("chart-empty").nth(2).waitFor({ timeout: 20_000 });
      assert.equal(await page.getByTestId("chart-empty").count(), 3);
      assert.equal(await page.locator(".overview-grid svg").count(), 0, "no empty axes");
      assert.equal(await page.locator(".overview-grid .splitbar").count(), 0, "no empty bar");
      await screenshot(page, "layout-overview-empty");
    } finally {
      await browser.close();
      await empty.stop();
      await net.stop();
    }
  });
});
