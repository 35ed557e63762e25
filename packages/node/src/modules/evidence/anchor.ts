// Merkle anchoring of stored device messages. Every `intervalMs` the anchorer seals one batch: in one
// transaction it claims every message not yet in a batch (`iot_messages.batch_id`), builds the
// batch's StandardMerkleTree (one leaf per message, see @dipnet/sdk `buildReadingTree`) and stores
// the batch row with its root. Then it anchors every sealed batch with one transaction each.
//
// Restart-safe and never twice: the batch row is committed before its transaction is sent; before
// sending, the anchorer asks the registry whether its own account already anchored the root (a crash
// after the send), and the registry itself refuses a second anchor of a root by the same account
// (`EvidenceRootAlreadyAnchored`), which the anchorer answers by recording that anchor. A batch is
// never re-cut: its messages keep their batch id, so its root is always the same.
//
// Anchors are per anchorer on chain, and the batch records its own account as the anchorer: sealed
// roots are listed before they are anchored, and an account that anchors one first blocks nothing.

import { createHash } from "node:crypto";
import {
  anchorRoot,
  buildReadingTree,
  ContractRevertError,
  type DipnetClient,
  evidenceRegistryAbi,
  evidenceRegistryAddress,
  getAnchor,
  type ReadingLeaf,
  SIGNING_DOMAIN,
} from "@dipnet/sdk";
import { type Kysely, sql } from "kysely";
import type { Logger } from "pino";
import type { Address, Hex } from "viem";
import type { Schema } from "../../core/db/schema.ts";
import { silentLogger } from "../../core/log.ts";
import { type EvidenceBatchesTable, evidenceDb } from "./schema.ts";

/** A batch of device messages. */
export type EvidenceBatch = {
  id: number;
  root: Hex;
  leafCount: number;
  /** Earliest and latest device timestamp (ms). */
  firstTs: number;
  lastTs: number;
  status: "sealed" | "anchored";
  txHash: Hex | null;
  blockNumber: number | null;
  anchorer: string | null;
};

/** Parameters of `createAnchorer`. */
export type CreateAnchorerParameters = {
  db: Kysely<Schema>;
  /** Signs the anchoring transactions; its deployment must have an evidence registry. */
  client: DipnetClient;
  /** Time between batches (ms). Default: 60000. */
  intervalMs?: number | undefined;
  /** Blocks after which an anchor cannot be reorganised away; younger ones are re-checked. Default: 12. */
  finalityDepth?: number | undefined;
  /** Clock (ms). Default: `Date.now`. */
  now?: (() => number) | undefined;
  /** Diagnostics. Default: none. */
  logger?: Logger | undefined;
};

/** Seals and anchors batches. */
export type Anchorer = {
  /** Seals a batch of every message not in one yet; undefined when there is none. */
  seal: () => Promise<EvidenceBatch | undefined>;
  /** Anchors every sealed batch (oldest first); returns them anchored. */
  anchorSealed: () => Promise<EvidenceBatch[]>;
  /**
   * Re-checks the anchors younger than the finality depth: one a reorg removed goes back to `sealed`
   * (anchored again next), one re-mined in another block is recorded there. Returns how many changed.
   */
  recheck: () => Promise<number>;
  /** `recheck`, `seal`, then `anchorSealed`. */
  runOnce: () => Promise<EvidenceBatch[]>;
  /** Runs `runOnce` every `intervalMs` until stopped (anchors what a previous run left sealed first). */
  start: () => void;
  /** Stops after the current run. Safe to call twice. */
  stop: () => Promise<void>;
};

/** sha256 of what the device signed (`SIGNING_DOMAIN` + the stored body): its leaf's messageHash. */
export function storedMessageHash(body: string): Hex {
  // Native sha256: the same value as the SDK's messageHashOf, several times faster on big batches.
  return `0x${createHash("sha256").update(SIGNING_DOMAIN).update(body).digest("hex")}`;
}

/** The leaf of a stored message row. */
export function storedLeaf(row: {
  manufacturer: string;
  device_id: string;
  seq: number;
  ts: number;
  body: string;
}): ReadingLeaf {
  return {
    manufacturer: row.manufacturer as Address,
    device: row.device_id,
    seq: Number(row.seq),
    ts: Number(row.ts),
    messageHash: storedMessageHash(row.body),
  };
}

export function toBatch(row: EvidenceBatchesTable): EvidenceBatch {
  return {
    id: Number(row.batch_id),
    root: row.root as Hex,
    leafCount: Number(row.leaf_count),
    firstTs: Number(row.first_ts),
    lastTs: Number(row.last_ts),
    status: row.status as EvidenceBatch["status"],
    txHash: row.tx_hash as Hex | null,
    blockNumber: row.block_number === null ? null : Number(row.block_number),
    anchorer: row.anchorer,
  };
}

/**
 * Creates the anchorer of a node's device messages.
 * @example const anchorer = createAnchorer({ db, client, intervalMs: 60_000 }); anchorer.start();
 */
export function createAnchorer(p: CreateAnchorerParameters): Anchorer {
  const db = evidenceDb(p.db);
  const intervalMs = p.intervalMs ?? 60_000;
  const now = p.now ?? Date.now;
  const log = p.logger ?? silentLogger;
  const finalityDepth = p.finalityDepth ?? 12;
  const registry = evidenceRegistryAddress(p.client);
  const self = p.client.account.address;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;
  let stopped = false;

  async function seal(): Promise<EvidenceBatch | undefined> {
    return db.transaction().execute(async (trx) => {
      const last = await trx
        .selectFrom("evidence_batches")
        .select(sql<number | null>`max(batch_id)`.as("id"))
        .executeTakeFirst();
      const id = Number(last?.id ?? 0) + 1;
      // Claims exactly the committed messages without a batch; later ones wait for the next batch.
      // Only a manufacturer account's devices have keys on chain (a leaf's device key names the
      // account): messages of local devices under other manufacturer names are never anchored.
      await trx
        .updateTable("iot_messages")
        .set({ batch_id: id })
        .where("batch_id", "is", null)
        .where("manufacturer", "like", "0x%")
        .execute();
      const rows = await trx
        .selectFrom("iot_messages")
        .select(["manufacturer", "device_id", "seq", "ts", "body"])
        .where("batch_id", "=", id)
        .execute();
      if (rows.length === 0) return undefined;
      const tree = buildReadingTree(rows.map(storedLeaf));
      let firstTs = Number.POSITIVE_INFINITY;
      let lastTs = 0;
      for (const r of rows) {
        firstTs = Math.min(firstTs, Number(r.ts));
        lastTs = Math.max(lastTs, Number(r.ts));
      }
      const row: EvidenceBatchesTable = {
        batch_id: id,
        root: tree.root,
        leaf_count: rows.length,
        first_ts: firstTs,
        last_ts: lastTs,
        status: "sealed",
        tx_hash: null,
        block_number: null,
        block_hash: null,
        anchorer: null,
        created_at: now(),
        anchored_at: null,
      };
      await trx.insertInto("evidence_batches").values(row).execute();
      return toBatch(row);
    });
  }

  /** The RootAnchored log of `anchorer`'s anchor of `root`, for its transaction and block. */
  async function findAnchorLog(anchorer: Address, root: Hex) {
    const logs = await p.client.publicClient.getContractEvents({
      address: registry,
      abi: evidenceRegistryAbi,
      eventName: "RootAnchored",
      args: { root, anchorer },
      fromBlock: BigInt(p.client.deployment.deployBlock),
      toBlock: "latest",
    });
    return logs[0];
  }

  async function record(batch: EvidenceBatch, anchorer: Address, txHash: Hex, blockNumber: bigint, blockHash: Hex) {
    await db
      .updateTable("evidence_batches")
      .set({
        status: "anchored",
        tx_hash: txHash,
        block_number: Number(blockNumber),
        block_hash: blockHash,
        anchorer: anchorer.toLowerCase(),
        anchored_at: now(),
      })
      .where("batch_id", "=", batch.id)
      .execute();
    return { ...batch, status: "anchored" as const, txHash, blockNumber: Number(blockNumber), anchorer };
  }

  async function recordExisting(batch: EvidenceBatch): Promise<EvidenceBatch | undefined> {
    if (!(await getAnchor(p.client, { anchorer: self, root: batch.root }))) return undefined;
    const found = await findAnchorLog(self, batch.root);
    if (!found?.transactionHash || found.blockNumber === null || !found.blockHash) return undefined;
    log.info(`batch ${batch.id} was already anchored in ${found.transactionHash}`);
    return record(batch, self, found.transactionHash, found.blockNumber, found.blockHash);
  }

  async function anchorOne(batch: EvidenceBatch): Promise<EvidenceBatch> {
    const existing = await recordExisting(batch);
    if (existing) return existing;
    try {
      const r = await anchorRoot(p.client, {
        root: batch.root,
        leafCount: batch.leafCount,
        firstTime: batch.firstTs,
        lastTime: batch.lastTs,
      });
      return record(batch, self, r.hash, r.blockNumber, r.receipt.blockHash);
    } catch (error) {
      // Anchored in between (e.g. a transaction sent before a crash got mined): keep that anchor.
      if (error instanceof ContractRevertError && error.errorName === "EvidenceRootAlreadyAnchored") {
        const raced = await recordExisting(batch);
        if (raced) return raced;
      }
      throw error;
    }
  }

  async function anchorSealed(): Promise<EvidenceBatch[]> {
    const sealed = await db
      .selectFrom("evidence_batches")
      .selectAll()
      .where("status", "=", "sealed")
      .orderBy("batch_id")
      .execute();
    const done: EvidenceBatch[] = [];
    for (const row of sealed) done.push(await anchorOne(toBatch(row)));
    return done;
  }

  async function recheck(): Promise<number> {
    const head = Number(await p.client.publicClient.getBlockNumber({ cacheTime: 0 }));
    const recent = await db
      .selectFrom("evidence_batches")
      .selectAll()
      .where("status", "=", "anchored")
      .where("block_number", ">=", head - finalityDepth)
      .execute();
    let changed = 0;
    for (const row of recent) {
      const batch = toBatch(row);
      // Under the anchorer the batch recorded: a node whose key changed keeps its earlier anchors.
      const anchorer = batch.anchorer as Address;
      const anchored = await getAnchor(p.client, { anchorer, root: batch.root });
      const found = anchored ? await findAnchorLog(anchorer, batch.root) : undefined;
      if (!found?.transactionHash || found.blockNumber === null || !found.blockHash) {
        log.warn(`the anchor of batch ${batch.id} was reorganised away; anchoring it again`);
        await db
          .updateTable("evidence_batches")
          .set({
            status: "sealed",
            tx_hash: null,
            block_number: null,
            block_hash: null,
            anchorer: null,
            anchored_at: null,
          })
          .where("batch_id", "=", batch.id)
          .execute();
        changed++;
      } else if (found.blockHash !== row.block_hash) {
        await record(batch, anchorer, found.transactionHash, found.blockNumber, found.blockHash);
        changed++;
      }
    }
    return changed;
  }

  async function runOnce(): Promise<EvidenceBatch[]> {
    await recheck();
    await seal();
    return anchorSealed();
  }

  function schedule(delay: number) {
    if (stopped) return;
    timer = setTimeout(() => {
      running = runOnce()
        .then((batches) => {
          for (const b of batches) log.info(`batch ${b.id} (${b.leafCount} messages) anchored in ${b.txHash}`);
        })
        .catch((error: unknown) => log.warn({ err: error }, "anchoring failed, retrying next interval"))
        .finally(() => {
          running = undefined;
          schedule(intervalMs);
        });
    }, delay);
  }

  return {
    seal,
    anchorSealed,
    recheck,
    runOnce,
    start() {
      stopped = false;
      schedule(0);
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
