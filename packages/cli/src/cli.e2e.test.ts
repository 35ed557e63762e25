import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import type { DatabaseConfig } from "@dipnet/node";
import { createTestBackend } from "@dipnet/node/testing";
import { checkFjspSchedule, parseFjs } from "@dipnet/planner";
import { canonicalDocumentJson, createDipnetClient, documentHashOf, smallFileCid } from "@dipnet/sdk";
import { devAccounts, readDeployment } from "@dipnet/sdk/node";
import { enactProposal, rfqCreateArgs, testDao, useCliEnvironment } from "./testing.ts";

const DAY = 86_400;
const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../bin/dipnet.mjs");

describe("dipnet CLI end to end", () => {
  const dev = devAccounts();
  // The environment the CLI sees; a test may point it at another database for a while.
  const cliEnv: Record<string, string | undefined> = {
    DIPNET_PASSWORD: "correct horse battery",
    DIPNET_KEYSTORE_SCRYPT_N: "1024",
  };
  const environment = useCliEnvironment("cli", cliEnv, { dao: testDao });
  const { ok, fails } = environment;

  const rfq = async (extra: string[] = []) => BigInt((await ok("alice", ...rfqCreateArgs(), ...extra)).orderId);
  /** An RFQ of alice's awarded at `maker`'s bid of `price` / `leadTime`, shipped, and disputed by alice for `reason`. */
  const disputedOrder = async (maker: string, price: string, leadTime: string, reason: string) => {
    const id = await rfq();
    await ok(maker, "bid", "place", `${id}`, "--price", price, "--lead-time", leadTime);
    await environment.anvil.increaseTime(3_601);
    await ok("alice", "order", "award", `${id}`, "--maker", maker, "--price", price, "--lead-time", leadTime);
    await ok(maker, "order", "ship", `${id}`, "--evidence", "text:shipped");
    await ok("alice", "order", "dispute", `${id}`, "--evidence", `text:${reason}`);
    return id;
  };

  before(async () => {
    await ok(
      "alice",
      "participant",
      "register",
      "--roles",
      "customer",
      "--profile",
      "text:alice gmbh",
      "--profile-uri",
      "https://alice.example",
    );
    for (let i = 0; i < 3; i++) await ok("alice", "faucet", "10000");
    for (const maker of ["bob", "carol", "dave"]) {
      await ok(maker, "participant", "register", "--roles", "manufacturer");
      await ok(maker, "faucet", "5000");
      await ok(maker, "stake", "deposit", "2000");
    }
    await enactProposal(environment, "Admit erin as arbiter", ["admit-arbiter erin"]);
  });

  it("runs the happy path: 3 bids, counter-offer, award, 2 milestones, ship, accept, withdrawals", async () => {
    const id = await rfq(["--milestones", "30,50,20"]);
    await ok("bob", "bid", "place", `${id}`, "--price", "4800", "--lead-time", "10d");
    await ok("carol", "bid", "place", `${id}`, "--price", "4500.50", "--lead-time", "12d");
    await ok("dave", "bid", "place", `${id}`, "--price", "4900", "--lead-time", "8d");
    await ok("alice", "counter", "offer", `${id}`, "--maker", "carol", "--price", "4300", "--lead-time", "12d");
    // The customer swaps the offer in front of the acceptance: the maker's named terms no longer match.
    await ok("alice", "counter", "offer", `${id}`, "--maker", "carol", "--price", "0.000001", "--lead-time", "1s");
    const swapped = await fails("carol", "counter", "accept", `${id}`, "--price", "4300", "--lead-time", "12d");
    assert.equal(swapped.name, "MarketTermsChanged");
    await ok("alice", "counter", "withdraw", `${id}`, "--maker", "carol");
    assert.equal(
      (await fails("carol", "counter", "accept", `${id}`, "--price", "0.000001", "--lead-time", "1s")).name,
      "MarketNoCounterOffer",
    );
    await ok("alice", "counter", "offer", `${id}`, "--maker", "carol", "--price", "4200", "--lead-time", "12d");
    await ok("carol", "counter", "accept", `${id}`, "--price", "4200", "--lead-time", "12d");
    const bids = await ok(undefined, "bid", "list", `${id}`);
    assert.equal(bids.length, 3);
    assert.equal(bids.find((b: { maker: string }) => b.maker === dev.carol.address).price, "4200000000");

    await environment.anvil.increaseTime(3_601);
    const awardToCarol = (price: string) => [
      "order",
      "award",
      `${id}`,
      "--maker",
      "carol",
      "--price",
      price,
      "--lead-time",
      "12d",
    ];
    const stale = await fails("alice", ...awardToCarol("4500.50"));
    assert.equal(stale.name, "MarketTermsChanged");
    const awarded = await ok("alice", ...awardToCarol("4200"));
    assert.equal(awarded.price, "4200000000");
    assert.equal(awarded.fee, "42000000");
    for (const n of [0, 1]) {
      assert.equal(
        (await ok("carol", "order", "milestone", "submit", `${id}`, "--evidence", `text:milestone ${n}`)).index,
        n,
      );
      await ok("alice", "order", "milestone", "approve", `${id}`);
    }
    await ok("carol", "order", "ship", `${id}`, "--evidence", "text:waybill 123");
    const accepted = await ok("alice", "order", "accept", `${id}`);
    assert.equal(accepted.settlement.makerAmount, "840000000");

    assert.equal((await ok("carol", "withdraw")).amount, "4200000000");
    // The fee is owed to the treasury, the timelock: only a proposal can withdraw it.
    const { treasury } = await ok(undefined, "gov", "parameters");
    assert.equal((await ok(undefined, "balance", treasury)).owed, "42000000");
    const show = await ok(undefined, "order", "show", `${id}`);
    assert.equal(show.status, "Completed");
    const timeline = await ok(undefined, "order", "timeline", `${id}`);
    assert.ok(timeline.some((e: { eventName: string }) => e.eventName === "OrderAccepted"));
    const balance = await ok(undefined, "balance", "carol");
    assert.equal(balance.lockedStake, "0");
  });

  it("runs sealed bidding: commit with a deposit, reveal, unrevealed bid cannot win and forfeits it", async () => {
    const id = await rfq(["--sealed", "--reveal-ends", "+2h"]);
    await fails("bob", "bid", "place", `${id}`, "--price", "4000", "--lead-time", "5d").then((e) =>
      assert.equal(e.name, "MarketSealedBidding"),
    );
    // 1 % of the 5,000 budget each.
    assert.equal(
      (await ok("bob", "bid", "commit", `${id}`, "--price", "4000", "--lead-time", "5d")).deposit,
      "50000000",
    );
    await ok("dave", "bid", "commit", `${id}`, "--price", "3000", "--lead-time", "5d");
    await environment.anvil.increaseTime(3_601);
    const revealed = await ok("bob", "bid", "reveal", `${id}`);
    assert.equal(revealed.price, "4000000000");
    await environment.anvil.increaseTime(3_600);
    const e = await fails(
      "alice",
      "order",
      "award",
      `${id}`,
      "--maker",
      "dave",
      "--price",
      "3000",
      "--lead-time",
      "5d",
    );
    assert.equal(e.name, "MarketNoActiveBid");
    const settled = await ok("frank", "bid", "settle-deposit", `${id}`, "--maker", "dave");
    assert.deepEqual([settled.deposit, settled.forfeited], ["50000000", true]);
    const awarded = await ok(
      "alice",
      "order",
      "award",
      `${id}`,
      "--maker",
      "bob",
      "--price",
      "4000",
      "--lead-time",
      "5d",
      "--permit",
    );
    assert.equal(awarded.price, "4000000000");
  });

  it("runs a dispute to an arbiter's ruling", async () => {
    const id = await disputedOrder("dave", "3000", "5d", "parts out of tolerance");
    await ok("dave", "order", "evidence", `${id}`, "--evidence", "text:inspection report");
    const notArbiter = await fails("bob", "order", "rule", `${id}`, "--refund", "50%", "--slash", "20%");
    assert.equal(notArbiter.name, "MarketNotArbiter");
    const ruled = await ok("erin", "order", "rule", `${id}`, "--refund", "50%", "--slash", "2000bps");
    // Half the unreleased price, with its share of the fee.
    assert.equal(ruled.settlement.customerRefund, "1515000000");
    assert.equal(ruled.settlement.bondSlashed, "100000000");
    assert.equal((await ok(undefined, "order", "show", `${id}`)).status, "Resolved");
  });

  it("runs a dispute no arbiter rules on to its expiry: half back, bond released", async () => {
    const id = await disputedOrder("carol", "1000", "1d", "wrong alloy");
    const { rulingEnds } = await ok(undefined, "order", "show", `${id}`);
    const early = await fails("frank", "order", "expire-dispute", `${id}`);
    assert.equal(early.name, "MarketRulingWindowOpen");
    await environment.anvil.increaseTime(rulingEnds - Number(await environment.anvil.now()) + 1);
    const expired = await ok("frank", "order", "expire-dispute", `${id}`);
    assert.equal(expired.refundBps, 5_000);
    assert.deepEqual(
      [expired.settlement.makerAmount, expired.settlement.customerRefund, expired.settlement.bondSlashed],
      ["500000000", "505000000", "0"],
    );
  });

  it("cancels after award: the maker keeps released milestones, and is compensated for lead time elapsed", async () => {
    const id = await rfq(["--milestones", "40,60"]);
    await ok("bob", "bid", "place", `${id}`, "--price", "1000", "--lead-time", "5d");
    await environment.anvil.increaseTime(3_601);
    await ok("alice", "order", "award", `${id}`, "--maker", "bob", "--price", "1000", "--lead-time", "5d");
    await ok("bob", "order", "milestone", "submit", `${id}`, "--evidence", "text:first article");
    await ok("alice", "order", "milestone", "approve", `${id}`);
    const cancelled = await ok("alice", "order", "cancel", `${id}`);
    // The released 40 % already covers the 10 % floor: the unreleased 60 % and its share of the fee go back.
    assert.equal(cancelled.compensation, "0");
    assert.equal(cancelled.settlement.customerRefund, "606000000");
    assert.equal(cancelled.settlement.makerAmount, "0");
    assert.equal((await ok(undefined, "order", "show", `${id}`)).status, "Cancelled");
    // Cancelling at half the lead time owes the 10 % floor plus half of the other 90 %.
    const late = await rfq();
    await ok("bob", "bid", "place", `${late}`, "--price", "1000", "--lead-time", "4d");
    await environment.anvil.increaseTime(3_601);
    await ok("alice", "order", "award", `${late}`, "--maker", "bob", "--price", "1000", "--lead-time", "4d");
    await environment.anvil.increaseTime(2 * DAY);
    const paid = await ok("alice", "order", "cancel", `${late}`);
    assert.ok(BigInt(paid.compensation) >= 550_000_000n && BigInt(paid.compensation) < 551_000_000n, paid.compensation);
    assert.equal(paid.settlement.makerAmount, paid.compensation);
    const free = await rfq();
    await ok("alice", "rfq", "cancel", `${free}`);
  });

  it("lets the customer claim default after a missed deadline, with the bond slashed", async () => {
    const id = await rfq();
    await ok("carol", "bid", "place", `${id}`, "--price", "2000", "--lead-time", "2d");
    await environment.anvil.increaseTime(3_601);
    await ok("alice", "order", "award", `${id}`, "--maker", "carol", "--price", "2000", "--lead-time", "2d");
    const early = await fails("alice", "order", "default", `${id}`);
    assert.equal(early.name, "MarketNotLate");
    assert.match(
      early.message,
      /^default claim rejected: order \d+ can only be declared in default after \d{4}-\d\d-\d\d \d\d:\d\d(:\d\d)? UTC \(MarketNotLate\)$/,
    );
    await environment.anvil.increaseTime(2 * DAY + 3 * DAY + 60);
    const defaulted = await ok("alice", "order", "default", `${id}`);
    assert.equal(defaulted.settlement.bondSlashed, "500000000");
    // This bond (500) and the 20 % slashed by the earlier ruling (100).
    assert.equal((await ok("alice", "stake", "claim")).amount, "600000000");
  });

  it("lets anyone finalise after the acceptance window", async () => {
    const id = await rfq();
    await ok("bob", "bid", "place", `${id}`, "--price", "1000", "--lead-time", "3d");
    await environment.anvil.increaseTime(3_601);
    await ok("alice", "order", "award", `${id}`, "--maker", "bob", "--price", "1000", "--lead-time", "3d");
    await ok("bob", "order", "ship", `${id}`, "--evidence", "text:shipped");
    assert.equal((await fails("frank", "order", "finalize", `${id}`)).name, "MarketAcceptanceWindowOpen");
    await environment.anvil.increaseTime(7 * DAY + 60);
    assert.equal(
      (await fails("alice", "order", "dispute", `${id}`, "--evidence", "text:late")).name,
      "MarketAcceptanceWindowClosed",
    );
    const finalised = await ok("frank", "order", "finalize", `${id}`);
    assert.equal(finalised.settlement.makerAmount, "1000000000");
  });

  it("manages profiles, stake, invitations and bid withdrawal", async () => {
    await ok("grace", "participant", "register", "--roles", "customer");
    await ok("grace", "participant", "grant-roles", "--roles", "manufacturer");
    await ok("grace", "participant", "update", "--profile", "text:grace v2", "--profile-uri", "https://grace.example");
    const shown = await ok(undefined, "participant", "show", "grace");
    assert.deepEqual(shown.roleNames, ["customer", "manufacturer"]);
    // Her node's libp2p address goes into her profile document, registered by its IPFS CID.
    const profileFile = path.join(environment.dataDir, "grace-profile.json");
    writeFileSync(profileFile, JSON.stringify({ name: "Grace Tooling", node: { api: "https://grace.example" } }));
    const address = "/dns4/grace.example/tcp/4001/p2p/12D3KooWMoEYsWsL7b34GT5HdaMPCPrm1App7twXnAg6k4Jrkdwk";
    const updated = await ok("grace", "participant", "update", "--profile", profileFile, "--ipfs", address);
    const profile = { name: "Grace Tooling", node: { api: "https://grace.example", ipfs: [address] } };
    assert.equal(updated.profileHash, documentHashOf(profile));
    assert.equal(
      updated.profileURI,
      `ipfs://${smallFileCid(new TextEncoder().encode(canonicalDocumentJson(profile)))}`,
    );
    assert.equal((await ok(undefined, "participant", "show", "grace")).profileHash, documentHashOf(profile));
    const kept = readFileSync(path.join(environment.dataDir, "documents", `${documentHashOf(profile)}.json`), "utf8");
    assert.deepEqual(JSON.parse(kept), profile, "kept in the data dir's document store for the node to offer");
    const noPeer = await fails("grace", "participant", "update", "--ipfs", "/ip4/203.0.113.7/tcp/4001");
    assert.match(noPeer.message, /--ipfs.*peer id/);
    await ok("grace", "faucet", "500");
    await ok("grace", "stake", "deposit", "300");
    await ok("grace", "stake", "withdraw", "100");
    assert.equal((await ok(undefined, "participant", "show", "grace")).stake, "200000000");

    const id = await rfq(["--invite", "bob,grace", "--bond", "100"]);
    const notInvited = await fails("carol", "bid", "place", `${id}`, "--price", "900", "--lead-time", "2d");
    assert.equal(notInvited.name, "MarketNotInvited");
    await ok("grace", "bid", "place", `${id}`, "--price", "900", "--lead-time", "2d");
    await ok("grace", "bid", "withdraw", `${id}`);
    assert.equal((await ok(undefined, "bid", "list", `${id}`))[0].state, "Withdrawn");
  });

  it("rejects actions with decoded errors and bad input naming the option", async () => {
    const id = await rfq();
    await environment.anvil.increaseTime(3_601);
    const closed = await fails("bob", "bid", "place", `${id}`, "--price", "100", "--lead-time", "1d");
    assert.equal(closed.name, "MarketBidWindowClosed");
    assert.match(
      closed.message,
      new RegExp(
        `^bid rejected: RFQ ${id} closed at \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d(:\\d\\d)? UTC \\(MarketBidWindowClosed\\)$`,
      ),
    );
    const bad = await fails("bob", "bid", "place", `${id}`, "--price", "12.3456789", "--lead-time", "1d");
    assert.equal(bad.name, "InvalidParameterError");
    assert.match(bad.message, /--price/);
    const usage = await fails("bob", "bid", "place", `${id}`);
    assert.equal(usage.name, "UsageError");
    assert.match(usage.message, /--price/);
    const noSigner = await fails(undefined, "withdraw");
    assert.match(noSigner.message, /--as/);
  });

  it("creates and uses an encrypted keystore account", async () => {
    const created = await ok(undefined, "accounts", "new", "--name", "factory-7");
    const list = await ok(undefined, "accounts", "list");
    assert.ok(list.some((a: { name: string; kind: string }) => a.name === "factory-7" && a.kind === "keystore"));
    await ok("deployer", "faucet", "10", "--to", created.address);
    const balance = await ok("factory-7", "balance");
    assert.equal(balance.account, created.address);
    assert.equal(balance.balance, "10000000");
  });

  it("deploys a fresh set of contracts into another data directory", async () => {
    const other = mkdtempSync(path.join(tmpdir(), "dipnet-cli-deploy-"));
    try {
      const deployed = await ok(
        "deployer",
        "--data-dir",
        other,
        "deploy",
        "--fee",
        "2%",
        "--acceptance",
        "3d",
        "--grace",
        "1d",
      );
      assert.ok(deployed.contracts.testStablecoin);
      const again = await fails("deployer", "--data-dir", other, "deploy");
      assert.match(again.message, /--force/);
      const params = await ok(undefined, "--data-dir", other, "gov", "parameters");
      assert.equal(params.feeBps, 200);
      assert.equal(params.orderCount, "0");
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it("runs from the bin launcher with exit codes and human errors", () => {
    const env = { ...process.env, DIPNET_DATA_DIR: environment.dataDir, DIPNET_RPC_URL: environment.anvil.rpcUrl };
    const shown = spawnSync(process.execPath, [bin, "rfq", "show", "1"], { env, encoding: "utf8" });
    assert.equal(shown.status, 0, shown.stderr);
    assert.match(shown.stdout, /order 1: Completed/);
    const failed = spawnSync(process.execPath, [bin, "--as", "bob", "rfq", "cancel", "1"], { env, encoding: "utf8" });
    assert.equal(failed.status, 1);
    assert.match(failed.stderr, /^error: RFQ cancellation rejected: .*\((MarketNotCustomer|MarketInvalidStatus)\)\n$/);
    assert.doesNotMatch(failed.stderr, /at .*\.ts:\d+/);
  });

  /**
   * Runs `node reindex` on the given store twice, spoiling the read model in between (an order
   * deleted, another's status changed): the second run must put back exactly what the first built.
   */
  async function reindexRepairs(config: DatabaseConfig): Promise<void> {
    const rebuilt = await ok(undefined, "node", "reindex");
    const head = await createDipnetClient({
      rpcUrl: environment.anvil.rpcUrl,
      deployment: readDeployment(path.join(environment.dataDir, "deployments.json")),
    }).publicClient.getBlockNumber();
    assert.equal(BigInt(rebuilt.indexedBlock), head);
    const { openDatabase } = await import("@dipnet/node");
    const readOrders = async () => {
      const store = await openDatabase(config);
      try {
        return await store.db.selectFrom("orders").selectAll().orderBy("id").execute();
      } finally {
        await store.close();
      }
    };
    const orders = await readOrders();
    const { orderCount } = await ok(undefined, "gov", "parameters");
    assert.equal(orders.length, Number(orderCount));
    assert.ok(orders.some((o) => o.status === "Completed"));
    const [first, second] = orders;
    assert.ok(first && second);
    const store = await openDatabase(config);
    try {
      await store.db.deleteFrom("orders").where("id", "=", first.id).execute();
      await store.db.updateTable("orders").set({ status: "Disputed" }).where("id", "=", second.id).execute();
    } finally {
      await store.close();
    }
    await ok(undefined, "node", "reindex");
    assert.deepEqual(await readOrders(), orders);
  }

  it("rebuilds the node's read model from the chain with `node reindex`", async () => {
    await reindexRepairs({ kind: "sqlite", file: path.join(environment.dataDir, "dipnet.sqlite") });
    writeFileSync(path.join(environment.dataDir, "dipnet.pid"), `${process.pid}\n`);
    try {
      const refused = await fails(undefined, "node", "reindex");
      assert.match(refused.message, /running .*stop it first/);
    } finally {
      rmSync(path.join(environment.dataDir, "dipnet.pid"));
    }
  });

  it("rebuilds the read model in PostgreSQL when DATABASE_URL is set", async () => {
    const postgres = createTestBackend("postgres");
    assert.ok(postgres);
    await (await postgres.open()).close(); // creates the database
    const config = postgres.config();
    assert.equal(config.kind, "postgres");
    cliEnv.DATABASE_URL = config.url;
    try {
      await reindexRepairs(config);
    } finally {
      delete cliEnv.DATABASE_URL;
      await postgres.cleanup();
    }
  });

  it("solves a flexible job shop instance with `plan fjsp`", async () => {
    const file = path.join(environment.dataDir, "tiny.fjs");
    // Job 1: op 1 on machine 1 (3) or 2 (5), op 2 on machine 1 (4); job 2: op 1 on machine 1 (2) or 2 (6).
    writeFileSync(file, "2 2\n2 2 1 3 2 5 1 1 4\n1 2 1 2 2 6\n");
    const plan = await ok(undefined, "plan", "fjsp", file, "--time-limit", "0.2", "--seed", "3");
    assert.equal(plan.makespan, 7);
    assert.equal(plan.operations.length, 3);
    const check = checkFjspSchedule(parseFjs(readFileSync(file, "utf8")), plan);
    assert.ok(check.ok, check.errors.join("; "));
    const bad = await fails(undefined, "plan", "fjsp", file, "--time-limit", "-1");
    assert.match(bad.message, /time-limit/);
    writeFileSync(file, "1 2\n1 1 3 5\n");
    const malformed = await fails(undefined, "plan", "fjsp", file);
    assert.equal(malformed.name, "FjspParseError");
    assert.match(malformed.message, /line 2/);
  });

  it("pays the fees the treasury is owed out by one proposal: collect, then transfer", async () => {
    const { treasury } = await ok(undefined, "gov", "parameters");
    const { owed } = await ok(undefined, "balance", treasury);
    assert.ok(BigInt(owed) > 0n, "settled orders owe the treasury fees");
    const whole = String(BigInt(owed) / 1_000_000n);
    const uncollected = await fails(
      "alice",
      "gov",
      "propose",
      "--title",
      "Grant",
      "--action",
      `treasury-transfer tUSD erin ${whole}`,
    );
    assert.match(uncollected.message, /the treasury holds 0 tUSD, less than .*: put treasury-collect tUSD first/);
    const erinBefore = BigInt((await ok(undefined, "balance", "erin")).balance);
    await enactProposal(environment, "Pay the fees to erin's fixture library", [
      "treasury-collect tUSD",
      `treasury-transfer tUSD erin ${whole}`,
    ]);
    assert.equal(BigInt((await ok(undefined, "balance", "erin")).balance) - erinBefore, BigInt(whole) * 1_000_000n);
    assert.equal((await ok(undefined, "balance", treasury)).owed, "0", "the market owes the treasury nothing now");
  });
});
