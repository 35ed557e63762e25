// Browser tests: the dashboard in Debian's Chromium (playwright-core) against a real chain, the
// node and the built app. Walks one order through its whole life in the UI with demo accounts and
// checks what the page shows at each step; screenshots go to packages/web/test-results/.
//
// Needs /usr/bin/chromium: `apt-get install -y chromium` (override with DIPNET_CHROMIUM).
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { bid, createRfq, erc20PermitAbi } from "@dipnet/sdk";
import type { Browser, Page } from "playwright-core";
import { type Address, keccak256, toHex } from "viem";
import { distDir, launchChromium, openWatchedPage, prepareBrowserTest, screenshot, waitForReady } from "./browser.ts";
import { mapProblems } from "./mapChecks.ts";
import { startTestNode, type TestNode } from "./network.ts";
import { startDashboardServer } from "./server.ts";

describe("dashboard in Chromium", { timeout: 300_000 }, () => {
  let net: TestNode;
  let server: Awaited<ReturnType<typeof startDashboardServer>>;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  const shot = (name: string) => screenshot(page, name);
  const actAs = async (name: string) => {
    await page.selectOption("[data-testid=signer-select]", `demo:${name}`);
    await page.getByTestId("signer-banner").filter({ hasText: "Demo account" }).waitFor();
  };
  const orderStatus = (status: string) =>
    page.locator(`[data-testid=order-page][data-status=${status}]`).waitFor({ timeout: 20_000 });

  before(async () => {
    prepareBrowserTest();
    // The node signs in for the dashboard's origin (the test server's), as behind a reverse proxy.
    server = await startDashboardServer({ distDir });
    net = await startTestNode({ publicUrl: server.url });
    server.connect(net.nodeUrl, net.anvil.rpcUrl);
    browser = await launchChromium();
    page = await openWatchedPage(browser, problems);
    await waitForReady(net.nodeUrl);
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    await net?.stop();
  });

  it("shows the overview with key figures, charts and live activity", async () => {
    await page.goto(server.url);
    await page.getByRole("heading", { name: "Network overview" }).waitFor();
    await page.getByTestId("kpi-open").getByText("1", { exact: true }).waitFor();
    assert.match((await page.getByTestId("kpi-disputes").textContent()) ?? "", /1/);
    await page.getByTestId("kpi-escrow").getByText("1,656.4 tUSD").waitFor(); // 1,640 + 1% fee in dispute
    assert.match((await page.getByTestId("kpi-ontime").textContent()) ?? "", /100%/);
    await page.locator(".live-on").first().waitFor();
    await shot("01-overview");
  });

  it("walks an order from RFQ to withdrawal in the browser", async () => {
    // The customer posts an RFQ.
    await actAs("alice");
    await page.getByRole("link", { name: "Orders" }).click();
    await page.getByRole("heading", { name: "Orders" }).waitFor();
    await page.getByRole("button", { name: "New RFQ" }).click();
    const form = page.getByTestId("rfq-form");
    // A form that is not filled in is stopped before anything is sent.
    await form.getByRole("button", { name: "Post RFQ" }).click();
    await form.getByText("A positive amount in tUSD").waitFor();
    await form.getByLabel("Budget (tUSD)").fill("1200");
    await form.getByLabel("Manufacturer's bond (tUSD)").fill("50");
    await form.getByLabel("Bidding open for").fill("10");
    await form.getByLabel("Bidding window unit").selectOption("minutes");
    await form.getByTestId("rfq-spec").fill("Bracket BR-7 rev C, ±0.05 mm, anodised black");
    await shot("02-rfq-form");
    await form.getByRole("button", { name: "Post RFQ" }).click();
    await page.waitForURL(/\/orders\/4$/, { timeout: 30_000 });
    await orderStatus("Open");
    await page.getByTestId("timeline").getByText("RFQ posted by Alice Robotics").waitFor();
    await page.getByText("No bids yet").waitFor();

    // Two manufacturers bid.
    await actAs("carol");
    await page.getByLabel("Price (tUSD)").fill("950");
    await page.getByLabel("Lead time (days)").fill("12");
    await page.getByTestId("bid-submit").click();
    await page.getByTestId("bid-section").getByTestId("action-ok").waitFor({ timeout: 30_000 });
    await page.getByTestId(`bid-${net.clients.carol.account.address.toLowerCase()}`).getByText("950 tUSD").waitFor();
    await actAs("dave");
    await page.getByLabel("Price (tUSD)").fill("1100");
    await page.getByLabel("Lead time (days)").fill("8");
    await page.getByTestId("bid-submit").click();
    await page
      .getByTestId(`bid-${net.clients.dave.account.address.toLowerCase()}`)
      .getByText("1,100 tUSD")
      .waitFor({ timeout: 30_000 });
    await page.getByRole("img", { name: "Bids: price against lead time" }).waitFor();
    // Each bid shows its maker's scorecard (from the node): carol completed order 1 on time; dave won nothing yet.
    const carolScore = page
      .getByTestId(`bid-${net.clients.carol.account.address.toLowerCase()}`)
      .getByTestId("bidder-score");
    await carolScore.getByText("100% on time").waitFor();
    assert.match((await carolScore.textContent()) ?? "", /1 completed.*0% disputed/);
    const daveScore = page
      .getByTestId(`bid-${net.clients.dave.account.address.toLowerCase()}`)
      .getByTestId("bidder-score");
    await daveScore.getByText("new").waitFor();
    assert.match((await daveScore.textContent()) ?? "", /— on time.*0 completed/);
    await shot("03-bids");

    // While bidding is open the customer cannot award yet: no award button, only when it will be possible.
    await actAs("alice");
    const carolBid = page.getByTestId(`bid-${net.clients.carol.account.address.toLowerCase()}`);
    await carolBid.getByTestId("award-later").waitFor();
    assert.match(
      (await carolBid.getByTestId("award-later").textContent()) ?? "",
      /Awarding opens when bidding closes, in \d+ min/,
    );
    assert.equal(await page.getByTestId("award-button").count(), 0);
    await actAs("dave");

    // Bidding closes. A late bid is refused by the contract, and the page says why, beside the button.
    await net.anvil.increaseTime(11 * 60);
    await page.getByLabel("Price (tUSD)").fill("1000");
    await page.getByLabel("Lead time (days)").fill("8");
    await page.getByTestId("bid-submit").click();
    const error = page.getByTestId("bid-section").getByTestId("action-error");
    await error.waitFor({ timeout: 30_000 });
    const text = (await error.textContent()) ?? "";
    assert.match(text, /Bid rejected: RFQ 4 closed at \d{4}-\d\d-\d\d/);
    assert.match(text, /MarketBidWindowClosed/);
    // The page read the chain clock again: it no longer says bidding closes in 10 minutes.
    const bidSection = (await page.getByTestId("bid-section").textContent()) ?? "";
    assert.match(bidSection, /bidding closed \d+ \w+ \d{4}/);
    assert.doesNotMatch(bidSection, /bidding closes in/);
    await shot("04-rejected-late-bid");

    // The customer awards the lowest bid (approve + award): escrow is funded.
    await actAs("alice");
    await page
      .getByTestId(`bid-${net.clients.carol.account.address.toLowerCase()}`)
      .getByTestId("award-button")
      .click();
    await orderStatus("Awarded");
    assert.match((await page.getByTestId("order-maker").textContent()) ?? "", /Carol Precision/);
    assert.match((await page.getByTestId("escrow-held").textContent()) ?? "", /959\.5 tUSD/); // 950 + 1% fee
    await page.getByTestId("timeline").getByText("Awarded to Carol Precision; escrow funded").waitFor();
    await shot("05-awarded");

    // The manufacturer ships, citing evidence.
    await actAs("carol");
    await page.getByTestId("ship-section-text").fill("DHL 1234567890, 25 pcs, final inspection report FI-88");
    await page.getByRole("button", { name: "Mark as shipped" }).click();
    await orderStatus("Shipped");
    const shipped = page.locator("[data-event=OrderShipped]");
    await shipped.waitFor();
    assert.match((await shipped.textContent()) ?? "", /evidence\s*0x[0-9a-f]{8}/);

    // The customer accepts; the price is released and the bond returned.
    await actAs("alice");
    await page.getByTestId("accept-button").click();
    await orderStatus("Completed");
    await page.getByTestId("timeline").getByText("Delivery accepted by Alice Robotics").waitFor();
    await page.locator("[data-event=BondReleased]").waitFor();
    assert.match((await page.getByTestId("escrow").textContent()) ?? "", /Still in escrow\s*0 tUSD/);
    await shot("06-completed");

    // The manufacturer withdraws what it is owed: earlier order (2,150) + this one (950).
    await actAs("carol");
    // The balance is its own query, which may answer before the acceptance is indexed: wait for it.
    await page.getByTestId("owed-amount").filter({ hasText: "3,100 tUSD" }).waitFor();
    await page.getByTestId("withdraw-button").click();
    await page
      .getByTestId("withdraw-section")
      .getByTestId("action-ok")
      .waitFor({ timeout: 30_000 })
      .catch(() => undefined);
    await page.getByTestId("withdraw-section").waitFor({ state: "detached", timeout: 20_000 });
    await page.getByTestId("no-actions").waitFor();
    await shot("07-withdrawn");
  });

  it("posts an RFQ that requires a certification: form, order page, board; an uncertified bid is refused", async () => {
    await actAs("alice");
    await page.goto(`${server.url}/orders`);
    await page.getByRole("button", { name: "New RFQ" }).click();
    const form = page.getByTestId("rfq-form");
    await form.getByLabel("Budget (tUSD)").fill("800");
    await form.getByLabel("Manufacturer's bond (tUSD)").fill("50");
    await form.getByLabel("Bidding open for").fill("10");
    await form.getByLabel("Bidding window unit").selectOption("minutes");
    await form.getByLabel("Required certification (optional)").fill("ISO 9001");
    await form.getByTestId("rfq-spec").fill("Sensor housing SH-2 rev A; ISO 9001 supplier");
    await shot("07b-rfq-requires-certification");
    await form.getByRole("button", { name: "Post RFQ" }).click();
    await page.waitForURL(/\/orders\/5$/, { timeout: 30_000 });
    await orderStatus("Open");
    assert.match((await page.getByTestId("order-required-certification").textContent()) ?? "", /ISO 9001/);

    // dave holds no certification: the contract refuses his bid, and the page says why.
    await actAs("dave");
    await page.getByLabel("Price (tUSD)").fill("700");
    await page.getByLabel("Lead time (days)").fill("5");
    await page.getByTestId("bid-submit").click();
    const refused = page.getByTestId("bid-section").getByTestId("action-error");
    await refused.waitFor({ timeout: 30_000 });
    const reason = (await refused.textContent()) ?? "";
    assert.match(reason, /RFQ 5 requires a valid ISO 9001 certification/);
    assert.match(reason, /MarketCertificationMissing/);
    // carol holds a valid ISO 9001: her bid lands.
    await actAs("carol");
    await page.getByLabel("Price (tUSD)").fill("750");
    await page.getByLabel("Lead time (days)").fill("6");
    await page.getByTestId("bid-submit").click();
    await page
      .getByTestId(`bid-${net.clients.carol.account.address.toLowerCase()}`)
      .getByText("750 tUSD")
      .waitFor({ timeout: 30_000 });
    await shot("07c-certified-bid");
    await page.goto(`${server.url}/orders`);
    await page.getByTestId("order-row-5").getByText("requires ISO 9001").waitFor();
  });

  it("lists and filters orders", async () => {
    await page.goto(`${server.url}/orders`);
    await page.getByTestId("order-row-4").waitFor();
    await page.getByRole("button", { name: /In dispute/ }).click();
    await page.getByTestId("order-row-2").waitFor();
    assert.equal(await page.getByTestId("order-row-4").count(), 0);
    await page.getByRole("button", { name: /^All/ }).click();
    await page.getByTestId("order-row-4").waitFor();
    await shot("08-orders");
  });

  it("shows the network on an offline map and a participant profile", async () => {
    await page.goto(`${server.url}/network`);
    const map = page.getByRole("group", { name: "Map of 3 manufacturers" });
    await map.waitFor();
    assert.equal(await page.getByTestId("maker-card").count(), 3);
    await page.getByTestId("maker-card").filter({ hasText: "Carol Precision" }).getByText("2 completed").waitFor();
    // Every factory labelled beside its marker, whole and apart from the others, at a desktop's
    // and a tablet's width; no outline drawn across the map.
    for (const width of [1280, 820]) {
      await page.setViewportSize({ width, height: 900 });
      const { problems, labels } = await mapProblems(page);
      assert.deepEqual(problems, [], `at ${width} px`);
      assert.deepEqual(labels.sort(), ["Carol Precision", "Dave Additive", "Erin Metalworks"]);
      await shot(width === 1280 ? "09-network" : "09b-network-820");
    }
    await page.setViewportSize({ width: 1280, height: 900 });
    // Markers are links with names; keyboard focus on a manufacturer's card highlights its marker.
    const daveMarker = map.getByRole("link", { name: /^Dave Additive, Eindhoven, NL: \d+ in production$/ });
    assert.equal(await daveMarker.getAttribute("class"), "map-marker");
    const dave = page.getByTestId("maker-card").filter({ hasText: "Dave Additive" });
    await dave.getByRole("link", { name: "Dave Additive" }).focus();
    await daveMarker.and(page.locator(".selected")).waitFor();
    await page
      .getByTestId("maker-card")
      .filter({ hasText: "Carol Precision" })
      .getByRole("link", { name: "Carol Precision" })
      .click();
    await page.getByTestId("participant-page").waitFor();
    await page.getByText("profile matches its on-chain hash").waitFor();
    // The node's scorecard: both of carol's deliveries on time, no dispute, 2 completed worth 3,100 tUSD.
    const card = (await page.getByTestId("scorecard").textContent()) ?? "";
    assert.match(card, /100%\s*On time\s*2 of 2 deliveries/);
    assert.match(card, /0%\s*Dispute rate/);
    assert.match(card, /2\s*Completed/);
    assert.match((await page.getByTestId("scorecard-detail").textContent()) ?? "", /3,100 tUSD/);
    // Certifications from the chain, with number, dates and issuer.
    const cert = page.getByTestId("certification").filter({ hasText: "ISO 9001" });
    await cert.getByText("valid", { exact: true }).waitFor();
    assert.match((await cert.textContent()) ?? "", /No\. Q-2041.*issued .* expires .*by /);
    await shot("10-participant");

    // erin's certificate expired during the history; EN 1090 is only self-declared.
    await page.goto(`${server.url}/participants/${net.clients.erin.account.address}`);
    await page
      .getByTestId("certification")
      .filter({ hasText: "ISO 9001" })
      .getByText("expired", { exact: true })
      .waitFor();
    assert.match((await page.getByTestId("self-declared").textContent()) ?? "", /EN 1090/);
    assert.match((await page.getByTestId("scorecard").textContent()) ?? "", /100%\s*Dispute rate/);
    await shot("10b-participant-expired-certificate");
  });

  it("signs in with Ethereum and shows private data only to its parties", async () => {
    // bob (customer of disputed order 2) signs in and writes in its private thread.
    await page.goto(`${server.url}/orders/2`);
    await actAs("bob");
    await page.getByTestId("thread-signin").click();
    await page.getByTestId("signed-in").waitFor();
    await page.getByTestId("private-thread").getByText("customer", { exact: true }).waitFor();
    await page.getByTestId("thread-input").fill("Holes 3 and 4 are 0.4 mm off; photos in the evidence.");
    await page.getByRole("button", { name: "Send privately" }).click();
    await page.getByTestId("thread-message").filter({ hasText: "Holes 3 and 4" }).waitFor();
    await shot("13-private-thread");

    // erin, the maker, must sign in herself; then she reads bob's message.
    await actAs("erin");
    await page.getByTestId("thread-signin").waitFor();
    await page.getByTestId("thread-signin").click();
    await page.getByTestId("thread-message").filter({ hasText: "Holes 3 and 4" }).waitFor();

    // alice is no party to order 2: no private thread for her.
    await actAs("alice");
    await page.getByTestId("signin-button").click();
    await page.getByTestId("signed-in").waitFor();
    await page.getByTestId("timeline").waitFor();
    assert.equal(await page.getByTestId("private-thread").count(), 0);
    assert.equal(await page.getByTestId("thread-signin").count(), 0);

    // Her own settings, on her own profile only.
    await page.goto(`${server.url}/participants/${net.clients.alice.account.address}`);
    const settings = page.getByTestId("settings-form");
    await settings.getByLabel("Contact e-mail").fill("purchasing@alice-robotics.example");
    await settings.getByLabel("Payments").uncheck();
    await settings.getByRole("button", { name: "Save settings" }).click();
    await settings.getByText("Saved").waitFor();
    await page.reload();
    await page.getByTestId("settings-form").waitFor();
    assert.equal(await page.getByLabel("Contact e-mail").inputValue(), "purchasing@alice-robotics.example");
    assert.equal(await page.getByLabel("Payments").isChecked(), false);
    await shot("14-own-settings");
    await page.goto(`${server.url}/participants/${net.clients.bob.account.address}`);
    await page.getByTestId("participant-page").waitFor();
    assert.equal(await page.getByTestId("settings-form").count(), 0);
  });

  it("works at tablet width", async () => {
    await page.setViewportSize({ width: 820, height: 1100 });
    await page.goto(`${server.url}/orders/4`);
    await orderStatus("Completed");
    await shot("11-order-tablet");
    await page.goto(server.url);
    await page.getByRole("heading", { name: "Network overview" }).waitFor();
    await shot("12-overview-tablet");
  });

  it("sends no token approval for an award the contract would refuse", async () => {
    // bob's RFQ must be delivered within 2 days of bidding; dave bids 5 days of lead time.
    const { bob, dave } = net.clients;
    const now = await net.anvil.now();
    const { orderId } = await createRfq(bob, {
      specHash: keccak256(toHex("flange")),
      specURI: "ipfs://spec/flange",
      process: "fdm-printing",
      material: "petg",
      quantity: 10,
      budget: 700_000_000n,
      bond: 40_000_000n,
      biddingEnds: now + 300n,
      deadline: now + 300n + 2n * 86_400n,
    });
    await bid(dave, { orderId, price: 640_000_000n, leadTime: 5 * 86_400 });
    await net.anvil.increaseTime(400);
    const allowance = () =>
      bob.publicClient.readContract({
        address: net.deployment.contracts.testStablecoin as Address,
        abi: erc20PermitAbi,
        functionName: "allowance",
        args: [bob.account.address, net.deployment.contracts.orderMarket],
      });
    const before = await allowance();

    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${server.url}/orders/${orderId}`);
    await actAs("bob");
    await page.getByTestId("award-button").click();
    const refused = page.getByTestId(`bid-${dave.account.address.toLowerCase()}`).getByTestId("action-error");
    await refused.waitFor({ timeout: 30_000 });
    assert.match((await refused.textContent()) ?? "", /after its deadline.*MarketDeadlineUnreachable/);
    assert.match((await page.getByTestId("order-facts").textContent()) ?? "", /Bidding closed/);
    await shot("15-award-refused");
    // Nothing left half-done: no approval was sent, and the order still takes an award.
    assert.equal(await allowance(), before);
    assert.equal(await page.getByTestId("order-page").getAttribute("data-status"), "Open");
  });

  it("logged no script or console errors", () => {
    assert.deepEqual(problems, []);
  });
});
