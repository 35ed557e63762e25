// Governance routes: proposals with their state, votes and decoded calls; the governed parameters
// and who changed them; DIP delegates; the treasury.
import {
  type Deployment,
  type DipnetReadClient,
  deploymentContractAt,
  describeCall,
  getTokenInfo,
  type ProposalCall,
  parseDeployment,
  proposalTitle,
} from "@dipnet/sdk";
import { type Kysely, sql } from "kysely";
import type { Address, Hex } from "viem";
import type { GovAccountsTable, GovProposalsTable, GovTreasuryTable, Schema } from "../../core/db/schema.ts";
import { ApiError } from "../../core/http/errors.ts";
import { amountKeys, columnKey, decodeCursor, listPage, pageOf } from "../../core/http/pagination.ts";
import {
  type Api,
  closedObject,
  errors,
  listOf,
  listQuery,
  pageQuery,
  schemas,
  unix,
  type View,
} from "../../core/http/schemas.ts";
import { indexedTime } from "../market/aggregates.ts";
import type { ApiDeployment } from "../services.ts";
import {
  proposalStateNames,
  type QuorumHistory,
  quorumHistory,
  quorumOf,
  stateOf,
  timelineOf,
  timelineStepNames,
} from "./state.ts";

const { address, amount, hash } = schemas;
const nullable = <const T extends object>(schema: T) => ({ anyOf: [schema, { type: "null" }] }) as const;
const proposalId = { type: "string", pattern: "^[0-9]{1,78}$", description: "Proposal id (decimal uint256)" } as const;

/** Ballots a proposal's page lists at most (every DIP holder may vote); `truncated` says when more exist. */
const MAX_BALLOTS = 1000;

const proposalProperties = {
  id: proposalId,
  proposer: address,
  title: { type: "string", description: "The description's first line, without a markdown heading's `#`" },
  description: { type: "string" },
  state: { type: "string", enum: proposalStateNames, description: "At the chain time of the newest indexed block" },
  createdAt: unix,
  createdTx: hash,
  voteStart: { ...unix, description: "The snapshot: votes count as delegated at this time; voting opens after it" },
  voteEnd: { ...unix, description: "Voting closes after this time" },
  eta: nullable({ ...unix, description: "When the queued proposal can be executed; null until queued" }),
  votes: {
    type: "object",
    properties: { for: amount, against: amount, abstain: amount },
    description: "Votes cast, in DIP base units",
  },
  quorum: { ...amount, description: "Votes (for + abstain) needed: the quorum fraction of DIP's supply at voteStart" },
  actions: {
    type: "array",
    items: {
      type: "object",
      properties: {
        target: address,
        value: { ...amount, description: "Wei sent with the call" },
        calldata: { type: "string", pattern: "^0x[0-9a-f]*$" },
        text: { type: "string", description: "The call decoded into words, e.g. `OrderMarket.setArbiter(…)`" },
      },
    },
  },
} as const;

const proposalSchema = { type: "object", properties: proposalProperties } as const;

const proposalDetailSchema = {
  type: "object",
  properties: {
    ...proposalProperties,
    ballots: {
      type: "array",
      description: `The votes cast, oldest first (at most ${MAX_BALLOTS})`,
      items: {
        type: "object",
        properties: {
          voter: address,
          support: { type: "string", enum: ["for", "against", "abstain"] },
          weight: amount,
          reason: { type: "string" },
          at: unix,
          txHash: hash,
        },
      },
    },
    truncated: { type: "boolean", description: `True when more than ${MAX_BALLOTS} votes were cast` },
    timeline: {
      type: "array",
      description: "The steps that happened, in order (active, succeeded and defeated from the voting times)",
      items: { type: "object", properties: { state: { type: "string", enum: timelineStepNames }, at: unix } },
    },
  },
} as const;

const changeSchema = {
  type: "object",
  properties: {
    value: { type: "string" },
    at: unix,
    blockNumber: { type: "integer" },
    txHash: hash,
    proposalId: nullable({ ...proposalId, description: "The executed proposal that made the change" }),
  },
} as const;

const parameterSchema = {
  type: "object",
  properties: {
    contract: { type: "string", description: "The governed contract's name, e.g. OrderMarket, Governor, Timelock" },
    address,
    name: { type: "string", description: "e.g. feeBps, votingPeriod, minDelay, arbiters" },
    member: nullable({
      ...address,
      description:
        "For a set (arbiters, paymentTokens, markets, planners, certifiers): the member; value says whether it is in",
    }),
    value: { type: "string", description: "Decimal for numbers, an address, or true / false for a set's member" },
    history: { type: "array", items: changeSchema, description: "Every change, oldest first" },
  },
} as const;

const delegateSchema = {
  type: "object",
  properties: {
    address,
    votes: { ...amount, description: "Votes delegated to it now" },
    balance: { ...amount, description: "DIP it holds" },
    delegators: { type: "integer", description: "Accounts that delegate to it (itself included)" },
  },
} as const;

const treasurySchema = {
  type: "object",
  required: ["address", "balances", "history", "next"],
  properties: {
    address: { ...address, description: "The timelock, which holds the treasury" },
    balances: {
      type: "array",
      description:
        "Per token: fees credited plus transfers in, minus transfers out (the market's unwithdrawn fees included)",
      items: {
        type: "object",
        properties: {
          token: address,
          symbol: nullable({ type: "string" }),
          decimals: nullable({ type: "integer" }),
          amount,
        },
      },
    },
    history: {
      type: "array",
      items: {
        type: "object",
        properties: {
          kind: {
            type: "string",
            enum: ["fee", "in", "out"],
            description:
              "fee: credited by the market at a settlement (counterparty: the customer); in / out: a transfer",
          },
          token: address,
          amount,
          counterparty: address,
          at: unix,
          txHash: hash,
          proposalId: nullable(proposalId),
        },
      },
    },
    next: nullable({ type: "string", description: "Cursor of the next page of history; null on the last page" }),
  },
} as const;

type Action = { target: Address; value: string; calldata: Hex };

const supportNames = ["against", "for", "abstain"] as const;

/** Registers `/api/governance/*`. */
export function registerGovernanceRoutes(
  app: Api,
  db: Kysely<Schema>,
  deployment: ApiDeployment,
  chain?: DipnetReadClient,
): void {
  const { governor, timelock } = deployment.contracts;
  // Only proposals need calls described, and only a deployment with a DAO has proposals (nodes
  // without one, e.g. in tests, may carry placeholder addresses).
  let describer: { deployment: Deployment } | undefined;
  const describe = (call: ProposalCall) => {
    describer ??= { deployment: parseDeployment(deployment) };
    return describeCall(describer, call).text;
  };

  /** The proposal's view: state and quorum at `now`, calls decoded. */
  const proposalView = (p: GovProposalsTable, history: QuorumHistory, now: number): View<typeof proposalSchema> => {
    const quorum = quorumOf(history, Number(p.vote_start));
    return {
      id: p.proposal_id,
      proposer: p.proposer,
      title: proposalTitle(p.description),
      description: p.description,
      state: stateOf(p, quorum, now),
      createdAt: Number(p.created_at),
      createdTx: p.created_tx,
      voteStart: Number(p.vote_start),
      voteEnd: Number(p.vote_end),
      eta: p.eta === null ? null : Number(p.eta),
      votes: { for: p.votes_for, against: p.votes_against, abstain: p.votes_abstain },
      quorum: quorum.toString(),
      actions: (JSON.parse(p.actions) as Action[]).map((a) => ({
        ...a,
        text: describe({ target: a.target, value: BigInt(a.value), data: a.calldata }),
      })),
    };
  };

  app.get(
    "/api/governance/proposals",
    {
      schema: {
        summary: "Governor proposals, newest first, with their state, tally, quorum and decoded calls",
        tags: ["governance"],
        querystring: listQuery({
          state: { type: "string", enum: proposalStateNames, description: "Only proposals in this state now" },
        }),
        response: { 200: listOf(proposalSchema), 400: errors[400] },
      },
    },
    async (request) => {
      const q = request.query;
      if (!governor) return { items: [], next: null };
      const [now, history] = [await indexedTime(db), await quorumHistory(db, governor.toLowerCase())];
      const after = decodeCursor(q.cursor, ["number", "number"]) as [number, number] | undefined;
      // The state depends on the time and the quorum, so it is filtered here, in pages of candidates.
      const matches: { row: GovProposalsTable; view: View<typeof proposalSchema> }[] = [];
      let key = after;
      for (;;) {
        let qb = db.selectFrom("gov_proposals").selectAll();
        if (key) {
          const [block, logIndex] = key;
          qb = qb.where(
            sql<boolean>`(created_block, created_log_index) ${sql.raw(q.order === "desc" ? "<" : ">")} (${block}, ${logIndex})`,
          );
        }
        const rows = await qb
          .orderBy("created_block", q.order)
          .orderBy("created_log_index", q.order)
          .limit(200)
          .execute();
        for (const row of rows) {
          const view = proposalView(row, history, now);
          if (!q.state || view.state === q.state) matches.push({ row, view });
        }
        const last = rows[rows.length - 1];
        if (!last || rows.length < 200 || matches.length > q.limit) break;
        key = [Number(last.created_block), last.created_log_index];
      }
      return pageOf(
        matches,
        q,
        (m) => [Number(m.row.created_block), m.row.created_log_index],
        (m) => m.view,
      );
    },
  );

  app.get(
    "/api/governance/proposals/:id",
    {
      schema: {
        summary: "One proposal with its votes and reasons and its timeline",
        tags: ["governance"],
        params: { type: "object", required: ["id"], additionalProperties: false, properties: { id: proposalId } },
        response: { 200: proposalDetailSchema, ...errors },
      },
    },
    async (request) => {
      const { id } = request.params;
      const row = await db.selectFrom("gov_proposals").selectAll().where("proposal_id", "=", id).executeTakeFirst();
      if (!row || !governor) throw new ApiError(404, `proposal ${id} not found`);
      const [now, history] = [await indexedTime(db), await quorumHistory(db, governor.toLowerCase())];
      const ballots = await db
        .selectFrom("gov_votes")
        .selectAll()
        .where("proposal_id", "=", id)
        .orderBy("block_number")
        .orderBy("log_index")
        .limit(MAX_BALLOTS + 1)
        .execute();
      return {
        ...proposalView(row, history, now),
        ballots: ballots.slice(0, MAX_BALLOTS).map((v) => ({
          voter: v.voter,
          support: supportNames[v.support] ?? "abstain",
          weight: v.weight,
          reason: v.reason,
          at: Number(v.at),
          txHash: v.tx_hash,
        })),
        truncated: ballots.length > MAX_BALLOTS,
        timeline: timelineOf(row, quorumOf(history, Number(row.vote_start)), now),
      };
    },
  );

  app.get(
    "/api/governance/parameters",
    {
      schema: {
        summary: "Every governed parameter: its value and who changed it, by which proposal",
        tags: ["governance"],
        querystring: closedObject({}),
        response: { 200: listOf(parameterSchema) },
      },
    },
    async () => {
      // Changes happen by proposal only, so there are few: one answer, never paged.
      const changes = await db
        .selectFrom("gov_parameter_changes")
        .selectAll()
        .orderBy("block_number")
        .orderBy("log_index")
        .orderBy("seq")
        .execute();
      const parameters = new Map<string, View<typeof parameterSchema>>();
      for (const c of changes) {
        const key = `${c.contract}|${c.name}|${c.member}`;
        const parameter = parameters.get(key) ?? {
          contract: deploymentContractAt(deployment.contracts, c.contract)?.name ?? c.contract,
          address: c.contract,
          name: c.name,
          member: c.member === "" ? null : c.member,
          value: c.value,
          history: [],
        };
        parameter.value = c.value;
        parameter.history.push({
          value: c.value,
          at: Number(c.at),
          blockNumber: Number(c.block_number),
          txHash: c.tx_hash,
          proposalId: c.proposal_id,
        });
        parameters.set(key, parameter);
      }
      return { items: [...parameters.values()], next: null };
    },
  );

  const delegators = sql<number>`(select count(*) from gov_accounts d where d.delegate = gov_accounts.address)`;
  app.get(
    "/api/governance/delegates",
    {
      schema: {
        summary: "Accounts DIP votes are delegated to, by votes (descending by default), ties by address",
        tags: ["governance"],
        querystring: listQuery({}),
        response: { 200: listOf(delegateSchema), 400: errors[400] },
      },
    },
    async (request) => {
      const qb = db
        .selectFrom("gov_accounts")
        .selectAll()
        .select(delegators.as("delegators"))
        .where((eb) => eb.or([eb("votes", "<>", "0"), eb(delegators, ">", 0)]));
      type Row = GovAccountsTable & { delegators: number };
      return listPage(
        qb,
        [...amountKeys<Row>("votes"), columnKey<Row>("address", "string")],
        request.query,
        (a: Row) => ({ address: a.address, votes: a.votes, balance: a.balance, delegators: Number(a.delegators) }),
      );
    },
  );

  app.get(
    "/api/governance/treasury",
    {
      schema: {
        summary: "The treasury (the timelock): balance per token and its history, newest first by default",
        description:
          "Fees the market credits the timelock, and transfers to and from it of the tokens this node follows (the deployment's test stablecoin)",
        tags: ["governance"],
        querystring: closedObject(pageQuery),
        response: { 200: treasurySchema, ...errors },
      },
    },
    async (request) => {
      if (!timelock) throw new ApiError(404, "this deployment has no DAO: it has no timelock holding a treasury");
      const totals = new Map<string, bigint>();
      for (const t of await db.selectFrom("gov_treasury").select(["kind", "token", "amount"]).execute()) {
        const sign = t.kind === "out" ? -1n : 1n;
        totals.set(t.token, (totals.get(t.token) ?? 0n) + sign * BigInt(t.amount));
      }
      const balances = [];
      for (const [token, total] of totals) {
        const info = chain ? await getTokenInfo(chain, token as Address).catch(() => undefined) : undefined;
        balances.push({
          token,
          symbol: info?.symbol ?? null,
          decimals: info?.decimals ?? null,
          amount: total.toString(),
        });
      }
      const page = await listPage(
        db.selectFrom("gov_treasury").selectAll(),
        [columnKey<GovTreasuryTable>("block_number", "number"), columnKey<GovTreasuryTable>("log_index", "number")],
        request.query,
        (t: GovTreasuryTable) => ({
          kind: t.kind as "fee" | "in" | "out",
          token: t.token,
          amount: t.amount,
          counterparty: t.counterparty,
          at: Number(t.at),
          txHash: t.tx_hash,
          proposalId: t.proposal_id,
        }),
      );
      return { address: timelock.toLowerCase(), balances, history: page.items, next: page.next };
    },
  );
}
