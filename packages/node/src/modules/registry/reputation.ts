// Manufacturer scorecards from the node's `events` table, by the SDK's pure `computeScorecard` —
// the function `dipnet reputation` runs on chain logs, so both agree on the same chain.
import { computeScorecard, type ReputationEvent, reputationEventNames, type Scorecard } from "@dipnet/sdk";
import type { Kysely } from "kysely";
import type { Schema } from "../../core/db/schema.ts";

/** `maker`'s scorecard from every indexed OrderMarket event (chain order). */
export async function scorecardOf(db: Kysely<Schema>, orderMarket: string, maker: string): Promise<Scorecard> {
  const rows = await db
    .selectFrom("events")
    .select(["name", "block_time", "args"])
    .where("contract", "=", orderMarket.toLowerCase())
    .where("name", "in", [...reputationEventNames])
    .orderBy("block_number")
    .orderBy("log_index")
    .execute();
  const events: ReputationEvent[] = rows.map((r) => ({
    name: r.name,
    blockTime: Number(r.block_time),
    args: JSON.parse(r.args) as Record<string, unknown>,
  }));
  return computeScorecard(events, maker);
}

/** JSON schema of a scorecard (see `Scorecard` in the SDK). */
export const scorecardSchema = {
  description:
    "Manufacturers only: reputation computed from on-chain events (same function as `dipnet reputation`): on-time rate, disputes and outcomes, completed orders and value, response time",
  anyOf: [{ type: "object", additionalProperties: true }, { type: "null" }],
} as const;
