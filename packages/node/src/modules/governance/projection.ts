// The DAO's read model as a fold over the events of DIP, the Governor, the timelock and the
// contracts they govern. Proposals and DIP accounts are entities: each row is a pure function of
// the events naming it, re-folded after a reorg. Votes, parameter changes, the supply history and
// the treasury's history are one row per event, so a reorg only deletes the rows above the
// ancestor. A change made by an executed proposal is attributed to it by transaction: the Governor
// emits ProposalExecuted after the calls it executes, in the same transaction.
import {
  capacityLedgerAbi,
  certifierRegistryAbi,
  dipnetGovernorAbi,
  dipnetTimelockAbi,
  dipTokenAbi,
  erc20PermitAbi,
  orderMarketAbi,
  participantRegistryAbi,
} from "@dipnet/sdk";
import type { Kysely, Transaction } from "kysely";
import type {
  GovAccountsTable,
  GovParameterChangesTable,
  GovProposalsTable,
  GovSupplyTable,
  GovTreasuryTable,
  GovVotesTable,
  Schema,
} from "../../core/db/schema.ts";
import type { ArgValue, DecodedEvent } from "../../core/indexer/decode.ts";
import type { ContractAddresses, Projection, ProjectionContext } from "../../core/indexer/projection.ts";
import { storedEvents } from "../../core/indexer/storedEvents.ts";

type Db = Kysely<Schema> | Transaction<Schema>;

const zeroAddress = "0x0000000000000000000000000000000000000000";
const str = (v: ArgValue | undefined): string => (v === undefined ? "" : String(v));
const big = (v: ArgValue | undefined): bigint => BigInt(String(v ?? 0));

/** Only DIP's transfers of a payment token matter to the treasury. */
const transferAbi = erc20PermitAbi.filter((item) => item.type === "event" && item.name === "Transfer");

/** Governor events that name a proposal. */
const proposalEvents = new Set([
  "ProposalCreated",
  "VoteCast",
  "VoteCastWithParams",
  "ProposalQueued",
  "ProposalExecuted",
  "ProposalCanceled",
]);

/** A parameter as one event sets it: its name, the set member it concerns ('' for none) and its value. */
type ParameterChange = { name: string; member: string; value: string };

/** The governed parameters an event of a governed contract sets; empty for other events. */
function parameterChanges(e: DecodedEvent, addresses: ContractAddresses): ParameterChange[] {
  const a = e.args;
  const scalar = (name: string, value: ArgValue | undefined) => [{ name, member: "", value: str(value) }];
  const membership = (name: string, member: ArgValue | undefined, allowed: boolean) => [
    { name, member: str(member), value: String(allowed) },
  ];
  if (e.name === "OwnershipTransferred") return scalar("owner", a.newOwner);
  switch (e.contract) {
    case addresses.orderMarket:
      switch (e.name) {
        case "ParametersSet":
          return Object.entries(a.parameters as Record<string, ArgValue>).map(([name, value]) => ({
            name,
            member: "",
            value: str(value),
          }));
        case "TreasurySet":
          return scalar("treasury", a.treasury);
        case "CertifierRegistrySet":
          return scalar("certifierRegistry", a.certifierRegistry);
        case "ArbiterSet":
          return membership("arbiters", a.arbiter, a.allowed === true);
        case "PaymentTokenSet":
          return membership("paymentTokens", a.token, a.allowed === true);
      }
      return [];
    case addresses.participantRegistry:
      if (e.name === "MinStakeSet") return scalar("minStake", a.minStake);
      if (e.name === "StakeTokenSet") return scalar("stakeToken", a.token);
      if (e.name === "MarketSet") return membership("markets", a.market, a.allowed === true);
      if (e.name === "GuardianSet") return scalar("guardian", a.guardian);
      if (e.name === "NewBusinessPaused") return scalar("pausedUntil", a.until);
      if (e.name === "NewBusinessResumed") return scalar("pausedUntil", "0");
      return [];
    case addresses.capacityLedger:
      return e.name === "PlannerSet" ? membership("planners", a.planner, a.allowed === true) : [];
    case addresses.certifierRegistry:
      if (e.name === "CertifierAdmitted") return membership("certifiers", a.certifier, true);
      if (e.name === "CertifierRemoved") return membership("certifiers", a.certifier, false);
      return [];
    case addresses.governor:
      switch (e.name) {
        case "VotingDelaySet":
          return scalar("votingDelay", a.newVotingDelay);
        case "VotingPeriodSet":
          return scalar("votingPeriod", a.newVotingPeriod);
        case "ProposalThresholdSet":
          return scalar("proposalThreshold", a.newProposalThreshold);
        case "QuorumNumeratorUpdated":
          return scalar("quorumNumerator", a.newQuorumNumerator);
        case "TimelockChange":
          return scalar("timelock", a.newTimelock);
      }
      return [];
    case addresses.timelock:
      return e.name === "MinDelayChange" ? scalar("minDelay", a.newDuration) : [];
  }
  return [];
}

const parameterKey = (contract: string, name: string, member: string) => `${contract}|${name}|${member}`;

/** The proposal a Governor event names. */
const proposalOf = (e: DecodedEvent): string | undefined =>
  proposalEvents.has(e.name) ? str(e.args.proposalId) : undefined;

/** The accounts a DIP event changes. */
function accountsOf(e: DecodedEvent): string[] {
  const a = e.args;
  switch (e.name) {
    case "Transfer":
      return [str(a.from), str(a.to)].filter((account) => account !== zeroAddress);
    case "DelegateChanged":
      return [str(a.delegator)];
    case "DelegateVotesChanged":
      return [str(a.delegate)];
  }
  return [];
}

/**
 * The rows a fold may touch. A proposal or account key present with `null` is in scope and absent;
 * one not present is out of scope and left alone (a re-fold touches only affected entities). The
 * per-event rows are collected only when folding new events (`appending`).
 */
class WorkingSet {
  proposals = new Map<string, GovProposalsTable | null>();
  accounts = new Map<string, GovAccountsTable | null>();
  votes: GovVotesTable[] = [];
  parameters: GovParameterChangesTable[] = [];
  supply: GovSupplyTable[] = [];
  treasury: GovTreasuryTable[] = [];
  /** Each parameter's value now, by `parameterKey`: a change is recorded only when it differs. */
  current = new Map<string, string>();
  totalSupply = 0n;
  /** Token and customer of the orders whose settlement credits a fee. */
  orders = new Map<number, { token: string; customer: string }>();
  readonly appending: boolean;
  constructor(appending: boolean) {
    this.appending = appending;
  }
}

function account(ws: WorkingSet, address: string, block: number): GovAccountsTable | undefined {
  if (!ws.accounts.has(address)) return undefined;
  let row = ws.accounts.get(address) ?? null;
  if (!row) {
    row = { address, balance: "0", delegate: null, votes: "0", updated_block: block };
    ws.accounts.set(address, row);
  }
  row.updated_block = block;
  return row;
}

function foldGovernor(ws: WorkingSet, e: DecodedEvent): void {
  const a = e.args;
  const id = proposalOf(e);
  if (id === undefined || !ws.proposals.has(id)) return;
  if (e.name === "ProposalCreated") {
    const targets = a.targets as string[];
    const values = a.values as string[];
    const calldatas = a.calldatas as string[];
    ws.proposals.set(id, {
      proposal_id: id,
      proposer: str(a.proposer),
      description: str(a.description),
      actions: JSON.stringify(targets.map((target, i) => ({ target, value: values[i], calldata: calldatas[i] }))),
      vote_start: Number(a.voteStart),
      vote_end: Number(a.voteEnd),
      created_block: e.blockNumber,
      created_log_index: e.logIndex,
      created_at: e.blockTime,
      created_tx: e.txHash,
      votes_for: "0",
      votes_against: "0",
      votes_abstain: "0",
      queued_at: null,
      eta: null,
      executed_at: null,
      canceled_at: null,
    });
    return;
  }
  const proposal = ws.proposals.get(id);
  if (!proposal) return;
  switch (e.name) {
    case "VoteCast":
    case "VoteCastWithParams": {
      const support = Number(a.support);
      const column = (["votes_against", "votes_for", "votes_abstain"] as const)[support];
      if (column) proposal[column] = (BigInt(proposal[column]) + big(a.weight)).toString();
      if (ws.appending)
        ws.votes.push({
          block_number: e.blockNumber,
          log_index: e.logIndex,
          proposal_id: id,
          voter: str(a.voter),
          support,
          weight: str(a.weight),
          reason: str(a.reason),
          at: e.blockTime,
          tx_hash: e.txHash,
        });
      return;
    }
    case "ProposalQueued":
      proposal.queued_at = e.blockTime;
      proposal.eta = Number(a.etaSeconds);
      return;
    case "ProposalExecuted":
      proposal.executed_at = e.blockTime;
      return;
    case "ProposalCanceled":
      proposal.canceled_at = e.blockTime;
      return;
  }
}

function foldDip(ws: WorkingSet, e: DecodedEvent): void {
  const a = e.args;
  switch (e.name) {
    case "Transfer": {
      const value = big(a.value);
      const from = account(ws, str(a.from), e.blockNumber);
      if (from) from.balance = (BigInt(from.balance) - value).toString();
      const to = account(ws, str(a.to), e.blockNumber);
      if (to) to.balance = (BigInt(to.balance) + value).toString();
      const minted = str(a.from) === zeroAddress ? value : str(a.to) === zeroAddress ? -value : 0n;
      if (minted !== 0n && ws.appending) {
        ws.totalSupply += minted;
        ws.supply.push({
          block_number: e.blockNumber,
          log_index: e.logIndex,
          at: e.blockTime,
          total_supply: ws.totalSupply.toString(),
        });
      }
      return;
    }
    case "DelegateChanged": {
      const delegator = account(ws, str(a.delegator), e.blockNumber);
      if (delegator) delegator.delegate = str(a.toDelegate);
      return;
    }
    case "DelegateVotesChanged": {
      const delegate = account(ws, str(a.delegate), e.blockNumber);
      if (delegate) delegate.votes = str(a.newVotes);
      return;
    }
  }
}

/** Money the timelock receives or spends: fees the market credits it, and transfers of a followed token. */
function foldTreasury(ws: WorkingSet, e: DecodedEvent, addresses: ContractAddresses): void {
  const timelock = addresses.timelock as string;
  const row = (kind: string, token: string, amount: bigint, counterparty: string) =>
    ws.treasury.push({
      block_number: e.blockNumber,
      log_index: e.logIndex,
      kind,
      token,
      amount: amount.toString(),
      counterparty,
      at: e.blockTime,
      tx_hash: e.txHash,
      proposal_id: null,
    });
  const a = e.args;
  if (e.contract === addresses.orderMarket && e.name === "OrderSettled") {
    const treasury = ws.current.get(parameterKey(e.contract, "treasury", ""));
    const order = ws.orders.get(Number(a.orderId));
    if (treasury === timelock && order && big(a.fee) > 0n) row("fee", order.token, big(a.fee), order.customer);
    return;
  }
  if (e.contract === addresses.testStablecoin && e.name === "Transfer") {
    const [from, to] = [str(a.from), str(a.to)];
    // The market paying out fees it credited the treasury: counted when credited.
    if (to === timelock && from !== addresses.orderMarket) row("in", e.contract, big(a.value), from);
    if (from === timelock) row("out", e.contract, big(a.value), to);
  }
}

function foldAll(ws: WorkingSet, events: readonly DecodedEvent[], addresses: ContractAddresses): void {
  for (const e of events) {
    if (e.contract === addresses.governor) foldGovernor(ws, e);
    if (e.contract === addresses.dipToken) foldDip(ws, e);
    if (!ws.appending) continue;
    foldTreasury(ws, e, addresses);
    parameterChanges(e, addresses).forEach((change, seq) => {
      const key = parameterKey(e.contract, change.name, change.member);
      if (ws.current.get(key) === change.value) return;
      ws.current.set(key, change.value);
      ws.parameters.push({
        block_number: e.blockNumber,
        log_index: e.logIndex,
        seq,
        contract: e.contract,
        ...change,
        at: e.blockTime,
        tx_hash: e.txHash,
        proposal_id: null,
      });
    });
  }
}

async function loadEntities(db: Db, ws: WorkingSet, proposalIds: string[], accounts: string[]): Promise<void> {
  for (const id of proposalIds) ws.proposals.set(id, null);
  for (const address of accounts) ws.accounts.set(address, null);
  if (proposalIds.length > 0)
    for (const row of await db
      .selectFrom("gov_proposals")
      .selectAll()
      .where("proposal_id", "in", proposalIds)
      .execute())
      ws.proposals.set(row.proposal_id, row);
  if (accounts.length > 0)
    for (const row of await db.selectFrom("gov_accounts").selectAll().where("address", "in", accounts).execute())
      ws.accounts.set(row.address, row);
}

async function writeEntities(db: Db, ws: WorkingSet): Promise<void> {
  const proposalIds = [...ws.proposals.keys()];
  const accounts = [...ws.accounts.keys()];
  if (proposalIds.length > 0) await db.deleteFrom("gov_proposals").where("proposal_id", "in", proposalIds).execute();
  if (accounts.length > 0) await db.deleteFrom("gov_accounts").where("address", "in", accounts).execute();
  const proposals = [...ws.proposals.values()].filter((p): p is GovProposalsTable => p !== null);
  const rows = [...ws.accounts.values()].filter((a): a is GovAccountsTable => a !== null);
  for (let i = 0; i < proposals.length; i += 100)
    await db
      .insertInto("gov_proposals")
      .values(proposals.slice(i, i + 100))
      .execute();
  for (let i = 0; i < rows.length; i += 500)
    await db
      .insertInto("gov_accounts")
      .values(rows.slice(i, i + 500))
      .execute();
}

/** Inserts rows in chunks the databases' parameter limits allow. */
async function insertAll<T extends "gov_votes" | "gov_parameter_changes" | "gov_supply" | "gov_treasury">(
  db: Db,
  table: T,
  rows: Schema[T][],
): Promise<void> {
  for (let i = 0; i < rows.length; i += 500)
    await db
      .insertInto(table)
      .values(rows.slice(i, i + 500) as never)
      .execute();
}

/** Each parameter's latest value, the latest total supply and the settled orders' tokens, for a new batch. */
async function loadCurrent(db: Db, ws: WorkingSet, events: readonly DecodedEvent[], addresses: ContractAddresses) {
  const changes = await db
    .selectFrom("gov_parameter_changes")
    .select(["contract", "name", "member", "value"])
    .orderBy("block_number")
    .orderBy("log_index")
    .orderBy("seq")
    .execute();
  for (const c of changes) ws.current.set(parameterKey(c.contract, c.name, c.member), c.value);
  const supply = await db
    .selectFrom("gov_supply")
    .select("total_supply")
    .orderBy("block_number", "desc")
    .orderBy("log_index", "desc")
    .executeTakeFirst();
  ws.totalSupply = BigInt(supply?.total_supply ?? 0);
  const settled = events.flatMap((e) =>
    e.contract === addresses.orderMarket && e.name === "OrderSettled" ? [Number(e.args.orderId)] : [],
  );
  // The market's projection folds the batch first: its orders are there.
  if (settled.length > 0)
    for (const o of await db
      .selectFrom("orders")
      .select(["id", "token", "customer"])
      .where("id", "in", settled)
      .execute())
      ws.orders.set(Number(o.id), { token: o.token, customer: o.customer });
}

async function apply(ctx: ProjectionContext, events: readonly DecodedEvent[]): Promise<void> {
  const { db, addresses } = ctx;
  const ws = new WorkingSet(true);
  const proposalIds = events.flatMap((e) => (e.contract === addresses.governor ? (proposalOf(e) ?? []) : []));
  const accounts = events.flatMap((e) => (e.contract === addresses.dipToken ? accountsOf(e) : []));
  await loadEntities(db, ws, [...new Set(proposalIds)], [...new Set(accounts)]);
  await loadCurrent(db, ws, events, addresses);
  foldAll(ws, events, addresses);
  await writeEntities(db, ws);
  await insertAll(db, "gov_votes", ws.votes);
  await insertAll(db, "gov_parameter_changes", ws.parameters);
  await insertAll(db, "gov_supply", ws.supply);
  await insertAll(db, "gov_treasury", ws.treasury);
  // The changes a proposal made, here or in an earlier batch of the same transaction (a rebuild's
  // batches may split one), are its.
  for (const e of events) {
    if (e.contract !== addresses.governor || e.name !== "ProposalExecuted") continue;
    const proposalId = str(e.args.proposalId);
    await db
      .updateTable("gov_parameter_changes")
      .set({ proposal_id: proposalId })
      .where("tx_hash", "=", e.txHash)
      .execute();
    await db.updateTable("gov_treasury").set({ proposal_id: proposalId }).where("tx_hash", "=", e.txHash).execute();
  }
}

/** The proposals and DIP accounts the orphaned events above a block named. */
type Affected = { proposalIds: string[]; accounts: string[] };

/** Proposals, votes, governed parameters, DIP holders and delegates, and the treasury. */
export const governanceProjection: Projection<Affected> = {
  abis: {
    dipToken: dipTokenAbi,
    governor: dipnetGovernorAbi,
    timelock: dipnetTimelockAbi,
    orderMarket: orderMarketAbi,
  },
  optionalAbis: {
    participantRegistry: participantRegistryAbi,
    capacityLedger: capacityLedgerAbi,
    certifierRegistry: certifierRegistryAbi,
    testStablecoin: transferAbi,
  },
  tables: ["gov_proposals", "gov_votes", "gov_parameter_changes", "gov_supply", "gov_accounts", "gov_treasury"],
  apply,
  async keysAbove({ db, chainId, addresses }, ancestor) {
    const governor = await storedEvents(db, chainId, addresses.governor as string, ancestor);
    const dip = await storedEvents(db, chainId, addresses.dipToken as string, ancestor);
    return {
      proposalIds: [...new Set(governor.flatMap((e) => proposalOf(e) ?? []))],
      accounts: [...new Set(dip.flatMap(accountsOf))],
    };
  },
  async refold({ db, chainId, addresses }, { proposalIds, accounts }, ancestor) {
    for (const table of ["gov_votes", "gov_parameter_changes", "gov_supply", "gov_treasury"] as const)
      await db.deleteFrom(table).where("block_number", ">", ancestor).execute();
    const ws = new WorkingSet(false);
    for (const id of proposalIds) ws.proposals.set(id, null);
    for (const address of accounts) ws.accounts.set(address, null);
    if (proposalIds.length > 0) foldAll(ws, await storedEvents(db, chainId, addresses.governor as string), addresses);
    if (accounts.length > 0) foldAll(ws, await storedEvents(db, chainId, addresses.dipToken as string), addresses);
    await writeEntities(db, ws);
  },
};
