// Test harness: the CLI run in-process with --json against a fresh anvil on which DIPNET is
// deployed (governed by its deployer, or by a DAO), with deployments.json in a temporary data dir.
// Used by the e2e suites only.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before } from "node:test";
import { createAnchorer, createChainReader, createIndexer, createIngestor, type Database } from "@dipnet/node";
import {
  createDipnetClient,
  type DaoParameters,
  deviceTopic,
  type ProductionEvidence,
  type ReadingCitation,
  signDeviceMessage,
} from "@dipnet/sdk";
import { devAccounts, readDeployment, writeDeployment } from "@dipnet/sdk/node";
import { deployTestNetwork, type TestAnvil, testDao } from "@dipnet/sdk/testing";
import { http } from "viem";
import { run } from "./main.ts";

/** An error as the CLI prints it with --json. */
export type CliError = { name: string; message: string; args?: Record<string, unknown> };

/** A chain, a deployment and the CLI pointed at them. */
export type CliEnvironment = {
  anvil: TestAnvil;
  dataDir: string;
  /** Runs `dipnet [--as <as>] --json … args`; returns the exit code and the parsed output. */
  cli: (as: string | undefined, ...args: string[]) => Promise<{ code: number; json: unknown; error?: CliError }>;
  /** Runs a command that must succeed and returns its JSON. */
  // biome-ignore lint/suspicious/noExplicitAny: command outputs are JSON of many shapes; tests read fields.
  ok: (as: string | undefined, ...args: string[]) => Promise<any>;
  /** Runs a command that must fail and returns its decoded error. */
  fails: (as: string | undefined, ...args: string[]) => Promise<CliError>;
  stop: () => Promise<void>;
};

export { testDao };

/** What a test network is governed by: a DAO as `deployDipnet` hands it over, or the deployer. */
export type CliNetworkOptions = { dao?: DaoParameters | undefined };

/**
 * Starts anvil, deploys DIPNET as the dev deployer and records the deployment. The deployer
 * governs unless `network.dao` hands the network to a DAO.
 * @param env Environment the CLI sees (e.g. DIPNET_PASSWORD). Default: empty.
 * @param network Default: no DAO.
 */
export async function startCliEnvironment(
  name: string,
  env: Record<string, string | undefined> = {},
  network: CliNetworkOptions = {},
): Promise<CliEnvironment> {
  const { anvil, deployment } = await deployTestNetwork({ dao: network.dao });
  const dataDir = mkdtempSync(path.join(tmpdir(), `dipnet-${name}-`));
  writeDeployment(path.join(dataDir, "deployments.json"), deployment);

  const cli: CliEnvironment["cli"] = async (as, ...args) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await run(
      [...(as ? ["--as", as] : []), "--json", "--rpc", anvil.rpcUrl, "--data-dir", dataDir, ...args],
      { stdout: (t) => out.push(t), stderr: (t) => err.push(t), env, cwd: dataDir },
    );
    const parse = (lines: string[]) => (lines.length ? JSON.parse(lines.join("\n")) : undefined);
    const error = parse(err)?.error as CliError | undefined;
    return { code, json: parse(out), ...(error ? { error } : {}) };
  };
  return {
    anvil,
    dataDir,
    cli,
    async ok(as, ...args) {
      const r = await cli(as, ...args);
      assert.equal(r.code, 0, `dipnet ${args.join(" ")} failed: ${JSON.stringify(r.error)}`);
      return r.json;
    },
    async fails(as, ...args) {
      const r = await cli(as, ...args);
      assert.equal(r.code, 1, `dipnet ${args.join(" ")} should have failed`);
      assert.ok(r.error);
      return r.error;
    },
    async stop() {
      await anvil.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * A suite's CLI environment (`startCliEnvironment`): started before its tests, stopped after them.
 * Usable from the suite's own hooks declared after this call, and from its tests.
 */
export function useCliEnvironment(
  name: string,
  env: Record<string, string | undefined> = {},
  network: CliNetworkOptions = {},
): Omit<CliEnvironment, "stop"> {
  let environment: CliEnvironment | undefined;
  const started = () => {
    assert.ok(environment, "the CLI environment starts in the suite's before hook");
    return environment;
  };
  before(async () => {
    environment = await startCliEnvironment(name, env, network);
  });
  after(async () => {
    await environment?.stop();
  });
  return {
    get anvil() {
      return started().anvil;
    },
    get dataDir() {
      return started().dataDir;
    },
    cli: (as, ...args) => started().cli(as, ...args),
    ok: (as, ...args) => started().ok(as, ...args),
    fails: (as, ...args) => started().fails(as, ...args),
  };
}

/**
 * Enacts a proposal of `actions` on a `testDao` network through the CLI: alice and bob vote with
 * their own DIP (delegated to themselves first if they have not), alice proposes, both vote for,
 * and carol queues and executes it once each wait has passed. Returns the proposal id.
 */
export async function enactProposal(
  environment: Pick<CliEnvironment, "ok" | "anvil">,
  title: string,
  actions: readonly string[],
): Promise<string> {
  const { ok, anvil } = environment;
  for (const voter of ["alice", "bob"]) {
    if ((await ok(undefined, "token", "balance", voter)).votes === "0") await ok(voter, "token", "delegate", "self");
  }
  await anvil.increaseTime(1); // the threshold counts votes of the past second
  const proposed = await ok("alice", "gov", "propose", "--title", title, ...actions.flatMap((a) => ["--action", a]));
  const id = String(proposed.proposalId);
  await anvil.increaseTime(testDao.settings.votingDelay + 1);
  for (const voter of ["alice", "bob"]) await ok(voter, "gov", "vote", id, "for");
  await anvil.increaseTime(testDao.settings.votingPeriod);
  await ok("carol", "gov", "queue", id);
  await anvil.increaseTime(testDao.timelockDelay);
  await ok("carol", "gov", "execute", id);
  return id;
}

/**
 * The arguments of `dipnet rfq create` for 50 milled aluminium brackets, budget 5,000 and bond 500, due
 * in 30 days and bid on for an hour; `flags` changes any of these (`{ quantity: "500" }`) or adds more.
 */
export function rfqCreateArgs(flags: Record<string, string> = {}): string[] {
  const all: Record<string, string> = {
    spec: "text:bracket",
    "spec-uri": "ipfs://spec",
    process: "cnc-milling",
    material: "aluminium-6061",
    quantity: "50",
    budget: "5000",
    bond: "500",
    deadline: "+30d",
    "bidding-ends": "+1h",
    ...flags,
  };
  return ["rfq", "create", ...Object.entries(all).flatMap(([flag, value]) => [`--${flag}`, value])];
}

/**
 * The arguments of `dipnet machine register` for a CNC mill for aluminium 6061 with a 600x400x300 mm
 * envelope at 80 tUSD an hour; `flags` changes any of these (`{ rate: "95" }`) or adds more.
 */
export function machineRegisterArgs(flags: Record<string, string> = {}): string[] {
  const all: Record<string, string> = {
    process: "cnc-milling",
    materials: "aluminium-6061",
    envelope: "600x400x300",
    rate: "80",
    ...flags,
  };
  return ["machine", "register", ...Object.entries(all).flatMap(([flag, value]) => [`--${flag}`, value])];
}

/** alice a customer with 10,000 tUSD; bob and carol manufacturers with 5,000 each, of which bob stakes 2,000. */
export async function registerTestParties({ ok }: Pick<CliEnvironment, "ok">): Promise<void> {
  await ok("alice", "participant", "register", "--roles", "customer");
  await ok("alice", "faucet", "10000");
  for (const maker of ["bob", "carol"]) {
    await ok(maker, "participant", "register", "--roles", "manufacturer");
    await ok(maker, "faucet", "5000");
  }
  await ok("bob", "stake", "deposit", "2000");
}

/** Indexes the environment's chain, as its deployments.json names it, into a node's database `db` once. */
export async function syncNode(
  { anvil, dataDir }: Pick<CliEnvironment, "anvil" | "dataDir">,
  db: Database["db"],
): Promise<void> {
  await createIndexer({
    db,
    chain: createChainReader(http(anvil.rpcUrl)),
    deployment: readDeployment(path.join(dataDir, "deployments.json")),
  }).syncOnce();
}

/**
 * bob's device `device` (its key written by `dipnet device register` in the data dir, on machine 1)
 * sends `count` signed spindle-load readings of `firstLoad + 1`, `firstLoad + 2`, … % to the node's
 * ingestor over `db`, and the node anchors them on chain as erin (whom bob allowed as an anchorer).
 */
export async function anchorReadingsOfBob(
  { anvil, dataDir }: Pick<CliEnvironment, "anvil" | "dataDir">,
  db: Database["db"],
  { device, count, firstLoad }: { device: string; count: number; firstLoad: number },
): Promise<void> {
  const bob = devAccounts().bob.address.toLowerCase();
  const key = JSON.parse(readFileSync(path.join(dataDir, "devices", bob, `${device}.json`), "utf8"));
  const ingest = createIngestor({ db, deviceSources: ["chain"] });
  const topic = deviceTopic({ manufacturer: bob, machine: "1", device });
  for (let seq = 1; seq <= count; seq++) {
    const readings = [{ metric: "spindle_load", value: firstLoad + seq, unit: "%" }];
    const message = signDeviceMessage({ v: 1, device, seq, ts: Date.now(), readings }, key.privateKey);
    assert.equal((await ingest.submit(topic, Buffer.from(JSON.stringify(message)))).accepted, true);
  }
  const deployment = readDeployment(path.join(dataDir, "deployments.json"));
  const anchorer = createAnchorer({
    db,
    client: createDipnetClient({ rpcUrl: anvil.rpcUrl, deployment, account: devAccounts().erin }),
  });
  assert.equal((await anchorer.runOnce()).length, 1);
}

/**
 * Production evidence for milestone 0 of order `orderId`: op10 milling on machine 1 started (citing
 * `started`) and finished `quantity` parts (citing `finished`), then the events `more`.
 */
export function millingEvidence(
  orderId: string,
  quantity: number,
  readings: { started: ReadingCitation[]; finished: ReadingCitation[] },
  ...more: ProductionEvidence["events"]
): ProductionEvidence {
  const operation = "op10 milling";
  return {
    type: "dipnet-production-evidence/v1",
    orderId,
    milestone: 0,
    events: [
      { kind: "operation_started", at: 1, operation, machineId: "1", readings: readings.started },
      { kind: "operation_finished", at: 2, operation, machineId: "1", quantity, readings: readings.finished },
      ...more,
    ],
  };
}
