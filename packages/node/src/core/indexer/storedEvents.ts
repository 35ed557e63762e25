// The `events` table read back as decoded events: what re-folds after a reorg and read-model
// rebuilds replay instead of asking the chain again.
import type { Kysely, Transaction } from "kysely";
import type { EventsTable, Schema } from "../db/schema.ts";
import type { ArgValue, DecodedEvent } from "./decode.ts";

/** The decoded event of an `events` row. */
export function eventFromRow(row: EventsTable): DecodedEvent {
  return {
    blockNumber: row.block_number,
    blockHash: row.block_hash,
    blockTime: row.block_time,
    logIndex: row.log_index,
    txHash: row.tx_hash,
    txIndex: row.tx_index,
    contract: row.contract,
    name: row.name,
    args: JSON.parse(row.args) as Record<string, ArgValue>,
  };
}

/**
 * The stored events of one contract in chain order: all of them, or with `above` only those above
 * that block (what a rollback to it will remove).
 */
export async function storedEvents(
  db: Kysely<Schema> | Transaction<Schema>,
  chainId: number,
  contract: string,
  above?: number,
): Promise<DecodedEvent[]> {
  let q = db.selectFrom("events").selectAll().where("chain_id", "=", chainId).where("contract", "=", contract);
  if (above !== undefined) q = q.where("block_number", ">", above);
  const rows = await q.orderBy("block_number").orderBy("log_index").execute();
  return rows.map(eventFromRow);
}
