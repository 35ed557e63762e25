// Follows the chain into SQL. Each block range is applied in one transaction together with the
// cursor, so the cursor is never ahead of the data and a killed process resumes exactly where the
// last commit left it. Events are keyed (chain id, block hash, log index): a replayed range adds
// nothing. Blocks inside the finality window are remembered by hash; when the chain no longer has
// the cursor's hash, the indexer walks back to the common ancestor, deletes everything above it,
// re-folds the affected entities and indexes the new branch. A reorg deeper than the finality
// depth stops the indexer with a clear message: the operator must decide (`reindex`).
import type { Kysely } from "kysely";
import type { Logger } from "pino";
import { keccak256 } from "viem";
import type { Schema } from "../db/schema.ts";
import { silentLogger } from "../log.ts";
import { createLogDecoder, type DecodedEvent, type LogDecoder, type RpcLog } from "./decode.ts";
import {
  activeProjections,
  applyEvents,
  clearReadModel,
  eventRow,
  type Projection,
  type ProjectionContext,
  rollbackAbove,
} from "./projection.ts";
import {
  type BlockHeader,
  backoffDelay,
  type ChainReader,
  classifyRpcError,
  type RetryOptions,
  RpcFatalError,
  RpcInvalidResponseError,
  sleep,
  withRetry,
} from "./rpc.ts";
import { eventFromRow } from "./storedEvents.ts";

/** What the indexer follows. Addresses in any case. */
export type IndexerDeployment = {
  chainId: number;
  deployBlock: number;
  contracts: {
    orderMarket: string;
    participantRegistry: string;
    capacityLedger?: string | undefined;
    evidenceRegistry?: string | undefined;
    designRegistry?: string | undefined;
    confidentialAccess?: string | undefined;
    certifierRegistry?: string | undefined;
    testStablecoin?: string | undefined;
    dipToken?: string | undefined;
    timelock?: string | undefined;
    governor?: string | undefined;
    contributionRewards?: string | undefined;
  };
};

/** Parameters of `createIndexer`. */
export type CreateIndexerParameters = {
  db: Kysely<Schema>;
  chain: ChainReader;
  deployment: IndexerDeployment;
  /** The read models to fold; each runs when the deployment has its contracts. */
  projections: readonly Projection[];
  /** Blocks behind the head after which a reorg is considered impossible. Default: 12. */
  finalityDepth?: number | undefined;
  /** Pause between polls once caught up, in ms. Default: 1000. */
  pollMs?: number | undefined;
  /** First `eth_getLogs` range in blocks; adapted to the answers. Default: 2000. */
  initialRange?: number | undefined;
  /** Largest `eth_getLogs` range in blocks. Default: 10000. */
  maxRange?: number | undefined;
  /** Logs per answer the range adapts towards (keeps answers well under 10 MB). Default: 5000. */
  targetLogsPerRange?: number | undefined;
  retry?: RetryOptions | undefined;
  /** Diagnostics. Default: silent. */
  logger?: Logger | undefined;
};

/** Where the indexer stands. */
export type IndexerStatus = {
  state: "idle" | "syncing" | "live" | "halted" | "stopped";
  chainId: number;
  indexedBlock: number | null;
  headBlock: number | null;
  caughtUp: boolean;
  /** Why the indexer halted, when it did. */
  error: string | null;
};

/** Counters for /metrics. */
export type IndexerMetrics = {
  eventsIndexed: number;
  rangesApplied: number;
  reorgs: number;
  rpcRetries: number;
  rpcErrors: number;
};

/** Listener for domain events as they are committed (and for rollbacks). */
export type IndexerListener = (
  update: { kind: "events"; events: DecodedEvent[] } | { kind: "reorg"; ancestor: number },
) => void;

/** The running indexer. */
export type Indexer = {
  /** Starts following the chain in the background. */
  start: () => void;
  /** Stops after the current step; resolves when stopped. */
  stop: () => Promise<void>;
  /** Runs steps until the indexed block reaches the chain head seen at the call (tests, CLI). */
  syncOnce: () => Promise<void>;
  /** Drops every stored event and read-model row and re-indexes from the deploy block. */
  reindex: () => Promise<void>;
  /** Rebuilds the read model from the stored events, without the chain. */
  rebuildReadModel: () => Promise<void>;
  status: () => IndexerStatus;
  metrics: () => IndexerMetrics;
  subscribe: (listener: IndexerListener) => () => void;
};

/** A reorg deeper than the finality depth: the indexer halts rather than guess. */
export class ReorgTooDeepError extends Error {
  override name = "ReorgTooDeepError";
}

const CURSOR_ID = "main";

/** Whether a block's logs bloom may contain a log of `address`. */
function bloomMayContain(bloom: string, address: string): boolean {
  if (bloom?.length !== 514) return true;
  const hash = keccak256(address.toLowerCase() as `0x${string}`);
  for (let i = 0; i < 3; i++) {
    const bit = Number.parseInt(hash.slice(2 + i * 4, 6 + i * 4), 16) & 0x7ff;
    const byteIndex = 255 - Math.floor(bit / 8);
    const byte = Number.parseInt(bloom.slice(2 + byteIndex * 2, 4 + byteIndex * 2), 16);
    if ((byte & (1 << (bit % 8))) === 0) return false;
  }
  return true;
}

/**
 * Creates the indexer for one deployment.
 * @example const indexer = createIndexer({ db, chain: createChainReader(http(url)), deployment, abis }); indexer.start();
 */
export function createIndexer(p: CreateIndexerParameters): Indexer {
  const { db, chain } = p;
  const chainId = p.deployment.chainId;
  const { projections, addresses, abis } = activeProjections(p.projections, p.deployment.contracts);
  const deploymentKey = JSON.stringify({ chainId, deployBlock: p.deployment.deployBlock, ...addresses });
  const decoder: LogDecoder = createLogDecoder(abis);
  const context = (db: ProjectionContext["db"]): ProjectionContext => ({ db, chainId, addresses });
  const finalityDepth = p.finalityDepth ?? 12;
  const pollMs = p.pollMs ?? 1000;
  const maxRange = p.maxRange ?? 10_000;
  const targetLogs = p.targetLogsPerRange ?? 5000;
  const log = p.logger ?? silentLogger;
  let range = Math.min(p.initialRange ?? 2000, maxRange);

  const listeners = new Set<IndexerListener>();
  const metrics: IndexerMetrics = { eventsIndexed: 0, rangesApplied: 0, reorgs: 0, rpcRetries: 0, rpcErrors: 0 };
  const status: IndexerStatus = {
    state: "idle",
    chainId,
    indexedBlock: null,
    headBlock: null,
    caughtUp: false,
    error: null,
  };
  let controller: AbortController | undefined;
  let loop: Promise<void> | undefined;
  let prepared = false;

  const retryOptions: RetryOptions = {
    ...p.retry,
    onRetry: (error, attempt, delay) => {
      metrics.rpcRetries++;
      log.warn(`RPC error (attempt ${attempt}, retrying in ${delay} ms): ${(error as Error)?.message?.split("\n")[0]}`);
      p.retry?.onRetry?.(error, attempt, delay);
    },
  };
  const rpc = <T>(fn: () => Promise<T>): Promise<T> => withRetry(fn, retryOptions, controller?.signal);

  const emit = (update: Parameters<IndexerListener>[0]) => {
    for (const listener of listeners) {
      try {
        listener(update);
      } catch (error) {
        log.error({ err: error }, "event listener failed");
      }
    }
  };

  async function readCursor(): Promise<{ number: number; hash: string } | undefined> {
    const row = await db
      .selectFrom("cursor")
      .select(["block_number", "block_hash"])
      .where("id", "=", CURSOR_ID)
      .executeTakeFirst();
    return row ? { number: row.block_number, hash: row.block_hash } : undefined;
  }

  async function clearAll(): Promise<void> {
    await db.transaction().execute(async (trx) => {
      await clearReadModel(trx, p.projections);
      for (const table of ["events", "blocks", "cursor"] as const) await trx.deleteFrom(table).execute();
    });
  }

  /** Checks the chain and the stored cursor belong to this deployment; a reset dev chain starts over. */
  async function prepare(): Promise<void> {
    if (prepared) return;
    const actual = await rpc(() => chain.chainId());
    if (actual !== chainId)
      throw new RpcFatalError(`the RPC serves chain ${actual}, but the deployment is for chain ${chainId}`);
    const row = await db.selectFrom("cursor").select(["deployment"]).where("id", "=", CURSOR_ID).executeTakeFirst();
    if (row && row.deployment !== deploymentKey) {
      log.warn("the stored index belongs to another deployment (was the chain reset?): starting over");
      await clearAll();
    }
    const cursor = await readCursor();
    status.indexedBlock = cursor?.number ?? null;
    prepared = true;
  }

  /** Fetches logs for [from, to], shrinking the range while the node says the answer is too big. */
  async function fetchLogs(from: number, to: number): Promise<{ logs: RpcLog[]; to: number }> {
    let end = to;
    for (;;) {
      try {
        const logs = await rpc(() => chain.logs(decoder.addresses, from, end));
        return { logs, to: end };
      } catch (error) {
        if (classifyRpcError(error) !== "shrink" || end === from) throw error;
        end = from + Math.max(0, Math.floor((end - from) / 2));
        range = Math.max(1, end - from + 1);
        log.info(`eth_getLogs answer too large: range reduced to ${range} blocks`);
      }
    }
  }

  async function headers(numbers: readonly number[]): Promise<Map<number, BlockHeader>> {
    const out = new Map<number, BlockHeader>();
    // Small bounded concurrency: the RPC may be shared and rate limited.
    const queue = [...new Set(numbers)];
    const workers = Array.from({ length: Math.min(8, queue.length) }, async () => {
      for (let n = queue.shift(); n !== undefined; n = queue.shift()) {
        const number = n;
        out.set(number, await rpc(() => chain.header(number)));
      }
    });
    await Promise.all(workers);
    return out;
  }

  /**
   * Finds the highest stored block the chain still has (at or below its head: after a reorg to a
   * shorter branch the blocks above it are gone) and rolls back to it; throws if the reorg is deeper
   * than finality.
   */
  async function handleReorg(cursor: { number: number; hash: string }, head: number): Promise<void> {
    const stored = await db
      .selectFrom("blocks")
      .select(["number", "hash"])
      .where("chain_id", "=", chainId)
      .where("number", "<", cursor.number)
      .where("number", "<=", head)
      .orderBy("number", "desc")
      .execute();
    let ancestor: number | undefined;
    for (const block of stored) {
      if (cursor.number - block.number > finalityDepth) break;
      const header = await rpc(() => chain.header(block.number));
      if (header.hash === block.hash) {
        ancestor = block.number;
        break;
      }
    }
    if (ancestor === undefined) {
      throw new ReorgTooDeepError(
        `chain reorganisation deeper than the finality depth (${finalityDepth} blocks) below indexed block ${cursor.number}: ` +
          "the index may contain events the chain no longer has. Raise DIPNET_FINALITY_DEPTH if this chain reorganises " +
          "that deeply, then run `dipnet node reindex` to rebuild from the chain.",
      );
    }
    const hash = stored.find((b) => b.number === ancestor)?.hash as string;
    await db.transaction().execute(async (trx) => {
      await rollbackAbove(context(trx), projections, ancestor);
      await trx
        .updateTable("cursor")
        .set({ block_number: ancestor, block_hash: hash, updated_at: Date.now() })
        .where("id", "=", CURSOR_ID)
        .execute();
    });
    metrics.reorgs++;
    status.indexedBlock = ancestor;
    log.warn(`reorg: rolled back ${cursor.number - ancestor} block(s) to ${ancestor}`);
    emit({ kind: "reorg", ancestor });
  }

  /** One step: detect a reorg, or index the next range. Returns true when caught up with the head. */
  async function step(): Promise<boolean> {
    await prepare();
    const head = await rpc(() => chain.blockNumber());
    status.headBlock = head;
    const cursor = await readCursor();
    if (cursor) {
      if (cursor.number > head || (await rpc(() => chain.header(cursor.number))).hash !== cursor.hash) {
        await handleReorg(cursor, head);
        return false;
      }
    }
    const from = cursor ? cursor.number + 1 : p.deployment.deployBlock;
    if (from > head) return true;
    const wanted = Math.min(head, from + range - 1);
    const fetched = await fetchLogs(from, wanted);
    const to = fetched.to;
    let rawLogs = fetched.logs.filter((l) => !l.removed);

    // Headers: every unfinalized block in range (reorg tracking), the range end (cursor), and
    // blocks with logs whose timestamp the node did not include.
    const unfinalizedFrom = Math.max(from, head - finalityDepth);
    const wantedHeaders: number[] = [to];
    for (let n = unfinalizedFrom; n <= to; n++) wantedHeaders.push(n);
    for (const l of rawLogs) if (!l.blockTimestamp) wantedHeaders.push(Number(l.blockNumber));
    if (rawLogs.length === 0 && to - from < 64) for (let n = from; n <= to; n++) wantedHeaders.push(n);
    const hdrs = await headers(wantedHeaders);

    // An empty answer is cross-checked: small ranges against the blocks' blooms, large ones by asking twice.
    if (rawLogs.length === 0) {
      if (to - from < 64) {
        for (let n = from; n <= to; n++) {
          const h = hdrs.get(n);
          if (h && decoder.addresses.some((a) => bloomMayContain(h.logsBloom, a))) {
            const again = await rpc(() => chain.logs(decoder.addresses, n, n));
            if (again.length > 0)
              throw new RpcInvalidResponseError(
                `eth_getLogs returned no logs for ${from}..${to}, but block ${n} has some`,
              );
          }
        }
      } else {
        rawLogs = (await rpc(() => chain.logs(decoder.addresses, from, to))).filter((l) => !l.removed);
      }
    }

    // The unfinalized part must be one consistent branch: linked by parent hashes to the cursor,
    // and every log in it from a block of that branch. Otherwise the chain moved under us: retry.
    let previous = cursor && cursor.number === unfinalizedFrom - 1 ? cursor.hash : undefined;
    for (let n = unfinalizedFrom; n <= to; n++) {
      const h = hdrs.get(n) as BlockHeader;
      if (previous !== undefined && h.parentHash !== previous) {
        throw new RpcInvalidResponseError(
          `block ${n} does not extend block ${n - 1}: the chain reorganised during the fetch`,
        );
      }
      previous = h.hash;
    }
    for (const l of rawLogs) {
      const n = Number(l.blockNumber);
      const h = hdrs.get(n);
      if (n >= unfinalizedFrom && h && h.hash !== l.blockHash.toLowerCase()) {
        throw new RpcInvalidResponseError(
          `log of block ${n} is from another branch: the chain reorganised during the fetch`,
        );
      }
    }

    const events: DecodedEvent[] = [];
    for (const l of rawLogs) {
      const e = decoder.decode(l);
      if (!e) continue;
      if (e.blockTime === 0) e.blockTime = hdrs.get(e.blockNumber)?.timestamp ?? 0;
      events.push(e);
    }
    events.sort((a, b) => a.blockNumber - b.blockNumber || a.logIndex - b.logIndex);
    const toHeader = hdrs.get(to) as BlockHeader;

    const applied = await db.transaction().execute(async (trx) => {
      // Replay safety: skip events already stored (the cursor commits with them, so this only
      // matters if a caller re-runs a range by hand).
      let fresh = events;
      if (events.length > 0) {
        const existing = await trx
          .selectFrom("events")
          .select(["block_hash", "log_index"])
          .where("chain_id", "=", chainId)
          .where("block_number", ">=", from)
          .where("block_number", "<=", to)
          .execute();
        if (existing.length > 0) {
          const seen = new Set(existing.map((r) => `${r.block_hash}|${r.log_index}`));
          fresh = events.filter((e) => !seen.has(`${e.blockHash}|${e.logIndex}`));
        }
      }
      const rows = fresh.map((e) => eventRow(chainId, e, projections, addresses));
      for (let i = 0; i < rows.length; i += 1000)
        await trx
          .insertInto("events")
          .values(rows.slice(i, i + 1000))
          .execute();
      await applyEvents(context(trx), projections, fresh);

      const blockRows = [...hdrs.values()]
        .filter((h) => h.number >= unfinalizedFrom || h.number === to)
        .map((h) => ({
          chain_id: chainId,
          number: h.number,
          hash: h.hash,
          parent_hash: h.parentHash,
          timestamp: h.timestamp,
        }));
      if (blockRows.length > 0) {
        await trx
          .deleteFrom("blocks")
          .where("chain_id", "=", chainId)
          .where(
            "number",
            "in",
            blockRows.map((b) => b.number),
          )
          .execute();
        await trx.insertInto("blocks").values(blockRows).execute();
      }
      await trx
        .deleteFrom("blocks")
        .where("chain_id", "=", chainId)
        .where("number", "<", to - 2 * finalityDepth - 2)
        .execute();
      const cursorRow = {
        chain_id: chainId,
        deployment: deploymentKey,
        block_number: to,
        block_hash: toHeader.hash,
        updated_at: Date.now(),
      };
      const updated = await trx.updateTable("cursor").set(cursorRow).where("id", "=", CURSOR_ID).executeTakeFirst();
      if (Number(updated.numUpdatedRows) === 0)
        await trx
          .insertInto("cursor")
          .values({ id: CURSOR_ID, ...cursorRow })
          .execute();
      return fresh;
    });

    metrics.eventsIndexed += applied.length;
    metrics.rangesApplied++;
    status.indexedBlock = to;
    // Adapt the range towards the target number of logs per answer.
    const span = to - from + 1;
    if (rawLogs.length > targetLogs) range = Math.max(1, Math.floor((span * targetLogs) / rawLogs.length));
    else if (rawLogs.length < targetLogs / 4 && span >= range) range = Math.min(maxRange, range * 2);
    if (applied.length > 0) emit({ kind: "events", events: applied });
    return to >= head;
  }

  async function run(signal: AbortSignal): Promise<void> {
    let failures = 0;
    while (!signal.aborted) {
      try {
        const caughtUp = await step();
        failures = 0;
        status.caughtUp = caughtUp;
        status.state = caughtUp ? "live" : "syncing";
        if (caughtUp) await sleep(pollMs, signal);
      } catch (error) {
        if (signal.aborted) break;
        if (
          error instanceof ReorgTooDeepError ||
          error instanceof RpcFatalError ||
          classifyRpcError(error) === "fatal"
        ) {
          status.state = "halted";
          status.caughtUp = false;
          status.error = (error as Error).message;
          metrics.rpcErrors++;
          log.error(`indexer halted: ${status.error}`);
          return;
        }
        failures++;
        metrics.rpcErrors++;
        // Until a step succeeds again the index may lag the chain: /ready must not claim otherwise.
        status.caughtUp = false;
        status.state = "syncing";
        const delay = backoffDelay(failures, 500, 30_000);
        log.warn(`indexing step failed (retrying in ${delay} ms): ${(error as Error)?.message?.split("\n")[0]}`);
        await sleep(delay, signal);
      }
    }
  }

  const indexer: Indexer = {
    start() {
      if (loop) return;
      controller = new AbortController();
      status.state = "syncing";
      status.error = null;
      loop = run(controller.signal);
    },
    async stop() {
      controller?.abort();
      await loop;
      loop = undefined;
      if (status.state !== "halted") status.state = "stopped";
    },
    async syncOnce() {
      for (;;) {
        try {
          if (await step()) {
            status.caughtUp = true;
            return;
          }
        } catch (error) {
          if (error instanceof ReorgTooDeepError) {
            status.state = "halted";
            status.error = error.message;
          }
          if (error instanceof ReorgTooDeepError || classifyRpcError(error) !== "retry") throw error;
          metrics.rpcErrors++;
          await sleep(backoffDelay(1, p.retry?.baseDelayMs ?? 200, p.retry?.maxDelayMs ?? 10_000));
        }
      }
    },
    async reindex() {
      const wasRunning = loop !== undefined;
      if (wasRunning) await indexer.stop();
      await clearAll();
      prepared = false;
      status.indexedBlock = null;
      status.caughtUp = false;
      status.error = null;
      if (wasRunning) indexer.start();
      else await indexer.syncOnce();
    },
    async rebuildReadModel() {
      await db.transaction().execute(async (trx) => {
        await clearReadModel(trx, p.projections);
        let after = { block: -1, logIndex: -1 };
        for (;;) {
          const rows = await trx
            .selectFrom("events")
            .selectAll()
            .where("chain_id", "=", chainId)
            .where((eb) =>
              eb.or([
                eb("block_number", ">", after.block),
                eb.and([eb("block_number", "=", after.block), eb("log_index", ">", after.logIndex)]),
              ]),
            )
            .orderBy("block_number")
            .orderBy("log_index")
            .limit(5000)
            .execute();
          if (rows.length === 0) break;
          await applyEvents(context(trx), projections, rows.map(eventFromRow));
          const last = rows[rows.length - 1] as (typeof rows)[number];
          after = { block: last.block_number, logIndex: last.log_index };
        }
      });
    },
    status: () => ({ ...status }),
    metrics: () => ({ ...metrics }),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return indexer;
}
