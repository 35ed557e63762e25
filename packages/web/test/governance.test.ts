// Browser test of /governance on a network handed to its DAO: a proposal submitted through the SDK
// is listed; alice, acting as a demo account, votes For with a reason on its page and sees her
// ballot and the For bar, then bob's vote Against arrives live; chain time passes the vote and the timelock's delay, and she queues and
// executes it from the page until it reads Executed and the parameters section shows the new value
// changed by that proposal; the treasury shows a gift from alice; carol delegates her DIP to herself from her profile. Each step checks
// the page and, where it changed something, the chain. Screenshots: test-results/governance-*.png.
//
// Needs /usr/bin/chromium: `apt-get install -y chromium` (override with DIPNET_CHROMIUM).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  castVote,
  delegateVotes,
  erc20PermitAbi,
  getDipAccount,
  getProposal,
  type ProposalContent,
  participantRegistryAbi,
  propose,
} from "@dipnet/sdk";
import { devAccounts } from "@dipnet/sdk/node";
import { testDao } from "@dipnet/sdk/testing";
import type { Locator } from "playwright-core";
import { encodeFunctionData, parseUnits } from "viem";
import { screenshot, useBrowserSuite } from "./browser.ts";

const HOUR = 3_600;
const DAY = 86_400;
const dip = (whole: number) => parseUnits(String(whole), 18);
const accounts = devAccounts();
/** The new minimum stake, in tUSD base units (6 decimals): 750 tUSD. */
const newMinStake = 750_000_000n;

describe("governance in Chromium", { timeout: 300_000 }, () => {
  const ui = useBrowserSuite({
    dao: testDao,
    arrange: async (net) => {
      await delegateVotes(net.clients.alice, { delegatee: accounts.alice.address });
      await delegateVotes(net.clients.bob, { delegatee: accounts.bob.address });
      // A gift to the treasury, so it has a balance and a movement to show.
      const { testStablecoin, timelock } = net.deployment.contracts;
      assert.ok(testStablecoin && timelock);
      const { alice } = net.clients;
      const hash = await alice.walletClient.writeContract({
        address: testStablecoin,
        abi: erc20PermitAbi,
        functionName: "transfer",
        args: [timelock, 1_000_000_000n],
      });
      await alice.publicClient.waitForTransactionReceipt({ hash });
      // The Governor counts votes delegated before a proposal's snapshot, a moment in the past.
      await net.anvil.increaseTime(1);
    },
  });
  let content: ProposalContent;
  let proposalId: bigint;

  const shot = (name: string) => screenshot(ui.page, `governance-${name}`);
  const text = async (l: Locator) => ((await l.textContent()) ?? "").replace(/\s+/g, " ");
  /** Waits until the action in `section` reports success (or fails the test with its decoded error). */
  const ok = async (section: Locator) => {
    await section.getByTestId("action-ok").or(section.getByTestId("action-error")).first().waitFor({ timeout: 30_000 });
    const error = section.getByTestId("action-error");
    if (await error.count()) assert.fail(`the action failed: ${await text(error)}`);
  };
  /** Follows the main navigation's link `name` (no reload: the live feed keeps what it received). */
  const nav = (name: string) => ui.page.getByRole("navigation", { name: "Main" }).getByRole("link", { name }).click();
  const proposalPage = (state: string) => ui.page.locator(`[data-testid=proposal-page][data-state=${state}]`);
  /** Moves chain time on, then loads the proposal page again: time alone emits no event to refresh it. */
  const passTime = async (seconds: number, state: string) => {
    await ui.net.anvil.increaseTime(seconds);
    await ui.page.reload();
    await proposalPage(state).waitFor({ timeout: 20_000 });
  };

  it("lists a proposal submitted through the SDK, pending its vote", async () => {
    const registry = ui.net.deployment.contracts.participantRegistry;
    content = {
      calls: [
        {
          target: registry,
          data: encodeFunctionData({ abi: participantRegistryAbi, functionName: "setMinStake", args: [newMinStake] }),
        },
      ],
      description:
        "Raise the minimum stake to 750 tUSD\n\nMakers with more at stake take more care over what they promise.",
    };
    ({ proposalId } = await propose(ui.net.clients.bob, content));
    await ui.page.goto(`${ui.server.url}/governance`);
    await ui.page.getByRole("heading", { name: "Governance", level: 1 }).waitFor();
    const row = ui.page.locator(`[data-testid=proposal-row][data-id="${proposalId}"]`);
    await row.waitFor();
    assert.equal(await row.getAttribute("data-state"), "Pending");
    assert.match(await text(row), /Raise the minimum stake to 750 tUSD/);
    assert.match(await text(row), /Bob Drives/);
    const treasury = ui.page.locator("#treasury");
    await treasury.getByTestId("treasury-balances").filter({ hasText: "1,000 tUSD" }).waitFor();
    assert.match(await text(treasury.getByTestId("treasury-history")), /Received\s*\+1,000 tUSD\s*from Alice Robotics/);
    await shot("01-proposals");
  });

  it("votes For with a reason as alice, and shows her ballot and the For bar", async () => {
    await ui.net.anvil.increaseTime(HOUR + 1);
    await ui.page.selectOption("[data-testid=signer-select]", "demo:alice");
    await ui.page.getByTestId("signer-banner").filter({ hasText: "Demo account" }).waitFor();
    await ui.page.getByRole("link", { name: "Raise the minimum stake to 750 tUSD" }).click();
    await proposalPage("Active").waitFor({ timeout: 20_000 });
    assert.match(await text(ui.page.getByTestId("proposal-calls")), /ParticipantRegistry\.setMinStake\(.*750000000/);
    const forBar = ui.page.locator("[data-testid=vote-bars] [data-choice=for]");
    assert.equal(await forBar.getAttribute("data-votes"), "0");

    const vote = ui.page.getByTestId("vote-section");
    await vote.getByLabel("For", { exact: true }).check();
    await vote.getByLabel(/Reason/).fill("A bigger bond makes every award safer.");
    await vote.getByTestId("vote-preview").filter({ hasText: "400,000 DIP" }).waitFor();
    await ui.page.getByTestId("vote-submit").click();
    await ok(vote);

    const ballot = ui.page.locator(`[data-testid=ballots] [data-voter="${accounts.alice.address.toLowerCase()}"]`);
    await ballot.waitFor();
    assert.equal(await ballot.getAttribute("data-support"), "for");
    assert.match(await text(ballot), /A bigger bond makes every award safer\./);
    await ui.page.locator(`[data-testid=vote-bars] [data-choice=for][data-votes="${dip(400_000)}"]`).waitFor();
    const width = await forBar.locator(".vote-fill").evaluate((el) => el.getBoundingClientRect().width);
    assert.ok(width > 0, "the For bar has a length");
    assert.match(await text(ui.page.getByTestId("vote-bars")), /Quorum 40,000 DIP .*reached/);
    assert.match(await text(ui.page.getByTestId("vote-section-why-not")), /You voted for/);
    assert.deepEqual((await getProposal(ui.net.clients.alice, proposalId)).votes.for, dip(400_000));

    // bob votes Against outside the browser: the live stream brings his ballot in without a reload.
    await ui.page.evaluate(() => {
      (window as unknown as { sameDocument: boolean }).sameDocument = true;
    });
    await castVote(ui.net.clients.bob, { proposalId, choice: "against", reason: "Small shops cannot raise it." });
    await ui.page.locator(`[data-testid=vote-bars] [data-choice=against][data-votes="${dip(300_000)}"]`).waitFor();
    const bobsBallot = ui.page.locator(`[data-testid=ballots] [data-voter="${accounts.bob.address.toLowerCase()}"]`);
    assert.match(await text(bobsBallot), /Against.*Small shops cannot raise it\./);
    assert.equal(await ui.page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument), true);
    await shot("02-voted");
  });

  it("queues and executes from the page once the vote and the timelock's delay are over", async () => {
    await passTime(DAY, "Succeeded");
    const queueSection = ui.page.getByTestId("queue-section");
    await ui.page.getByTestId("queue-submit").click();
    await ok(queueSection);
    await proposalPage("Queued").waitFor({ timeout: 20_000 });
    assert.equal(await ui.page.getByTestId("execute-submit").isDisabled(), true);
    assert.match(await text(ui.page.getByTestId("execute-section-why-not")), /delay has not passed/);
    await shot("03-queued");

    await passTime(DAY + 1, "Queued");
    await ui.page.getByTestId("execute-submit").click();
    // The controls give way to the proposal's end; the execution's outcome stays above it.
    await ui.page
      .getByTestId("action-outcome")
      .or(ui.page.getByTestId("action-error"))
      .first()
      .waitFor({ timeout: 30_000 });
    assert.match(await text(ui.page.locator("#proposal-actions")), /✓ Executed · tx 0x/);
    await proposalPage("Executed").waitFor({ timeout: 20_000 });
    assert.match(await text(ui.page.getByTestId("proposal-ended")), /The timelock has carried it out/);
    // At tablet width the page still fits: nothing to scroll sideways.
    await ui.page.setViewportSize({ width: 768, height: 1000 });
    const sideways = await ui.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    await shot("04-executed-768");
    await ui.page.setViewportSize({ width: 1280, height: 900 });
    assert.equal(sideways, 0, "the proposal page scrolls sideways at 768 px");
    assert.equal((await getProposal(ui.net.clients.alice, proposalId)).state, "Executed");
    const steps = await ui.page
      .locator("[data-testid=proposal-progress] [data-reached=true]")
      .evaluateAll((li) => li.map((l) => l.getAttribute("data-step")));
    assert.deepEqual(steps, ["created", "active", "succeeded", "queued", "executed"]);
    const minStake = await ui.net.clients.alice.publicClient.readContract({
      address: ui.net.deployment.contracts.participantRegistry,
      abi: participantRegistryAbi,
      functionName: "minStake",
    });
    assert.equal(minStake, newMinStake);
    await shot("04-executed");

    await nav("Governance");
    const parameter = ui.page.locator(
      `[data-testid=parameters] [data-parameter=minStake][data-value="${newMinStake}"]`,
    );
    await parameter.waitFor();
    assert.match(await text(parameter.getByTestId("param-value")), /^750 tUSD$/);
    const link = parameter.getByTestId("param-proposal");
    assert.equal(await link.getAttribute("href"), `/governance/proposals/${proposalId}`);
    assert.match(await text(link), /Raise the minimum stake/);
    await parameter.scrollIntoViewIfNeeded();
    await shot("05-parameters");
  });

  it("delegates carol's DIP to herself from her profile, and the live feed tells it", async () => {
    await ui.page.selectOption("[data-testid=signer-select]", "demo:carol");
    await ui.page.getByTestId("signer-banner").filter({ hasText: "Demo account" }).waitFor();
    await ui.page.goto(`${ui.server.url}/participants/${accounts.carol.address}`);
    const card = ui.page.locator("#voting-power");
    await card.getByTestId("dip-balance").filter({ hasText: "300,000 DIP" }).waitFor();
    assert.match(await text(card.getByTestId("dip-delegate")), /not counted/);
    await card.getByTestId("delegate-self").click();
    await ok(card);
    await card.getByTestId("dip-votes").filter({ hasText: "300,000 DIP" }).waitFor();
    assert.match(await text(card.getByTestId("dip-delegate")), /yourself/);
    assert.equal((await getDipAccount(ui.net.clients.carol, accounts.carol.address)).votes, dip(300_000));
    await shot("06-delegation");
    // The live feed on the overview tells the delegation in words.
    await nav("Overview");
    await ui.page.getByTestId("activity-feed").getByText("Carol Precision now casts their own DIP votes").waitFor();
    assert.deepEqual(ui.problems, []);
  });
});
