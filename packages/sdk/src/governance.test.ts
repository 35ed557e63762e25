// Governance through the SDK on a real chain: DIP, the timelock and the Governor deployed by
// `deployGovernance`, a proposal taken from submission to execution, and every refusal on the way
// explained in words.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { type Address, encodeFunctionData, keccak256, parseUnits, toBytes, zeroHash } from "viem";
import {
  cancelProposal,
  castVote,
  createDipnetClient,
  type DipnetClient,
  delegateVotes,
  deployGovernance,
  describeCall,
  dipnetGovernorAbi,
  dipnetTimelockAbi,
  dipTokenAbi,
  execute,
  getDipAccount,
  getProposal,
  type ProposalContent,
  proposalIdOf,
  propose,
  queue,
} from "./index.ts";
import { devAccounts } from "./node/devAccounts.ts";
import { deployTestNetwork, type TestNetwork } from "./testing/index.ts";

const dip = (whole: number) => parseUnits(String(whole), 18);
const HOUR = 3_600;
const DAY = 86_400;

describe("governance (DIP, timelock, Governor)", () => {
  let net: TestNetwork;
  let as: Record<"deployer" | "alice" | "bob" | "carol" | "dave", DipnetClient>;
  let contracts: { dipToken: Address; timelock: Address; governor: Address };
  const accounts = devAccounts();
  const names = new Map(Object.entries(accounts).map(([name, a]) => [a.address.toLowerCase(), name]));

  before(async () => {
    net = await deployTestNetwork();
    const { walletClient, publicClient } = net.clients.deployer;
    contracts = await deployGovernance({
      walletClient,
      publicClient,
      allocation: [
        { account: accounts.alice.address, amount: dip(400_000) },
        { account: accounts.bob.address, amount: dip(300_000) },
        { account: accounts.carol.address, amount: dip(300_000) },
      ],
      settings: { votingDelay: HOUR, votingPeriod: DAY, proposalThreshold: dip(1_000), quorumPercent: 4 },
      timelockDelay: DAY,
    });
    const deployment = { ...net.deployment, contracts: { ...net.deployment.contracts, ...contracts } };
    const client = (name: keyof typeof as) =>
      createDipnetClient({
        rpcUrl: net.anvil.rpcUrl,
        deployment,
        account: accounts[name],
        pollingInterval: 20,
        nameOf: (address) => names.get(address.toLowerCase()),
      });
    as = {
      deployer: client("deployer"),
      alice: client("alice"),
      bob: client("bob"),
      carol: client("carol"),
      dave: client("dave"),
    };
  });
  after(async () => {
    await net?.stop();
  });

  it("leaves the deployer no power: the Governor alone proposes, cancels and executes", async () => {
    const hasRole = (role: `0x${string}`, account: Address) =>
      as.deployer.publicClient.readContract({
        address: contracts.timelock,
        abi: dipnetTimelockAbi,
        functionName: "hasRole",
        args: [role, account],
      });
    const role = (name: string) => keccak256(toBytes(name));
    const deployer = accounts.deployer.address;
    for (const name of ["PROPOSER_ROLE", "CANCELLER_ROLE", "EXECUTOR_ROLE"]) {
      assert.equal(await hasRole(role(name), contracts.governor), true, `Governor has ${name}`);
      assert.equal(await hasRole(role(name), deployer), false, `deployer lacks ${name}`);
    }
    assert.equal(await hasRole(zeroHash, deployer), false, "deployer is no admin");
    assert.equal(await hasRole(zeroHash, contracts.timelock), true, "the timelock administers itself");
    const owner = await as.deployer.publicClient.readContract({
      address: contracts.dipToken,
      abi: dipTokenAbi,
      functionName: "owner",
    });
    assert.equal(owner, contracts.timelock);
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
