// The dashboard against a fresh `npm start` (demo on), in Debian's Chromium through playwright-core:
// `/`, `/orders`, `/network` and `/governance` render with live data and without script or console
// errors.
// Screenshots: test-results/start/*.png. Needs /usr/bin/chromium (`apt-get install -y chromium`;
// override with DIPNET_CHROMIUM).
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { type Browser, chromium, type Page } from "playwright-core";
import { mapProblems } from "../packages/web/test/mapChecks.ts";
import { repoRoot } from "./lib/paths.ts";
import { eventually, freePort, listOrders, readyLine, start, stopAll, waitForOutput } from "./lib/testing.ts";

const chromiumPath = process.env.DIPNET_CHROMIUM ?? "/usr/bin/chromium";
const shots = join(repoRoot, "test-results", "start");

describe("the dashboard of a fresh npm start, in Chromium", () => {
  let dataDir: string;
  let apiUrl: string;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  const shot = (name: string) => page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });

  before(async () => {
    assert.ok(existsSync(chromiumPath), `Chromium not found at ${chromiumPath}: apt-get install -y chromium`);
    mkdirSync(shots, { recursive: true });
    dataDir = mkdtempSync(join(tmpdir(), "dipnet-browser-"));
    const apiPort = await freePort();
    apiUrl = `http://127.0.0.1:${apiPort}`;
    const node = start([
      "--data-dir",
      dataDir,
      "--chain-port",
      String(await freePort()),
      "--api-port",
      String(apiPort),
    ]);
    await waitForOutput(node, readyLine, 240_000);
    // Enough of the demo for every view to have something to show.
    await eventually("≥ 5 orders in ≥ 3 statuses", 90_000, async () => {
      const list = await listOrders(apiUrl);
      return list.length >= 5 && new Set(list.map((o) => o.status)).size >= 3 ? list : undefined;
    });
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on("console", (message) => {
      if (message.type() === "error") problems.push(`console error on ${page.url()}: ${message.text()}`);
    });
    page.on("pageerror", (error) => problems.push(`page error on ${page.url()}: ${error.message}`));
    page.on("requestfailed", (request) => {
      // Leaving a page cancels what it still had in flight (its live-update stream, chain polls
      // through /rpc): net::ERR_ABORTED. Any other failure is a problem.
      const reason = request.failure()?.errorText;
      if (reason !== "net::ERR_ABORTED") problems.push(`request failed: ${request.url()} (${reason})`);
    });
  });

  after(async () => {
    await browser?.close();
    await stopAll();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("/ shows the overview with figures, the activity feed and charts", async () => {
    await page.goto(`${apiUrl}/`);
    await page.getByRole("heading", { name: "Network overview" }).waitFor();
    await page.getByTestId("activity-feed").waitFor();
    await page.locator(".live-on").first().waitFor({ timeout: 20_000 });
    // Figures from the read model, not placeholders.
    await eventually("the overview's figures", 20_000, async () => {
      const text = (await page.getByTestId("kpi-escrow").textContent()) ?? "";
      return /tUSD/.test(text) ? text : undefined;
    });
    await page.waitForLoadState("networkidle").catch(() => {});
    await shot("overview");
  });

  it("/orders lists the demo's orders", async () => {
    await page.goto(`${apiUrl}/orders`);
    await page.getByRole("heading", { name: "Orders" }).waitFor();
    // Wait for the fifth row (the data), not the first: the list may draw before the demo posted five.
    await page.locator("[data-testid^=order-row-]").nth(4).waitFor();
    assert.ok((await page.locator("[data-testid^=order-row-]").count()) >= 5, "≥ 5 order rows");
    await shot("orders");
  });

  it("/network shows the 8 manufacturers on the offline map, each one labelled", async () => {
    await page.goto(`${apiUrl}/network`);
    await page.getByRole("group", { name: "Map of 8 manufacturers" }).waitFor();
    assert.equal(await page.getByTestId("maker-card").count(), 8);
    // Four of them crowd into central Europe: still every label whole and apart, on a desktop and a tablet.
    for (const width of [1280, 820]) {
      await page.setViewportSize({ width, height: 900 });
      const { problems, labels } = await mapProblems(page);
      assert.deepEqual(problems, [], `at ${width} px`);
      assert.equal(labels.length, 8, `at ${width} px`);
      await shot(width === 1280 ? "network" : "network-820");
    }
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it("/governance shows the demo members' motion, and its page every vote with its reason", async () => {
    await page.goto(`${apiUrl}/governance`);
    await page.getByRole("heading", { name: "Governance", exact: true }).waitFor();
    const motion = page.getByRole("link", { name: "Set the protocol fee to 0.8 %" });
    await motion.waitFor({ timeout: 60_000 });
    await shot("governance");
    await motion.click();
    await page.getByRole("heading", { name: "Set the protocol fee to 0.8 %" }).waitFor();
    // The members vote by their stance, each with its reason: wait for the votes themselves.
    await page.getByText("a lower fee brings in more small orders").nth(2).waitFor({ timeout: 60_000 });
    await shot("governance-proposal");
  });

  it("logged no script or console errors", () => {
    assert.deepEqual(problems, []);
  });
});
