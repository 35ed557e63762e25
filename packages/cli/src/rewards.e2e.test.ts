// Contribution rewards through the CLI on a DAO network and a real node: a keeper records the
// maker's points of a completed order, alice funds the epoch, `rewards show` reads the node's
// answer and the maker claims after the epoch; every refusal is explained in words.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { createApi, type Database, openDatabase } from "@dipnet/node";
import { idleIndexer } from "@dipnet/node/testing";
import { createDipnetClient, fundRewardEpoch } from "@dipnet/sdk";
import { devAccounts, readDeployment } from "@dipnet/sdk/node";
import type { FastifyInstance } from "fastify";
import { parseUnits } from "viem";
import {
  type CliEnvironment,
  registerTestParties,
  rfqCreateArgs,
  startCliEnvironment,
  syncNode,
  testDao,
} from "./testing.ts";

const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../bin/dipnet.mjs");
const dip = (amount: string) => parseUnits(amount, 18).toString();

describe("dipnet rewards on a DAO network", () => {
  let environment: CliEnvironment;
  let store: Database;
  let api: FastifyInstance;
  let apiUrl = "";
  let orderId = "";
  const ok = (as: string | undefined, ...args: string[]) => environment.ok(as, ...args);
  const fails = (as: string | undefined, ...args: string[]) => environment.fails(as, ...args);
  const show = async (account: string) => {
    await syncNode(environment, store.db);
    return ok(undefined, "rewards", "show", account, "--api", apiUrl);
  };

  before(async () => {
    environment = await startCliEnvironment("rewards", {}, { dao: testDao });
    const { dataDir } = environment;
    await registerTestParties(environment);
    // alice orders, bob makes it for 4,000 tUSD (a fee of 40 tUSD, valued at 40 DIP), alice accepts.
    ({ orderId } = await ok("alice", ...rfqCreateArgs()));
    orderId = String(orderId);
    await ok("bob", "bid", "place", orderId, "--price", "4000", "--lead-time", "5d");
    await environment.anvil.increaseTime(3_601);
    await ok("alice", "order", "award", orderId, "--maker", "bob", "--price", "4000", "--lead-time", "5d");
    await ok("bob", "order", "ship", orderId, "--evidence", "text:waybill 9");
    await ok("alice", "order", "accept", orderId);

    store = await openDatabase({ kind: "sqlite", file: path.join(dataDir, "node.sqlite") });
    const deployment = readDeployment(path.join(dataDir, "deployments.json"));
    api = await createApi({ db: store.db, deployment, indexer: idleIndexer });
    apiUrl = await api.listen({ host: "127.0.0.1", port: 0 });
  });
  after(async () => {
    await api?.close();
    await store?.close();
    await environment?.stop();
  });

  it("records the maker's points once, for anyone who asks", async () => {
    const recorded = await ok("dave", "rewards", "record", "order", orderId);
    assert.equal(recorded.account, devAccounts().bob.address);
    assert.equal(recorded.points, dip("24"), "60 % of the fee's value");
    assert.equal(recorded.epoch, "0");
    assert.equal(recorded.selfDealingWith, null);
    const again = await fails("dave", "rewards", "record", "order", orderId);
    assert.equal(again.name, "RewardsAlreadyRecorded");
    assert.match(again.message, new RegExp(`the maker points of order ${orderId} are already recorded`));
    const early = await fails("dave", "rewards", "record", "ruling", orderId);
    assert.equal(early.name, "RewardsOrderNotEligible");
    assert.equal((await fails("dave", "rewards", "record", "order", "x")).args?.field, "orderId");
  });

  it("shows the epoch's points and budget, and pays the claim after it", async () => {
    const { dataDir, anvil } = environment;
    const deployment = readDeployment(path.join(dataDir, "deployments.json"));
    const alice = createDipnetClient({ rpcUrl: anvil.rpcUrl, deployment, account: devAccounts().alice });
    await fundRewardEpoch(alice, { epoch: 0n, amount: BigInt(dip("5")) });

    const open = await show("bob");
    const [epoch] = open.epochs;
    assert.deepEqual(
      [epoch.epoch, epoch.accountPoints, epoch.totalPoints, epoch.budget, epoch.claimable, epoch.claimed],
      [0, dip("24"), dip("24"), dip("5"), "0", null],
      "nothing is claimable before the epoch ends",
    );
    assert.equal(epoch.points.maker, dip("24"));
    const tooEarly = await fails("bob", "rewards", "claim", "0");
    assert.equal(tooEarly.name, "RewardsEpochNotEnded");
    assert.match(tooEarly.message, /reward epoch 0 runs until/);

    await anvil.increaseTime(epoch.end - Number(await anvil.now()) + 1);
    // The budget (5 DIP) is below the cap (25 % of 24 points = 6 DIP): bob's share is all of it.
    assert.equal((await show("bob")).epochs[0].claimable, dip("5"));
    const claimed = await ok("bob", "rewards", "claim", "0");
    assert.equal(claimed.amount, dip("5"));
    const after = (await show("bob")).epochs[0];
    assert.deepEqual([after.claimable, after.claimed.amount, after.claimed.txHash], ["0", dip("5"), claimed.hash]);
    const twice = await fails("bob", "rewards", "claim", "0");
    assert.equal(twice.name, "RewardsAlreadyClaimed");
    assert.equal((await fails("bob", "rewards", "claim", "last")).args?.field, "epoch");
  });

  it("refuses a malformed account and prints a table for people", async () => {
    assert.equal((await fails(undefined, "rewards", "show", "0x1234", "--api", apiUrl)).args?.field, "account");
    const env = { ...process.env, DIPNET_DATA_DIR: environment.dataDir, DIPNET_RPC_URL: environment.anvil.rpcUrl };
    // Not spawnSync: the node answering it runs in this process.
    const printed = await promisify(execFile)(process.execPath, [bin, "rewards", "show", "bob", "--api", apiUrl], {
      env,
    });
    const [who, header, row] = printed.stdout.split("\n");
    assert.match(who ?? "", /^bob/);
    assert.match(header ?? "", /^epoch\s+runs\s+points\s+by kind\s+budget\s+reward$/);
    assert.match(row ?? "", /^0\s+.*24 DIP of 24 DIP\s+maker 24 DIP · ruling 0 DIP .*\s+5 DIP\s+claimed 5 DIP on /);
  });
});
