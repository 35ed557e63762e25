// The demo's members govern their network. Now and then one of them puts a motion from the script
// below to a vote (a fee cut, admitting a second certification body, a fee rise the members vote
// down, a treasury grant, restoring the fee), every member votes on each open proposal by its role's
// stance with a stated reason, and the proposer queues and executes what passed. Each member's
// governance runs inside its own agent's step, so one account never sends from two places at once.
// Decisions are read from the chain, so a restarted demo carries on where it stopped.
import {
  balanceOf,
  castVote,
  certifierKinds,
  certifierRegistryAbi,
  type DipnetClient,
  type DipnetReadClient,
  dipnetGovernorAbi,
  erc20PermitAbi,
  execute,
  getProposal,
  marketParameters,
  orderMarketAbi,
  type ProposalContent,
  type ProposalState,
  propose,
  queue,
  submittedProposals,
  type VoteChoice,
} from "@dipnet/sdk";
import { type Address, decodeFunctionData, encodeFunctionData } from "viem";
import { type Agent, type AgentLog, type AgentTick, createActionGuard } from "../agents/runtime.ts";
import { demoAccount, demoCandidateCertifier } from "./network.ts";
import type { DemoNetwork } from "./seed.ts";

/** A member's role, which decides its stance on each motion. */
type Role = "manufacturer" | "customer" | "arbiter" | "certifier";
type Member = { name: string; role: Role; client: DipnetClient };

/** A proposal as the demo sees it. */
type Seen = {
  id: bigint;
  proposer: Address;
  content: ProposalContent;
  state: ProposalState;
  /** End of voting (chain time). */
  deadline: bigint;
  /** When a queued proposal may be executed (0: not queued). */
  eta: bigint;
};

/** What a proposal does, recognised from its calls. */
type Motion =
  | { kind: "fee"; feeBps: number }
  | { kind: "certifier"; account: Address }
  | { kind: "grant"; amount: bigint }
  | { kind: "other" };

/** States after which nothing more happens to a proposal. */
const finalStates: ReadonlySet<ProposalState> = new Set(["Canceled", "Defeated", "Expired", "Executed"]);
/** Chain seconds between one motion's vote ending (and its run being over) and the next being put. */
const PAUSE = 6 * 3_600;

/** The motions members put, in turn; after the script, grants and the fee alternate. */
type Step =
  | { motion: "fee"; feeBps: number; by: (n: DemoNetwork) => Member }
  | { motion: "certifier" | "grant"; by: (n: DemoNetwork) => Member };
const maker = (i: number) => (n: DemoNetwork) => memberOf(n.manufacturers[i % n.manufacturers.length], "manufacturer");
const customer = (i: number) => (n: DemoNetwork) => memberOf(n.customers[i % n.customers.length], "customer");
const script: readonly Step[] = [
  { motion: "fee", feeBps: 80, by: customer(0) },
  { motion: "certifier", by: maker(1) },
  { motion: "fee", feeBps: 500, by: (n) => memberOf(n.arbiter, "arbiter") },
  { motion: "grant", by: maker(0) },
  { motion: "fee", feeBps: 100, by: maker(2) },
];
const cycle: readonly Step[] = [
  { motion: "grant", by: maker(3) },
  { motion: "fee", feeBps: 80, by: customer(1) },
  { motion: "fee", feeBps: 100, by: maker(4) },
];
const stepAt = (n: number): Step => script[n] ?? (cycle[(n - script.length) % cycle.length] as Step);

function memberOf(x: { spec: { name: string }; client: DipnetClient } | undefined, role: Role): Member {
  if (!x) throw new Error(`the demo network has no ${role}`);
  return { name: x.spec.name, role, client: x.client };
}

/** Every demo member with its role. */
export function demoMembers(network: DemoNetwork): Member[] {
  return [
    ...network.manufacturers.map((x) => memberOf(x, "manufacturer")),
    ...network.customers.map((x) => memberOf(x, "customer")),
    memberOf(network.arbiter, "arbiter"),
    memberOf(network.certifier, "certifier"),
  ];
}

/** The motion a proposal's calls make. */
function motionOf(content: ProposalContent): Motion {
  for (const call of content.calls) {
    try {
      const { functionName, args } = decodeFunctionData({ abi: orderMarketAbi, data: call.data });
      if (functionName === "setParameters") return { kind: "fee", feeBps: Number(args[0].feeBps) };
    } catch {}
    try {
      const { functionName, args } = decodeFunctionData({ abi: certifierRegistryAbi, data: call.data });
      if (functionName === "admitCertifier") return { kind: "certifier", account: args[0] };
    } catch {}
    try {
      const { functionName, args } = decodeFunctionData({ abi: erc20PermitAbi, data: call.data });
      if (functionName === "transfer") return { kind: "grant", amount: args[1] };
    } catch {}
  }
  return { kind: "other" };
}

/**
 * How a member votes on a motion, with its reason. Fees above 2 % price
 * small firms out, so makers and customers oppose them; customers oppose any rise, makers support
 * a return to 1 % that funds the treasury; a second certification body shortens queues for all but
 * its competitor; grants are for the commons, which the arbiter leaves to the producers.
 */
export function stance(motion: Motion, role: Role, currentFeeBps: number): { choice: VoteChoice; reason: string } {
  switch (motion.kind) {
    case "fee":
      if (motion.feeBps > 200) {
        return role === "arbiter"
          ? { choice: "for", reason: "fees should pay for arbitration and audits" }
          : { choice: "against", reason: `a ${motion.feeBps / 100} % fee prices small firms out` };
      }
      if (motion.feeBps <= currentFeeBps) return { choice: "for", reason: "a lower fee brings in more small orders" };
      if (role === "customer") return { choice: "against", reason: "the lower fee works; keep parts cheap" };
      return { choice: "for", reason: "the treasury needs fees to fund the commons" };
    case "certifier":
      return role === "certifier"
        ? { choice: "abstain", reason: "a competitor: we do not judge our own market" }
        : { choice: "for", reason: "a second certification body shortens the wait for audits" };
    case "grant":
      return role === "arbiter"
        ? { choice: "abstain", reason: "for the producers to decide" }
        : { choice: "for", reason: "shared fixtures and documentation help every member" };
    case "other":
      return { choice: "abstain", reason: "not a motion this member knows" };
  }
}

/** Proposals of the Governor, read once per head block however many members ask. */
function createProposalView(reader: DipnetReadClient) {
  const known = new Map<bigint, Seen>();
  let nextBlock = BigInt(reader.deployment.deployBlock);
  let cached: { head: number; proposals: Promise<Seen[]> } | undefined;
  const load = async (head: number): Promise<Seen[]> => {
    for (const { proposalId, proposer, calls, description } of await submittedProposals(reader, {
      fromBlock: nextBlock,
      toBlock: BigInt(head),
    })) {
      known.set(proposalId, {
        id: proposalId,
        proposer,
        content: { calls, description },
        state: "Pending",
        deadline: 0n,
        eta: 0n,
      });
    }
    nextBlock = BigInt(head) + 1n;
    for (const seen of known.values()) {
      if (finalStates.has(seen.state)) continue;
      const { state, deadline, eta } = await getProposal(reader, seen.id);
      Object.assign(seen, { state, deadline, eta });
    }
    return [...known.values()];
  };
  return (tick: AgentTick): Promise<Seen[]> => {
    if (cached?.head !== tick.head) {
      const proposals = load(tick.head);
      cached = { head: tick.head, proposals };
      proposals.catch(() => {
        cached = undefined;
      });
    }
    return cached.proposals;
  };
}

/** The content of the `n`th motion, from the chain's state now; undefined when it cannot be put yet. */
async function contentOf(network: DemoNetwork, step: Step, n: number): Promise<ProposalContent | undefined> {
  const reader = network.governance;
  const { orderMarket, testStablecoin, certifierRegistry, timelock } = reader.deployment.contracts;
  const body = (text: string) => `${text}\n\nDemo motion ${n + 1}.`;
  switch (step.motion) {
    case "fee": {
      const { treasury, stakeToken, minStake, orderCount, ...parameters } = await marketParameters(reader);
      const call = {
        target: orderMarket,
        data: encodeFunctionData({
          abi: orderMarketAbi,
          functionName: "setParameters",
          args: [{ ...parameters, feeBps: step.feeBps }],
        }),
      };
      const title = step.feeBps > parameters.feeBps ? "Raise" : "Set";
      return {
        calls: [call],
        description: body(
          `# ${title} the protocol fee to ${step.feeBps / 100} %\n\nFrom ${parameters.feeBps / 100} % for orders awarded from now on; live orders keep the fee of their award.`,
        ),
      };
    }
    case "certifier": {
      const account = demoAccount(demoCandidateCertifier.accountIndex).address;
      if (!certifierRegistry) return undefined;
      const admitted = await reader.publicClient.readContract({
        address: certifierRegistry,
        abi: certifierRegistryAbi,
        functionName: "isCertifier",
        args: [account, certifierKinds.certification],
      });
      if (admitted) return contentOf(network, { motion: "grant", by: step.by }, n);
      return {
        calls: [
          {
            target: certifierRegistry,
            data: encodeFunctionData({
              abi: certifierRegistryAbi,
              functionName: "admitCertifier",
              args: [account, certifierKinds.certification],
            }),
          },
        ],
        description: body(
          `# Admit ${demoCandidateCertifier.name} as a certification body\n\nAccredited for ISO 9001 audits in ${demoCandidateCertifier.location.city}.`,
        ),
      };
    }
    case "grant": {
      if (!testStablecoin || !timelock) return undefined;
      const [owed, held] = await Promise.all([
        reader.publicClient.readContract({
          address: orderMarket,
          abi: orderMarketAbi,
          functionName: "owed",
          args: [testStablecoin, timelock],
        }),
        balanceOf(reader, { token: testStablecoin, account: timelock }),
      ]);
      // Half of what the treasury has, in whole tUSD; nothing to grant before fees have accrued.
      const amount = ((owed + held) / 2n / 1_000_000n) * 1_000_000n;
      if (amount === 0n) return undefined;
      const grantee = step.by(network);
      const calls = [
        ...(owed > 0n
          ? [
              {
                target: orderMarket,
                data: encodeFunctionData({ abi: orderMarketAbi, functionName: "withdraw", args: [testStablecoin] }),
              },
            ]
          : []),
        {
          target: testStablecoin,
          data: encodeFunctionData({
            abi: erc20PermitAbi,
            functionName: "transfer",
            args: [grantee.client.account.address, amount],
          }),
        },
      ];
      return {
        calls,
        description: body(
          `# Grant ${amount / 1_000_000n} tUSD from the treasury to ${grantee.name}\n\nFor an open library of fixtures and inspection plans every member may use.`,
        ),
      };
    }
  }
}

/**
 * Wraps each member's agent so that, after its own step, it takes its part in governance: votes on
 * open proposals, puts its motion when its turn comes, queues and executes its passed proposals.
 */
export function withDemoGovernance(agents: readonly Agent[], network: DemoNetwork, log?: AgentLog): Agent[] {
  if (!network.governance.deployment.contracts.governor) return [...agents];
  const proposals = createProposalView(network.governance);
  const members = new Map(demoMembers(network).map((m) => [m.client.account.address, m]));
  return agents.map((agent) => {
    const member = members.get(agent.client.account.address);
    if (!member) return agent;
    const guard = createActionGuard(`${member.name} (governance)`, log ?? (() => {}));
    const voted = new Set<bigint>();
    const me = member.client.account.address;
    const govern = async (tick: AgentTick) => {
      const seen = await proposals(tick);
      for (const p of seen) {
        if (p.state === "Active" && !voted.has(p.id)) {
          const has = await member.client.publicClient.readContract({
            address: network.governance.deployment.contracts.governor as Address,
            abi: dipnetGovernorAbi,
            functionName: "hasVoted",
            args: [p.id, me],
          });
          if (has) {
            voted.add(p.id);
            continue;
          }
          const { feeBps } = await marketParameters(member.client);
          const { choice, reason } = stance(motionOf(p.content), member.role, feeBps);
          const title = p.content.description.split("\n")[0]?.replace(/^#\s*/, "");
          await guard.act(tick, `vote:${p.id}`, `votes ${choice} "${title}": ${reason}`, () =>
            castVote(member.client, { proposalId: p.id, choice, reason }),
          );
        }
        if (p.proposer !== me) continue;
        if (p.state === "Succeeded")
          await guard.act(tick, `queue:${p.id}`, `queues proposal ${p.id}`, () => queue(member.client, p.content));
        if (p.state === "Queued" && BigInt(tick.now) > p.eta)
          await guard.act(tick, `execute:${p.id}`, `executes proposal ${p.id}`, () =>
            execute(member.client, p.content),
          );
      }
      // The next motion, once every earlier one has run its course and the pause has passed.
      if (seen.some((p) => !finalStates.has(p.state))) return;
      const lastDeadline = Math.max(0, ...seen.map((p) => Number(p.deadline)));
      if (seen.length > 0 && tick.now < lastDeadline + PAUSE) return;
      const n = seen.length;
      const step = stepAt(n);
      if (step.by(network).client.account.address !== me) return;
      const content = await contentOf(network, step, n);
      if (!content) return;
      const title = content.description.split("\n")[0]?.replace(/^#\s*/, "");
      await guard.act(tick, `propose:${n}`, `proposes "${title}"`, () => propose(member.client, content));
    };
    return {
      ...agent,
      async step(tick) {
        await agent.step(tick);
        await govern(tick).catch((error: Error) =>
          log?.("warn", `${member.name} (governance): ${error.message.split("\n")[0]}`),
        );
      },
      actions: () => [...agent.actions(), ...guard.actions()],
    };
  });
}
