import { type Address, encodeAbiParameters, type Hex, keccak256, parseAbiParameters, toBytes } from "viem";
import { InvalidParameterError } from "../../errors/base.ts";
import { dipnetGovernorAbi } from "../../generated/abis.ts";
import { proposalStates } from "../../generated/enums.ts";
import { contractWriter, eventOf } from "../../internal/write.ts";
import type { DipnetClient, DipnetReadClient, WriteResult } from "../../types.ts";

/** One call a proposal makes through the timelock. */
export type ProposalCall = { target: Address; value?: bigint | undefined; data: Hex };

/** What a proposal does and says: its calls and its description (its first line is its title). */
export type ProposalContent = { calls: readonly ProposalCall[]; description: string };

/** A proposal's state, as the Governor reports it. */
export type ProposalState = (typeof proposalStates)[number];

/** Vote choices, as the Governor counts them. */
export const voteChoices = { against: 0, for: 1, abstain: 2 } as const;
export type VoteChoice = keyof typeof voteChoices;

/** The Governor of a deployment; throws when the deployment has none. */
export function governorOf(client: DipnetReadClient): Address {
  const governor = client.deployment.contracts.governor;
  if (!governor) throw new InvalidParameterError("deployment.contracts.governor", "this deployment has no Governor");
  return governor;
}

const writeGovernor = contractWriter(dipnetGovernorAbi, governorOf);

/** The Governor's arguments for a proposal's content: targets, values, calldatas. */
function columnsOf({ calls }: ProposalContent): [Address[], bigint[], Hex[]] {
  if (calls.length === 0) throw new InvalidParameterError("calls", "a proposal makes at least one call");
  return [calls.map((c) => c.target), calls.map((c) => c.value ?? 0n), calls.map((c) => c.data)];
}

const descriptionHashOf = (content: ProposalContent): Hex => keccak256(toBytes(content.description));

/** The id the Governor gives a proposal: a hash of its calls and description. */
export function proposalIdOf(content: ProposalContent): bigint {
  const [targets, values, calldatas] = columnsOf(content);
  // Governor.hashProposal: keccak256(abi.encode(targets, values, calldatas, descriptionHash)).
  const encoded = encodeAbiParameters(parseAbiParameters("address[], uint256[], bytes[], bytes32"), [
    targets,
    values,
    calldatas,
    descriptionHashOf(content),
  ]);
  return BigInt(keccak256(encoded));
}

/**
 * Submits a proposal. The proposer needs delegated votes of at least the proposal threshold at the
 * previous second; voting opens after the voting delay.
 */
export async function propose(
  client: DipnetClient,
  content: ProposalContent,
): Promise<WriteResult & { proposalId: bigint }> {
  const result = await writeGovernor(client, "propose", [...columnsOf(content), content.description]);
  const created = eventOf(result.receipt, dipnetGovernorAbi, governorOf(client), "ProposalCreated");
  return { ...result, proposalId: created.args.proposalId };
}

/** Casts the caller's vote (its delegated votes at the proposal's snapshot), with an optional reason. */
export async function castVote(
  client: DipnetClient,
  { proposalId, choice, reason }: { proposalId: bigint; choice: VoteChoice; reason?: string | undefined },
): Promise<WriteResult> {
  const support = voteChoices[choice];
  if (support === undefined) throw new InvalidParameterError("choice", "is one of for, against, abstain");
  return reason
    ? writeGovernor(client, "castVoteWithReason", [proposalId, support, reason], { action: "castVote" })
    : writeGovernor(client, "castVote", [proposalId, support]);
}

/** Queues a succeeded proposal in the timelock: it can be executed once the timelock's delay has passed. */
export async function queue(client: DipnetClient, content: ProposalContent): Promise<WriteResult> {
  const [targets, values, calldatas] = columnsOf(content);
  return writeGovernor(client, "queue", [targets, values, calldatas, descriptionHashOf(content)]);
}

/** Executes a queued proposal whose timelock delay has passed; anyone may. */
export async function execute(client: DipnetClient, content: ProposalContent): Promise<WriteResult> {
  const [targets, values, calldatas] = columnsOf(content);
  return writeGovernor(client, "execute", [targets, values, calldatas, descriptionHashOf(content)]);
}

/** Withdraws a proposal before voting opens; only its proposer. */
export async function cancelProposal(client: DipnetClient, content: ProposalContent): Promise<WriteResult> {
  const [targets, values, calldatas] = columnsOf(content);
  return writeGovernor(client, "cancel", [targets, values, calldatas, descriptionHashOf(content)], {
    action: "cancelProposal",
  });
}

/** A proposal as the Governor holds it now: state, tally, quorum and times (unix seconds). */
export type GovernorProposal = {
  proposalId: bigint;
  state: ProposalState;
  proposer: Address;
  /** Votes count as delegated at this time. */
  snapshot: bigint;
  /** Voting ends at this time. */
  deadline: bigint;
  /** When a queued proposal can be executed; 0 unless queued. */
  eta: bigint;
  votes: { against: bigint; for: bigint; abstain: bigint };
  /** Votes (for + abstain) needed at the snapshot. */
  quorum: bigint;
};

/** Reads a proposal from the Governor. */
export async function getProposal(client: DipnetReadClient, proposalId: bigint): Promise<GovernorProposal> {
  const address = governorOf(client);
  const contract = { address, abi: dipnetGovernorAbi } as const;
  const args = [proposalId] as const;
  const [state, proposer, snapshot, deadline, eta, [against, inFavour, abstain]] = await Promise.all([
    client.publicClient.readContract({ ...contract, functionName: "state", args }),
    client.publicClient.readContract({ ...contract, functionName: "proposalProposer", args }),
    client.publicClient.readContract({ ...contract, functionName: "proposalSnapshot", args }),
    client.publicClient.readContract({ ...contract, functionName: "proposalDeadline", args }),
    client.publicClient.readContract({ ...contract, functionName: "proposalEta", args }),
    client.publicClient.readContract({ ...contract, functionName: "proposalVotes", args }),
  ]);
  // The quorum of a snapshot still to come is not known yet: until then, today's.
  const now = await client.publicClient.readContract({ address, abi: dipnetGovernorAbi, functionName: "clock" });
  const quorum = await client.publicClient.readContract({
    address,
    abi: dipnetGovernorAbi,
    functionName: "quorum",
    args: [snapshot < BigInt(now) ? snapshot : BigInt(now) - 1n],
  });
  return {
    proposalId,
    state: proposalStates[state] ?? (`state ${state}` as ProposalState),
    proposer,
    snapshot,
    deadline,
    eta,
    votes: { against, for: inFavour, abstain },
    quorum,
  };
}
