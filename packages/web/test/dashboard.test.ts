// Browser tests: the dashboard in Debian's Chromium (playwright-core) against a real chain, the
// node and the built app. Walks one order through its whole life in the UI with demo accounts and
// checks what the page shows at each step; screenshots go to packages/web/test-results/.
//
// Needs /usr/bin/chromium: `apt-get install -y chromium` (override with DIPNET_CHROMIUM).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  accept,
  award,
  bid,
  carMediaType,
  checkEvidenceBundle,
  contentHashOf,
  createLicence,
  createRfq,
  deriveKeyPair,
  erc20PermitAbi,
  participant as participantOf,
  registerDesign,
  sealMessage,
  setEncryptionKey,
  ship,
} from "@dipnet/sdk";
import type { Locator } from "playwright-core";
import { type Address, keccak256, toHex, zeroHash } from "viem";
import { screenshot, useBrowserSuite } from "./browser.ts";
import { mapProblems } from "./mapChecks.ts";

describe("dashboard in Chromium", { timeout: 300_000 }, () => {
  const ui = useBrowserSuite();

  const shot = (name: string) => screenshot(ui.page, name);
  const actAs = async (name: string) => {
    await ui.page.selectOption("[data-testid=signer-select]", `demo:${name}`);
    await ui.page.getByTestId("signer-banner").filter({ hasText: "Demo account" }).waitFor();
  };
  /** Fills the RFQ form: `budget`, a bond of 50 tUSD, bidding open for 10 minutes, `spec`, and the certification bidders must hold, if any. */
  const fillRfqForm = async (form: Locator, budget: string, spec: string, certification?: string) => {
    await form.getByLabel("Budget (tUSD)").fill(budget);
    await form.getByLabel("Manufacturer's bond (tUSD)").fill("50");
    await form.getByLabel("Bidding open for").fill("10");
    await form.getByLabel("Bidding window unit").selectOption("minutes");
    if (certification) await form.getByLabel("Required certification (optional)").fill(certification);
    await form.getByTestId("rfq-spec").fill(spec);
  };
  /** Sends a bid of `price` tUSD and `days` days of lead time from the order page's bid form. */
  const submitBid = async (price: string, days: string) => {
    await ui.page.getByLabel("Price (tUSD)").fill(price);
    await ui.page.getByLabel("Lead time (days)").fill(days);
    await ui.page.getByTestId("bid-submit").click();
  };
  /** The card of `name`'s bid on the order page. */
  const bidCard = (name: "carol" | "dave") =>
    ui.page.getByTestId(`bid-${ui.net.clients[name].account.address.toLowerCase()}`);
  /** Waits until the node has indexed the encryption keys `names` registered. */
  const nodeHasKeys = async (...names: ("bob" | "erin")[]) => {
    for (const name of names) {
      const address = ui.net.clients[name].account.address;
      const registered = (await participantOf(ui.net.clients[name], { account: address })).encryptionKey.toLowerCase();
      const deadline = Date.now() + 30_000;
      for (;;) {
        const p = await (await fetch(`${ui.server.url}/api/participants/${address}`)).json();
        if (registered !== zeroHash && p.encryptionKey?.toLowerCase() === registered) break;
        assert.ok(Date.now() < deadline, `the node never indexed ${name}'s encryption key`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
  };
  const orderStatus = (status: string) =>
    ui.page.locator(`[data-testid=order-page][data-status=${status}]`).waitFor({ timeout: 20_000 });

  it("shows the overview with key figures, charts and live activity", async () => {
    await ui.page.goto(ui.server.url);
    await ui.page.getByRole("heading", { name: "Network overview" }).waitFor();
    await ui.page.getByTestId("kpi-open").getByText("1", { exact: true }).waitFor();
    assert.match((await ui.page.getByTestId("kpi-disputes").textContent()) ?? "", /1/);
    await ui.page.getByTestId("kpi-escrow").getByText("1,656.4 tUSD").waitFor(); // 1,640 + 1% fee in dispute
    assert.match((await ui.page.getByTestId("kpi-ontime").textContent()) ?? "", /100%/);
    await ui.page.locator(".live-on").first().waitFor();
    await shot("01-overview");
  });

  it("walks an order from RFQ to withdrawal in the browser", async () => {
    // The customer posts an RFQ.
    await actAs("alice");
    await ui.page.getByRole("link", { name: "Orders" }).click();
    await ui.page.getByRole("heading", { name: "Orders" }).waitFor();
    await ui.page.getByRole("button", { name: "New RFQ" }).click();
    const form = ui.page.getByTestId("rfq-form");
    // A form that is not filled in is stopped before anything is sent.
    await form.getByRole("button", { name: "Post RFQ" }).click();
    await form.getByText("A positive amount in tUSD").waitFor();
    await fillRfqForm(form, "1200", "Bracket BR-7 rev C, ±0.05 mm, anodised black");
    await shot("02-rfq-form");
    await form.getByRole("button", { name: "Post RFQ" }).click();
    await ui.page.waitForURL(/\/orders\/4$/, { timeout: 30_000 });
    await orderStatus("Open");
    await ui.page.getByTestId("timeline").getByText("RFQ posted by Alice Robotics").waitFor();
    await ui.page.getByText("No bids yet").waitFor();

    // Two manufacturers bid.
    await actAs("carol");
    await submitBid("950", "12");
    await ui.page.getByTestId("bid-section").getByTestId("action-ok").waitFor({ timeout: 30_000 });
    await bidCard("carol").getByText("950 tUSD").waitFor();
    await actAs("dave");
    await submitBid("1100", "8");
    await bidCard("dave").getByText("1,100 tUSD").waitFor({ timeout: 30_000 });
    await ui.page.getByRole("img", { name: "Bids: price against lead time" }).waitFor();
    // Each bid shows its maker's scorecard (from the node): carol completed order 1 on time; dave won nothing yet.
    const carolScore = bidCard("carol").getByTestId("bidder-score");
    await carolScore.getByText("100% on time").waitFor();
    assert.match((await carolScore.textContent()) ?? "", /1 completed.*0% disputed/);
    const daveScore = bidCard("dave").getByTestId("bidder-score");
    await daveScore.getByText("new").waitFor();
    assert.match((await daveScore.textContent()) ?? "", /— on time.*0 completed/);
    await shot("03-bids");

    // While bidding is open the customer cannot award yet: no award button, only when it will be possible.
    await actAs("alice");
    const carolBid = bidCard("carol");
    await carolBid.getByTestId("award-later").waitFor();
    assert.match(
      (await carolBid.getByTestId("award-later").textContent()) ?? "",
      /Awarding opens when bidding closes, in \d+ min/,
    );
    assert.equal(await ui.page.getByTestId("award-button").count(), 0);
    await actAs("dave");

    // Bidding closes. A late bid is refused by the contract, and the page says why, beside the button.
    await ui.net.anvil.increaseTime(11 * 60);
    await submitBid("1000", "8");
    const error = ui.page.getByTestId("bid-section").getByTestId("action-error");
    await error.waitFor({ timeout: 30_000 });
    const text = (await error.textContent()) ?? "";
    assert.match(text, /Bid rejected: RFQ 4 closed at \d{4}-\d\d-\d\d/);
    assert.match(text, /MarketBidWindowClosed/);
    // The page read the chain clock again: it no longer says bidding closes in 10 minutes.
    const bidSection = (await ui.page.getByTestId("bid-section").textContent()) ?? "";
    assert.match(bidSection, /bidding closed \d+ \w+ \d{4}/);
    assert.doesNotMatch(bidSection, /bidding closes in/);
    await shot("04-rejected-late-bid");

    // The customer awards the lowest bid (approve + award): escrow is funded.
    await actAs("alice");
    await bidCard("carol").getByTestId("award-button").click();
    await orderStatus("Awarded");
    assert.match((await ui.page.getByTestId("order-maker").textContent()) ?? "", /Carol Precision/);
    assert.match((await ui.page.getByTestId("escrow-held").textContent()) ?? "", /959\.5 tUSD/); // 950 + 1% fee
    await ui.page.getByTestId("timeline").getByText("Awarded to Carol Precision; escrow funded").waitFor();
    await shot("05-awarded");

    // The manufacturer ships, citing evidence.
    await actAs("carol");
    await ui.page.getByTestId("ship-section-text").fill("DHL 1234567890, 25 pcs, final inspection report FI-88");
    await ui.page.getByRole("button", { name: "Mark as shipped" }).click();
    await orderStatus("Shipped");
    const shipped = ui.page.locator("[data-event=OrderShipped]");
    await shipped.waitFor();
    assert.match((await shipped.textContent()) ?? "", /evidence\s*0x[0-9a-f]{8}/);

    // The customer accepts; the price is released and the bond returned.
    await actAs("alice");
    await ui.page.getByTestId("accept-button").click();
    await orderStatus("Completed");
    await ui.page.getByTestId("timeline").getByText("Delivery accepted by Alice Robotics").waitFor();
    await ui.page.locator("[data-event=BondReleased]").waitFor();
    assert.match((await ui.page.getByTestId("escrow").textContent()) ?? "", /Still in escrow\s*0 tUSD/);
    await shot("06-completed");

    // The manufacturer withdraws what it is owed: earlier order (2,150) + this one (950).
    await actAs("carol");
    // The balance is its own query, which may answer before the acceptance is indexed: wait for it.
    await ui.page.getByTestId("owed-amount").filter({ hasText: "3,100 tUSD" }).waitFor();
    await ui.page.getByTestId("withdraw-button").click();
    await ui.page
      .getByTestId("withdraw-section")
      .getByTestId("action-ok")
      .waitFor({ timeout: 30_000 })
      .catch(() => undefined);
    await ui.page.getByTestId("withdraw-section").waitFor({ state: "detached", timeout: 20_000 });
    await ui.page.getByTestId("no-actions").waitFor();
    await shot("07-withdrawn");
  });

  it("posts an RFQ that requires a certification: form, order page, board; an uncertified bid is refused", async () => {
    await actAs("alice");
    await ui.page.goto(`${ui.server.url}/orders`);
    await ui.page.getByRole("button", { name: "New RFQ" }).click();
    const form = ui.page.getByTestId("rfq-form");
    await fillRfqForm(form, "800", "Sensor housing SH-2 rev A; ISO 9001 supplier", "ISO 9001");
    await shot("07b-rfq-requires-certification");
    await form.getByRole("button", { name: "Post RFQ" }).click();
    await ui.page.waitForURL(/\/orders\/5$/, { timeout: 30_000 });
    await orderStatus("Open");
    assert.match((await ui.page.getByTestId("order-required-certification").textContent()) ?? "", /ISO 9001/);

    // dave holds no certification: the contract refuses his bid, and the page says why.
    await actAs("dave");
    await submitBid("700", "5");
    const refused = ui.page.getByTestId("bid-section").getByTestId("action-error");
    await refused.waitFor({ timeout: 30_000 });
    const reason = (await refused.textContent()) ?? "";
    assert.match(reason, /RFQ 5 requires a valid ISO 9001 certification/);
    assert.match(reason, /MarketCertificationMissing/);
    // carol holds a valid ISO 9001: her bid lands.
    await actAs("carol");
    await submitBid("750", "6");
    await bidCard("carol").getByText("750 tUSD").waitFor({ timeout: 30_000 });
    await shot("07c-certified-bid");
    await ui.page.goto(`${ui.server.url}/orders`);
    await ui.page.getByTestId("order-row-5").getByText("requires ISO 9001").waitFor();
  });

  it("lists and filters orders", async () => {
    await ui.page.goto(`${ui.server.url}/orders`);
    await ui.page.getByTestId("order-row-4").waitFor();
    await ui.page.getByRole("button", { name: /In dispute/ }).click();
    await ui.page.getByTestId("order-row-2").waitFor();
    assert.equal(await ui.page.getByTestId("order-row-4").count(), 0);
    await ui.page.getByRole("button", { name: /^All/ }).click();
    await ui.page.getByTestId("order-row-4").waitFor();
    await shot("08-orders");
  });

  it("shows the network on an offline map and a participant profile", async () => {
    await ui.page.goto(`${ui.server.url}/network`);
    const map = ui.page.getByRole("group", { name: "Map of 3 manufacturers" });
    await map.waitFor();
    assert.equal(await ui.page.getByTestId("maker-card").count(), 3);
    await ui.page.getByTestId("maker-card").filter({ hasText: "Carol Precision" }).getByText("2 completed").waitFor();
    // Every factory labelled beside its marker, whole and apart from the others, at a desktop's
    // and a tablet's width; no outline drawn across the map.
    for (const width of [1280, 820]) {
      await ui.page.setViewportSize({ width, height: 900 });
      const { problems, labels } = await mapProblems(ui.page);
      assert.deepEqual(problems, [], `at ${width} px`);
      assert.deepEqual(labels.sort(), ["Carol Precision", "Dave Additive", "Erin Metalworks"]);
      await shot(width === 1280 ? "09-network" : "09b-network-820");
    }
    await ui.page.setViewportSize({ width: 1280, height: 900 });
    // Markers are links with names; keyboard focus on a manufacturer's card highlights its marker.
    const daveMarker = map.getByRole("link", { name: /^Dave Additive, Eindhoven, NL: \d+ in production$/ });
    assert.equal(await daveMarker.getAttribute("class"), "map-marker");
    const dave = ui.page.getByTestId("maker-card").filter({ hasText: "Dave Additive" });
    await dave.getByRole("link", { name: "Dave Additive" }).focus();
    await daveMarker.and(ui.page.locator(".selected")).waitFor();
    await ui.page
      .getByTestId("maker-card")
      .filter({ hasText: "Carol Precision" })
      .getByRole("link", { name: "Carol Precision" })
      .click();
    await ui.page.getByTestId("participant-page").waitFor();
    await ui.page.getByText("profile matches its on-chain hash").waitFor();
    // The node's scorecard: both of carol's deliveries on time, no dispute, 2 completed worth 3,100 tUSD.
    const card = (await ui.page.getByTestId("scorecard").textContent()) ?? "";
    assert.match(card, /100%\s*On time\s*2 of 2 deliveries/);
    assert.match(card, /0%\s*Dispute rate/);
    assert.match(card, /2\s*Completed/);
    assert.match((await ui.page.getByTestId("scorecard-detail").textContent()) ?? "", /3,100 tUSD/);
    // Certifications from the chain, with number, dates and issuer.
    const cert = ui.page.getByTestId("certification").filter({ hasText: "ISO 9001" });
    await cert.getByText("valid", { exact: true }).waitFor();
    assert.match((await cert.textContent()) ?? "", /No\. Q-2041.*issued .* expires .*by /);
    await shot("10-participant");

    // erin's certificate expired during the history; EN 1090 is only self-declared.
    await ui.page.goto(`${ui.server.url}/participants/${ui.net.clients.erin.account.address}`);
    await ui.page
      .getByTestId("certification")
      .filter({ hasText: "ISO 9001" })
      .getByText("expired", { exact: true })
      .waitFor();
    assert.match((await ui.page.getByTestId("self-declared").textContent()) ?? "", /EN 1090/);
    assert.match((await ui.page.getByTestId("scorecard").textContent()) ?? "", /100%\s*Dispute rate/);
    await shot("10b-participant-expired-certificate");
  });

  it("signs in with Ethereum and shows private data only to its parties", async () => {
    // The thread is encrypted end to end: erin (maker of disputed order 2) signs in, has no key yet,
    // and registers one from the thread; the customer has none either, so nothing can be sealed yet.
    await ui.page.goto(`${ui.server.url}/orders/2`);
    await actAs("erin");
    await ui.page.getByTestId("thread-signin").click();
    await ui.page.getByTestId("signed-in").waitFor();
    await ui.page.getByTestId("thread-no-key").waitFor();
    await ui.page.getByTestId("thread-setup-key").click();
    await ui.page.getByTestId("thread-reader-no-key").getByText("The customer has no encryption key").waitFor();

    // bob, the customer, signs in, registers his key and writes: sealed in this page, shown decrypted.
    await actAs("bob");
    await ui.page.getByTestId("thread-signin").click();
    await ui.page.getByTestId("signed-in").waitFor();
    await ui.page.getByTestId("thread-setup-key").click();
    await ui.page.getByTestId("private-thread").getByText("customer", { exact: true }).waitFor();
    await nodeHasKeys("bob", "erin"); // the node checks messages against the keys it indexed
    const secret = "Holes 3 and 4 are 0.4 mm off; photos in the evidence.";
    await ui.page.getByTestId("thread-input").fill(secret);
    await ui.page.getByRole("button", { name: "Send privately" }).click();
    await ui.page.getByTestId("thread-message").filter({ hasText: "Holes 3 and 4" }).waitFor();
    await shot("13-private-thread");
    // The node holds ciphertext only.
    const stored = await ui.net.node.database.db
      .selectFrom("order_messages")
      .selectAll()
      .where("order_id", "=", 2)
      .execute();
    assert.equal(stored.length, 1);
    assert.ok(!JSON.stringify(stored).includes("Holes"), "the node stores no plaintext");

    // erin must sign in herself and unlock her key again (the tab keeps the acting account's keys only).
    await actAs("erin");
    await ui.page.getByTestId("thread-signin").waitFor();
    await ui.page.getByTestId("thread-signin").click();
    await ui.page.getByTestId("thread-unlock").click();
    await ui.page.getByTestId("thread-message").filter({ hasText: "Holes 3 and 4" }).waitFor();
    // After a reload the key is gone (never stored): one signature unlocks the thread again.
    await ui.page.reload();
    await ui.page.getByTestId("thread-unlock").click();
    await ui.page.getByTestId("thread-message").filter({ hasText: "Holes 3 and 4" }).waitFor();
    // erin rotates her key: unlocking derives v1 and v2, so bob's message (sealed to her v1) still opens.
    const erin = ui.net.clients.erin;
    const erinV2 = await deriveKeyPair({ account: erin.account, version: 2 });
    await setEncryptionKey(erin, { publicKey: erinV2.publicKey });
    await ui.page.reload();
    await ui.page.getByText("your current one is v2").waitFor();
    await ui.page.getByTestId("thread-unlock").click();
    await ui.page.getByTestId("thread-message").filter({ hasText: "Holes 3 and 4" }).waitFor();
    // A message whose sealed payload was altered after sealing (the node checks only its shape) shows
    // as one that cannot be opened, not as an error page.
    await nodeHasKeys("erin");
    const bobKey = (await participantOf(erin, { account: ui.net.clients.bob.account.address })).encryptionKey;
    const sealed = await sealMessage({
      orderId: 2,
      author: erin.account.address,
      text: "Altered on the way",
      recipients: [
        { account: ui.net.clients.bob.account.address, keyVersion: 1, publicKey: bobKey },
        { account: erin.account.address, keyVersion: 2, publicKey: erinV2.publicKey },
      ],
    });
    const bytes = Buffer.from(sealed.ciphertext, "base64");
    bytes[bytes.length - 1] = (bytes[bytes.length - 1] as number) ^ 1;
    const altered = { ...sealed, ciphertext: bytes.toString("base64") };
    const status = await ui.page.evaluate(
      async (body) =>
        (
          await fetch("/api/orders/2/messages", {
            method: "POST",
            headers: { "content-type": "application/json" },
            body,
          })
        ).status,
      JSON.stringify(altered),
    );
    assert.equal(status, 201);
    await ui.page.getByTestId("thread-unreadable").filter({ hasText: "Cannot be opened: chunk 0 failed" }).waitFor();
    await ui.page.getByTestId("thread-message").filter({ hasText: "Holes 3 and 4" }).waitFor();
    await shot("13b-private-thread-unreadable");

    // alice is no party to order 2: no private thread for her.
    await actAs("alice");
    await ui.page.getByTestId("signin-button").click();
    await ui.page.getByTestId("signed-in").waitFor();
    await ui.page.getByTestId("timeline").waitFor();
    assert.equal(await ui.page.getByTestId("private-thread").count(), 0);
    assert.equal(await ui.page.getByTestId("thread-signin").count(), 0);

    // Her own settings, on her own profile only.
    await ui.page.goto(`${ui.server.url}/participants/${ui.net.clients.alice.account.address}`);
    const settings = ui.page.getByTestId("settings-form");
    await settings.getByLabel("Contact e-mail").fill("purchasing@alice-robotics.example");
    await settings.getByLabel("Payments").uncheck();
    await settings.getByRole("button", { name: "Save settings" }).click();
    await settings.getByText("Saved").waitFor();
    await ui.page.reload();
    await ui.page.getByTestId("settings-form").waitFor();
    assert.equal(await ui.page.getByLabel("Contact e-mail").inputValue(), "purchasing@alice-robotics.example");
    assert.equal(await ui.page.getByLabel("Payments").isChecked(), false);
    await shot("14-own-settings");
    await ui.page.goto(`${ui.server.url}/participants/${ui.net.clients.bob.account.address}`);
    await ui.page.getByTestId("participant-page").waitFor();
    assert.equal(await ui.page.getByTestId("settings-form").count(), 0);
  });

  it("publishes a signed document for an order's party and offers the order's evidence bundle", async () => {
    // bob, the customer of order 2, signs in and publishes an inspection report.
    await ui.page.goto(`${ui.server.url}/orders/2`);
    await actAs("bob");
    await ui.page.getByTestId("documents-signin").click();
    const form = ui.page.getByTestId("publish-document");
    await form.waitFor();
    await form.getByLabel("Kind").selectOption("inspection-report");
    await form
      .getByLabel("Document (JSON object)")
      .fill('{ "title": "Incoming inspection", "holes": "3 and 4 off by 0.4 mm" }');
    await form.getByRole("button", { name: "Sign and publish" }).click();
    await ui.page.getByTestId("published-documents").getByText("Inspection report").waitFor();
    const published = (await (await fetch(`${ui.net.nodeUrl}/api/orders/2/documents`)).json()) as {
      items: { publisher: string; role: string }[];
    };
    assert.deepEqual(
      published.items.map((d) => [d.publisher, d.role]),
      [[ui.net.clients.bob.account.address.toLowerCase(), "customer"]],
    );
    // The download link serves the order's CAR, which checks against the chain.
    const href = await ui.page.getByTestId("order-bundle").getAttribute("href");
    const car = await ui.page.request.get(`${ui.server.url}${href}`);
    assert.equal(car.headers()["content-type"], carMediaType);
    const result = await checkEvidenceBundle(new Uint8Array(await car.body()), { rpcUrl: ui.net.anvil.rpcUrl });
    assert.equal(result.valid, true, result.valid ? "" : result.reason);
    // The same check in the browser, through the node's /rpc.
    await ui.page.getByTestId("check-bundle").click();
    await ui.page.locator("[data-testid=bundle-verdict][data-ok=true]").waitFor({ timeout: 30_000 });
    assert.equal(await ui.page.locator("[data-testid=bundle-checks] li[data-ok=true]").count(), result.checks.length);
    await shot("15-published-document");

    // alice is no party to order 2: she sees the documents, not the form.
    await actAs("alice");
    await ui.page.getByTestId("published-documents").waitFor();
    assert.equal(await ui.page.getByTestId("publish-document").count(), 0);
    assert.equal(await ui.page.getByTestId("documents-signin").count(), 0);
  });

  it("works at tablet width", async () => {
    await ui.page.setViewportSize({ width: 820, height: 1100 });
    await ui.page.goto(`${ui.server.url}/orders/4`);
    await orderStatus("Completed");
    await shot("11-order-tablet");
    await ui.page.goto(ui.server.url);
    await ui.page.getByRole("heading", { name: "Network overview" }).waitFor();
    await shot("12-overview-tablet");
  });

  it("sends no token approval for an award the contract would refuse", async () => {
    // bob's RFQ must be delivered within 2 days of bidding; dave bids 5 days of lead time.
    const { bob, dave } = ui.net.clients;
    const now = await ui.net.anvil.now();
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
    await ui.net.anvil.increaseTime(400);
    const allowance = () =>
      bob.publicClient.readContract({
        address: ui.net.deployment.contracts.testStablecoin as Address,
        abi: erc20PermitAbi,
        functionName: "allowance",
        args: [bob.account.address, ui.net.deployment.contracts.orderMarket],
      });
    const before = await allowance();

    await ui.page.setViewportSize({ width: 1280, height: 900 });
    await ui.page.goto(`${ui.server.url}/orders/${orderId}`);
    await actAs("bob");
    await ui.page.getByTestId("award-button").click();
    const refused = ui.page.getByTestId(`bid-${dave.account.address.toLowerCase()}`).getByTestId("action-error");
    await refused.waitFor({ timeout: 30_000 });
    assert.match((await refused.textContent()) ?? "", /after its deadline.*MarketDeadlineUnreachable/);
    assert.match((await ui.page.getByTestId("order-facts").textContent()) ?? "", /Bidding closed/);
    await shot("15-award-refused");
    // Nothing left half-done: no approval was sent, and the order still takes an award.
    assert.equal(await allowance(), before);
    assert.equal(await ui.page.getByTestId("order-page").getAttribute("data-status"), "Open");
  });

  it("shows a licensed order's licence, royalty and the royalty paid to the designer", async () => {
    const { alice, carol, frank } = ui.net.clients;
    const { designId } = await registerDesign(frank, {
      contentHash: contentHashOf("housing"),
      cid: "bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi",
      title: "Housing",
    });
    const { licenceId } = await createLicence(frank, {
      designId,
      paymentToken: ui.net.deployment.contracts.testStablecoin as Address,
      royaltyPerUnit: 2_000_000n,
      maxUnits: 100n,
      makers: [carol.account.address],
    });
    const now = await ui.net.anvil.now();
    const { orderId } = await createRfq(alice, {
      specHash: keccak256(toHex("licensed housing")),
      specURI: "ipfs://spec/licensed-housing",
      process: "cnc-milling",
      material: "aluminium-6061",
      quantity: 10,
      budget: 700_000_000n,
      bond: 0n,
      biddingEnds: now + 300n,
      deadline: now + 30n * 86_400n,
      licenceId,
    });
    await bid(carol, { orderId, price: 600_000_000n, leadTime: 86_400 });
    await ui.net.anvil.increaseTime(400);
    await award(alice, { orderId, maker: carol.account.address, price: 600_000_000n, leadTime: 86_400 });
    await ship(carol, { orderId, evidenceHash: keccak256(toHex("tracking")) });
    await accept(alice, { orderId });

    await ui.page.goto(`${ui.server.url}/orders/${orderId}`);
    await orderStatus("Completed");
    const licence = ui.page.getByTestId("order-licence");
    await licence.getByText(/paid 20 tUSD/).waitFor({ timeout: 20_000 });
    assert.match((await licence.textContent()) ?? "", new RegExp(`#${licenceId} · royalty 20 tUSD to`));
    await shot("16-licensed-order");
  });

  it("logged no script or console errors", () => {
    assert.deepEqual(ui.problems, []);
  });
});
