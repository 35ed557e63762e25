// Governance through the CLI on a network handed to its DAO: delegation, a proposal from
// submission to execution with every refusal on the way in words, a defeated proposal, a
// withdrawn one, a treasury transfer, a deployment with DAO options, and the guardian.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { devAccounts } from "@dipnet/sdk/node";
import { enactProposal, rfqCreateArgs, testDao, useCliEnvironment } from "./testing.ts";

const HOUR = 3_600;
const DAY = 86_400;
const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../bin/dipnet.mjs");
const dip = (whole: number) => `${whole}${"0".repeat(18)}`;

describe("dipnet gov and token on a DAO network", () => {
  const environment = useCliEnvironment("gov", {}, { dao: testDao });
  const { ok, fails } = environment;
  const dev = devAccounts();
  const propose = (as: string, title: string, ...actions: string[]) =>
    ok(as, "gov", "propose", "--title", title, ...actions.flatMap((a) => ["--action", a]));

  it("counts DIP as votes once delegated, and moves them with transfers", async () => {
    const before = await ok(undefined, "token", "balance", "alice");
    assert.deepEqual(before, {
      account: dev.alice.address,
      balance: dip(400_000),
      delegate: "0x0000000000000000000000000000000000000000",
      votes: "0",
    });
    await ok("alice", "token", "delegate", "self");
    await ok("bob", "token", "delegate", "self");
    await ok("carol", "token", "delegate", "bob");
    await ok("alice", "token", "transfer", "dave", "1000");
    assert.equal((await ok(undefined, "token", "balance", "alice")).votes, dip(399_000));
    assert.equal((await ok(undefined, "token", "balance", "bob")).votes, dip(600_000));
    const dave = await ok("dave", "token", "balance");
    assert.deepEqual([dave.balance, dave.votes], [dip(1_000), "0"], "undelegated DIP does not vote");
    assert.equal((await fails("dave", "token", "transfer", "erin", "5000")).name, "ERC20InsufficientBalance");
    await environment.anvil.increaseTime(1); // the threshold counts votes of the past second
  });

  it("refuses bad proposals before anything is sent, naming the field and the reason", async () => {
    const refusal = async (action: string, field: string, reason: RegExp) => {
      const error = await fails("alice", "gov", "propose", "--title", "Bad", "--action", action);
      assert.equal(error.name, "InvalidParameterError", `${action}: ${error.message}`);
      assert.equal(error.args?.field, field, action);
      assert.match(String(error.args?.reason), reason, action);
    };
    await refusal("set-fee 20%", "set-fee <share>", /outside the bounds 0% to 10%/);
    await refusal("set-windows --ruling 100d", "set-windows --ruling", /outside the bounds 1d to 90d/);
    await refusal("set-min-bond 500", "set-min-bond <amount>", /above the minimum stake of 100 tUSD/);
    await refusal("treasury-transfer tUSD erin 500", "treasury-transfer <amount>", /the treasury holds 0 tUSD/);
    await refusal("treasury-collect tUSD", "treasury-collect <token>", /the market owes the treasury no tUSD/);
    await refusal("set-threshold 20000", "set-threshold <amount>", /above 1% of the DIP supply \(10000 DIP\)/);
    await refusal("admit-arbiter nobody", "admit-arbiter <account>", /neither an address nor a known account/);
    await refusal("raise-fee 2%", "--action", /unknown action "raise-fee"/);
    const untitled = await fails("alice", "gov", "propose", "--action", "set-fee 2%");
    assert.equal(untitled.args?.field, "--title");
    const noVotes = await fails("dave", "gov", "propose", "--title", "Dave's fee", "--action", "set-fee 2%");
    assert.match(
      noVotes.message,
      /^proposal rejected: dave .* has 0 DIP of delegated votes, below the proposal threshold of 1000 DIP/,
    );
    assert.deepEqual(await ok(undefined, "gov", "proposals"), [], "nothing was sent");
  });

  it("takes a fee change from proposal through vote, queue and timelock to execution", async () => {
    const proposal = [
      ...["gov", "propose", "--title", "Fee to 2%, acceptance in 5 days", "--description", "Arbiters need paying."],
      ...["--action", "set-fee 2%", "--action", "set-windows --acceptance 5d"],
    ];
    const dry = await ok("alice", ...proposal, "--dry-run");
    assert.equal(dry.sent, false);
    assert.deepEqual(
      dry.actions.map((a: { summary: string }) => a.summary),
      ["protocol fee 1% → 2%", "acceptance window 7d → 5d"],
    );
    // The second call keeps the first one's fee: market parameters are set all at once.
    assert.match(
      dry.actions[1].decoded,
      /^OrderMarket\.setParameters\(parameters_: \{ feeBps: 200, acceptanceWindow: 432000, /,
    );

    const proposed = await ok("alice", ...proposal);
    assert.equal(proposed.proposalId, dry.proposalId, "the dry run named the proposal that was sent");
    const id: string = proposed.proposalId;
    const early = await fails("bob", "gov", "vote", id, "for");
    assert.match(early.message, new RegExp(`^vote rejected: voting on proposal ${id} has not started`));

    await environment.anvil.increaseTime(HOUR + 1);
    await ok("alice", "gov", "vote", id.slice(0, 8), "for", "--reason", "arbiters need paying");
    await ok("bob", "gov", "vote", id, "abstain");
    const twice = await fails("alice", "gov", "vote", id, "against");
    assert.match(twice.message, /^vote rejected: alice .* has already voted on this proposal/);
    assert.match(
      (await fails("carol", "gov", "queue", id)).message,
      /queueing rejected: proposal \d+ is still being voted on/,
    );

    const shown = await ok(undefined, "gov", "show", id);
    assert.equal(shown.state, "Active");
    assert.equal(shown.proposer, dev.alice.address);
    assert.equal(shown.title, "Fee to 2%, acceptance in 5 days");
    assert.equal(shown.description, "# Fee to 2%, acceptance in 5 days\n\nArbiters need paying.");
    assert.deepEqual(shown.votes, { for: dip(399_000), against: "0", abstain: dip(600_000) });
    assert.equal(shown.quorum, dip(40_000));
    assert.deepEqual(
      shown.voters.map((v: { choice: string; reason: string }) => [v.choice, v.reason]),
      [
        ["for", "arbiters need paying"],
        ["abstain", ""],
      ],
    );
    assert.match(
      shown.calls[0].decoded,
      /^OrderMarket\.setParameters\(parameters_: \{ feeBps: 200, acceptanceWindow: 604800/,
    );

    await environment.anvil.increaseTime(DAY);
    assert.match(
      (await fails("carol", "gov", "execute", id)).message,
      /execution rejected: proposal \d+ has passed and is not queued yet/,
    );
    const queued = await ok("carol", "gov", "queue", id);
    assert.equal(queued.state, "Queued");
    assert.ok(BigInt(queued.eta) > 0n);
    const tooSoon = await fails("carol", "gov", "execute", id);
    assert.match(tooSoon.message, /^execution rejected: the timelock operation is not ready/);
    assert.equal((await ok(undefined, "gov", "parameters")).feeBps, 100, "nothing changes before execution");

    await environment.anvil.increaseTime(testDao.timelockDelay);
    assert.equal((await ok("frank", "gov", "execute", id)).state, "Executed");
    const parameters = await ok(undefined, "gov", "parameters");
    assert.deepEqual([parameters.feeBps, parameters.acceptanceWindow], [200, 5 * DAY]);

    // Every other market parameter in one proposal: each call keeps what the earlier ones set.
    await enactProposal(environment, "Every other market parameter", [
      "set-windows --grace 2d --ruling 20d",
      "set-min-bond 10",
      "set-cancellation-floor 20%",
      "set-commit-deposit 2%",
      "set-min-stake 150",
    ]);
    const all = await ok(undefined, "gov", "parameters");
    assert.deepEqual(
      [all.feeBps, all.acceptanceWindow, all.lateGrace, all.rulingWindow, all.minBond],
      [200, 5 * DAY, 2 * DAY, 20 * DAY, "10000000"],
    );
    assert.deepEqual([all.cancellationFloorPercent, all.commitDepositBps, all.minStake], [20, 200, "150000000"]);
    assert.equal(parameters.governance.votingDelay, String(HOUR));
    const executed = await ok(undefined, "gov", "proposals", "--state", "executed");
    assert.equal(executed[0].proposalId, id);
    assert.deepEqual(
      executed.map((p: { title: string }) => p.title),
      ["Fee to 2%, acceptance in 5 days", "Every other market parameter"],
    );
  });

  it("defeats a proposal voted down, and lets only its proposer withdraw one before the vote", async () => {
    const { proposalId: id } = await propose("alice", "Mint erin 5,000 DIP", "mint-dip erin 5000");
    await environment.anvil.increaseTime(HOUR + 1);
    await ok("alice", "gov", "vote", id, "for");
    await ok("bob", "gov", "vote", id, "against", "--reason", "no grants before a budget");
    await environment.anvil.increaseTime(DAY);
    assert.equal((await ok(undefined, "gov", "show", id)).state, "Defeated");
    assert.match((await fails("carol", "gov", "queue", id)).message, /proposal \d+ was defeated/);

    const { proposalId: withdrawn } = await propose("bob", "Admit erin as arbiter", "admit-arbiter erin");
    const notHis = await fails("alice", "gov", "cancel", withdrawn);
    assert.match(
      notHis.message,
      /alice .* cannot cancel proposal \d+: only its proposer can, and only before voting opens/,
    );
    assert.equal((await ok("bob", "gov", "cancel", withdrawn)).state, "Canceled");
    const states = (await ok(undefined, "gov", "proposals")).map((p: { state: string }) => p.state);
    assert.deepEqual(states, ["Executed", "Executed", "Defeated", "Canceled"]);
  });

  it("pays from the treasury and admits an arbiter by one proposal", async () => {
    const { timelock } = (await ok(undefined, "gov", "parameters")).governance;
    await ok("deployer", "faucet", "1000", "--to", timelock);
    await enactProposal(environment, "Grant erin 500 tUSD and admit her as arbiter", [
      "treasury-transfer tUSD erin 500",
      "admit-arbiter erin",
    ]);
    assert.equal((await ok(undefined, "balance", "erin")).balance, "500000000");
    assert.equal((await ok(undefined, "balance", timelock)).balance, "500000000");
  });

  it("prints proposals and a proposal's decoded calls for people", () => {
    const env = { ...process.env, DIPNET_DATA_DIR: environment.dataDir, DIPNET_RPC_URL: environment.anvil.rpcUrl };
    const list = spawnSync(process.execPath, [bin, "gov", "proposals"], { env, encoding: "utf8" });
    assert.equal(list.status, 0, list.stderr);
    const [header, first] = list.stdout.split("\n");
    assert.match(header ?? "", /^id\s+state\s+for \/ against \/ abstain\s+deadline\s+title$/);
    assert.match(
      first ?? "",
      /^\d{10}… +Executed +399000 DIP \/ 0 DIP \/ 600000 DIP \(quorum 40000 DIP\) +\d{4}-.* UTC +Fee to 2%/,
    );
    const prefix = /^(\d{10})…/.exec(first ?? "")?.[1] ?? "";
    const show = spawnSync(process.execPath, [bin, "gov", "show", prefix], { env, encoding: "utf8" });
    assert.equal(show.status, 0, show.stderr);
    assert.match(show.stdout, /^ {2}state +Executed$/m);
    assert.match(show.stdout, /^ {2}proposer +alice \(0x/m);
    assert.match(show.stdout, /^ {4}1\. OrderMarket\.setParameters\(parameters_: \{ feeBps: 200,/m);
    assert.match(show.stdout, /^ {4}alice \(0x.*\) for, 399000 DIP: "arbiters need paying"$/m);
    const unknown = spawnSync(process.execPath, [bin, "gov", "show", "123456789"], { env, encoding: "utf8" });
    assert.equal(unknown.status, 1);
    assert.equal(unknown.stderr, "error: invalid id: there is no proposal 123456789…\n");
  });

  it("deploys a network handed to its DAO with the settings given", async () => {
    const other = mkdtempSync(path.join(tmpdir(), "dipnet-gov-deploy-"));
    try {
      const deployed = await ok(
        "deployer",
        ...["--data-dir", other, "deploy", "--dip", "alice=600000,bob=400000", "--voting-delay", "2h"],
        ...["--voting-period", "3d", "--quorum", "10%", "--threshold", "500", "--timelock-delay", "2d"],
        ...["--arbiters", "erin", "--certifiers", "frank"],
      );
      assert.ok(deployed.contracts.governor && deployed.contracts.timelock && deployed.contracts.dipToken);
      const { governance, treasury } = await ok(undefined, "--data-dir", other, "gov", "parameters");
      assert.deepEqual(
        [governance.votingDelay, governance.votingPeriod, governance.quorumPercent, governance.timelockDelay],
        [String(2 * HOUR), String(3 * DAY), "10", String(2 * DAY)],
      );
      assert.equal(governance.proposalThreshold, dip(500));
      assert.equal(treasury, deployed.contracts.timelock);
      assert.equal((await ok(undefined, "--data-dir", other, "token", "balance", "bob")).balance, dip(400_000));

      const refused = async (args: string[], field: string) => {
        const error = await fails("deployer", "--data-dir", other, "deploy", "--force", ...args);
        assert.equal(error.args?.field, field, error.message);
      };
      await refused(["--voting-delay", "2h"], "--voting-delay");
      await refused(["--dip", "alice=1000000", "--quorum", "60%"], "--quorum");
      await refused(["--dip", "alice=1000000,alice=5"], "--dip");
      await refused(["--dip", "alice=1000000", "--timelock-delay", "1h"], "--timelock-delay");
      await refused(["--dip", "alice=50000"], "--threshold"); // 1 % of it is less than the default 1000 DIP

      // Without --dip the deployer governs: there are no proposals to make or vote on.
      await ok("deployer", "--data-dir", other, "deploy", "--force");
      assert.equal((await ok(undefined, "--data-dir", other, "gov", "parameters")).governance, undefined);
      const noDao = await fails(
        "alice",
        "--data-dir",
        other,
        "gov",
        "propose",
        "--title",
        "Fee",
        "--action",
        "set-fee 2%",
      );
      assert.match(noDao.message, /^this deployment has no DAO/);
      assert.match((await fails(undefined, "--data-dir", other, "gov", "vote", "1234567", "for")).message, /no DAO/);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it("takes a description from a file", async () => {
    const file = path.join(environment.dataDir, "proposal.md");
    writeFileSync(file, "Quorum at 5 %.\n\n- more voters\n");
    const { proposalId } = await ok(
      "alice",
      ...["gov", "propose", "--title", "Quorum 5%", "--action", "set-quorum 5%", "--description-file", file],
    );
    assert.equal(
      (await ok(undefined, "gov", "show", proposalId)).description,
      "# Quorum 5%\n\nQuorum at 5 %.\n\n- more voters",
    );
  });
});

describe("dipnet guardian on a DAO network", () => {
  const environment = useCliEnvironment("guardian", {}, { dao: testDao });
  const { ok, fails } = environment;
  const dev = devAccounts();

  it("pauses new RFQs and bids once, by a guardian appointed by proposal, while a live order goes on", async () => {
    await ok("alice", "participant", "register", "--roles", "customer");
    for (let i = 0; i < 2; i++) await ok("alice", "faucet", "10000");
    await ok("bob", "participant", "register", "--roles", "manufacturer");
    await ok("bob", "faucet", "5000");
    await ok("bob", "stake", "deposit", "2000");
    const live = (await ok("alice", ...rfqCreateArgs())).orderId;
    const open = (await ok("alice", ...rfqCreateArgs({ "bidding-ends": "+10d" }))).orderId;
    await ok("bob", "bid", "place", `${live}`, "--price", "4000", "--lead-time", "10d");
    await environment.anvil.increaseTime(HOUR + 1);
    await ok("alice", "order", "award", `${live}`, "--maker", "bob", "--price", "4000", "--lead-time", "10d");

    const notYet = await fails("erin", "guardian", "pause", "1d");
    assert.match(notYet.message, /^pause rejected: erin .* is not the guardian/);
    await enactProposal(environment, "Erin guards new business", ["set-guardian erin"]);
    const before = await ok(undefined, "gov", "parameters");
    assert.deepEqual([before.guardian, before.paused], [dev.erin.address, false]);

    const tooLong = await fails("erin", "guardian", "pause", "4d");
    assert.match(tooLong.message, /parameter "duration" is invalid: must be 1 second to MAX_PAUSE \(3 days\)/);
    const paused = await ok("erin", "guardian", "pause", "1d");
    const during = await ok(undefined, "gov", "parameters");
    assert.deepEqual(
      [during.guardian, during.paused, during.pausedUntil],
      ["0x0000000000000000000000000000000000000000", true, paused.pausedUntil],
      "the guardian stepped down as it paused",
    );

    const rfq = await fails("alice", ...rfqCreateArgs());
    assert.match(rfq.message, /^RFQ rejected: new RFQs and bids are paused by the guardian until \d{4}-.* UTC/);
    const bid = await fails("bob", "bid", "place", `${open}`, "--price", "4000", "--lead-time", "10d");
    assert.match(bid.message, /^bid rejected: new RFQs and bids are paused/);
    await ok("bob", "order", "ship", `${live}`, "--evidence", "text:shipped");
    await ok("alice", "order", "accept", `${live}`);
    assert.notEqual((await ok("bob", "withdraw")).hash, undefined, "the maker is paid during the pause");

    const again = await fails("erin", "guardian", "pause", "1d");
    assert.match(again.message, /^pause rejected: erin .* is not the guardian/);
    await environment.anvil.increaseTime(DAY);
    await ok("alice", ...rfqCreateArgs());
  });
});
