// The projection runner: every domain's read model is a fold over the events of its contracts,
// declared once as a `Projection` and run here forward (new batches) and backward (reorgs).
import type { Kysely, Transaction } from "kysely";
import type { Abi } from "viem";
import type { EventsTable, Schema } from "../db/schema.ts";
import type { DecodedEvent } from "./decode.ts";

/** The deployment's contracts a projection can follow. */
export const contractNames = [
  "orderMarket",
  "participantRegistry",
  "capacityLedger",
  "evidenceRegistry",
  "designRegistry",
  "confidentialAccess",
  "certifierRegistry",
  "testStablecoin",
  "dipToken",
  "timelock",
  "governor",
  "contributionRewards",
] as const;
export type ContractName = (typeof contractNames)[number];

/** Lowercase addresses of the followed contracts, by name. */
export type ContractAddresses = Partial<Record<ContractName, string>>;

/** What a fold runs against: the store (inside the indexer's transaction) and the chain. */
export type ProjectionContext = {
  db: Kysely<Schema> | Transaction<Schema>;
  chainId: number;
  addresses: ContractAddresses;
};

/**
 * A domain's read model as a fold over its contracts' events. Forward, `apply` folds each new batch.
 * On a reorg, `keysAbove` names the entities the orphaned events touched (before they are deleted),
 * then `refold` rebuilds exactly those from the events that remain.
 */
export type Projection<Keys = unknown> = {
  /** The contracts whose events it folds; it runs when the deployment has all of them. */
  abis: Partial<Record<ContractName, Abi>>;
  /** Contracts it folds too when the deployment has them (it runs without them). */
  optionalAbis?: Partial<Record<ContractName, Abi>> | undefined;
  /** The read-model tables it writes: emptied when the read model is rebuilt. */
  tables: readonly (keyof Schema)[];
  /** Clears what it wrote outside `tables` (rows shared with another source). */
  clear?(db: ProjectionContext["db"]): Promise<void>;
  /** The account a stored event belongs to, when it re-folds per account (the `events.account` column). */
  accountOf?(e: DecodedEvent, addresses: ContractAddresses): string | null;
  /** Folds a batch of new events of its contracts (chain order). The events are stored by the caller. */
  apply(ctx: ProjectionContext, events: readonly DecodedEvent[]): Promise<void>;
  /** What the stored events above block `ancestor` touched; called before they are deleted. */
  keysAbove(ctx: ProjectionContext, ancestor: number): Promise<Keys>;
  /** Rebuilds the rows of `keys` from the stored events (those above the ancestor are gone). */
  refold(ctx: ProjectionContext, keys: Keys, ancestor: number): Promise<void>;
};

/** The projections whose contracts the deployment has, with the addresses they follow. */
export function activeProjections(
  projections: readonly Projection[],
  contracts: Partial<Record<ContractName, string | undefined>>,
): { projections: Projection[]; addresses: ContractAddresses; abis: Record<string, Abi> } {
  const active = projections.filter((p) => Object.keys(p.abis).every((name) => contracts[name as ContractName]));
  const addresses: ContractAddresses = {};
  const abis: Record<string, Abi> = {};
  // In the order of `contractNames`: the addresses identify the deployment a stored index belongs to.
  for (const name of contractNames) {
    const abi = active.map((p) => p.abis[name] ?? p.optionalAbis?.[name]).find((a) => a !== undefined);
    if (!abi || !contracts[name]) continue;
    const address = (contracts[name] as string).toLowerCase();
    addresses[name] = address;
    abis[address] = abi;
  }
  return { projections: active, addresses, abis };
}

/** Whether an event was emitted by one of the projection's contracts. */
function follows(p: Projection, addresses: ContractAddresses, e: DecodedEvent): boolean {
  return [...Object.keys(p.abis), ...Object.keys(p.optionalAbis ?? {})].some(
    (name) => addresses[name as ContractName] === e.contract,
  );
}

/** The `events` row of a decoded event. */
export function eventRow(
  chainId: number,
  e: DecodedEvent,
  projections: readonly Projection[],
  addresses: ContractAddresses,
): EventsTable {
  const orderId =
    typeof e.args.orderId === "number" ? e.args.orderId : e.args.orderId !== undefined ? Number(e.args.orderId) : null;
  const owner = projections.find((p) => follows(p, addresses, e));
  return {
    chain_id: chainId,
    block_hash: e.blockHash,
    log_index: e.logIndex,
    block_number: e.blockNumber,
    block_time: e.blockTime,
    tx_hash: e.txHash,
    tx_index: e.txIndex,
    contract: e.contract,
    name: e.name,
    order_id: orderId !== null && Number.isSafeInteger(orderId) ? orderId : null,
    account: owner?.accountOf?.(e, addresses) ?? null,
    args: JSON.stringify(e.args),
  };
}

/** Folds a batch of new events onto every projection, each given the events of its contracts. */
export async function applyEvents(
  ctx: ProjectionContext,
  projections: readonly Projection[],
  events: readonly DecodedEvent[],
): Promise<void> {
  if (events.length === 0) return;
  for (const p of projections) {
    const own = events.filter((e) => follows(p, ctx.addresses, e));
    if (own.length > 0) await p.apply(ctx, own);
  }
}

/**
 * Deletes every event and block above `ancestor` and re-folds what they touched from the events
 * that remain. Runs inside the caller's transaction.
 */
export async function rollbackAbove(
  ctx: ProjectionContext,
  projections: readonly Projection[],
  ancestor: number,
): Promise<void> {
  const { db, chainId } = ctx;
  const keys = [];
  for (const p of projections) keys.push(await p.keysAbove(ctx, ancestor));
  await db.deleteFrom("events").where("chain_id", "=", chainId).where("block_number", ">", ancestor).execute();
  await db.deleteFrom("blocks").where("chain_id", "=", chainId).where("number", ">", ancestor).execute();
  for (const [i, p] of projections.entries()) await p.refold(ctx, keys[i], ancestor);
}

/** Empties every projection's read model (the events stay). */
export async function clearReadModel(db: ProjectionContext["db"], projections: readonly Projection[]): Promise<void> {
  for (const p of projections) {
    for (const table of p.tables) await db.deleteFrom(table).execute();
    await p.clear?.(db);
  }
}
