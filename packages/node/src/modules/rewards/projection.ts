// The contribution rewards' read model: one row per event (points recorded or ignored for
// self-dealing, funding, claims, returns, schedule changes). Every total is derived from these
// rows when read, so a reorg only deletes the rows above the common ancestor.
import { contributionRewardsAbi } from "@dipnet/sdk";
import type { Kysely, Transaction } from "kysely";
import type {
  RewardClaimsTable,
  RewardContributionsTable,
  RewardFundingTable,
  RewardReturnsTable,
  RewardScheduleTable,
  Schema,
} from "../../core/db/schema.ts";
import type { ArgValue, DecodedEvent } from "../../core/indexer/decode.ts";
import type { Projection, ProjectionContext } from "../../core/indexer/projection.ts";

type Db = Kysely<Schema> | Transaction<Schema>;

/** The contract's `Contribution` enum, by value. */
export const contributionKinds = ["maker", "ruling", "service", "evidence"] as const;
export type ContributionKind = (typeof contributionKinds)[number];

const str = (v: ArgValue | undefined): string => (v === undefined ? "" : String(v));
const kindOf = (v: ArgValue | undefined): ContributionKind => contributionKinds[Number(v)] ?? "maker";

/** The tables the projection writes, one row per event each. */
const eventTables = [
  "reward_contributions",
  "reward_funding",
  "reward_claims",
  "reward_returns",
  "reward_schedule",
] as const;

type Rows = {
  reward_contributions: RewardContributionsTable[];
  reward_funding: RewardFundingTable[];
  reward_claims: RewardClaimsTable[];
  reward_returns: RewardReturnsTable[];
  reward_schedule: RewardScheduleTable[];
};

function rowsOf(events: readonly DecodedEvent[], contract: string): Rows {
  const rows: Rows = {
    reward_contributions: [],
    reward_funding: [],
    reward_claims: [],
    reward_returns: [],
    reward_schedule: [],
  };
  for (const e of events) {
    if (e.contract !== contract) continue;
    const a = e.args;
    const at = { block_number: e.blockNumber, log_index: e.logIndex };
    const stamp = { at: e.blockTime, tx_hash: e.txHash };
    switch (e.name) {
      case "PointsRecorded":
        rows.reward_contributions.push({
          ...at,
          epoch: Number(a.epoch),
          account: str(a.account),
          order_id: str(a.orderId),
          kind: kindOf(a.kind),
          service_id: str(a.serviceId),
          points: str(a.points),
          self_dealing_with: null,
          ...stamp,
        });
        break;
      case "SelfDealingIgnored":
        rows.reward_contributions.push({
          ...at,
          epoch: null,
          account: str(a.account),
          order_id: str(a.orderId),
          kind: kindOf(a.kind),
          service_id: str(a.serviceId),
          points: "0",
          self_dealing_with: str(a.counterparty),
          ...stamp,
        });
        break;
      case "EpochFunded":
        rows.reward_funding.push({
          ...at,
          epoch: Number(a.epoch),
          funder: str(a.funder),
          amount: str(a.amount),
          ...stamp,
        });
        break;
      case "RewardClaimed":
        rows.reward_claims.push({
          ...at,
          epoch: Number(a.epoch),
          account: str(a.account),
          amount: str(a.amount),
          ...stamp,
        });
        break;
      case "UnclaimedReturned":
        rows.reward_returns.push({
          ...at,
          epoch: Number(a.epoch),
          recipient: str(a.to),
          amount: str(a.amount),
          ...stamp,
        });
        break;
      case "EpochScheduleSet":
        rows.reward_schedule.push({
          ...at,
          first_epoch: Number(a.firstEpoch),
          start: Number(a.start),
          length: Number(a.length),
          cap_bps: Number(a.capBps),
        });
        break;
    }
  }
  return rows;
}

async function insertAll<T extends (typeof eventTables)[number]>(db: Db, table: T, rows: Schema[T][]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500)
    await db
      .insertInto(table)
      .values(rows.slice(i, i + 500) as never)
      .execute();
}

async function apply({ db, addresses }: ProjectionContext, events: readonly DecodedEvent[]): Promise<void> {
  const rows = rowsOf(events, addresses.contributionRewards as string);
  for (const table of eventTables) await insertAll(db, table, rows[table]);
}

/** Points, self-dealing, epoch budgets, claims, returns and the epoch schedule of the contribution rewards. */
export const rewardsProjection: Projection<null> = {
  abis: { contributionRewards: contributionRewardsAbi },
  tables: eventTables,
  apply,
  // Rows are per event: nothing to re-fold, only the orphaned rows to delete.
  async keysAbove() {
    return null;
  },
  async refold({ db }, _keys, ancestor) {
    for (const table of eventTables) await db.deleteFrom(table).where("block_number", ">", ancestor).execute();
  },
};
