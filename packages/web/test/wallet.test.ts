// Browser tests of how real users sign: a chain that is not the local one (anvil reporting chain id
// 11155111, as Sepolia does), where the dashboard must offer no demo accounts; an injected EIP-1193
// wallet (window.ethereum) through which the app places a bid and signs in with Ethereum; and two
// wallets that announce themselves (EIP-6963), both offered, the chosen one followed as it changes
// account and chain. The wallets are test doubles of a wallet's interface only: the page's requests
// go to a Node-side handler that signs with a test key (a viem local account, as a wallet holds it)
// and passes everything else to the chain. Screenshots go to packages/web/test-results/ (wallet-*.png).
//
// Needs /usr/bin/chromium: `apt-get install -y chromium` (override with DIPNET_CHROMIUM).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { getBid } from "@dipnet/sdk";
import type { Page } from "playwright-core";
import { type Hex, toHex } from "viem";
import { screenshot, useBrowserSuite, watchForErrors } from "./browser.ts";

const chainId = 11_155_111;
const tusd = (n: number) => BigInt(Math.round(n * 1_000_000));

type WalletAnswer = { result?: unknown; error?: { code: number; message: string; data?: unknown } };

describe("browser wallet on a chain other than the local one", { timeout: 180_000 }, () => {
  const ui = useBrowserSuite({ chainId });
  /** Every method the page asked the wallet for, in order. */
  const walletCalls: string[] = [];
  /** Hashes of the transactions the wallet signed and sent. */
  const sent: Hex[] = [];
  /** When set, the wallet's user declines the next transaction. */
  let declineNext = false;

  const watch = (page: Page) => watchForErrors(page, ui.problems);
  const shot = (page: Page, name: string) => screenshot(page, `wallet-${name}`);

  /** The wallet's side of window.ethereum.request: carol's key signs; reads go to the chain. */
  async function walletRequest(method: string, params: unknown[]): Promise<WalletAnswer> {
    walletCalls.push(method);
    const carol = ui.net.clients.carol;
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
          const r = await fetch(ui.net.anvil.rpcUrl, {
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

  it("offers no demo accounts when the node's chain is not the local one, and drops a stored one", async () => {
    const contracts = (await (await fetch(`${ui.server.url}/api/contracts`)).json()) as { chainId: number };
    assert.equal(contracts.chainId, chainId);
    const context = await ui.browser.newContext({ viewport: { width: 1280, height: 900 } });
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
    await page.goto(ui.server.url);
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
    await page.goto(`${ui.server.url}/orders/3`);
    await page
      .getByText('Install a browser wallet (e.g. MetaMask), then choose it under "Act as" in the header')
      .waitFor();
    await shot(page, "01-no-demo-accounts");
    await context.close();
  });

  it("bids and signs in through an injected EIP-1193 wallet", async () => {
    const { carol } = ui.net.clients;
    const context = await ui.browser.newContext({ viewport: { width: 1280, height: 900 } });
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
    await page.goto(`${ui.server.url}/orders/3`);
    await page.locator("[data-testid=order-page][data-status=Open]").waitFor();

    // Connect: the app asks the wallet for its account and checks it is on the node's chain.
    const select = page.getByTestId("signer-select");
    assert.equal(await select.locator('option[value="wallet:injected"]').textContent(), "Browser wallet (MetaMask…)");
    assert.equal(await select.locator("optgroup").count(), 0);
    await select.selectOption("wallet:injected");
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
    assert.equal(tx.to?.toLowerCase(), ui.net.deployment.contracts.orderMarket.toLowerCase());
    assert.equal(tx.chainId, chainId);
    const placed = await getBid(carol, { orderId: 3n, maker: carol.account.address });
    assert.equal(placed.price, tusd(700));
    assert.equal(placed.state, "Active");
    const order = (await (await fetch(`${ui.server.url}/api/orders/3`)).json()) as {
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

  it("offers each wallet that announces itself (EIP-6963) and follows the chosen one's account and chain", async () => {
    const { carol, dave, erin } = ui.net.clients;
    /** Two wallets in one browser: what each holds, whether this page may see its accounts, its chain. */
    const wallets: Record<string, { name: string; accounts: Hex[]; permitted: boolean; chainId: number }> = {
      "org.dipnet.wallet-a": { name: "Wallet A", accounts: [erin.account.address], permitted: false, chainId },
      "org.dipnet.wallet-b": {
        name: "Wallet B",
        accounts: [dave.account.address, carol.account.address],
        permitted: false,
        chainId,
      },
    };
    /** Every request the page made, as `<rdns> <method>`. */
    const calls: string[] = [];
    const context = await ui.browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.exposeFunction("dipnetAnnouncedWallet", async (rdns: string, method: string, params: unknown[]) => {
      calls.push(`${rdns} ${method}`);
      const w = wallets[rdns];
      if (!w) return { error: { code: 4100, message: `no wallet ${rdns}` } };
      switch (method) {
        case "wallet_requestPermissions":
          w.permitted = true;
          return {
            result: [
              { parentCapability: "eth_accounts", caveats: [{ type: "restrictReturnedAccounts", value: w.accounts }] },
            ],
          };
        case "eth_requestAccounts":
          w.permitted = true;
          return { result: w.accounts };
        case "eth_accounts":
          return { result: w.permitted ? w.accounts : [] };
        case "eth_chainId":
          return { result: toHex(w.chainId) };
        case "wallet_switchEthereumChain":
          w.chainId = Number((params[0] as { chainId: Hex }).chainId);
          return { result: null };
        default:
          return { error: { code: 4200, message: `${method} is not supported by this test wallet` } };
      }
    });
    await context.addInitScript(() => {
      type Answer = { result?: unknown; error?: { code: number; message: string } };
      const w = window as unknown as {
        dipnetAnnouncedWallet: (rdns: string, method: string, params: unknown[]) => Promise<Answer>;
        dipnetTestWallets: Record<string, { emit: (event: string, value: unknown) => void }>;
      };
      w.dipnetTestWallets = {};
      for (const [rdns, name] of [
        ["org.dipnet.wallet-a", "Wallet A"],
        ["org.dipnet.wallet-b", "Wallet B"],
      ] as const) {
        const listeners = new Map<string, ((value: unknown) => void)[]>();
        const provider = {
          request: async ({ method, params }: { method: string; params?: unknown[] }) => {
            const answer = await w.dipnetAnnouncedWallet(rdns, method, params ?? []);
            if (answer.error) throw Object.assign(new Error(answer.error.message), answer.error);
            return answer.result;
          },
          on: (event: string, fn: (value: unknown) => void) =>
            listeners.set(event, [...(listeners.get(event) ?? []), fn]),
          removeListener: (event: string, fn: (value: unknown) => void) =>
            listeners.set(
              event,
              (listeners.get(event) ?? []).filter((f) => f !== fn),
            ),
        };
        w.dipnetTestWallets[rdns] = {
          emit: (event, value) => {
            for (const fn of listeners.get(event) ?? []) fn(value);
          },
        };
        const info = { uuid: `00000000-0000-4000-8000-00000000000${rdns.endsWith("a") ? 1 : 2}`, name, rdns, icon: "" };
        const announce = () =>
          window.dispatchEvent(
            new CustomEvent("eip6963:announceProvider", { detail: Object.freeze({ info, provider }) }),
          );
        window.addEventListener("eip6963:requestProvider", announce);
        announce();
      }
    });
    const page = await context.newPage();
    watch(page);
    await page.goto(`${ui.server.url}/orders/3`);
    await page.locator("[data-testid=order-page][data-status=Open]").waitFor();

    // Both wallets are offered; neither was asked for its accounts before the user chose one.
    const select = page.getByTestId("signer-select");
    await select.locator('option[value="wallet:org.dipnet.wallet-b"]').waitFor({ state: "attached" });
    assert.deepEqual(await select.locator("option").allTextContents(), ["Viewer (read only)", "Wallet A", "Wallet B"]);
    assert.deepEqual(
      calls.filter((c) => !c.endsWith(" eth_accounts")),
      [],
      "only asked whether this page was connected",
    );

    // Wallet B: it asks the user which accounts to share, and the page acts as the first.
    await select.selectOption("wallet:org.dipnet.wallet-b");
    const banner = page.getByTestId("signer-banner");
    await banner.getByText("Dave Additive").waitFor();
    assert.match((await banner.textContent()) ?? "", /through your browser wallet \(Wallet B\)/);
    assert.equal(await select.inputValue(), "wallet:org.dipnet.wallet-b");
    assert.ok(calls.includes("org.dipnet.wallet-b wallet_requestPermissions"));
    assert.deepEqual(
      calls.filter((c) => c.startsWith("org.dipnet.wallet-a ") && !c.endsWith(" eth_accounts")),
      [],
      "wallet A was left alone",
    );

    // The user selects another account in the wallet: the page acts as that one.
    await page.evaluate(
      (address) =>
        (
          window as unknown as { dipnetTestWallets: Record<string, { emit: (e: string, v: unknown) => void }> }
        ).dipnetTestWallets["org.dipnet.wallet-b"]?.emit("accountsChanged", [address]),
      carol.account.address,
    );
    await banner.getByText("Carol Precision").waitFor();
    await page.getByTestId("bid-section").getByText("Revise your bid").waitFor(); // carol bid on order 3 above

    // The wallet moves to another chain: the page says so, and switches it back on request.
    const walletB = wallets["org.dipnet.wallet-b"] as (typeof wallets)[string];
    walletB.chainId = 1;
    await page.evaluate(() =>
      (
        window as unknown as { dipnetTestWallets: Record<string, { emit: (e: string, v: unknown) => void }> }
      ).dipnetTestWallets["org.dipnet.wallet-b"]?.emit("chainChanged", "0x1"),
    );
    const warning = banner.getByTestId("wallet-chain-warning");
    await warning.getByText(`Your wallet is on chain 1, not this network's chain ${chainId}`).waitFor();
    await shot(page, "05-announced-wallet-other-chain");
    await warning.getByTestId("wallet-switch-chain").click();
    await warning.waitFor({ state: "detached" });
    assert.equal(walletB.chainId, chainId);
    assert.ok(calls.includes("org.dipnet.wallet-b wallet_switchEthereumChain"));
    await context.close();
  });

  it("logged no script or console errors", () => {
    assert.deepEqual(ui.problems, []);
  });
});
