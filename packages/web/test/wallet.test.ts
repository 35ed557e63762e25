// Browser tests of how real users sign: a chain that is not the local one (anvil reporting chain id
// 11155111, as Sepolia does), where the dashboard must offer no demo accounts, and an injected
// EIP-1193 wallet (window.ethereum) through which the app places a bid and signs in with Ethereum.
// The wallet is a test double of MetaMask's interface only: the page's requests go to a Node-side
// handler that signs with carol's key (a viem local account, as a wallet holds it) and passes
// everything else to the chain. Screenshots go to packages/web/test-results/ (wallet-*.png).
//
// Needs /usr/bin/chromium: `apt-get install -y chromium` (override with DIPNET_CHROMIUM).
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { getBid } from "@dipnet/sdk";
import type { Browser, Page } from "playwright-core";
import { type Hex, toHex } from "viem";
import { distDir, launchChromium, prepareBrowserTest, screenshot, waitForReady, watchForErrors } from "./browser.ts";
import { startTestNetwork, type TestNetwork } from "./network.ts";
import { startDashboardServer } from "./server.ts";

const chainId = 11_155_111;
const tusd = (n: number) => BigInt(Math.round(n * 1_000_000));

type WalletAnswer = { result?: unknown; error?: { code: number; message: string; data?: unknown } };

describe("browser wallet on a chain other than the local one", { timeout: 180_000 }, () => {
  let net: TestNetwork;
  let server: Awaited<ReturnType<typeof startDashboardServer>>;
  let browser: Browser;
  const problems: string[] = [];
  /** Every method the page asked the wallet for, in order. */
  const walletCalls: string[] = [];
  /** Hashes of the transactions the wallet signed and sent. */
  const sent: Hex[] = [];
  /** When set, the wallet's user declines the next transaction. */
  let declineNext = false;

  const watch = (page: Page) => watchForErrors(page, problems);
  const shot = (page: Page, name: string) => screenshot(page, `wallet-${name}`);

  /** The wallet's side of window.ethereum.request: carol's key signs; reads go to the chain. */
  async function walletRequest(method: string, params: unknown[]): Promise<WalletAnswer> {
    walletCalls.push(method);
    const carol = net.clients.carol;
    try {
      switch (method) {
        case "eth_requestAccounts":
        case "eth_accounts":
          return { result: [carol.account.address] };
        case "eth_chainId":
          return { result: toHex(chainId) };
        case "eth_sendTransaction": {
          if (declineNext) {
            declineNext = false;
            return { error: { code: 4001, message: "User rejected the request." } };
          }
          const tx = params[0] as { from: Hex; to: Hex; data?: Hex; value?: Hex; gas?: Hex };
          if (tx.from.toLowerCase() !== carol.account.address.toLowerCase())
            return { error: { code: 4100, message: `the wallet holds no key for ${tx.from}` } };
          const hash = await carol.walletClient.sendTransaction({
            account: carol.account,
            chain: carol.chain,
            to: tx.to,
            data: tx.data,
            value: tx.value ? BigInt(tx.value) : undefined,
            gas: tx.gas ? BigInt(tx.gas) : undefined,
          });
          sent.push(hash);
          return { result: hash };
        }
        case "personal_sign": {
          const [message] = params as [Hex, Hex];
          return {
            result: await carol.walletClient.signMessage({ account: carol.account, message: { raw: message } }),
          };
        }
        default: {
          const r = await fetch(net.anvil.rpcUrl, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
          });
          const body = (await r.json()) as WalletAnswer;
          return body.error ? { error: body.error } : { result: body.result };
        }
      }
    } catch (error) {
      return { error: { code: -32603, message: (error as Error).message } };
    }
  }

  before(async () => {
    prepareBrowserTest();
    // The node signs in for the dashboard's origin (the test server's), as behind a reverse proxy.
    server = await startDashboardServer({ distDir });
    net = await startTestNetwork({ chainId, publicUrl: server.url });
    server.connect(net.nodeUrl, net.anvil.rpcUrl);
    browser = await launchChromium();
    await waitForReady(net.nodeUrl);
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    await net?.stop();
  });

  it("offers no demo accounts when the node's chain is not the local one, and drops a stored one", async () => {
    const contracts = (await (await fetch(`${server.url}/api/contracts`)).json()) as { chainId: number };
    assert.equal(contracts.chainId, chainId);
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    // A demo account chosen on a local chain earlier in this tab must not come back here.
    await context.addInitScript(() => {
      try {
        window.sessionStorage.setItem(
          "dipnet.signer",
          JSON.stringify({ kind: "demo", name: "carol", address: "0x90F79bf6EB2c4f870365E785982E1f101E93b906" }),
        );
      } catch {}
    });
    const page = await context.newPage();
    watch(page);
    await page.goto(server.url);
    // Token amounts show once the deployment (and with it the chain id) is loaded.
    await page.getByTestId("kpi-escrow").getByText("tUSD").waitFor();
    const select = page.getByTestId("signer-select");
    await page.locator('[data-testid=signer-select][data-demo-accounts="off"]').waitFor(); // decided, not pending
    assert.equal(await select.locator("optgroup").count(), 0);
    assert.deepEqual(await select.locator("option").allTextContents(), [
      "Viewer (read only)",
      "Browser wallet — none found",
    ]);
    assert.equal(await select.locator("option[value=wallet]").isDisabled(), true);
    assert.equal(await select.inputValue(), "");
    assert.equal(await page.getByTestId("signer-banner").count(), 0);
    assert.equal(await page.getByText("Local chain", { exact: true }).count(), 0);
    await page.getByText(`Chain ${chainId}`, { exact: true }).waitFor();
    // The order page offers nothing to do without a signer.
    await page.goto(`${server.url}/orders/3`);
    await page
      .getByText('Install a browser wallet (e.g. MetaMask), then choose it under "Act as" in the header')
      .waitFor();
    await shot(page, "01-no-demo-accounts");
    await context.close();
  });

  it("bids and signs in through an injected EIP-1193 wallet", async () => {
    const { carol } = net.clients;
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.exposeFunction("dipnetWallet", walletRequest);
    await context.addInitScript(() => {
      const w = window as unknown as {
        dipnetWallet: (method: string, params: unknown[]) => Promise<WalletAnswer>;
        ethereum: unknown;
      };
      w.ethereum = {
        request: async ({ method, params }: { method: string; params?: unknown[] }) => {
          const answer = await w.dipnetWallet(method, params ?? []);
          if (answer.error) throw Object.assign(new Error(answer.error.message), answer.error);
          return answer.result;
        },
        on: () => undefined,
        removeListener: () => undefined,
      };
    });
    const page = await context.newPage();
    watch(page);
    await page.goto(`${server.url}/orders/3`);
    await page.locator("[data-testid=order-page][data-status=Open]").waitFor();

    // Connect: the app asks the wallet for its account and checks it is on the node's chain.
    const select = page.getByTestId("signer-select");
    assert.equal(await select.locator("option[value=wallet]").textContent(), "Browser wallet (MetaMask…)");
    assert.equal(await select.locator("optgroup").count(), 0);
    await select.selectOption("wallet");
    const banner = page.getByTestId("signer-banner");
    await banner.getByText("through your browser wallet").waitFor();
    await banner.getByText("Carol Precision").waitFor();
    assert.deepEqual(walletCalls.slice(0, 2), ["eth_requestAccounts", "eth_chainId"]);

    // A bid, signed by the wallet.
    await page.getByLabel("Price (tUSD)").fill("700");
    await page.getByLabel("Lead time (days)").fill("6");
    await page.getByTestId("bid-submit").click();
    const section = page.getByTestId("bid-section");
    await section.getByTestId("action-ok").or(section.getByTestId("action-error")).waitFor({ timeout: 30_000 });
    assert.equal(await section.getByTestId("action-error").count(), 0, (await section.textContent()) ?? "");
    await page.getByTestId(`bid-${carol.account.address.toLowerCase()}`).getByText("700 tUSD").waitFor();
    assert.equal(sent.length, 1);
    assert.ok(walletCalls.includes("eth_sendTransaction"));
    // On chain: the wallet's transaction, from carol to the market, placed the bid.
    const tx = await carol.publicClient.getTransaction({ hash: sent[0] as Hex });
    assert.equal(tx.from.toLowerCase(), carol.account.address.toLowerCase());
    assert.equal(tx.to?.toLowerCase(), net.deployment.contracts.orderMarket.toLowerCase());
    assert.equal(tx.chainId, chainId);
    const placed = await getBid(carol, { orderId: 3n, maker: carol.account.address });
    assert.equal(placed.price, tusd(700));
    assert.equal(placed.state, "Active");
    const order = (await (await fetch(`${server.url}/api/orders/3`)).json()) as {
      timeline: { name: string; txHash: string }[];
    };
    assert.equal(order.timeline.find((s) => s.name === "BidPlaced" && s.txHash === sent[0])?.name, "BidPlaced");
    await shot(page, "02-wallet-bid");

    // The user declines the next transaction in the wallet: the page says so; nothing changes on chain.
    declineNext = true;
    await page.getByLabel("Price (tUSD)").fill("690");
    await page.getByRole("button", { name: "Update bid" }).click();
    const declined = section.getByTestId("action-error");
    await declined.waitFor({ timeout: 30_000 });
    assert.match((await declined.textContent()) ?? "", /You declined the request in your wallet/);
    assert.equal(sent.length, 1);
    assert.equal((await getBid(carol, { orderId: 3n, maker: carol.account.address })).price, tusd(700));
    await shot(page, "03-wallet-declined");

    // Sign-In with Ethereum: one personal_sign, no transaction; the node's session names carol on this chain.
    await banner.getByTestId("signin-button").click();
    await banner.getByTestId("signed-in").waitFor();
    assert.ok(walletCalls.includes("personal_sign"));
    assert.equal(sent.length, 1);
    const session = await page.evaluate(() => fetch("/api/auth/session").then((r) => r.json()));
    assert.equal(session.signedIn, true);
    assert.equal(session.address.toLowerCase(), carol.account.address.toLowerCase());
    assert.equal(session.chainId, chainId);
    await shot(page, "04-wallet-signed-in");
    await context.close();
  });

  it("logged no script or console errors", () => {
    assert.deepEqual(problems, []);
  });
});
