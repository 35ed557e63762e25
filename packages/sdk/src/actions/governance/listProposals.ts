import type { Address } from "viem";
import { InvalidParameterError } from "../../errors/base.ts";
import { dipnetGovernorAbi, dipnetTimelockAbi } from "../../generated/abis.ts";
import { type ScanOptions, scanLogs } from "../../internal/logs.ts";
import type { DipnetReadClient } from "../../types.ts";
import {
  type GovernorProposal,
  getProposal,
  governorOf,
  type ProposalContent,
  type ProposalState,
  type VoteChoice,
  voteChoices,
} from "./proposals.ts";

/** A proposal as submitted (from `ProposalCreated`): its content, proposer and voting window. */
export type SubmittedProposal = ProposalContent & {
  proposalId: bigint;
  proposer: Address;
  /** The description's first line, without Markdown heading marks. */
  title: string;
  /** Voting opens after this time (the snapshot) and closes at `voteEnd` (unix seconds). */
  voteStart: bigint;
  voteEnd: bigint;
  blockNumber: bigint;
};

/** A proposal's content and its state, tally and times now. */
export type ProposalSummary = SubmittedProposal & GovernorProposal;

/** Parameters of `listProposals`: a state filter, and the block range to scan. */
export type ListProposalsParameters = ScanOptions & {
  /** Only proposals in these states. Default: all. */
  state?: readonly ProposalState[] | undefined;
};

/** The title of a proposal's description: its first line, without Markdown heading marks. */
export function proposalTitle(description: string): string {
  return (description.split("\n")[0] ?? "").replace(/^#+\s*/, "").trim();
}

/** Every proposal submitted to the Governor, in submission order, from its `ProposalCreated` logs. */
export async function submittedProposals(client: DipnetReadClient, p: ScanOptions = {}): Promise<SubmittedProposal[]> {
  const logs = await scanLogs(client, { ...p, address: governorOf(client), abi: dipnetGovernorAbi });
  return logs.flatMap((log) => {
    if (log.eventName !== "ProposalCreated") return [];
    const { proposalId, proposer, targets, values, calldatas, voteStart, voteEnd, description } = log.args;
    return [
      {
        proposalId,
        proposer,
        title: proposalTitle(description),
        description,
        calls: targets.map((target, i) => ({ target, value: values[i] ?? 0n, data: calldatas[i] ?? "0x" })),
        voteStart,
        voteEnd,
        blockNumber: log.blockNumber,
      },
    ];
  });
}

/**
 * Lists proposals with their state, tally and quorum now, in submission order.
 * @example const open = await listProposals(client, { state: ["Active"] });
 */
export async function listProposals(
  client: DipnetReadClient,
  p: ListProposalsParameters = {},
): Promise<ProposalSummary[]> {
  const submitted = await submittedProposals(client, p);
  const proposals = await Promise.all(
    submitted.map(async (s) => ({ ...s, ...(await getProposal(client, s.proposalId)) })),
  );
  return p.state ? proposals.filter((proposal) => p.state?.includes(proposal.state)) : proposals;
}

/**
 * A proposal's content (calls and description), as the Governor needs it to queue, execute or
 * cancel it: the Governor keeps only its hash, the `ProposalCreated` log the content.
 */
export async function proposalContent(
  client: DipnetReadClient,
  proposalId: bigint,
  p: ScanOptions = {},
): Promise<SubmittedProposal> {
  const found = (await submittedProposals(client, p)).find((s) => s.proposalId === proposalId);
  if (!found) throw new InvalidParameterError("proposalId", `there is no proposal ${proposalId}`);
  return found;
}

/** One vote on a proposal (from `VoteCast`). */
export type ProposalVote = {
  voter: Address;
  choice: VoteChoice;
  /** Votes delegated to the voter at the proposal's snapshot. */
  weight: bigint;
  reason: string;
  blockNumber: bigint;
};

/** The votes cast on a proposal, in order, with their reasons. */
export async function proposalVotes(
  client: DipnetReadClient,
  proposalId: bigint,
  p: ScanOptions = {},
): Promise<ProposalVote[]> {
  const logs = await scanLogs(client, { ...p, address: governorOf(client), abi: dipnetGovernorAbi });
  const choiceOf = Object.fromEntries(Object.entries(voteChoices).map(([name, n]) => [n, name as VoteChoice]));
  return logs.flatMap((log) =>
    log.eventName === "VoteCast" && log.args.proposalId === proposalId
      ? [
          {
            voter: log.args.voter,
            choice: choiceOf[log.args.support] ?? "abstain",
            weight: log.args.weight,
            reason: log.args.reason,
            blockNumber: log.blockNumber,
          },
        ]
      : [],
  );
}

/** The Governor's settings and the timelock's delay now: times in seconds, the threshold in DIP base units. */
export type GovernanceSettings = {
  votingDelay: bigint;
  votingPeriod: bigint;
  proposalThreshold: bigint;
  /** Votes (for + abstain) needed, in percent of the DIP supply at a proposal's snapshot. */
  quorumPercent: bigint;
  timelock: Address;
  timelockDelay: bigint;
};

/** Reads the Governor's settings and the timelock's delay. */
export async function governanceSettings(client: DipnetReadClient): Promise<GovernanceSettings> {
  const governor = { address: governorOf(client), abi: dipnetGovernorAbi } as const;
  const read = client.publicClient;
  const [votingDelay, votingPeriod, proposalThreshold, quorumPercent, timelock] = await Promise.all([
    read.readContract({ ...governor, functionName: "votingDelay" }),
    read.readContract({ ...governor, functionName: "votingPeriod" }),
    read.readContract({ ...governor, functionName: "proposalThreshold" }),
    read.readContract({ ...governor, functionName: "quorumNumerator" }),
    read.readContract({ ...governor, functionName: "timelock" }),
  ]);
  const timelockDelay = await read.readContract({
    address: timelock,
    abi: dipnetTimelockAbi,
    functionName: "getMinDelay",
  });
  return { votingDelay, votingPeriod, proposalThreshold, quorumPercent, timelock, timelockDelay };
}
