// The read model as a fold over events. Every read-model row is a pure function of the stored
// events of its entity (an order, a participant, a contract) or, for balances, of the ledger rows
// those events produced. Forward indexing folds a batch onto the rows it loads; a reorg deletes
// the orphaned events and re-folds the affected entities from the events that remain, so the
// result is identical to a from-scratch re-index by construction.
import { certificationTypeName, orderMarketAbi, participantRegistryAbi } from "@dipnet/sdk";
import type { Kysely, Transaction } from "kysely";
import type { Hex } from "viem";
import type {
  BalancesTable,
  BidsTable,
  EventsTable,
  LedgerTable,
  MilestonesTable,
  OrdersTable,
  ParticipantsTable,
  Schema,
} from "../../core/db/schema.ts";
import type { ArgValue, DecodedEvent } from "../../core/indexer/decode.ts";
import type { ContractAddresses, Projection, ProjectionContext } from "../../core/indexer/projection.ts";
import { eventFromRow } from "../../core/indexer/storedEvents.ts";

type Db = Kysely<Schema> | Transaction<Schema>;

type MarketState = {
  feeBps: number;
  treasury: string | null;
  acceptanceWindow: number;
  lateGrace: number;
  minBond: string;
  rulingWindow?: number | undefined;
  cancellationFloorPercent?: number | undefined;
  commitDepositBps?: number | undefined;
  /**
   * Every ruling window set, in chain order: a shipment's ruling end uses the one in force at its
   * block, so re-folding an order after a later change still gives the chain's value.
   */
  rulingWindows?: { block: number; logIndex: number; seconds: number }[] | undefined;
  paymentTokens: string[];
  arbiters: string[];
};

/** The ruling window in force just before event `e`. */
function rulingWindowAt(ws: WorkingSet, market: string, e: DecodedEvent): number {
  const history = (ws.contracts.get(market)?.state as MarketState | undefined)?.rulingWindows ?? [];
  let seconds = 0;
  for (const w of history) {
    if (w.block > e.blockNumber || (w.block === e.blockNumber && w.logIndex >= e.logIndex)) break;
    seconds = w.seconds;
  }
  return seconds;
}
type RegistryState = { stakeToken: string | null; minStake: string; markets: string[] };
type ContractState = { kind: "market" | "registry"; state: MarketState | RegistryState; updated_block: number };

/** Events that belong to no order and no account configure their contract. */
const accountEvents = new Set([
  "ParticipantRegistered",
  "ProfileUpdated",
  "RolesGranted",
  "StakeDeposited",
  "StakeWithdrawn",
  "BondLocked",
  "BondReleased",
  "BondSlashed",
  "SlashClaimed",
]);

const str = (v: ArgValue | undefined): string => (v === undefined ? "" : String(v));
const num = (v: ArgValue | undefined): number => Number(v ?? 0);
const big = (v: ArgValue | undefined): bigint => BigInt(String(v ?? 0));

/** The account a registry event (or a market withdrawal) belongs to: re-folded per participant. */
function accountOf(e: DecodedEvent, addresses: ContractAddresses): string | null {
  if (e.contract === addresses.participantRegistry && accountEvents.has(e.name)) return str(e.args.account);
  if (e.contract === addresses.orderMarket && e.name === "Withdrawn") return str(e.args.account);
  return null;
}

/**
 * The rows a fold may touch. A key present with `null` is in scope and absent (to be created);
 * a key not present is out of scope and left alone (a re-fold touches only affected entities).
 */
class WorkingSet {
  orders = new Map<number, OrdersTable | null>();
  bids = new Map<number, Map<string, BidsTable>>();
  milestones = new Map<number, Map<number, MilestonesTable>>();
  participants = new Map<string, ParticipantsTable | null>();
  contracts = new Map<string, ContractState | null>();
  ledger: LedgerTable[] = [];
  ledgerEnabled: boolean;
  dirtyOrders = new Set<number>();
  dirtyParticipants = new Set<string>();
  dirtyContracts = new Set<string>();

  constructor(ledgerEnabled: boolean) {
    this.ledgerEnabled = ledgerEnabled;
  }
}

function marketState(ws: WorkingSet, address: string, block: number): MarketState | undefined {
  if (!ws.contracts.has(address)) return undefined;
  let c = ws.contracts.get(address) ?? null;
  if (!c) {
    c = {
      kind: "market",
      state: {
        feeBps: 0,
        treasury: null,
        acceptanceWindow: 0,
        lateGrace: 0,
        minBond: "0",
        paymentTokens: [],
        arbiters: [],
      },
      updated_block: block,
    };
    ws.contracts.set(address, c);
  }
  return c.state as MarketState;
}

function registryState(ws: WorkingSet, address: string, block: number): RegistryState | undefined {
  if (!ws.contracts.has(address)) return undefined;
  let c = ws.contracts.get(address) ?? null;
  if (!c) {
    c = { kind: "registry", state: { stakeToken: null, minStake: "0", markets: [] }, updated_block: block };
    ws.contracts.set(address, c);
  }
  return c.state as RegistryState;
}

function touchContract(ws: WorkingSet, address: string, block: number): void {
  const c = ws.contracts.get(address);
  if (c) c.updated_block = block;
  ws.dirtyContracts.add(address);
}

function setMember(list: string[], member: string, present: boolean): string[] {
  const without = list.filter((m) => m !== member);
  return present ? [...without, member].sort() : without;
}

function credit(
  ws: WorkingSet,
  e: DecodedEvent,
  contract: string,
  token: string | null,
  account: string,
  delta: bigint,
): void {
  if (!ws.ledgerEnabled || delta === 0n || !token) return;
  const last = ws.ledger[ws.ledger.length - 1];
  ws.ledger.push({
    chain_id: 0, // set by the writer
    block_hash: e.blockHash,
    log_index: e.logIndex,
    seq: last && last.block_hash === e.blockHash && last.log_index === e.logIndex ? last.seq + 1 : 0,
    block_number: e.blockNumber,
    contract,
    token,
    account,
    delta: delta.toString(),
  });
}

function applyMarket(ws: WorkingSet, e: DecodedEvent, market: string): void {
  const a = e.args;
  const at = e.blockTime;
  if (a.orderId === undefined) {
    if (e.name === "Withdrawn") {
      credit(ws, e, market, str(a.token), str(a.account), -big(a.amount));
      return;
    }
    const s = marketState(ws, market, e.blockNumber);
    if (!s) return;
    switch (e.name) {
      case "ParametersSet": {
        const p = a.parameters as Record<string, ArgValue>;
        s.feeBps = num(p.feeBps);
        s.acceptanceWindow = num(p.acceptanceWindow);
        s.lateGrace = num(p.lateGrace);
        s.minBond = str(p.minBond);
        s.rulingWindow = num(p.rulingWindow);
        s.cancellationFloorPercent = num(p.cancellationFloorPercent);
        s.commitDepositBps = num(p.commitDepositBps);
        const history = (s.rulingWindows ?? []).filter(
          (w) => w.block < e.blockNumber || (w.block === e.blockNumber && w.logIndex < e.logIndex),
        );
        s.rulingWindows = [...history, { block: e.blockNumber, logIndex: e.logIndex, seconds: s.rulingWindow }];
        break;
      }
      case "TreasurySet":
        s.treasury = str(a.treasury);
        break;
      case "PaymentTokenSet":
        s.paymentTokens = setMember(s.paymentTokens, str(a.token), a.allowed === true);
        break;
      case "ArbiterSet":
        s.arbiters = setMember(s.arbiters, str(a.arbiter), a.allowed === true);
        break;
      default:
        return;
    }
    touchContract(ws, market, e.blockNumber);
    return;
  }

  const id = num(a.orderId);
  if (!ws.orders.has(id)) return;
  if (e.name === "RfqCreated") {
    const p = a.params as Record<string, ArgValue>;
    const bps = (p.milestoneBps as number[]) ?? [];
    ws.orders.set(id, {
      id,
      customer: str(a.customer),
      maker: null,
      status: "Open",
      token: str(p.paymentToken),
      budget: str(p.budget),
      price: null,
      fee: null,
      bond: str(p.bond),
      deadline: num(p.deadline),
      bidding_ends: num(p.biddingEnds),
      reveal_ends: num(p.revealEnds),
      sealed: num(p.revealEnds) !== 0 ? 1 : 0,
      invitees: JSON.stringify(p.invitees ?? []),
      spec_hash: str(p.specHash),
      spec_uri: str(p.specURI),
      process: str(p.process),
      material: str(p.material),
      quantity: num(p.quantity),
      milestone_bps: JSON.stringify(bps),
      milestones_submitted: 0,
      milestones_released: 0,
      required_certification: /^0x0*$/.test(str(p.requiredCertification))
        ? null
        : certificationTypeName(str(p.requiredCertification) as Hex),
      licence_id: big(p.licenceId) === 0n ? null : str(p.licenceId),
      royalty: null,
      royalty_recipient: null,
      royalties_paid: "0",
      released_amount: "0",
      lead_time: null,
      due_at: null,
      acceptance_ends: null,
      ruling_ends: null,
      bid_count: 0,
      arbiter: null,
      refund_bps: null,
      slash_bps: null,
      dispute_expired: 0,
      cancellation_compensation: null,
      maker_amount: null,
      customer_refund: null,
      settled_fee: null,
      bond_slashed: null,
      created_block: e.blockNumber,
      created_at: at,
      created_tx: e.txHash,
      awarded_at: null,
      shipped_at: null,
      closed_at: null,
      updated_block: e.blockNumber,
      updated_at: at,
    });
    const milestones = new Map<number, MilestonesTable>();
    for (const [idx, share] of bps.entries()) {
      milestones.set(idx, {
        order_id: id,
        idx,
        bps: share,
        evidence_hash: null,
        submitted_tx: null,
        submitted_block: null,
        submitted_at: null,
        amount: null,
        released_tx: null,
        released_block: null,
        released_at: null,
      });
    }
    ws.milestones.set(id, milestones);
    ws.bids.set(id, new Map());
    ws.dirtyOrders.add(id);
    return;
  }

  const order = ws.orders.get(id);
  if (!order) return; // events of an order whose RfqCreated is not indexed cannot be projected
  const bids = ws.bids.get(id) ?? new Map<string, BidsTable>();
  ws.bids.set(id, bids);
  const bidOf = (maker: string): BidsTable => {
    let bid = bids.get(maker);
    if (!bid) {
      bid = {
        order_id: id,
        maker,
        state: "None",
        price: null,
        lead_time: null,
        commitment: null,
        deposit: null,
        deposit_state: null,
        counter_price: null,
        counter_lead_time: null,
        created_block: e.blockNumber,
        created_at: at,
        updated_block: e.blockNumber,
        updated_at: at,
        updated_tx: e.txHash,
      };
      bids.set(maker, bid);
    }
    bid.updated_block = e.blockNumber;
    bid.updated_at = at;
    bid.updated_tx = e.txHash;
    return bid;
  };
  const milestone = (idx: number): MilestonesTable | undefined => ws.milestones.get(id)?.get(idx);

  switch (e.name) {
    case "BidderInvited":
      break; // the invitee list is part of RfqCreated; the event stays in the timeline
    case "BidPlaced":
    case "BidRevealed": {
      const bid = bidOf(str(a.maker));
      bid.state = "Active";
      bid.price = str(a.price);
      bid.lead_time = num(a.leadTime);
      break;
    }
    case "BidCommitted": {
      const bid = bidOf(str(a.maker));
      bid.state = "Committed";
      bid.commitment = str(a.commitment);
      bid.deposit = str(a.deposit);
      bid.deposit_state = big(a.deposit) > 0n ? "held" : null;
      break;
    }
    case "CommitDepositReturned":
      bidOf(str(a.maker)).deposit_state = "returned";
      credit(ws, e, market, order.token, str(a.maker), big(a.deposit));
      break;
    case "CommitDepositForfeited":
      bidOf(str(a.maker)).deposit_state = "forfeited";
      credit(ws, e, market, order.token, str(a.to), big(a.deposit));
      break;
    case "BidWithdrawn":
      bidOf(str(a.maker)).state = "Withdrawn";
      break;
    case "CounterOffered": {
      const bid = bidOf(str(a.maker));
      bid.counter_price = str(a.price);
      bid.counter_lead_time = num(a.leadTime);
      break;
    }
    case "CounterOfferWithdrawn": {
      const bid = bidOf(str(a.maker));
      bid.counter_price = null;
      bid.counter_lead_time = null;
      break;
    }
    case "CounterOfferAccepted": {
      const bid = bidOf(str(a.maker));
      bid.price = str(a.price);
      bid.lead_time = num(a.leadTime);
      bid.counter_price = null;
      bid.counter_lead_time = null;
      break;
    }
    case "OrderAwarded":
      order.status = "Awarded";
      order.maker = str(a.maker);
      order.price = str(a.price);
      order.fee = str(a.fee);
      order.lead_time = num(a.leadTime);
      order.due_at = num(a.dueAt);
      order.awarded_at = at;
      break;
    case "LicenceRecorded":
      order.royalty = str(a.royalty);
      order.royalty_recipient = str(a.royaltyRecipient);
      break;
    case "RoyaltyPaid":
      // MilestoneReleased and OrderSettled credit the maker its whole payment; this share of it
      // went to the designer instead.
      order.royalties_paid = (BigInt(order.royalties_paid) + big(a.amount)).toString();
      credit(ws, e, market, order.token, str(a.recipient), big(a.amount));
      if (order.maker) credit(ws, e, market, order.token, order.maker, -big(a.amount));
      break;
    case "MilestoneSubmitted": {
      const idx = num(a.index);
      order.milestones_submitted = idx + 1;
      const m = milestone(idx);
      if (m)
        Object.assign(m, {
          evidence_hash: str(a.evidenceHash),
          submitted_tx: e.txHash,
          submitted_block: e.blockNumber,
          submitted_at: at,
        });
      break;
    }
    case "MilestoneReleased": {
      const idx = num(a.index);
      order.milestones_released = idx + 1;
      order.released_amount = (BigInt(order.released_amount) + big(a.amount)).toString();
      const m = milestone(idx);
      if (m)
        Object.assign(m, {
          amount: str(a.amount),
          released_tx: e.txHash,
          released_block: e.blockNumber,
          released_at: at,
        });
      if (order.maker) credit(ws, e, market, order.token, order.maker, big(a.amount));
      break;
    }
    case "OrderShipped":
      order.status = "Shipped";
      order.acceptance_ends = num(a.acceptanceEnds);
      order.shipped_at = at;
      break;
    case "OrderAccepted": {
      order.status = "Completed";
      order.closed_at = at;
      // The last milestone is released by acceptance; record it with the acceptance transaction.
      const last = ws.milestones.get(id)?.get(JSON.parse(order.milestone_bps).length - 1);
      if (last && !last.released_tx)
        Object.assign(last, { released_tx: e.txHash, released_block: e.blockNumber, released_at: at });
      break;
    }
    case "DisputeOpened":
      order.status = "Disputed";
      order.ruling_ends = (order.acceptance_ends ?? 0) + rulingWindowAt(ws, market, e);
      break;
    case "EvidenceSubmitted":
      break;
    case "DisputeResolved":
      order.status = "Resolved";
      order.arbiter = str(a.arbiter);
      order.refund_bps = num(a.refundBps);
      order.slash_bps = num(a.slashBps);
      order.closed_at = at;
      break;
    case "DisputeExpired":
      order.status = "Resolved";
      order.dispute_expired = 1;
      order.refund_bps = num(a.refundBps);
      order.slash_bps = 0;
      order.closed_at = at;
      break;
    case "OrderCancelled":
      order.cancellation_compensation = str(a.compensation);
      order.status = "Cancelled";
      order.closed_at = at;
      break;
    case "RfqCancelled":
      order.status = "Cancelled";
      order.closed_at = at;
      break;
    case "OrderDefaulted":
      order.status = "Defaulted";
      order.closed_at = at;
      break;
    case "OrderSettled": {
      order.maker_amount = str(a.makerAmount);
      order.customer_refund = str(a.customerRefund);
      order.settled_fee = str(a.fee);
      order.bond_slashed = str(a.bondSlashed);
      if (order.maker) credit(ws, e, market, order.token, order.maker, big(a.makerAmount));
      credit(ws, e, market, order.token, order.customer, big(a.customerRefund));
      const treasury = (ws.contracts.get(market)?.state as MarketState | undefined)?.treasury ?? null;
      if (treasury) credit(ws, e, market, order.token, treasury, big(a.fee));
      break;
    }
    default:
      return;
  }
  order.updated_block = e.blockNumber;
  order.updated_at = at;
  ws.dirtyOrders.add(id);
}

function applyRegistry(ws: WorkingSet, e: DecodedEvent, registry: string): void {
  const a = e.args;
  if (!accountEvents.has(e.name)) {
    const s = registryState(ws, registry, e.blockNumber);
    if (!s) return;
    switch (e.name) {
      case "StakeTokenSet":
        s.stakeToken = str(a.token);
        break;
      case "MinStakeSet":
        s.minStake = str(a.minStake);
        break;
      case "MarketSet":
        s.markets = setMember(s.markets, str(a.market), a.allowed === true);
        break;
      default:
        return;
    }
    touchContract(ws, registry, e.blockNumber);
    return;
  }
  const stakeToken = (ws.contracts.get(registry)?.state as RegistryState | undefined)?.stakeToken ?? null;
  if (e.name === "BondSlashed") credit(ws, e, registry, stakeToken, str(a.beneficiary), big(a.amount));
  if (e.name === "SlashClaimed") credit(ws, e, registry, stakeToken, str(a.account), -big(a.amount));

  const account = str(a.account);
  if (!ws.participants.has(account)) return;
  if (e.name === "ParticipantRegistered") {
    ws.participants.set(account, {
      address: account,
      roles: num(a.roles),
      registered_at: e.blockTime,
      registered_block: e.blockNumber,
      profile_hash: str(a.profileHash),
      profile_uri: str(a.profileURI),
      encryption_key: str(a.encryptionKey),
      stake: "0",
      locked: "0",
      open_bonds: 0,
      updated_block: e.blockNumber,
      updated_at: e.blockTime,
    });
    ws.dirtyParticipants.add(account);
    return;
  }
  const p = ws.participants.get(account);
  if (!p) return;
  switch (e.name) {
    case "ProfileUpdated":
      p.profile_hash = str(a.profileHash);
      p.profile_uri = str(a.profileURI);
      p.encryption_key = str(a.encryptionKey);
      break;
    case "RolesGranted":
      p.roles = num(a.roles);
      break;
    case "StakeDeposited":
    case "StakeWithdrawn":
      p.stake = str(a.stake);
      break;
    case "BondLocked":
      p.locked = (BigInt(p.locked) + big(a.amount)).toString();
      p.open_bonds += 1;
      break;
    case "BondReleased":
      p.locked = (BigInt(p.locked) - big(a.amount)).toString();
      p.open_bonds -= 1;
      break;
    case "BondSlashed":
      p.locked = (BigInt(p.locked) - big(a.amount) - big(a.released)).toString();
      p.stake = (BigInt(p.stake) - big(a.amount)).toString();
      p.open_bonds -= 1;
      break;
    case "SlashClaimed":
      break;
    default:
      return;
  }
  p.updated_block = e.blockNumber;
  p.updated_at = e.blockTime;
  ws.dirtyParticipants.add(account);
}

function applyAll(ws: WorkingSet, events: readonly DecodedEvent[], contracts: Contracts): void {
  for (const e of events) {
    if (e.contract === contracts.orderMarket) applyMarket(ws, e, e.contract);
    else if (e.contract === contracts.participantRegistry) applyRegistry(ws, e, e.contract);
  }
}

// ------------------------------------------------------------------ reading and writing rows

/** Rows per statement: well under SQLite's 32,766 and PostgreSQL's 65,535 bound parameters. */
function chunks<T>(rows: readonly T[], columns: number): T[][] {
  const size = Math.max(1, Math.floor(20_000 / Math.max(1, columns)));
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

async function insertRows<T extends keyof Schema>(db: Db, table: T, rows: readonly Schema[T][]): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0] as object).length;
  for (const chunk of chunks(rows, columns)) {
    await db
      .insertInto(table)
      .values(chunk as never)
      .execute();
  }
}

function idChunks<T>(ids: readonly T[]): T[][] {
  return chunks(ids, 1);
}

async function loadOrders(db: Db, ws: WorkingSet, ids: readonly number[]): Promise<void> {
  for (const id of ids) ws.orders.set(id, null);
  for (const chunk of idChunks(ids)) {
    for (const row of await db.selectFrom("orders").selectAll().where("id", "in", chunk).execute())
      ws.orders.set(row.id, { ...row });
    for (const row of await db.selectFrom("bids").selectAll().where("order_id", "in", chunk).execute()) {
      const m = ws.bids.get(row.order_id) ?? new Map<string, BidsTable>();
      ws.bids.set(row.order_id, m);
      m.set(row.maker, { ...row });
    }
    for (const row of await db.selectFrom("milestones").selectAll().where("order_id", "in", chunk).execute()) {
      const m = ws.milestones.get(row.order_id) ?? new Map<number, MilestonesTable>();
      ws.milestones.set(row.order_id, m);
      m.set(row.idx, { ...row });
    }
  }
}

async function loadParticipants(db: Db, ws: WorkingSet, accounts: readonly string[]): Promise<void> {
  for (const a of accounts) ws.participants.set(a, null);
  for (const chunk of idChunks(accounts)) {
    for (const row of await db.selectFrom("participants").selectAll().where("address", "in", chunk).execute()) {
      ws.participants.set(row.address, { ...row });
    }
  }
}

async function loadContracts(db: Db, ws: WorkingSet, addresses: readonly string[]): Promise<void> {
  for (const a of addresses) ws.contracts.set(a, null);
  if (addresses.length === 0) return;
  for (const row of await db.selectFrom("contract_state").selectAll().where("address", "in", addresses).execute()) {
    ws.contracts.set(row.address, {
      kind: row.kind as "market" | "registry",
      state: JSON.parse(row.state),
      updated_block: row.updated_block,
    });
  }
}

async function writeWorkingSet(db: Db, ws: WorkingSet, chainId: number): Promise<void> {
  const orderIds = [...ws.dirtyOrders];
  for (const chunk of idChunks(orderIds)) {
    await db.deleteFrom("orders").where("id", "in", chunk).execute();
    await db.deleteFrom("bids").where("order_id", "in", chunk).execute();
    await db.deleteFrom("milestones").where("order_id", "in", chunk).execute();
  }
  const orders: OrdersTable[] = [];
  const bids: BidsTable[] = [];
  const milestones: MilestonesTable[] = [];
  for (const id of orderIds) {
    const order = ws.orders.get(id);
    if (!order) continue;
    const orderBids = [...(ws.bids.get(id)?.values() ?? [])];
    order.bid_count = orderBids.length;
    orders.push(order);
    bids.push(...orderBids);
    milestones.push(...(ws.milestones.get(id)?.values() ?? []));
  }
  await insertRows(db, "orders", orders);
  await insertRows(db, "bids", bids);
  await insertRows(db, "milestones", milestones);

  const accounts = [...ws.dirtyParticipants];
  for (const chunk of idChunks(accounts)) await db.deleteFrom("participants").where("address", "in", chunk).execute();
  await insertRows(
    db,
    "participants",
    accounts.map((a) => ws.participants.get(a)).filter((p): p is ParticipantsTable => !!p),
  );

  const contracts = [...ws.dirtyContracts];
  if (contracts.length > 0) {
    await db.deleteFrom("contract_state").where("address", "in", contracts).execute();
    const rows = contracts.flatMap((address) => {
      const c = ws.contracts.get(address);
      return c ? [{ address, kind: c.kind, state: JSON.stringify(c.state), updated_block: c.updated_block }] : [];
    });
    await insertRows(db, "contract_state", rows);
  }

  if (ws.ledger.length > 0) {
    for (const l of ws.ledger) l.chain_id = chainId;
    await insertRows(db, "ledger", ws.ledger);
    // Balances: add this batch's deltas to what is stored.
    const deltas = new Map<
      string,
      { contract: string; token: string; account: string; delta: bigint; block: number }
    >();
    for (const l of ws.ledger) {
      const key = `${l.contract}|${l.token}|${l.account}`;
      const d = deltas.get(key) ?? {
        contract: l.contract,
        token: l.token,
        account: l.account,
        delta: 0n,
        block: l.block_number,
      };
      d.delta += BigInt(l.delta);
      d.block = Math.max(d.block, l.block_number);
      deltas.set(key, d);
    }
    const accountsTouched = [...new Set([...deltas.values()].map((d) => d.account))];
    const existing = new Map<string, BalancesTable>();
    for (const chunk of idChunks(accountsTouched)) {
      for (const row of await db.selectFrom("balances").selectAll().where("account", "in", chunk).execute()) {
        existing.set(`${row.contract}|${row.token}|${row.account}`, row);
      }
    }
    const rows: BalancesTable[] = [];
    for (const [key, d] of deltas) {
      const before = existing.get(key);
      rows.push({
        contract: d.contract,
        token: d.token,
        account: d.account,
        owed: ((before ? BigInt(before.owed) : 0n) + d.delta).toString(),
        updated_block: Math.max(d.block, before?.updated_block ?? 0),
      });
    }
    await deleteBalances(db, rows);
    await insertRows(db, "balances", rows);
  }
}

async function deleteBalances(
  db: Db,
  keys: readonly { contract: string; token: string; account: string }[],
): Promise<void> {
  for (const k of keys) {
    await db
      .deleteFrom("balances")
      .where("contract", "=", k.contract)
      .where("token", "=", k.token)
      .where("account", "=", k.account)
      .execute();
  }
}

// ------------------------------------------------------------------ the projection

/** The market's and its registry's addresses. */
type Contracts = { orderMarket: string; participantRegistry: string };

const contractsOf = (addresses: ContractAddresses): Contracts => ({
  orderMarket: addresses.orderMarket as string,
  participantRegistry: addresses.participantRegistry as string,
});

/** What a rollback removed, so the affected entities can be re-folded. */
export type Affected = {
  orderIds: number[];
  accounts: string[];
  contracts: string[];
  balanceKeys: { contract: string; token: string; account: string }[];
};

/**
 * Folds a batch of new events (in chain order) onto the read model. Events must not be stored
 * yet; the caller stores them in the same transaction.
 */
async function apply(ctx: ProjectionContext, events: readonly DecodedEvent[]): Promise<void> {
  const { db, chainId } = ctx;
  const contracts = contractsOf(ctx.addresses);
  const ws = new WorkingSet(true);
  const orderIds = new Set<number>();
  const accounts = new Set<string>();
  for (const e of events) {
    if (e.contract === contracts.orderMarket && e.args.orderId !== undefined) orderIds.add(num(e.args.orderId));
    if (e.contract === contracts.participantRegistry && accountEvents.has(e.name)) accounts.add(str(e.args.account));
  }
  await loadOrders(db, ws, [...orderIds]);
  await loadParticipants(db, ws, [...accounts]);
  await loadContracts(db, ws, [contracts.orderMarket, contracts.participantRegistry]);
  applyAll(ws, events, contracts);
  await writeWorkingSet(db, ws, chainId);
}

/** The orders, accounts, contracts and balances the stored events above `ancestor` touched. */
async function keysAbove(ctx: ProjectionContext, ancestor: number): Promise<Affected> {
  const { db, chainId } = ctx;
  const contracts = contractsOf(ctx.addresses);
  const orphaned = await db
    .selectFrom("events")
    .select(["order_id", "account", "contract"])
    .where("chain_id", "=", chainId)
    .where("contract", "in", [contracts.orderMarket, contracts.participantRegistry])
    .where("block_number", ">", ancestor)
    .execute();
  const orderIds = [
    ...new Set(
      orphaned.flatMap((r) => (r.order_id !== null && r.contract === contracts.orderMarket ? [r.order_id] : [])),
    ),
  ];
  const accounts = [
    ...new Set(
      orphaned.flatMap((r) => (r.account !== null && r.contract === contracts.participantRegistry ? [r.account] : [])),
    ),
  ];
  const contractsTouched = [
    ...new Set(orphaned.flatMap((r) => (r.order_id === null && r.account === null ? [r.contract] : []))),
  ];
  const ledgerRows = await db
    .selectFrom("ledger")
    .select(["contract", "token", "account"])
    .where("chain_id", "=", chainId)
    .where("block_number", ">", ancestor)
    .execute();
  const balanceKeys = [...new Map(ledgerRows.map((l) => [`${l.contract}|${l.token}|${l.account}`, l])).values()];
  return { orderIds, accounts, contracts: contractsTouched, balanceKeys };
}

/** Re-folds the given entities from the stored events, replacing their rows. */
async function refold(ctx: ProjectionContext, affected: Affected, ancestor: number): Promise<void> {
  const { db, chainId } = ctx;
  const contracts = contractsOf(ctx.addresses);
  await db.deleteFrom("ledger").where("chain_id", "=", chainId).where("block_number", ">", ancestor).execute();
  const ws = new WorkingSet(false);
  // Read-only unless re-folded too: shipments look up the ruling window in force at their block.
  if (!affected.contracts.includes(contracts.orderMarket)) await loadContracts(db, ws, [contracts.orderMarket]);
  for (const id of affected.orderIds) ws.orders.set(id, null);
  for (const a of affected.accounts) ws.participants.set(a, null);
  for (const c of affected.contracts) ws.contracts.set(c, null);
  // Every in-scope entity is rewritten, including those no remaining event recreates.
  for (const id of affected.orderIds) ws.dirtyOrders.add(id);
  for (const a of affected.accounts) ws.dirtyParticipants.add(a);
  for (const c of affected.contracts) ws.dirtyContracts.add(c);

  const rows: EventsTable[] = [];
  for (const chunk of idChunks(affected.orderIds)) {
    rows.push(
      ...(await db
        .selectFrom("events")
        .selectAll()
        .where("chain_id", "=", chainId)
        .where("contract", "=", contracts.orderMarket)
        .where("order_id", "in", chunk)
        .execute()),
    );
  }
  for (const chunk of idChunks(affected.accounts)) {
    rows.push(
      ...(await db
        .selectFrom("events")
        .selectAll()
        .where("chain_id", "=", chainId)
        .where("contract", "=", contracts.participantRegistry)
        .where("account", "in", chunk)
        .execute()),
    );
  }
  if (affected.contracts.length > 0) {
    rows.push(
      ...(await db
        .selectFrom("events")
        .selectAll()
        .where("chain_id", "=", chainId)
        .where("contract", "in", affected.contracts)
        .where("order_id", "is", null)
        .where("account", "is", null)
        .execute()),
    );
  }
  const unique = new Map(rows.map((r) => [`${r.block_hash}|${r.log_index}`, r]));
  const events = [...unique.values()]
    .sort((x, y) => x.block_number - y.block_number || x.log_index - y.log_index)
    .map(eventFromRow);
  applyAll(ws, events, contracts);
  await writeWorkingSet(db, ws, chainId);

  // Balances are the sum of their ledger rows.
  await deleteBalances(db, affected.balanceKeys);
  const balances: BalancesTable[] = [];
  for (const k of affected.balanceKeys) {
    const ledger = await db
      .selectFrom("ledger")
      .select(["delta", "block_number"])
      .where("contract", "=", k.contract)
      .where("token", "=", k.token)
      .where("account", "=", k.account)
      .execute();
    if (ledger.length === 0) continue;
    balances.push({
      ...k,
      owed: ledger.reduce((sum, l) => sum + BigInt(l.delta), 0n).toString(),
      updated_block: Math.max(...ledger.map((l) => l.block_number)),
    });
  }
  await insertRows(db, "balances", balances);
}

/**
 * Orders, bids, milestones, participants, market and registry settings, and the money ledger.
 * The market and the registry its bonds live in are one fold: a slash and the balance it credits
 * land in the same working set.
 */
export const marketProjection: Projection<Affected> = {
  abis: { orderMarket: orderMarketAbi, participantRegistry: participantRegistryAbi },
  tables: ["participants", "orders", "bids", "milestones", "contract_state", "ledger", "balances"],
  accountOf,
  apply,
  keysAbove,
  refold,
};
