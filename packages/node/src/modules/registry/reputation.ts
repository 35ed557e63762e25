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
  anyOf: [
    {
      type: "object",
      properties: {
        maker: { type: "string", description: "Lowercase address" },
        ordersBidOn: { type: "integer" },
        awarded: { type: "integer" },
        winRate: { anyOf: [{ type: "number" }, { type: "null" }] },
        shippedOnTime: { type: "integer" },
        shippedLate: { type: "integer" },
        defaulted: { type: "integer" },
        onTimeRate: { anyOf: [{ type: "number" }, { type: "null" }] },
        disputes: {
          type: "object",
          properties: {
            opened: { type: "integer" },
            rate: { anyOf: [{ type: "number" }, { type: "null" }] },
            makerFavoured: { type: "integer" },
            customerFavoured: { type: "integer" },
            split: { type: "integer" },
            slashed: { type: "integer" },
            expired: { type: "integer" },
            open: { type: "integer" },
          },
        },
        completedOrders: { type: "integer" },
        completedValue: {
          type: "object",
          additionalProperties: { type: "string" },
          description: "Per payment token (lowercase address): sum of awarded prices of completed orders",
        },
        responseTime: {
          type: "object",
          properties: {
            meanSeconds: { anyOf: [{ type: "number" }, { type: "null" }] },
            medianSeconds: { anyOf: [{ type: "number" }, { type: "null" }] },
            samples: { type: "integer" },
          },
        },
      },
    },
    { type: "null" },
  ],
} as const;
