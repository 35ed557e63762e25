// The demo's members govern a network handed to its DAO: the seed has them delegate their votes,
// then their motions run through every state on chain (a fee cut and a certifier's admission
// executed, a fee rise defeated), each vote with its stated reason, and agents restarted without
// memory neither vote twice nor put a motion again.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  certifierKinds,
  certifierRegistryAbi,
  dipnetGovernorAbi,
  getDipAccount,
  getProposal,
  marketParameters,
  type ProposalState,
} from "@dipnet/sdk";
import type { Agent, AgentTick } from "../agents/runtime.ts";
import { deployTestNetwork, type TestNetwork } from "../testing/index.ts";
import { demoMembers, withDemoGovernance } from "./governance.ts";
import { demoAccount, demoCandidateCertifier, demoGenesis } from "./network.ts";
import { type DemoNetwork, demoNetwork, seedDemo } from "./seed.ts";

describe("demo governance", () => {
  let chain: TestNetwork;
  let network: DemoNetwork;
  const logs: string[] = [];

  before(async () => {
    chain = await deployTestNetwork(demoGenesis());
    network = demoNetwork({ rpcUrl: chain.anvil.rpcUrl, deployment: chain.deployment, pollingInterval: 20 });
    await seedDemo({ network });
  });
  after(async () => {
    await chain?.stop();
  });

  /** Members' agents that do nothing but govern. */
  const governingAgents = (): Agent[] =>
    withDemoGovernance(
      demoMembers(network).map(({ name, client }) => ({ name, client, step: async () => {}, actions: () => [] })),
      network,
      (level, message) => logs.push(`${level} ${message}`),
    );
  const tick = async (): Promise<AgentTick> => {
    const block = await chain.clients.deployer.publicClient.getBlock();
    const head = Number(block.number);
    const now = Number(block.timestamp);
    return { now, head, indexed: head, indexedTime: now };
  };
  /** Rounds of every agent's step, three chain hours apart, until `done` or a chain month passed. */
  const runUntil = async (agents: Agent[], what: string, done: () => Promise<boolean>) => {
    const giveUp = Number(await chain.anvil.now()) + 30 * 86_400;
    while (!(await done())) {
      if (Number(await chain.anvil.now()) > giveUp)
        assert.fail(`a chain month passed waiting for ${what}\n${logs.join("\n")}`);
      const t = await tick();
      await Promise.all(agents.map((a) => a.step(t)));
      await chain.anvil.increaseTime(3 * 3_600);
    }
  };
  const proposals = async () => {
    const created = await chain.clients.deployer.publicClient.getContractEvents({
      address: chain.deployment.contracts.governor,
      abi: dipnetGovernorAbi,
      eventName: "ProposalCreated",
      fromBlock: 0n,
    });
    return Promise.all(
      created.map(async ({ args }) => ({
        id: args.proposalId as bigint,
        title: (args.description ?? "").split("\n")[0],
        state: (await getProposal(chain.clients.deployer, args.proposalId as bigint)).state as ProposalState,
      })),
    );
  };
  const votes = async () =>
    chain.clients.deployer.publicClient.getContractEvents({
      address: chain.deployment.contracts.governor,
      abi: dipnetGovernorAbi,
      eventName: "VoteCast",
      fromBlock: 0n,
    });

  it("has every member delegate its DIP votes to itself in the seed", async () => {
    for (const { name, client } of demoMembers(network)) {
      const dip = await getDipAccount(client, client.account.address);
      assert.ok(dip.balance > 0n, `${name} holds DIP`);
      assert.equal(dip.delegate, client.account.address, `${name} delegates to itself`);
      assert.equal(dip.votes, dip.balance, `${name} votes with its balance`);
    }
  });

  it("runs motions through every state: two executed, one defeated, every vote with a reason", async () => {
    let agents = governingAgents();
    // Members restart with no memory while the first motion is being voted on.
    await runUntil(agents, "votes on the first motion", async () => (await votes()).length >= 3);
    agents = governingAgents();
    await runUntil(agents, "three motions to run their course", async () => {
      const all = await proposals();
      return all.length >= 3 && all.slice(0, 3).every((p) => ["Executed", "Defeated"].includes(p.state));
    });

    const [feeCut, admission, feeRise] = await proposals();
    assert.deepEqual(
      [feeCut, admission, feeRise].map((p) => [p?.title, p?.state]),
      [
        ["# Set the protocol fee to 0.8 %", "Executed"],
        [`# Admit ${demoCandidateCertifier.name} as a certification body`, "Executed"],
        ["# Raise the protocol fee to 5 %", "Defeated"],
      ],
    );
    assert.equal((await marketParameters(chain.clients.deployer)).feeBps, 80, "the executed fee cut is in force");
    const { certifierRegistry } = chain.deployment.contracts;
    assert.ok(certifierRegistry);
    const admitted = await chain.clients.deployer.publicClient.readContract({
      address: certifierRegistry,
      abi: certifierRegistryAbi,
      functionName: "isCertifier",
      args: [demoAccount(demoCandidateCertifier.accountIndex).address, certifierKinds.certification],
    });
    assert.equal(admitted, true, "the admitted certification body may certify");

    const rise = await getProposal(chain.clients.deployer, feeRise?.id as bigint);
    assert.ok(rise.votes.against > rise.votes.for, "the members voted the fee rise down");
    const cast = await votes();
    const members = demoMembers(network).length;
    for (const p of [feeCut, admission, feeRise]) {
      const on = cast.filter((v) => v.args.proposalId === p?.id);
      assert.equal(on.length, members, `every member voted once on "${p?.title}"`);
      assert.ok(
        on.every((v) => (v.args.reason ?? "").length > 0),
        "each vote states its reason",
      );
    }
    assert.deepEqual(
      logs.filter((line) => /already voted|already exists|unexpected state/.test(line)),
      [],
      "no member acted twice",
    );
  });
});
