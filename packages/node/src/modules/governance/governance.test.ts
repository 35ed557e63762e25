// The DAO's read model on a real chain: proposals taken through every state by the SDK, then each
// governance route checked against what the chain says (the Governor, DIP, the market, tUSD).
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  accept,
  award,
  bid,
  cancelProposal,
  castVote,
  certifierRegistryAbi,
  type DipnetClient,
  defaultMarketParameters,
  delegateVotes,
  depositStake,
  dipnetGovernorAbi,
  dipTokenAbi,
  erc20PermitAbi,
  execute,
  faucet,
  getDipAccount,
  getProposal,
  orderMarketAbi,
  type ProposalContent,
  participantRegistryAbi,
  pauseNewBusiness,
  propose,
  queue,
  register,
  roles,
  ship,
} from "@dipnet/sdk";
import { type Address, encodeFunctionData, keccak256, parseUnits, toHex } from "viem";
import {
  assertReorgFollowed,
  deployTestNetwork,
  forEachBackend,
  postRfq,
  type TestNetwork,
  testDao,
  testIndexer,
  useIndexedApi,
  useTestDatabase,
} from "../../testing/index.ts";

const dip = (whole: number) => parseUnits(String(whole), 18);
const HOUR = 3_600;
const DAY = 86_400;

type Proposal = { id: string; state: string; votes: Record<string, string>; quorum: string; eta: number | null };

describe("governance read model", () => {
  let chain: TestNetwork;
  let contracts: { dipToken: Address; timelock: Address; governor: Address; tusd: Address; market: Address };
  const ids: Record<"executed" | "defeated" | "canceled" | "pending", bigint> = {
    executed: 0n,
    defeated: 0n,
    canceled: 0n,
    pending: 0n,
  };
  const fee = 6_000_000n; // 1 % of the 600 tUSD price
  const grant = 1_000_000n;

  before(async () => {
    chain = await deployTestNetwork({ dao: testDao });
    const { dipToken, timelock, governor, testStablecoin, orderMarket } = chain.deployment.contracts;
    assert.ok(dipToken && timelock && governor && testStablecoin);
    contracts = { dipToken, timelock, governor, tusd: testStablecoin, market: orderMarket };
    const { alice, bob, carol, dave, erin } = chain.clients;

    // A settled order credits its fee to the treasury.
    await register(alice, { roles: roles.customer, profileURI: "ipfs://alice", profileHash: keccak256(toHex("a")) });
    await faucet(alice, { amount: 10_000_000_000n });
    await register(carol, {
      roles: roles.manufacturer,
      profileURI: "ipfs://carol",
      profileHash: keccak256(toHex("c")),
    });
    await faucet(carol, { amount: 1_000_000_000n });
    await depositStake(carol, { amount: 500_000_000n });
    const orderId = await postRfq(chain, alice, "shaft");
    await bid(carol, { orderId, price: 600_000_000n, leadTime: 86_400 });
    await chain.anvil.increaseTime(HOUR + 1);
    await award(alice, { orderId, maker: carol.account.address, price: 600_000_000n, leadTime: 86_400 });
    await ship(carol, { orderId, evidenceHash: keccak256(toHex("ship")) });
    await accept(alice, { orderId });

    await delegateVotes(alice, { delegatee: alice.account.address });
    await delegateVotes(bob, { delegatee: bob.account.address });
    await delegateVotes(carol, { delegatee: alice.account.address });
    await chain.anvil.increaseTime(1);

    const executed: ProposalContent = {
      calls: [
        {
          target: orderMarket,
          data: encodeFunctionData({
            abi: orderMarketAbi,
            functionName: "setParameters",
            args: [{ ...defaultMarketParameters, feeBps: 200 }],
          }),
        },
        {
          target: chain.deployment.contracts.certifierRegistry as Address,
          data: encodeFunctionData({
            abi: certifierRegistryAbi,
            functionName: "admitCertifier",
            args: [erin.account.address, 1],
          }),
        },
        {
          target: orderMarket,
          data: encodeFunctionData({ abi: orderMarketAbi, functionName: "withdraw", args: [testStablecoin] }),
        },
        {
          target: testStablecoin,
          data: encodeFunctionData({
            abi: erc20PermitAbi,
            functionName: "transfer",
            args: [dave.account.address, grant],
          }),
        },
        {
          target: chain.deployment.contracts.participantRegistry,
          data: encodeFunctionData({
            abi: participantRegistryAbi,
            functionName: "setGuardian",
            args: [dave.account.address],
          }),
        },
      ],
      description: "# Raise the fee to 2 %\n\nAdmit erin as a certifier and grant dave 1 tUSD of the fees.",
    };
    const mint = (description: string): ProposalContent => ({
      calls: [
        {
          target: dipToken,
          data: encodeFunctionData({ abi: dipTokenAbi, functionName: "mint", args: [bob.account.address, dip(1)] }),
        },
      ],
      description,
    });
    ids.executed = (await propose(alice, executed)).proposalId;
    ids.defeated = (await propose(bob, mint("Mint bob one DIP"))).proposalId;
    ids.canceled = (await propose(bob, mint("Mint bob one DIP, withdrawn"))).proposalId;
    await cancelProposal(bob, mint("Mint bob one DIP, withdrawn"));
    await chain.anvil.increaseTime(HOUR + 1);
    await castVote(alice, { proposalId: ids.executed, choice: "for", reason: "fees fund the network" });
    await castVote(bob, { proposalId: ids.executed, choice: "against", reason: "2 % is too much" });
    await castVote(alice, { proposalId: ids.defeated, choice: "against" });
    await castVote(bob, { proposalId: ids.defeated, choice: "for", reason: "I want it" });
    await chain.anvil.increaseTime(DAY);
    await queue(carol, executed);
    await chain.anvil.increaseTime(DAY);
    await execute(carol, executed);
    // The guardian the proposal appointed pauses once and steps down.
    await pauseNewBusiness(dave, { duration: HOUR });
    ids.pending = (await propose(alice, mint("Mint bob one DIP, later"))).proposalId;
  });
  after(() => chain?.stop());

  forEachBackend((backend) => {
    describe(`on ${backend.name}`, () => {
      const { get } = useIndexedApi(
        backend,
        () => chain,
        (chain) => ({ chain: chain.clients.deployer }),
      );

      it("lists every proposal as the Governor has it: state, tally, quorum, times", async () => {
        const { items } = await get("/api/governance/proposals");
        assert.deepEqual(
          items.map((p: Proposal) => p.id),
          [ids.pending, ids.canceled, ids.defeated, ids.executed].map(String),
          "newest first",
        );
        for (const item of items as (Proposal & { proposer: string; voteStart: number; voteEnd: number })[]) {
          const onChain = await getProposal(chain.clients.alice, BigInt(item.id));
          assert.equal(item.state, onChain.state, `proposal ${item.id}`);
          assert.equal(item.proposer, onChain.proposer.toLowerCase());
          assert.equal(item.voteStart, Number(onChain.snapshot));
          assert.equal(item.voteEnd, Number(onChain.deadline));
          assert.equal(item.eta, onChain.eta === 0n ? null : Number(onChain.eta));
          assert.deepEqual(item.votes, {
            for: String(onChain.votes.for),
            against: String(onChain.votes.against),
            abstain: String(onChain.votes.abstain),
          });
          assert.equal(item.quorum, String(onChain.quorum));
        }
        assert.deepEqual(
          items.map((p: Proposal) => p.state),
          ["Pending", "Canceled", "Defeated", "Executed"],
        );
        const defeated = await get("/api/governance/proposals?state=Defeated&limit=1");
        assert.deepEqual(
          defeated.items.map((p: Proposal) => p.id),
          [String(ids.defeated)],
        );
        assert.equal(defeated.next, null);
        const page = await get("/api/governance/proposals?limit=2&order=asc");
        const rest = await get(`/api/governance/proposals?limit=2&order=asc&cursor=${page.next}`);
        assert.deepEqual(
          [...page.items, ...rest.items].map((p: Proposal) => p.id),
          [ids.executed, ids.defeated, ids.canceled, ids.pending].map(String),
        );
      });

      it("shows a proposal's decoded calls, votes with reasons and timeline", async () => {
        const p = await get(`/api/governance/proposals/${ids.executed}`);
        assert.equal(p.title, "Raise the fee to 2 %");
        assert.match(p.description, /grant dave 1 tUSD/);
        assert.equal(p.actions.length, 5);
        assert.match(p.actions[0].text, /^OrderMarket\.setParameters\(parameters_: \{ feeBps: 200, /);
        assert.match(p.actions[1].text, /^CertifierRegistry\.admitCertifier\(account: 0x[0-9a-fA-F]{40}, kinds: 1\)$/);
        assert.equal(p.actions[3].target, contracts.tusd.toLowerCase());
        assert.deepEqual(
          p.ballots.map((b: { voter: string; support: string; weight: string; reason: string }) => [
            b.voter,
            b.support,
            b.weight,
            b.reason,
          ]),
          [
            [chain.clients.alice.account.address.toLowerCase(), "for", String(dip(700_000)), "fees fund the network"],
            [chain.clients.bob.account.address.toLowerCase(), "against", String(dip(300_000)), "2 % is too much"],
          ],
        );
        assert.deepEqual(
          p.timeline.map((s: { state: string }) => s.state),
          ["created", "active", "succeeded", "queued", "executed"],
        );
        assert.equal(p.timeline[1].at, p.voteStart);
        const defeated = await get(`/api/governance/proposals/${ids.defeated}`);
        assert.deepEqual(
          defeated.timeline.map((s: { state: string }) => s.state),
          ["created", "active", "defeated"],
        );
        const canceled = await get(`/api/governance/proposals/${ids.canceled}`);
        assert.deepEqual(
          canceled.timeline.map((s: { state: string }) => s.state),
          ["created", "canceled"],
        );
        await get("/api/governance/proposals/12345", 404);
      });

      it("lists every governed parameter with its history, naming the proposal that changed it", async () => {
        const { items } = await get("/api/governance/parameters");
        type Parameter = {
          contract: string;
          name: string;
          member: string | null;
          value: string;
          history: { value: string; proposalId: string | null }[];
        };
        const find = (contract: string, name: string, member: string | null = null) =>
          (items as Parameter[]).find((p) => p.contract === contract && p.name === name && p.member === member);
        const fee = find("OrderMarket", "feeBps");
        assert.deepEqual(
          fee?.history.map((h) => [h.value, h.proposalId]),
          [
            ["100", null],
            ["200", String(ids.executed)],
          ],
        );
        const onChain = await chain.clients.alice.publicClient.readContract({
          address: contracts.market,
          abi: orderMarketAbi,
          functionName: "parameters",
        });
        assert.equal(fee?.value, String(onChain.feeBps));
        assert.deepEqual(find("CertifierRegistry", "certifiers", chain.clients.erin.account.address.toLowerCase()), {
          contract: "CertifierRegistry",
          address: chain.deployment.contracts.certifierRegistry?.toLowerCase(),
          name: "certifiers",
          member: chain.clients.erin.account.address.toLowerCase(),
          value: "true",
          history: [
            find("CertifierRegistry", "certifiers", chain.clients.erin.account.address.toLowerCase())?.history[0],
          ],
        });
        assert.equal(
          find("CertifierRegistry", "certifiers", chain.clients.erin.account.address.toLowerCase())?.history[0]
            ?.proposalId,
          String(ids.executed),
        );
        assert.equal(find("OrderMarket", "treasury")?.value, contracts.timelock.toLowerCase());
        assert.equal(find("OrderMarket", "owner")?.value, contracts.timelock.toLowerCase());
        assert.equal(find("OrderMarket", "arbiters", contracts.timelock.toLowerCase())?.value, "true");
        const read = (functionName: "votingDelay" | "votingPeriod" | "proposalThreshold" | "quorumNumerator") =>
          chain.clients.alice.publicClient.readContract({
            address: contracts.governor,
            abi: dipnetGovernorAbi,
            functionName,
          });
        assert.equal(find("Governor", "votingDelay")?.value, String(await read("votingDelay")));
        assert.equal(find("Governor", "votingPeriod")?.value, String(await read("votingPeriod")));
        assert.equal(find("Governor", "proposalThreshold")?.value, String(await read("proposalThreshold")));
        assert.equal(find("Governor", "quorumNumerator")?.value, String(await read("quorumNumerator")));
        assert.equal(find("Timelock", "minDelay")?.value, String(DAY));
        assert.deepEqual(
          find("ParticipantRegistry", "guardian")?.history.map((h) => [h.value, h.proposalId]),
          [
            [chain.clients.dave.account.address.toLowerCase(), String(ids.executed)],
            ["0x0000000000000000000000000000000000000000", null],
          ],
          "appointed by the proposal, stepped down when it paused",
        );
        const pausedUntil = await chain.clients.alice.publicClient.readContract({
          address: chain.deployment.contracts.participantRegistry,
          abi: participantRegistryAbi,
          functionName: "pausedUntil",
        });
        assert.equal(find("ParticipantRegistry", "pausedUntil")?.value, String(pausedUntil));
      });

      it("lists delegates by votes with their balance and delegators", async () => {
        const { items } = await get("/api/governance/delegates");
        const { alice, bob, carol } = chain.clients;
        assert.deepEqual(
          items.map((d: { address: string; delegators: number }) => [d.address, d.delegators]),
          [
            [alice.account.address.toLowerCase(), 2],
            [bob.account.address.toLowerCase(), 1],
          ],
        );
        for (const [i, client] of [alice, bob].entries()) {
          const account = await getDipAccount(client as DipnetClient, client.account.address);
          assert.equal(items[i].votes, String(account.votes));
          assert.equal(items[i].balance, String(account.balance));
        }
        assert.equal((await getDipAccount(carol, carol.account.address)).delegate, alice.account.address);
      });

      it("shows the treasury: fees in, the grant out by its proposal, the balance the chain holds", async () => {
        const treasury = await get("/api/governance/treasury");
        assert.equal(treasury.address, contracts.timelock.toLowerCase());
        const read = chain.clients.alice.publicClient;
        const held = await read.readContract({
          address: contracts.tusd,
          abi: erc20PermitAbi,
          functionName: "balanceOf",
          args: [contracts.timelock],
        });
        const owed = await read.readContract({
          address: contracts.market,
          abi: orderMarketAbi,
          functionName: "owed",
          args: [contracts.tusd, contracts.timelock],
        });
        assert.equal(held + owed, fee - grant);
        assert.deepEqual(treasury.balances, [
          { token: contracts.tusd.toLowerCase(), symbol: "tUSD", decimals: 6, amount: String(fee - grant) },
        ]);
        assert.deepEqual(
          treasury.history.map(
            (h: { kind: string; amount: string; counterparty: string; proposalId: string | null }) => [
              h.kind,
              h.amount,
              h.counterparty,
              h.proposalId,
            ],
          ),
          [
            ["out", String(grant), chain.clients.dave.account.address.toLowerCase(), String(ids.executed)],
            ["fee", String(fee), chain.clients.alice.account.address.toLowerCase(), null],
          ],
        );
      });
    });
  });

  describe("after a reorg", () => {
    const database = useTestDatabase("sqlite");

    it("rolls back votes and delegations and matches a from-scratch index", async () => {
      const { backend, store } = database;
      const indexer = testIndexer(store.db, chain);
      await indexer.syncOnce();
      const { alice, bob, dave } = chain.clients;
      await chain.anvil.increaseTime(HOUR + 1);
      await castVote(alice, { proposalId: ids.pending, choice: "for", reason: "soon undone" });
      await delegateVotes(dave, { delegatee: bob.account.address });
      await indexer.syncOnce();
      const voted = await store.db
        .selectFrom("gov_votes")
        .selectAll()
        .where("proposal_id", "=", String(ids.pending))
        .execute();
      assert.equal(voted.length, 1);
      const after = await assertReorgFollowed(indexer, store.db, chain, backend.name);
      assert.equal(after.gov_votes?.length, 4);
    });
  });
});
