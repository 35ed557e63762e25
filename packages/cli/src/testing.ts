// Test harness: the CLI run in-process with --json against a fresh anvil on which DIPNET is
// deployed (governed by its deployer, or by a DAO), with deployments.json in a temporary data dir.
// Used by the e2e suites only.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before } from "node:test";
import type { DaoParameters } from "@dipnet/sdk";
import { writeDeployment } from "@dipnet/sdk/node";
import { deployTestNetwork, type TestAnvil, testDao } from "@dipnet/sdk/testing";
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
