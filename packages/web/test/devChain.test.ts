// Browser tests of what a web page can do with the local development chain: the dashboard offers
// the demo accounts (public anvil keys) only when the chain itself answers eth_chainId 31337 through
// the RPC the page uses, and never from a node that listens beyond loopback; and no page (of any
// origin but the chain's own) can call the chain's RPC, anvil_* included. Needs /usr/bin/chromium
// (override with DIPNET_CHROMIUM).
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { startTestAnvil, type TestAnvil } from "@dipnet/sdk/testing";
import type { Browser, Page } from "playwright-core";
import { distDir, launchChromium, prepareBrowserTest, waitForReady, watchForErrors } from "./browser.ts";
import { startTestNode, type TestNode } from "./network.ts";
import { startDashboardServer } from "./server.ts";

/**
 * Opens the dashboard and waits until it has decided about demo accounts: either it offers them
 * (the optgroup) or it says it checked and will not (`data-demo-accounts="off"`).
 */
async function demoAccountsOffered(browser: Browser, url: string, problems: string[]): Promise<boolean> {
  const page: Page = await browser.newPage();
  watchForErrors(page, problems);
  try {
    await page.goto(url);
    await page
      .locator('[data-testid=signer-select] optgroup, [data-testid=signer-select][data-demo-accounts="off"]')
      .first()
      .waitFor({ state: "attached" });
    return (await page.getByTestId("signer-select").locator("optgroup").count()) > 0;
  } finally {
    await page.close();
  }
}

describe("the local development chain in the browser", { timeout: 240_000 }, () => {
  let net: TestNode;
  let exposed: TestNode;
  let otherChain: TestAnvil;
  let browser: Browser;
  const servers: Awaited<ReturnType<typeof startDashboardServer>>[] = [];
  const problems: string[] = [];

  before(async () => {
    prepareBrowserTest();
    net = await startTestNode({ seed: false });
    exposed = await startTestNode({ seed: false, apiHost: "0.0.0.0", publicUrl: "https://dipnet.example" });
    // A chain that says 1337 while the node claims 31337 (a node misconfigured, or lying).
    otherChain = await startTestAnvil({ accounts: 1, chainId: 1337 });
    await waitForReady(net.nodeUrl);
    await waitForReady(exposed.nodeUrl);
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    for (const server of servers) await server.stop();
    await otherChain?.stop();
    await exposed?.stop();
    await net?.stop();
  });

  const dashboard = async (nodeUrl: string, rpcUrl: string) => {
    const server = await startDashboardServer({ distDir, nodeUrl, rpcUrl });
    servers.push(server);
    return server.url;
  };

  it("offers them on a loopback node whose chain answers 31337", async () => {
    assert.equal(await demoAccountsOffered(browser, await dashboard(net.nodeUrl, net.anvil.rpcUrl), problems), true);
  });

  it("offers none when the node says 31337 but the chain's RPC answers another chain id", async () => {
    const contracts = (await (await fetch(`${net.nodeUrl}/api/contracts`)).json()) as { chainId: number };
    assert.equal(contracts.chainId, 31337);
    assert.equal(await demoAccountsOffered(browser, await dashboard(net.nodeUrl, otherChain.rpcUrl), problems), false);
  });

  it("lets no web page call the chain's RPC directly: a JSON call is blocked, a blind one refused", async () => {
    const page = await browser.newPage(); // not watched: the blocked call is logged as a console error
    try {
      await page.goto(await dashboard(net.nodeUrl, net.anvil.rpcUrl));
      const target = "0x000000000000000000000000000000000000dEaD";
      const outcome = await page.evaluate(
        async ({ rpc, target }) => {
          const body = JSON.stringify({
            jsonrpc: "2.0",
            id: 1,
            method: "anvil_setBalance",
            params: [target, "0x1234"],
          });
          let json: string;
          try {
            await fetch(rpc, { method: "POST", headers: { "content-type": "application/json" }, body });
            json = "answered";
          } catch {
            json = "blocked";
          }
          // A "simple" request needs no preflight: the browser sends it, the page cannot read the answer.
          await fetch(rpc, { method: "POST", mode: "no-cors", headers: { "content-type": "text/plain" }, body });
          return json;
        },
        { rpc: net.anvil.rpcUrl, target },
      );
      assert.equal(outcome, "blocked");
      assert.equal(await net.anvil.client.getBalance({ address: target }), 0n, "the blind call changed nothing");
    } finally {
      await page.close();
    }
  });

  it("offers none from a node listening beyond loopback, though its chain is the local one", async () => {
    assert.equal(
      await demoAccountsOffered(browser, await dashboard(exposed.nodeUrl, exposed.anvil.rpcUrl), problems),
      false,
    );
    assert.deepEqual(problems, []);
  });
});
