// A proposal's state, quorum and timeline from the indexed rows and the chain time of the newest
// indexed block, by the OpenZeppelin 5 Governor's rules (Governor.state, GovernorVotesQuorumFraction).
import type { Kysely } from "kysely";
import type { GovProposalsTable, Schema } from "../../core/db/schema.ts";

/** The states the Governor reports (it has no Expired one: DIPNET's timelock operations do not expire). */
export const proposalStateNames = [
  "Pending",
  "Active",
  "Canceled",
  "Defeated",
  "Succeeded",
  "Queued",
  "Executed",
] as const;
export type ProposalStateName = (typeof proposalStateNames)[number];

/** Steps of a proposal's timeline. */
export const timelineStepNames = [
  "created",
  "active",
  "succeeded",
  "defeated",
  "queued",
  "executed",
  "canceled",
] as const;

/** A value from a time on (`at` in unix seconds), in chain order. */
type History = { at: number; value: bigint }[];

/** The value in force at `time`: the last one set at or before it (the Governor's checkpoint lookup). */
function valueAt(history: History, time: number): bigint {
  let value = 0n;
  for (const entry of history) {
    if (entry.at > time) break;
    value = entry.value;
  }
  return value;
}

/** DIP's total supply and the Governor's quorum numerator through time: what every quorum is computed from. */
export type QuorumHistory = { supply: History; numerator: History };

export async function quorumHistory(db: Kysely<Schema>, governor: string): Promise<QuorumHistory> {
  const supply = await db
    .selectFrom("gov_supply")
    .select(["at", "total_supply"])
    .orderBy("block_number")
    .orderBy("log_index")
    .execute();
  const numerator = await db
    .selectFrom("gov_parameter_changes")
    .select(["at", "value"])
    .where("contract", "=", governor)
    .where("name", "=", "quorumNumerator")
    .orderBy("block_number")
    .orderBy("log_index")
    .execute();
  return {
    supply: supply.map((s) => ({ at: Number(s.at), value: BigInt(s.total_supply) })),
    numerator: numerator.map((n) => ({ at: Number(n.at), value: BigInt(n.value) })),
  };
}

/** Votes (for + abstain) a proposal needs: the quorum numerator × DIP's supply at its snapshot, in percent. */
export const quorumOf = (history: QuorumHistory, snapshot: number): bigint =>
  (valueAt(history.supply, snapshot) * valueAt(history.numerator, snapshot)) / 100n;

/** Whether the vote passed: more for than against, and for + abstain reach the quorum. */
function passed(p: GovProposalsTable, quorum: bigint): boolean {
  const inFavour = BigInt(p.votes_for);
  return inFavour > BigInt(p.votes_against) && inFavour + BigInt(p.votes_abstain) >= quorum;
}

/** The Governor's `state` of a proposal at chain time `now`. */
export function stateOf(p: GovProposalsTable, quorum: bigint, now: number): ProposalStateName {
  if (p.executed_at !== null) return "Executed";
  if (p.canceled_at !== null) return "Canceled";
  if (Number(p.vote_start) >= now) return "Pending";
  if (Number(p.vote_end) >= now) return "Active";
  if (!passed(p, quorum)) return "Defeated";
  return p.queued_at === null ? "Succeeded" : "Queued";
}

/** The steps a proposal went through by chain time `now`, in order. */
export function timelineOf(
  p: GovProposalsTable,
  quorum: bigint,
  now: number,
): { state: (typeof timelineStepNames)[number]; at: number }[] {
  const canceledAt = p.canceled_at === null ? Number.POSITIVE_INFINITY : Number(p.canceled_at);
  // Voting opens after the snapshot second and closes after the deadline's.
  const reached = (time: number) => time < now && time < canceledAt;
  const steps: { state: (typeof timelineStepNames)[number]; at: number }[] = [
    { state: "created", at: Number(p.created_at) },
  ];
  if (reached(Number(p.vote_start))) steps.push({ state: "active", at: Number(p.vote_start) });
  if (reached(Number(p.vote_end)))
    steps.push({ state: passed(p, quorum) ? "succeeded" : "defeated", at: Number(p.vote_end) });
  if (p.queued_at !== null) steps.push({ state: "queued", at: Number(p.queued_at) });
  if (p.executed_at !== null) steps.push({ state: "executed", at: Number(p.executed_at) });
  if (p.canceled_at !== null) steps.push({ state: "canceled", at: Number(p.canceled_at) });
  return steps;
}
