// Contribution rewards routes: an account's points per epoch and what it can claim, computed from
// the indexed events as the contract computes them (ContributionRewards.claimable).
import type { Kysely } from "kysely";
import type { Schema } from "../../core/db/schema.ts";
import { ApiError } from "../../core/http/errors.ts";
import { type Api, addressParams, errors, schemas, unix, type View } from "../../core/http/schemas.ts";
import { indexedTime } from "../market/aggregates.ts";
import type { ApiDeployment } from "../services.ts";
import { type ContributionKind, contributionKinds } from "./projection.ts";

const { address, amount, hash } = schemas;
const nullable = <const T extends object>(schema: T) => ({ anyOf: [schema, { type: "null" }] }) as const;
const uint256 = { type: "string", pattern: "^[0-9]{1,78}$", description: "Decimal uint256" } as const;

/** The contract's CLAIM_WINDOW: claims are open for 180 days from an epoch's end. */
const CLAIM_WINDOW = 180 * 86_400;
const BPS = 10_000n;
/** Contributions an answer lists at most, newest first; `truncated` says when more exist. */
const MAX_CONTRIBUTIONS = 1000;

const pointsByKind = {
  type: "object",
  properties: Object.fromEntries(contributionKinds.map((kind) => [kind, amount])) as Record<
    ContributionKind,
    typeof amount
  >,
  description: "The account's points by contribution kind (one point is one DIP base unit of fee value)",
} as const;

const epochSchema = {
  type: "object",
  properties: {
    epoch: { type: "integer" },
    start: unix,
    end: { ...unix, description: "Claims open at this time" },
    claimWindowEnds: { ...unix, description: "Claims close at this time; the rest can then be returned" },
    capBps: { type: "integer", description: "A claim pays at most this share of its points, in basis points" },
    points: pointsByKind,
    accountPoints: { ...amount, description: "The account's points in the epoch, all kinds" },
    totalPoints: { ...amount, description: "Every account's points in the epoch" },
    budget: { ...amount, description: "DIP base units funded for the epoch" },
    claimable: {
      ...amount,
      description:
        "DIP the account can claim now: min(budget, totalPoints × capBps / 10,000) × accountPoints / totalPoints; zero before the end, after a claim or after the window",
    },
    claimed: nullable({
      type: "object",
      properties: { amount, at: unix, txHash: hash },
      description: "The account's claim; null until it claims",
    }),
  },
} as const;

const contributionSchema = {
  type: "object",
  properties: {
    orderId: uint256,
    kind: { type: "string", enum: contributionKinds },
    serviceId: nullable({ ...uint256, description: "The service, for kind service" }),
    epoch: nullable({ type: "integer", description: "The epoch its points went to; null for self-dealing" }),
    points: amount,
    selfDealingWith: nullable({ ...address, description: "The account it is linked to: it earned nothing" }),
    at: unix,
    txHash: hash,
  },
} as const;

const accountRewardsSchema = {
  type: "object",
  properties: {
    address,
    epochs: { type: "array", items: epochSchema, description: "Epochs the account earned points in, newest first" },
    contributions: {
      type: "array",
      items: contributionSchema,
      description: "Its recorded contributions, newest first",
    },
    truncated: { type: "boolean", description: `Whether it has more than the ${MAX_CONTRIBUTIONS} listed` },
  },
} as const;

/** A schedule segment: epochs from `firstEpoch` start at `start` and last `length` seconds. */
type Segment = { firstEpoch: number; start: number; length: number; capBps: number };

/** The schedule as the contract holds it: a later change for the same first epoch replaced the earlier one. */
async function scheduleOf(db: Kysely<Schema>): Promise<Segment[]> {
  const rows = await db
    .selectFrom("reward_schedule")
    .selectAll()
    .orderBy("block_number")
    .orderBy("log_index")
    .execute();
  const byFirst = new Map<number, Segment>();
  for (const r of rows)
    byFirst.set(Number(r.first_epoch), {
      firstEpoch: Number(r.first_epoch),
      start: Number(r.start),
      length: Number(r.length),
      capBps: r.cap_bps,
    });
  return [...byFirst.values()].sort((a, b) => a.firstEpoch - b.firstEpoch);
}

/** An epoch's bounds and cap (ContributionRewards.epochBounds). */
function boundsOf(schedule: Segment[], epoch: number): { start: number; end: number; capBps: number } {
  const s = schedule.findLast((segment) => segment.firstEpoch <= epoch);
  if (!s) return { start: 0, end: 0, capBps: 0 };
  const start = s.start + (epoch - s.firstEpoch) * s.length;
  return { start, end: start + s.length, capBps: s.capBps };
}

/** Registers `/api/rewards/*`. */
export function registerRewardsRoutes(app: Api, db: Kysely<Schema>, deployment: ApiDeployment): void {
  app.get(
    "/api/rewards/:address",
    {
      schema: {
        summary: "An account's contribution rewards: points, budget and what it can claim per epoch, its contributions",
        tags: ["rewards"],
        params: addressParams,
        response: { 200: accountRewardsSchema, ...errors },
      },
    },
    async (request): Promise<View<typeof accountRewardsSchema>> => {
      if (!deployment.contracts.contributionRewards)
        throw new ApiError(404, "this deployment has no contribution rewards: they come with a DAO");
      const account = request.params.address.toLowerCase();
      const contributions = await db
        .selectFrom("reward_contributions")
        .selectAll()
        .where("account", "=", account)
        .orderBy("block_number", "desc")
        .orderBy("log_index", "desc")
        .execute();
      const claims = await db.selectFrom("reward_claims").selectAll().where("account", "=", account).execute();
      const epochs = [
        ...new Set([
          ...contributions.flatMap((c) => (c.epoch === null ? [] : [Number(c.epoch)])),
          ...claims.map((c) => Number(c.epoch)),
        ]),
      ].sort((a, b) => b - a);
      const [now, schedule] = [await indexedTime(db), await scheduleOf(db)];
      const totals = new Map<number, bigint>();
      const budgets = new Map<number, bigint>();
      if (epochs.length > 0) {
        for (const c of await db
          .selectFrom("reward_contributions")
          .select(["epoch", "points"])
          .where("epoch", "in", epochs)
          .execute())
          totals.set(Number(c.epoch), (totals.get(Number(c.epoch)) ?? 0n) + BigInt(c.points));
        for (const f of await db
          .selectFrom("reward_funding")
          .select(["epoch", "amount"])
          .where("epoch", "in", epochs)
          .execute())
          budgets.set(Number(f.epoch), (budgets.get(Number(f.epoch)) ?? 0n) + BigInt(f.amount));
      }
      return {
        address: account,
        epochs: epochs.map((epoch) => {
          const { start, end, capBps } = boundsOf(schedule, epoch);
          const points = Object.fromEntries(contributionKinds.map((kind) => [kind, 0n])) as Record<
            ContributionKind,
            bigint
          >;
          for (const c of contributions)
            if (c.epoch !== null && Number(c.epoch) === epoch) points[c.kind as ContributionKind] += BigInt(c.points);
          const accountPoints = Object.values(points).reduce((a, b) => a + b, 0n);
          const totalPoints = totals.get(epoch) ?? 0n;
          const budget = budgets.get(epoch) ?? 0n;
          const claim = claims.find((c) => Number(c.epoch) === epoch);
          const payable = (totalPoints * BigInt(capBps)) / BPS;
          const open = now >= end && now < end + CLAIM_WINDOW && !claim && accountPoints > 0n;
          const claimable = open ? ((budget < payable ? budget : payable) * accountPoints) / totalPoints : 0n;
          return {
            epoch,
            start,
            end,
            claimWindowEnds: end + CLAIM_WINDOW,
            capBps,
            points: Object.fromEntries(Object.entries(points).map(([k, v]) => [k, v.toString()])) as Record<
              ContributionKind,
              string
            >,
            accountPoints: accountPoints.toString(),
            totalPoints: totalPoints.toString(),
            budget: budget.toString(),
            claimable: claimable.toString(),
            claimed: claim ? { amount: claim.amount, at: Number(claim.at), txHash: claim.tx_hash } : null,
          };
        }),
        contributions: contributions.slice(0, MAX_CONTRIBUTIONS).map((c) => ({
          orderId: c.order_id,
          kind: c.kind as ContributionKind,
          serviceId: c.kind === "service" ? c.service_id : null,
          epoch: c.epoch === null ? null : Number(c.epoch),
          points: c.points,
          selfDealingWith: c.self_dealing_with,
          at: Number(c.at),
          txHash: c.tx_hash,
        })),
        truncated: contributions.length > MAX_CONTRIBUTIONS,
      };
    },
  );
}
