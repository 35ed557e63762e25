// Test helpers: a deployed chain with dev accounts (the SDK's), a scenario that drives orders through every
// path, both database backends, and table snapshots for "0 row differences" comparisons.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, type TestContext } from "node:test";
import {
  accept,
  approveMilestone,
  award,
  bid,
  cancelRfq,
  createRfq,
  type DipnetClient,
  depositStake,
  dispute,
  faucet,
  register,
  roles,
  rule,
  setArbiter,
  ship,
  submitMilestone,
  withdraw,
} from "@dipnet/sdk";
import { type DevAccountName, devAccounts } from "@dipnet/sdk/node";
import { deployTestNetwork, type TestNetwork } from "@dipnet/sdk/testing";
import type { FastifyInstance } from "fastify";
import { type Kysely, sql } from "kysely";
import pg from "pg";
import { http, keccak256, toHex } from "viem";
import { createSiweMessage } from "viem/siwe";
import { type CreateManufacturerAgentParameters, createManufacturerAgent } from "../agents/manufacturer.ts";
import { createSqlReadModel } from "../agents/readModelSql.ts";
import type { AgentTick } from "../agents/runtime.ts";
import { type CreateApiParameters, createApi, createIndexer, nodeProjections, openDatabase } from "../compose.ts";
import { ConfigError, type NodeConfig, parseConfig } from "../core/config.ts";
import type { Database, DatabaseConfig, Schema } from "../core/db/index.ts";
import type { CreateIndexerParameters, Indexer } from "../core/indexer/indexer.ts";
import { createChainReader } from "../core/indexer/rpc.ts";
import { testPostgresUrl } from "./services.ts";

export { deployTestNetwork, slotAhead, type TestNetwork, testDao } from "@dipnet/sdk/testing";

const hash = (label: string) => keccak256(toHex(label));

/** A CNC mill as the tests register it (`registerMachine`). */
export const testMill = {
  process: "cnc-milling",
  materials: ["aluminium-6061"],
  envelope: { x: 600, y: 400, z: 300 },
  hourlyRate: 80_000_000n,
};

/** The test mill with a location (Munich), for the capacity map and the planner's transport times. */
export const munichMill = { ...testMill, location: { latitude: 48.137, longitude: 11.575 } };

/** Registers participants and funds them. */
export async function setupParticipants(chain: TestNetwork): Promise<void> {
  const { deployer, alice, bob, carol, dave, erin, judy } = chain.clients;
  await setArbiter(deployer, { arbiter: judy.account.address, allowed: true });
  for (const [c, name] of [
    [alice, "alice"],
    [bob, "bob"],
  ] as const) {
    await register(c, { roles: roles.customer, profileURI: `ipfs://${name}`, profileHash: hash(name) });
    await faucet(c, { amount: 10_000_000_000n });
  }
  for (const [c, name] of [
    [carol, "carol"],
    [dave, "dave"],
    [erin, "erin"],
  ] as const) {
    await register(c, { roles: roles.manufacturer, profileURI: `ipfs://${name}`, profileHash: hash(name) });
    await faucet(c, { amount: 1_000_000_000n });
    await depositStake(c, { amount: 500_000_000n });
  }
}

/**
 * Posts an RFQ for 10 parts of `label` (printed if the label says "print", else milled) that is bid on
 * for an hour and due in `deadlineDays` (default 30); `sealed` bidding reveals in the hour after.
 */
export async function postRfq(
  chain: TestNetwork,
  customer: DipnetClient,
  label: string,
  options: { milestoneBps?: number[]; budget?: bigint; deadlineDays?: number; sealed?: boolean } = {},
) {
  const now = await chain.anvil.now();
  const { orderId } = await createRfq(customer, {
    specHash: hash(label),
    specURI: `ipfs://spec/${label}`,
    process: label.includes("print") ? "fdm-printing" : "cnc-milling",
    material: "aluminium-6061",
    quantity: 10,
    budget: options.budget ?? 1_000_000_000n,
    bond: 50_000_000n,
    deadline: now + BigInt(options.deadlineDays ?? 30) * 86_400n,
    biddingEnds: now + 3_600n,
    revealEnds: options.sealed ? now + 7_200n : 0n,
    milestoneBps: options.milestoneBps ?? [10_000],
  });
  return orderId;
}

/**
 * Drives five orders into five statuses: Completed (with a milestone and a withdrawal),
 * Cancelled, Resolved (after a dispute), Awarded and Open.
 */
export async function driveScenario(chain: TestNetwork): Promise<{ orderIds: bigint[] }> {
  const { alice, bob, carol, dave, erin, judy } = chain.clients;
  const o1 = await postRfq(chain, alice, "bracket", { milestoneBps: [3000, 7000] });
  const o2 = await postRfq(chain, bob, "print-housing");
  const o3 = await postRfq(chain, alice, "shaft");
  const o4 = await postRfq(chain, bob, "flange");
  await bid(carol, { orderId: o1, price: 800_000_000n, leadTime: 86_400 });
  await bid(dave, { orderId: o1, price: 850_000_000n, leadTime: 43_200 });
  await bid(erin, { orderId: o2, price: 500_000_000n, leadTime: 86_400 });
  await bid(dave, { orderId: o3, price: 600_000_000n, leadTime: 86_400 });
  await bid(carol, { orderId: o4, price: 700_000_000n, leadTime: 86_400 });
  await cancelRfq(bob, { orderId: o2 });
  await chain.anvil.increaseTime(3_601);
  await award(alice, { orderId: o1, maker: carol.account.address, price: 800_000_000n, leadTime: 86_400 });
  await submitMilestone(carol, { orderId: o1, evidenceHash: hash("o1-m0") });
  await approveMilestone(alice, { orderId: o1 });
  await ship(carol, { orderId: o1, evidenceHash: hash("o1-ship") });
  await accept(alice, { orderId: o1 });
  await withdraw(carol, {});
  await award(alice, { orderId: o3, maker: dave.account.address, price: 600_000_000n, leadTime: 86_400 });
  await ship(dave, { orderId: o3, evidenceHash: hash("o3-ship") });
  await dispute(alice, { orderId: o3, evidenceHash: hash("o3-dispute") });
  await rule(judy, { orderId: o3, refundBps: 5000, slashBps: 5000 });
  await award(bob, { orderId: o4, maker: carol.account.address, price: 700_000_000n, leadTime: 86_400 });
  const o5 = await postRfq(chain, alice, "print-gear");
  await bid(erin, { orderId: o5, price: 900_000_000n, leadTime: 86_400 });
  return { orderIds: [o1, o2, o3, o4, o5] };
}

/**
 * A fresh database of one backend; Postgres ones are created in the test server (see
 * `testPostgresUrl`: `DIPNET_TEST_PG_URL`, or an embedded one) and dropped after.
 */
export type TestBackend = {
  name: "sqlite" | "postgres";
  /** Creates the database on first use and opens (and migrates) it. */
  open: () => Promise<Database>;
  /** How to reach the database (valid after the first `open`). */
  config: () => DatabaseConfig;
  cleanup: () => Promise<void>;
};

const backendNames = ["sqlite", "postgres"] as const;

/** A fresh database of backend `name`, created on first `open`; `cleanup` removes it. */
export function createTestBackend(name: TestBackend["name"]): TestBackend {
  if (name === "sqlite") {
    const dir = mkdtempSync(path.join(tmpdir(), "dipnet-node-"));
    const file = path.join(dir, "dipnet.sqlite");
    return {
      name,
      open: () => openDatabase({ kind: "sqlite", file }),
      config: () => ({ kind: "sqlite", file }),
      cleanup: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const dbName = `dipnet_test_${randomBytes(6).toString("hex")}`;
  let adminUrl: string | undefined;
  let pgUrl: URL | undefined;
  return {
    name,
    open: async () => {
      if (pgUrl === undefined) {
        adminUrl = await testPostgresUrl();
        const admin = new pg.Client({ connectionString: adminUrl });
        await admin.connect();
        await admin.query(`CREATE DATABASE ${dbName}`);
        await admin.end();
        pgUrl = new URL(adminUrl);
        pgUrl.pathname = `/${dbName}`;
      }
      return openDatabase({ kind: "postgres", url: pgUrl.toString() });
    },
    config: () => {
      if (pgUrl === undefined) throw new Error("open() the postgres test backend before asking its config");
      return { kind: "postgres", url: pgUrl.toString() };
    },
    cleanup: async () => {
      if (adminUrl === undefined) return;
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
      await admin.end();
    },
  };
}

/**
 * Declares `suite` once per backend (SQLite, then PostgreSQL) with a fresh database of it, removed
 * after the file's tests: suites close what they opened, not the database itself.
 */
export function forEachBackend(suite: (backend: TestBackend) => void): void {
  for (const name of backendNames) suite(useTestBackend(name));
}

/** A fresh database of backend `name`, as `createTestBackend` makes it, removed after the file's tests. */
export function useTestBackend(name: TestBackend["name"]): TestBackend {
  const backend = createTestBackend(name);
  after(() => backend.cleanup());
  return backend;
}

/** A fresh database of backend `name` for a suite: opened before its tests, closed and removed after them. */
export function useTestDatabase(name: TestBackend["name"]): { backend: TestBackend; readonly store: Database } {
  const backend = createTestBackend(name);
  let store: Database | undefined;
  before(async () => {
    store = await backend.open();
  });
  after(async () => {
    await store?.close();
    await backend.cleanup();
  });
  return {
    backend,
    get store() {
      assert.ok(store, "the test database opens in the suite's before hook");
      return store;
    },
  };
}

/** The chain and the database a suite declared with `useTestNetwork` works on, set by its `before` hook. */
export type SuiteNetwork = {
  chain: TestNetwork;
  store: Database;
  /** The suite's indexer of `chain` into `store`. */
  indexer: Indexer;
  /** An agent tick once `indexer` has caught up with the chain (`caughtUpTick`). */
  tick: () => Promise<AgentTick>;
};

/**
 * Declares the hooks of a suite on a test network: before its tests, deploys one with the participants
 * registered (and the five-order scenario driven, with `scenario`), runs `arrange` on it and opens a
 * database of `backend` (without one, `store` and `indexer` stay unset), into which its indexer indexes
 * the chain once with `indexed`; after its tests, closes both. The suite's own hooks, declared after this call, run after these.
 */
export function useTestNetwork(
  options: {
    backend?: TestBackend;
    scenario?: boolean;
    arrange?: (chain: TestNetwork) => Promise<void>;
    indexed?: boolean;
  } = {},
): SuiteNetwork {
  const suite = { tick: () => caughtUpTick(suite.indexer, suite.chain) } as SuiteNetwork;
  before(async () => {
    suite.chain = await deployTestNetwork();
    await setupParticipants(suite.chain);
    if (options.scenario) await driveScenario(suite.chain);
    await options.arrange?.(suite.chain);
    if (!options.backend) return;
    suite.store = await options.backend.open();
    suite.indexer = testIndexer(suite.store.db, suite.chain);
    if (options.indexed) await suite.indexer.syncOnce();
  });
  after(async () => {
    await suite.store?.close();
    await suite.chain?.stop();
  });
  return suite;
}

/** The node's API over a suite's chain and database, with the idle indexer unless `overrides` names another. */
export function createTestApi(
  net: SuiteNetwork,
  overrides: Partial<CreateApiParameters> = {},
): Promise<FastifyInstance> {
  return createApi({ db: net.store.db, deployment: net.chain.deployment, indexer: idleIndexer, ...overrides });
}

/** The node's API over a chain indexed into a database, as `useIndexedApi` opens it for a suite. */
export type IndexedApi = {
  name: TestBackend["name"];
  store: Database;
  app: FastifyInstance;
  /** GETs `url`, asserts the answer's status (default 200) and returns its JSON body. */
  // biome-ignore lint/suspicious/noExplicitAny: route answers are JSON of many shapes; tests read fields.
  get: (url: string, status?: number) => Promise<any>;
};

/**
 * Declares the hooks of a suite that reads the node's API: before its tests, indexes the chain that
 * `chain()` returns (deployed by an earlier `before`) once into a database of `backend`, and opens
 * the API over it with the idle indexer and `options(chain)`; after them, closes both. The database
 * itself stays, for whoever created the backend to remove.
 */
export function useIndexedApi(
  backend: TestBackend,
  chain: () => TestNetwork,
  options: (chain: TestNetwork) => Partial<CreateApiParameters> = () => ({}),
): IndexedApi {
  let opened: { store: Database; app: FastifyInstance } | undefined;
  const started = () => {
    assert.ok(opened, "the indexed API opens in the suite's before hook");
    return opened;
  };
  before(async () => {
    const network = chain();
    const store = await backend.open();
    await testIndexer(store.db, network).syncOnce();
    const app = await createApi({
      db: store.db,
      deployment: network.deployment,
      indexer: idleIndexer,
      ...options(network),
    });
    opened = { store, app };
  });
  after(async () => {
    await opened?.app.close();
    await opened?.store.close();
  });
  return {
    name: backend.name,
    get store() {
      return started().store;
    },
    get app() {
      return started().app;
    },
    async get(url, status = 200) {
      const response = await started().app.inject({ method: "GET", url });
      assert.equal(response.statusCode, status, `${url}: ${response.body}`);
      return response.json();
    },
  };
}

/**
 * `useIndexedApi` on a fresh database of each backend (SQLite, then PostgreSQL), for suites that
 * compare the backends in the same tests; the databases are removed after the suite's tests.
 */
export function useIndexedApis(
  chain: () => TestNetwork,
  options: (chain: TestNetwork) => Partial<CreateApiParameters> = () => ({}),
): IndexedApi[] {
  const backends = backendNames.map(createTestBackend);
  const apis = backends.map((backend) => useIndexedApi(backend, chain, options));
  after(async () => {
    for (const backend of backends) await backend.cleanup();
  });
  return apis;
}

/**
 * A seeded pseudo-random stream in [0, 1) (a 32-bit LCG): tests that draw random points can print
 * their seed, and a failure is replayed by running again with it.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

/** Every read-model row and every event, in a canonical order, as plain JSON. */
export async function snapshot(db: Kysely<Schema>): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const table of [...nodeProjections.flatMap((p) => p.tables), "events"]) {
    const rows = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(db);
    out[table] = rows.rows
      .map((r) => JSON.stringify(Object.fromEntries(Object.entries(r).sort(([a], [b]) => a.localeCompare(b)))))
      .sort()
      .map((s) => JSON.parse(s));
  }
  return out;
}

/**
 * The seeded random stream a crash test draws its kill points from: random per run, its seed printed
 * as a diagnostic of `t`; DIPNET_TEST_SEED=<seed> replays a run that failed.
 */
export function killPoints(t: TestContext): { seed: number; random: () => number } {
  const seed = Number(process.env.DIPNET_TEST_SEED ?? Math.floor(Math.random() * 2 ** 32));
  t.diagnostic(`kill points drawn with DIPNET_TEST_SEED=${seed}`);
  return { seed, random: seededRandom(seed) };
}

/** An indexer over `chain` with test-friendly defaults. */
export function testIndexer(
  db: Kysely<Schema>,
  chain: TestNetwork,
  overrides: Partial<CreateIndexerParameters> = {},
): Indexer {
  return createIndexer({
    db,
    chain: createChainReader(http(chain.anvil.rpcUrl, { retryCount: 0, timeout: 5_000 })),
    deployment: chain.deployment,
    finalityDepth: 12,
    pollMs: 50,
    retry: { baseDelayMs: 5, maxDelayMs: 50 },
    ...overrides,
  });
}

/** An agent tick once `indexer` has caught up with the chain: indexed up to the latest block. */
async function caughtUpTick(indexer: Indexer, chain: TestNetwork): Promise<AgentTick> {
  await indexer.syncOnce();
  const block = await chain.anvil.client.getBlock();
  return {
    now: Number(block.timestamp),
    head: Number(block.number),
    indexed: Number(block.number),
    indexedTime: Number(block.timestamp),
  };
}

/** A from-scratch index of `chain` as it is now, in a fresh database of backend `name`. */
export async function groundTruth(name: TestBackend["name"], chain: TestNetwork): Promise<Record<string, unknown[]>> {
  const fresh = createTestBackend(name);
  const database = await fresh.open();
  try {
    await testIndexer(database.db, chain).syncOnce();
    return await snapshot(database.db);
  } finally {
    await database.close();
    await fresh.cleanup();
  }
}

/**
 * Replaces the last `depth` blocks of `chain` with empty ones and has `indexer` (of `db`, a database
 * of backend `name`) follow: asserts that it saw one reorg, that its read model then equals a
 * from-scratch index of the chain, and that rebuilding the read model changes nothing. Returns the
 * read model after the reorg, for the caller's own checks.
 */
export async function assertReorgFollowed(
  indexer: Indexer,
  db: Kysely<Schema>,
  chain: TestNetwork,
  name: TestBackend["name"],
  depth = 3,
): Promise<Record<string, unknown[]>> {
  await chain.anvil.client.reorg(depth);
  await indexer.syncOnce();
  assert.equal(indexer.metrics().reorgs, 1);
  const rolledBack = await snapshot(db);
  assert.deepEqual(rolledBack, await groundTruth(name, chain));
  await indexer.rebuildReadModel();
  assert.deepEqual(await snapshot(db), rolledBack);
  return rolledBack;
}

/** Signs dev account `name` in to `app` with Sign-In with Ethereum for `domain`; returns the session cookie. */
export async function signIn(app: FastifyInstance, name: DevAccountName, domain: string): Promise<string> {
  const account = devAccounts()[name];
  const nonce = (await app.inject({ method: "GET", url: "/api/auth/nonce" })).json().nonce;
  const message = createSiweMessage({
    domain,
    address: account.address,
    uri: `http://${domain}`,
    version: "1",
    chainId: 31337,
    nonce,
    issuedAt: new Date(),
  });
  const r = await app.inject({
    method: "POST",
    url: "/api/auth/verify",
    payload: { message, signature: await account.signMessage({ message }) },
  });
  assert.equal(r.statusCode, 200, r.body);
  return String(r.headers["set-cookie"]).split(";")[0] ?? "";
}

/** An indexer that is always live at block 1 and never emits: for API tests that need no chain. */
export const idleIndexer = {
  status: () => ({
    state: "live" as const,
    chainId: 31337,
    indexedBlock: 1,
    headBlock: 1,
    caughtUp: true,
    error: null,
  }),
  metrics: () => ({ eventsIndexed: 0, rangesApplied: 0, reorgs: 0, rpcRetries: 0, rpcErrors: 0 }),
  subscribe: () => () => {},
};

/** A deployment whose addresses hold no contracts: for API tests that need no chain. */
export const placeholderDeployment = {
  chainId: 31337,
  deployBlock: 0,
  contracts: {
    orderMarket: "0x0000000000000000000000000000000000000001",
    participantRegistry: "0x0000000000000000000000000000000000000002",
    testStablecoin: "0x0000000000000000000000000000000000000003",
  },
} as const;

/** A node's configuration over `chain` with its data in `dataDir`: any free API port, quick polls, no logs; `env` adds to it. */
export function testNodeConfig(chain: TestNetwork, dataDir: string, env: Record<string, string> = {}): NodeConfig {
  return parseConfig({
    DIPNET_DATA_DIR: dataDir,
    DIPNET_RPC_URL: chain.anvil.rpcUrl,
    DIPNET_API_PORT: "0",
    DIPNET_POLL_MS: "20",
    DIPNET_LOG_LEVEL: "silent",
    ...env,
  });
}

/** Asserts that `parseConfig(env)` refuses `env` with a problem about each of the variables `names`. */
export function assertConfigProblems(env: Record<string, string>, names: string[]): void {
  assert.throws(
    () => parseConfig(env),
    (error: unknown) =>
      error instanceof ConfigError && names.every((name) => error.problems.some((p) => p.startsWith(`${name}:`))),
  );
}

/**
 * carol's manufacturer autopilot on a suite's network, reading its read model: one 3-axis mill for
 * aluminium 6061 (the agents' view of `testMill`); `options` add to or change that.
 */
export function carolsAutopilot(net: SuiteNetwork, options: Partial<CreateManufacturerAgentParameters> = {}) {
  return createManufacturerAgent({
    name: "carol",
    client: net.chain.clients.carol,
    readModel: createSqlReadModel(net.store.db),
    machines: [{ id: "mill-1", type: "3-axis mill", process: "cnc-milling", hourlyRate: 80, hoursPerDay: 24 }],
    materials: ["aluminium-6061"],
    ...options,
  });
}
