// Governance through the SDK on a real chain: a network handed to its DAO by `deployDipnet`, a
// proposal taken from submission to execution, and every refusal on the way explained in words.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { type Address, encodeFunctionData, keccak256, parseUnits, toBytes, zeroAddress, zeroHash } from "viem";
import {
  cancelProposal,
  castVote,
  type DipnetClient,
  delegateVotes,
  describeCall,
  dipnetGovernorAbi,
  dipnetTimelockAbi,
  dipTokenAbi,
  execute,
  getDipAccount,
  getProposal,
  orderMarketAbi,
  type ProposalContent,
  proposalIdOf,
  propose,
  queue,
} from "./index.ts";
import { devAccounts } from "./node/devAccounts.ts";
import { deployTestNetwork, type TestNetwork, testDao } from "./testing/index.ts";

const dip = (whole: number) => parseUnits(String(whole), 18);
const HOUR = 3_600;
const DAY = 86_400;

describe("governance (DIP, timelock, Governor)", () => {
  let net: TestNetwork;
  let as: Record<"deployer" | "alice" | "bob" | "carol" | "dave", DipnetClient>;
  let contracts: { dipToken: Address; timelock: Address; governor: Address };
  const accounts = devAccounts();

  before(async () => {
    net = await deployTestNetwork({ dao: testDao });
    const { dipToken, timelock, governor } = net.deployment.contracts;
    assert.ok(dipToken && timelock && governor, "the DAO's contracts are in the deployment");
    contracts = { dipToken, timelock, governor };
    as = net.clients;
  });
  after(async () => {
    await net?.stop();
  });

  it("leaves no account any power: every owner, role and treasury is the timelock or the Governor", async () => {
    const read = as.deployer.publicClient;
    const deployer = accounts.deployer.address;
    // Every contract of the deployment that has an owner: all of them are the timelock's.
    let owners = 0;
    for (const [name, address] of Object.entries(net.deployment.contracts)) {
      if (!address) continue;
      const owner = await read
        .readContract({ address, abi: dipTokenAbi, functionName: "owner" })
        .catch(() => undefined); // no owner() at all: EAS, DID registry, evidence registry, confidential access, test stablecoin
      if (owner === undefined) continue;
      owners++;
      assert.equal(owner, contracts.timelock, `${name} is owned by the timelock`);
      const pending = await read.readContract({ address, abi: orderMarketAbi, functionName: "pendingOwner" });
      assert.equal(pending, zeroAddress, `${name} has no hand-over pending`);
    }
    assert.equal(
      owners,
      7,
      "the market, registry, ledger, certifier registry, design registry, DIP and contribution rewards are owned",
    );
    const { orderMarket } = net.deployment.contracts;
    assert.equal(
      await read.readContract({ address: orderMarket, abi: orderMarketAbi, functionName: "treasury" }),
      contracts.timelock,
      "fees accrue to the timelock",
    );
    assert.equal(
      await read.readContract({
        address: orderMarket,
        abi: orderMarketAbi,
        functionName: "isArbiter",
        args: [contracts.timelock],
      }),
      true,
      "the timelock is the arbiter of last resort",
    );
    // Every role ever granted on the timelock, from its events: only the Governor and itself hold one.
    const grants = await read.getContractEvents({
      address: contracts.timelock,
      abi: dipnetTimelockAbi,
      eventName: "RoleGranted",
      fromBlock: 0n,
    });
    const held = [];
    for (const { args } of grants) {
      const { role, account } = args as { role: `0x${string}`; account: Address };
      const has = await read.readContract({
        address: contracts.timelock,
        abi: dipnetTimelockAbi,
        functionName: "hasRole",
        args: [role, account],
      });
      if (has) held.push({ role, account });
    }
    const role = (name: string) => keccak256(toBytes(name));
    assert.deepEqual(
      new Set(held.map((h) => `${h.role}:${h.account}`)),
      new Set([
        `${zeroHash}:${contracts.timelock}`,
        ...["PROPOSER_ROLE", "CANCELLER_ROLE", "EXECUTOR_ROLE"].map((n) => `${role(n)}:${contracts.governor}`),
      ]),
    );
    assert.ok(
      grants.some(({ args }) => (args as { account: Address }).account === deployer),
      "the deployer held the admin role during the hand-over",
    );
  });

  it("counts DIP as votes only once delegated", async () => {
    assert.deepEqual(await getDipAccount(as.alice, accounts.alice.address), {
      balance: dip(400_000),
      delegate: "0x0000000000000000000000000000000000000000",
      votes: 0n,
    });
    await delegateVotes(as.alice, { delegatee: accounts.alice.address });
    await delegateVotes(as.bob, { delegatee: accounts.bob.address });
    const alice = await getDipAccount(as.alice, accounts.alice.address);
    assert.equal(alice.votes, dip(400_000));
    assert.equal(alice.delegate, accounts.alice.address);
    await net.anvil.increaseTime(1); // the Governor reads votes of the past: the delegations count from here on
  });

  it("takes a proposal from submission through vote, queue and timelock to execution", async () => {
    const content: ProposalContent = {
      calls: [
        {
          target: contracts.dipToken,
          data: encodeFunctionData({
            abi: dipTokenAbi,
            functionName: "mint",
            args: [accounts.dave.address, dip(5_000)],
          }),
        },
        {
          target: contracts.governor,
          data: encodeFunctionData({ abi: dipnetGovernorAbi, functionName: "setVotingPeriod", args: [2 * DAY] }),
        },
      ],
      description: "Grant dave 5,000 DIP and vote for two days\n\nA test of the whole path.",
    };
    const described = content.calls.map((call) => describeCall(as.alice, call).text);
    assert.match(
      described[0] ?? "",
      /^DIP\.mint\(to: dave \(0x[0-9a-fA-F]{4}…[0-9a-fA-F]{4}\), amount: 5000000000000000000000\)$/,
    );
    assert.equal(described[1], "Governor.setVotingPeriod(newVotingPeriod: 172800)");

    // Below the threshold: dave holds no votes.
    await assert.rejects(
      propose(as.dave, content),
      /proposal rejected: dave .* has 0 DIP of delegated votes, below the proposal threshold of 1000 DIP/,
    );
    const { proposalId } = await propose(as.alice, content);
    assert.equal(proposalId, proposalIdOf(content));

    await assert.rejects(
      castVote(as.bob, { proposalId, choice: "for" }),
      /vote rejected: voting on proposal \d+ has not started/,
    );
    await net.anvil.increaseTime(HOUR + 1);
    await castVote(as.alice, { proposalId, choice: "for", reason: "dave builds the dashboard" });
    await castVote(as.bob, { proposalId, choice: "abstain" });
    await assert.rejects(
      castVote(as.alice, { proposalId, choice: "against" }),
      /vote rejected: alice .* has already voted/,
    );
    await assert.rejects(queue(as.carol, content), /queueing rejected: proposal \d+ is still being voted on/);

    const active = await getProposal(as.alice, proposalId);
    assert.equal(active.state, "Active");
    assert.equal(active.proposer, accounts.alice.address);
    assert.deepEqual(active.votes, { against: 0n, for: dip(400_000), abstain: dip(300_000) });
    assert.equal(active.quorum, dip(40_000)); // 4 % of 1,000,000 DIP

    await net.anvil.increaseTime(DAY);
    assert.equal((await getProposal(as.alice, proposalId)).state, "Succeeded");
    await assert.rejects(
      execute(as.carol, content),
      /execution rejected: proposal \d+ has passed and is not queued yet/,
    );
    await queue(as.carol, content);
    const queued = await getProposal(as.alice, proposalId);
    assert.equal(queued.state, "Queued");
    assert.ok(queued.eta > 0n);
    await assert.rejects(execute(as.carol, content), /execution rejected: the timelock operation is not ready/);

    await net.anvil.increaseTime(DAY);
    await execute(as.carol, content);
    assert.equal((await getProposal(as.alice, proposalId)).state, "Executed");
    assert.equal((await getDipAccount(as.dave, accounts.dave.address)).balance, dip(5_000));
    const period = await as.dave.publicClient.readContract({
      address: contracts.governor,
      abi: dipnetGovernorAbi,
      functionName: "votingPeriod",
    });
    assert.equal(period, BigInt(2 * DAY));
  });

  it("defeats a proposal without quorum, and lets only its proposer withdraw one before voting", async () => {
    const content: ProposalContent = {
      calls: [
        {
          target: contracts.dipToken,
          data: encodeFunctionData({ abi: dipTokenAbi, functionName: "mint", args: [accounts.bob.address, dip(1)] }),
        },
      ],
      description: "Mint bob one DIP",
    };
    const { proposalId } = await propose(as.bob, content);
    await assert.rejects(
      cancelProposal(as.alice, content),
      /proposal cancellation rejected: alice .* cannot cancel proposal \d+: only its proposer can, and only before voting opens/,
    );
    await cancelProposal(as.bob, content);
    assert.equal((await getProposal(as.bob, proposalId)).state, "Canceled");

    const unattended = { ...content, description: "Mint bob one DIP, again" };
    const second = await propose(as.bob, unattended);
    await net.anvil.increaseTime(HOUR + 1);
    await castVote(as.dave, { proposalId: second.proposalId, choice: "for" }); // dave's votes: none delegated
    await net.anvil.increaseTime(2 * DAY + 1);
    const defeated = await getProposal(as.bob, second.proposalId);
    assert.equal(defeated.state, "Defeated");
    assert.deepEqual(defeated.votes, { against: 0n, for: 0n, abstain: 0n });
  });
});
