// What the browser tests share: the dashboard's production build, Debian's Chromium
// (playwright-core) and the folder screenshots go to.
//
// Needs /usr/bin/chromium: `apt-get install -y chromium` (override with DIPNET_CHROMIUM).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { after, before } from "node:test";
import { fileURLToPath } from "node:url";
import type { DaoParameters } from "@dipnet/sdk";
import { type Browser, chromium, type Page } from "playwright-core";
import { isWebBuilt } from "../index.ts";
import { startTestNode, type TestNode } from "./network.ts";
import { startDashboardServer } from "./server.ts";

export const webDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const distDir = path.join(webDir, "dist");
/** Screenshots: packages/web/test-results/ (gitignored). */
export const shots = path.join(webDir, "test-results");
const chromiumPath = process.env.DIPNET_CHROMIUM ?? "/usr/bin/chromium";

/** Checks Chromium is there, creates the screenshot folder, and builds the dashboard when dist is missing or stale. */
export function prepareBrowserTest(): void {
  assert.ok(existsSync(chromiumPath), `Chromium not found at ${chromiumPath}: apt-get install -y chromium`);
  mkdirSync(shots, { recursive: true });
  if (isWebBuilt(distDir)) return;
  const vite = path.resolve(webDir, "../../node_modules/vite/bin/vite.js");
  const r = spawnSync(process.execPath, [vite, "build", "--logLevel", "warn"], { cwd: webDir, stdio: "inherit" });
  assert.equal(r.status, 0, "vite build failed");
}

/** Headless Chromium with nothing running in the background (the machines are offline). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--no-first-run",
      "--disable-sync",
    ],
  });
}

/**
 * Saves a full-page screenshot as `<shots>/<name>.png`, taken from the top of the page: taken
 * scrolled down, the sticky header would be drawn in the middle of the picture.
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
}

/** Records the page's console errors and uncaught script errors in `problems` (tests assert it stays empty). */
export function watchForErrors(page: Page, problems: string[]): void {
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`console: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
}

/** A 1280 × 900 page of `browser` whose errors go to `problems`. */
export async function openWatchedPage(browser: Browser, problems: string[]): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  watchForErrors(page, problems);
  return page;
}

/** Waits until the node at `nodeUrl` has indexed the chain's history (its /ready answers 200). */
export async function waitForReady(nodeUrl: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if ((await fetch(`${nodeUrl}/ready`)).ok) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.fail(`${nodeUrl} did not become ready`);
}

/** What a browser suite declared with `useBrowserSuite` works with, set by its `before` hook. */
export type BrowserSuite = {
  net: TestNode;
  server: Awaited<ReturnType<typeof startDashboardServer>>;
  browser: Browser;
  /** A watched page (`openWatchedPage`): its errors go to `problems`. */
  page: Page;
  problems: string[];
};

/**
 * Declares the hooks of a browser suite. Before its tests: the dashboard served, a seeded test node
 * whose public URL is the dashboard's origin (Sign-In with Ethereum signs in for it, as behind a
 * reverse proxy), on a chain of `chainId` (default the local one), handed to a DAO with `dao` (its
 * seed then the participants alone), `arrange` run on it, Chromium with a
 * watched page, and the node caught up. After them, everything stopped, first what `arrange` returned.
 */
export function useBrowserSuite(
  options: {
    chainId?: number;
    dao?: DaoParameters;
    arrange?: (net: TestNode) => Promise<void | (() => Promise<void>)>;
  } = {},
): BrowserSuite {
  const suite = { problems: [] as string[] } as BrowserSuite;
  let stopArranged: (() => Promise<void>) | undefined;
  before(async () => {
    prepareBrowserTest();
    suite.server = await startDashboardServer({ distDir });
    suite.net = await startTestNode({ chainId: options.chainId, dao: options.dao, publicUrl: suite.server.url });
    suite.server.connect(suite.net.nodeUrl, suite.net.anvil.rpcUrl);
    stopArranged = (await options.arrange?.(suite.net)) ?? undefined;
    suite.browser = await launchChromium();
    suite.page = await openWatchedPage(suite.browser, suite.problems);
    await waitForReady(suite.net.nodeUrl);
  });
  after(async () => {
    await suite.browser?.close();
    await suite.server?.stop();
    await stopArranged?.();
    await suite.net?.stop();
  });
  return suite;
}
