// Browser tests of the overview and of the order actions dashboard.test.ts does not walk:
// live activity (server-sent events) and the overview charts, the demo accounts' marking on the
// local chain, counter-offer and its acceptance, a 30/70 payment schedule with a milestone reported
// and approved, a dispute and an arbiter's ruling, withdrawing a bid and withdrawing an RFQ. Each
// step checks what the page shows and, where money or state changes, the chain itself.
// Screenshots go to packages/web/test-results/ (actions-*.png).
//
// Needs /usr/bin/chromium: `apt-get install -y chromium` (override with DIPNET_CHROMIUM).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { bid, counterOffer, getBid, getOrder, owed } from "@dipnet/sdk";
import type { Locator } from "playwright-core";
import { screenshot, useBrowserSuite } from "./browser.ts";

const tusd = (n: number) => BigInt(Math.round(n * 1_000_000));

describe("dashboard actions in Chromium", { timeout: 240_000 }, () => {
  const ui = useBrowserSuite();

  const shot = (name: string) => screenshot(ui.page, `actions-${name}`);
  const actAs = async (name: string) => {
    await ui.page.selectOption("[data-testid=signer-select]", `demo:${name}`);
    await ui.page.getByTestId("signer-banner").filter({ hasText: "Demo account" }).waitFor();
  };
  const bidCard = (name: "carol" | "dave" | "erin") =>
    ui.page.getByTestId(`bid-${ui.net.clients[name].account.address.toLowerCase()}`);
  const text = async (l: Locator) => ((await l.textContent()) ?? "").replace(/\s+/g, " ");
  /** Waits until the action beside `l` reports success (or fails the test with its error). */
  const ok = async (l: Locator) => {
    await l.getByTestId("action-ok").or(l.getByTestId("action-error")).first().waitFor({ timeout: 30_000 });
    const error = l.getByTestId("action-error");
    if (await error.count()) assert.fail(`the action failed: ${await text(error)}`);
  };
  /** Waits for `outcome` of an action whose own section goes away once it succeeded (or fails with the page's error). */
  const outcome = async (l: Locator) => {
    await l.or(ui.page.getByTestId("action-error")).first().waitFor({ timeout: 30_000 });
    const error = ui.page.getByTestId("action-error");
    if (await error.count()) assert.fail(`the action failed: ${await text(error.first())}`);
  };
  const orderStatus = (status: string) => outcome(ui.page.locator(`[data-testid=order-page][data-status=${status}]`));
  const milestone = (n: number) =>
    ui.page
      .getByTestId("payment-schedule")
      .locator("li")
      .nth(n - 1);

  it("draws the overview charts from the seeded orders", async () => {
    await ui.page.goto(ui.server.url);
    await ui.page.getByRole("heading", { name: "Network overview" }).waitFor();
    // Orders over time: one bar per bucket and series; the bars add up to 3 posted, 1 completed.
    const bars = ui.page.getByRole("img", { name: "Orders posted and completed over time" });
    // Wait for the data, not for the first bar: the chart may draw before all three orders are in it.
    await ui.page.waitForFunction(
      () =>
        [...document.querySelectorAll('[aria-label="Orders posted and completed over time"] rect title')]
          .map((t) => Number(/Posted: (\d+)$/.exec(t.textContent ?? "")?.[1] ?? 0))
          .reduce((a, b) => a + b, 0) >= 3,
    );
    const barTitles = await bars.locator("rect title").allTextContents();
    const total = (series: string) =>
      barTitles.reduce((sum, t) => sum + Number(new RegExp(`${series}: (\\d+)$`).exec(t)?.[1] ?? 0), 0);
    assert.equal(total("Posted"), 3);
    assert.equal(total("Completed"), 1);
    const tall = await bars.locator("rect").evaluateAll((rs) => rs.filter((r) => Number(r.getAttribute("height")) > 0));
    assert.ok(tall.length >= 2, "posted and completed bars have a height");
    // Value awarded: orders 1 and 2, 2,150 + 1,640 = 3,790 tUSD, awarded a second apart (one point, or two
    // should a bucket boundary fall between them).
    const area = ui.page.getByRole("img", { name: "Value awarded over time" });
    const points = await area
      .locator("circle")
      .evaluateAll((cs) => cs.filter((c) => c.getAttribute("r") !== "0").map((c) => c.textContent ?? ""));
    assert.ok(points.length >= 1 && points.length <= 2, points.join(" | "));
    const compact = (t: string) => {
      const m = /: ([\d.]+)(K?)$/.exec(t);
      return m ? Number(m[1]) * (m[2] ? 1_000 : 1) : Number.NaN;
    };
    assert.ok(Math.abs(points.reduce((sum, t) => sum + compact(t), 0) - 3_790) <= 100, points.join(" | "));
    // Orders by status (from the node's stats): one completed, one in dispute, one open.
    const split = ui.page.getByRole("img", { name: "Orders by status" });
    await split.locator(".splitbar-seg").nth(2).waitFor();
    assert.equal(await split.locator(".splitbar-seg").count(), 3);
    const legend = await text(ui.page.locator(".splitbar-legend").filter({ hasText: "Taking bids" }));
    assert.match(legend, /Taking bids\s*1/);
    assert.match(legend, /In dispute\s*1/);
    assert.match(legend, /Completed\s*1/);
    await shot("01-overview-charts");
  });

  it("shows an event in the live activity feed the moment it is on chain, without reloading", async () => {
    await ui.page.goto(ui.server.url);
    await ui.page.locator(".live-on").first().waitFor();
    await ui.page.evaluate(() => {
      (window as unknown as { sameDocument: boolean }).sameDocument = true;
    });
    assert.equal(await ui.page.locator(".feed-new").count(), 0);
    // carol bids on the open RFQ 3 from outside the browser.
    await bid(ui.net.clients.carol, { orderId: 3n, price: tusd(700), leadTime: 6 * 86_400 });
    const item = ui.page.locator(".feed-new").filter({ hasText: "Bid from Carol Precision" });
    await item.waitFor({ timeout: 20_000 });
    assert.equal(await item.getByRole("link", { name: "#3" }).count(), 1);
    assert.equal(await ui.page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument), true);
    await shot("02-live-activity");
  });

  it("offers demo accounts on the local chain, plainly marked as such", async () => {
    const contracts = (await (await fetch(`${ui.server.url}/api/contracts`)).json()) as { chainId: number };
    assert.equal(contracts.chainId, 31337);
    await ui.page.getByText("Local chain", { exact: true }).waitFor();
    const group = ui.page.locator("[data-testid=signer-select] optgroup");
    // Role words come from the node's directory and the chain's arbiter list.
    await group.locator("option", { hasText: "carol — manufacturer" }).waitFor({ state: "attached" });
    await group.locator("option", { hasText: "judy — arbiter" }).waitFor({ state: "attached" });
    assert.equal(await group.getAttribute("label"), "Demo accounts · local chain only");
    const options = await group.locator("option").allTextContents();
    assert.equal(options.length, 11);
    assert.ok(options.includes("carol — manufacturer"), options.join(" | "));
    assert.ok(options.includes("judy — arbiter"), options.join(" | "));
    await actAs("bob");
    assert.match(
      await text(ui.page.getByTestId("signer-banner")),
      /Demo account · local chain only\..*public test keys/,
    );
    await shot("03-demo-account-banner");
  });

  it("counter-offer, 30/70 milestones, dispute and ruling: each step from the browser", async () => {
    const { alice, carol, judy } = ui.net.clients;
    // alice posts an RFQ paying 30% at a first milestone and 70% on acceptance.
    await actAs("alice");
    await ui.page.goto(`${ui.server.url}/orders?new=1`);
    const form = ui.page.getByTestId("rfq-form");
    await form.getByLabel("Budget (tUSD)").fill("2000");
    await form.getByLabel("Manufacturer's bond (tUSD)").fill("50");
    await form.getByLabel("Bidding open for").fill("10");
    await form.getByLabel("Bidding window unit").selectOption("minutes");
    await form.getByLabel("Payment schedule").selectOption({ label: "30% at first milestone, 70% on acceptance" });
    await form.getByTestId("rfq-spec").fill("Gearbox cover GC-3 rev B, ±0.02 mm bores");
    await form.getByRole("button", { name: "Post RFQ" }).click();
    await ui.page.waitForURL(/\/orders\/\d+$/, { timeout: 30_000 });
    const orderId = BigInt(/\/orders\/(\d+)$/.exec(ui.page.url())?.[1] ?? "0");
    await orderStatus("Open");
    assert.match(await text(milestone(1)), /30%.*pending/);
    assert.match(await text(milestone(2)), /70%.*on acceptance/);
    assert.deepEqual((await getOrder(alice, { orderId })).milestoneBps, [3_000, 7_000]);

    // carol and dave bid.
    for (const [name, price, days] of [
      ["carol", "1800", "10"],
      ["dave", "1900", "8"],
    ] as const) {
      await actAs(name);
      await ui.page.getByLabel("Price (tUSD)").fill(price);
      await ui.page.getByLabel("Lead time (days)").fill(days);
      await ui.page.getByTestId("bid-submit").click();
      await ok(ui.page.getByTestId("bid-section"));
    }
    await bidCard("dave").getByText("1,900 tUSD").waitFor();

    // alice counter-offers carol a lower price and a longer lead time.
    await actAs("alice");
    const carolCard = bidCard("carol");
    await carolCard.getByRole("button", { name: "Counter-offer" }).click();
    await carolCard.getByLabel("Price (tUSD)").fill("1600");
    await carolCard.getByLabel("Lead time (days)").fill("12");
    await carolCard.getByRole("button", { name: "Send counter-offer" }).click();
    await ok(carolCard);
    await carolCard.getByText("Counter-offer: 1,600 tUSD · 12 days").waitFor();
    await ui.page.getByTestId("timeline").getByText("Counter-offer to Carol Precision").waitFor();
    const countered = await getBid(alice, { orderId, maker: carol.account.address });
    assert.deepEqual(countered.counterOffer, { price: tusd(1_600), leadTime: 12 * 86_400 });
    assert.equal(countered.price, tusd(1_800));
    await shot("04-counter-offer-sent");
    // alice withdraws it from the card and sends it again (a withdrawn offer can no longer be accepted).
    await carolCard.getByTestId("withdraw-counter").click();
    await outcome(carolCard.getByText("✓ Counter-offer withdrawn"));
    await ui.page.getByTestId("timeline").getByText("Counter-offer to Carol Precision withdrawn").waitFor();
    assert.equal((await getBid(alice, { orderId, maker: carol.account.address })).counterOffer, undefined);
    await counterOffer(alice, { orderId, maker: carol.account.address, price: tusd(1_600), leadTime: 12 * 86_400 });

    // carol sees it in her actions and accepts: her bid now carries the customer's terms.
    await actAs("carol");
    const counterSection = ui.page.locator(".action-section").filter({ hasText: "Counter-offer from the customer" });
    assert.match(await text(counterSection), /1,600 tUSD with 12 days lead time/);
    await shot("05-counter-offer-received");
    await counterSection.getByRole("button", { name: "Accept counter-offer" }).click();
    // Once accepted, there is no counter-offer left to show: the section goes, the bid changes.
    await outcome(carolCard.locator(".bid-price").getByText("1,600 tUSD"));
    assert.equal(await counterSection.count(), 0);
    // … and the panel still says that it worked.
    assert.match(await text(ui.page.getByTestId("action-outcome")), /✓ Your bid now carries these terms · tx 0x/);
    assert.match(await text(carolCard), /12 days lead time/);
    assert.equal(await carolCard.locator(".bid-counter").count(), 0);
    await ui.page.getByTestId("timeline").getByText("Carol Precision accepted the counter-offer").waitFor();
    const accepted = await getBid(alice, { orderId, maker: carol.account.address });
    assert.equal(accepted.price, tusd(1_600));
    assert.equal(accepted.leadTime, 12 * 86_400);
    assert.equal(accepted.counterOffer, undefined);

    // Bidding closes; alice awards carol at the counter-offered price.
    await ui.net.anvil.increaseTime(11 * 60);
    await actAs("alice");
    await carolCard.getByTestId("award-button").click();
    await orderStatus("Awarded");
    assert.match(await text(ui.page.getByTestId("order-price")), /1,600 tUSD/);
    assert.match(await text(ui.page.getByTestId("escrow-held")), /1,616 tUSD/); // 1,600 + 1% fee
    assert.equal((await getOrder(alice, { orderId })).price, tusd(1_600));
    // Cancelling now would owe carol the 10 % floor of the price: the lead time has barely begun.
    await ui.page.getByTestId("cancel-compensation").waitFor();
    assert.match(await text(ui.page.getByTestId("cancel-compensation")), /^160(\.\d+)? tUSD$/);

    // carol reports the first milestone with evidence; alice sees it awaiting her approval.
    const carolOwedBefore = await owed(carol, { account: carol.account.address });
    await actAs("carol");
    const report = ui.page.getByTestId("milestone-section");
    assert.match(await text(report), /Report milestone 1 done/);
    await ui.page.getByTestId("milestone-section-text").fill("First-article inspection FAI-17: all bores in tolerance");
    await report.getByRole("button", { name: "Report milestone" }).click();
    await outcome(ui.page.getByTestId("timeline").getByText("Milestone 1 reported done"));
    await milestone(1).getByText("awaiting approval").waitFor();
    assert.equal(await ui.page.getByTestId("milestone-section").count(), 0); // one at a time
    assert.match(await text(ui.page.getByTestId("action-outcome")), /✓ Milestone reported/);
    await actAs("alice");
    const approve = ui.page.getByTestId("approve-section");
    assert.match(await text(approve), /Milestone 1 awaits your approval/);
    await shot("06-milestone-awaiting-approval");
    await approve.getByRole("button", { name: "Approve and release payment" }).click();
    await outcome(ui.page.getByTestId("timeline").getByText("Milestone 1 approved and paid"));
    await milestone(1)
      .getByText(/^paid /)
      .waitFor();
    assert.match(await text(milestone(1)), /30%\s*480 tUSD/);
    assert.match(await text(milestone(2)), /70%\s*1,120 tUSD\s*on acceptance/);
    assert.match(await text(ui.page.getByTestId("escrow")), /Released so far\s*480 tUSD/);
    assert.match(await text(ui.page.getByTestId("escrow-held")), /1,136 tUSD/);
    assert.equal(await ui.page.getByTestId("approve-section").count(), 0);
    assert.match(await text(ui.page.getByTestId("action-outcome")), /✓ Milestone paid/);
    assert.equal((await getOrder(alice, { orderId })).milestonesReleased, 1);
    assert.equal((await owed(carol, { account: carol.account.address })) - carolOwedBefore, tusd(480));
    await shot("07-milestone-paid");

    // carol ships; alice opens a dispute, citing evidence.
    await actAs("carol");
    await ui.page.getByTestId("ship-section-text").fill("UPS 1Z999, 25 pcs");
    await ui.page.getByRole("button", { name: "Mark as shipped" }).click();
    await orderStatus("Shipped");
    await actAs("alice");
    const disputeSection = ui.page.getByTestId("dispute-section");
    await ui.page.getByTestId("dispute-section-text").fill("Bores 2 and 5 measure +0.06 mm; CMM report attached");
    await disputeSection.getByRole("button", { name: "Open dispute" }).click();
    await orderStatus("Disputed");
    const record = ui.page.locator("#dispute");
    assert.match(await text(record), /Opened.*by\s*Alice Robotics.*evidence\s*0x/);
    assert.match(await text(record), /Waiting for an arbiter/);
    assert.match(await text(ui.page.getByLabel("Order progress")), /Shipped · in dispute/);
    assert.equal((await getOrder(alice, { orderId })).status, "Disputed");
    // dave, no party and no arbiter, cannot rule.
    await actAs("dave");
    await ui.page.getByTestId("no-actions").filter({ hasText: "it is disputed" }).waitFor();
    assert.equal(await ui.page.getByTestId("rule-section").count(), 0);
    await shot("08-disputed");

    // judy, an arbiter, rules: 25% of the unreleased 1,120 back to alice, 10% of the bond slashed.
    const aliceOwedBefore = await owed(alice, { account: alice.account.address });
    const carolOwedRuling = await owed(carol, { account: carol.account.address });
    await actAs("judy");
    const ruling = ui.page.getByTestId("rule-section");
    await ruling.getByLabel("Refund to customer (% of unreleased price)").fill("25");
    await ruling.getByLabel("Slash of the bond (%)").fill("10");
    await shot("09-ruling-form");
    await ruling.getByRole("button", { name: "Rule" }).click();
    await orderStatus("Resolved");
    // The dispute record shows the ruling, by whom.
    await record.getByText("Ruling").waitFor();
    assert.match(
      await text(record),
      /Ruling.*judy.*refunded 25% of the unreleased price and slashed 10% of the bond\./,
    );
    assert.equal(await record.getByText("Waiting for an arbiter").count(), 0);
    // The escrow split: 480 at the milestone + 840 at settlement to carol, 280 + 2.8 unused fee back to
    // alice, 13.2 fee: together the 1,616 escrowed.
    const escrow = await text(ui.page.getByTestId("escrow"));
    assert.match(escrow, /Paid to the manufacturer\s*1,320 tUSD\s*480 tUSD at milestones \+ 840 tUSD at settlement/);
    assert.match(escrow, /Refunded to the customer\s*282\.8 tUSD\s*280 tUSD of the price \+ 2\.8 tUSD of the fee/);
    assert.match(escrow, /Network fee charged\s*13\.2 tUSD/);
    assert.match(escrow, /Still in escrow\s*0 tUSD/);
    const split = ui.page.getByRole("img", { name: "Escrow split" });
    assert.equal(await split.locator(".splitbar-seg").count(), 3);
    const legend = await text(ui.page.locator("#escrow .splitbar-legend"));
    assert.match(legend, /Paid to the manufacturer\s*1,320 tUSD/);
    assert.match(legend, /Refunded to the customer\s*282\.8 tUSD/);
    assert.match(legend, /Network fee charged\s*13\.2 tUSD/);
    assert.match(await text(milestone(2)), /in the final settlement/);
    assert.match(await text(ui.page.locator(".bond-row")), /slashed\s*5 tUSD slashed to the customer/);
    assert.match(await text(ui.page.getByLabel("Order progress")), /Resolved by arbiter/);
    // The chain agrees.
    const resolved = await getOrder(judy, { orderId });
    assert.equal(resolved.status, "Resolved");
    assert.equal((await owed(carol, { account: carol.account.address })) - carolOwedRuling, tusd(840));
    assert.equal((await owed(alice, { account: alice.account.address })) - aliceOwedBefore, tusd(282.8));
    const detail = (await (await fetch(`${ui.server.url}/api/orders/${orderId}`)).json()) as {
      settlement: { makerAmount: string; customerRefund: string; fee: string; bondSlashed: string };
    };
    assert.deepEqual(detail.settlement, {
      makerAmount: tusd(840).toString(),
      customerRefund: tusd(282.8).toString(),
      fee: tusd(13.2).toString(),
      bondSlashed: tusd(5).toString(),
    });
    await shot("10-resolved");
  });

  it("withdraws a bid, then the RFQ itself", async () => {
    const { bob, dave } = ui.net.clients;
    // RFQ 3 (bob's) has bids from dave, erin and carol; dave withdraws his.
    await ui.page.goto(`${ui.server.url}/orders/3`);
    await actAs("dave");
    await orderStatus("Open");
    await bidCard("dave").getByText("640 tUSD").waitFor();
    const withdrawBid = ui.page.getByRole("button", { name: "Withdraw my bid" });
    await withdrawBid.click();
    await outcome(bidCard("dave").locator(".pill").getByText("Withdrawn"));
    await ui.page.getByTestId("timeline").getByText("Dave Additive withdrew the bid").waitFor();
    assert.equal(await withdrawBid.count(), 0);
    assert.equal((await getBid(dave, { orderId: 3n, maker: dave.account.address })).state, "Withdrawn");
    // His point leaves the bids chart; carol's 700 is now the lowest.
    assert.equal(
      await ui.page.getByRole("img", { name: "Bids: price against lead time" }).locator("circle").count(),
      2,
    );
    await bidCard("carol").getByText("Lowest").waitFor();
    await shot("11-bid-withdrawn");

    // bob withdraws the RFQ: it is cancelled, nobody can bid or be awarded any more.
    await actAs("bob");
    await ui.page.getByRole("button", { name: "Withdraw this RFQ" }).click();
    await orderStatus("Cancelled");
    await ui.page.getByTestId("timeline").getByText("RFQ withdrawn by the customer").waitFor();
    await ui.page.getByTestId("no-actions").waitFor();
    assert.equal(await ui.page.getByTestId("award-button").count(), 0);
    assert.equal((await getOrder(bob, { orderId: 3n })).status, "Cancelled");
    await shot("12-rfq-withdrawn");
  });

  it("logged no script or console errors", () => {
    assert.deepEqual(ui.problems, []);
  });
});
