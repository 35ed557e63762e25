// Every order path driven from the CLI against the chain `npm start` runs (demo off, so the dev
// accounts are free), with the node indexing what the CLI did: award → milestones → ship →
// accept → withdrawals, a dispute ruled by an arbiter, a cancellation after award, a missed
// deadline claimed as default, and a fee change by the DAO: propose → vote → queue → execute.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { run } from "../packages/cli/src/main.ts";
import { eventually, freePort, readyLine, rpc, type Started, start, stopAll, waitForOutput } from "./lib/testing.ts";

const DAY = 86_400;

describe("the CLI against npm start's chain", () => {
  let dataDir: string;
  let rpcUrl: string;
  let apiUrl: string;
  let node: Started;

  async function cli(as: string | undefined, ...args: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await run([...(as ? ["--as", as] : []), "--json", "--rpc", rpcUrl, "--data-dir", dataDir, ...args], {
      stdout: (t) => out.push(t),
      stderr: (t) => err.push(t),
      env: {},
      cwd: dataDir,
    });
    assert.equal(code, 0, `dipnet ${args.join(" ")} failed: ${err.join("\n")}`);
    return JSON.parse(out.join("\n"));
  }
  async function advance(seconds: number) {
    await rpc(rpcUrl, "evm_increaseTime", [seconds]);
    await rpc(rpcUrl, "evm_mine", []);
  }
  async function rfq(): Promise<string> {
    const created = await cli(
      "alice",
      ...["rfq", "create", "--spec", "text:housing rev B", "--spec-uri", "ipfs://housing"],
      ...["--process", "cnc-milling", "--material", "aluminium-6061", "--quantity", "20"],
      ...["--budget", "3000", "--bond", "200", "--deadline", "+30d", "--bidding-ends", "+1h", "--milestones", "40,60"],
    );
    return String(created.orderId);
  }
  async function awarded(maker: string, leadTime = "5d"): Promise<string> {
    const id = await rfq();
    await cli(maker, "bid", "place", id, "--price", "2000", "--lead-time", leadTime);
    await advance(3_601);
    await cli("alice", "order", "award", id, "--maker", maker, "--price", "2000", "--lead-time", leadTime);
    return id;
  }
  /** Waits until the node has indexed order `id` in `status`. */
  async function indexed(id: string, status: string): Promise<void> {
    await eventually(`order ${id} indexed as ${status}`, 30_000, async () => {
      const response = await fetch(`${apiUrl}/api/orders/${id}`);
      const order = response.ok ? ((await response.json()) as { status: string }) : undefined;
      return order?.status === status ? true : undefined;
    });
  }

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "dipnet-start-cli-"));
    const chainPort = await freePort();
    const apiPort = await freePort();
    rpcUrl = `http://127.0.0.1:${chainPort}`;
    apiUrl = `http://127.0.0.1:${apiPort}`;
    node = start([
      ...["--data-dir", dataDir, "--chain-port", String(chainPort), "--api-port", String(apiPort)],
      "--no-demo",
    ]);
    await waitForOutput(node, readyLine, 180_000);
    await cli("alice", "participant", "register", "--roles", "customer");
    await cli("alice", "faucet", "10000");
    for (const maker of ["bob", "carol"]) {
      await cli(maker, "participant", "register", "--roles", "manufacturer");
      await cli(maker, "faucet", "2000");
      await cli(maker, "stake", "deposit", "1000");
    }
  });
  after(async () => {
    await stopAll();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("completes an order: award, milestone, ship, accept, withdrawals", async () => {
    const id = await awarded("bob");
    await cli("bob", "order", "milestone", "submit", id, "--evidence", "text:first article report");
    await cli("alice", "order", "milestone", "approve", id);
    await cli("bob", "order", "ship", id, "--evidence", "text:waybill 77");
    await cli("alice", "order", "accept", id);
    assert.equal((await cli("bob", "withdraw")).amount, "2000000000");
    await indexed(id, "Completed");
  });

  it("resolves a dispute by an arbiter's ruling", async () => {
    const id = await awarded("carol");
    await cli("carol", "order", "ship", id, "--evidence", "text:shipped");
    await cli("alice", "order", "dispute", id, "--evidence", "text:burrs on every part");
    await cli("carol", "order", "evidence", id, "--evidence", "text:inspection report");
    // judy is the demo's arbiter (dev account 10), admitted at deployment.
    const ruled = await cli("judy", "order", "rule", id, "--refund", "50%", "--slash", "10%");
    assert.equal(ruled.settlement.bondSlashed, "20000000");
    await indexed(id, "Resolved");
  });

  it("cancels after award: the maker keeps what milestones released", async () => {
    const id = await awarded("bob");
    await cli("bob", "order", "milestone", "submit", id, "--evidence", "text:first article report");
    await cli("alice", "order", "milestone", "approve", id);
    const cancelled = await cli("alice", "order", "cancel", id);
    assert.equal(cancelled.settlement.makerAmount, "0");
    await indexed(id, "Cancelled");
  });

  it("changes the fee by proposal through the CLI, and the node shows who changed it by which proposal", async () => {
    // The genesis DIP of npm start's chain is the demo members': alice and bob (customers, 60,000
    // each) together reach the 10 % quorum of 860,000.
    await cli("alice", "token", "delegate", "self");
    await cli("bob", "token", "delegate", "self");
    await advance(1); // votes count from the second after delegation
    const { proposalId: id } = await cli(
      "alice",
      ...["gov", "propose", "--title", "Fee to 1.5 %", "--description", "Pays for audits."],
      ...["--action", "set-fee 1.5%"],
    );
    await advance(3_601); // the voting delay: an hour
    await cli("alice", "gov", "vote", id, "for", "--reason", "audits protect customers");
    await cli("bob", "gov", "vote", id, "for");
    await advance(DAY); // the voting period: a day
    assert.equal((await cli("carol", "gov", "queue", id)).state, "Queued");
    await advance(DAY + 1); // the timelock delay: a day
    assert.equal((await cli("carol", "gov", "execute", id)).state, "Executed");
    assert.equal((await cli(undefined, "gov", "parameters")).feeBps, 150);

    const shown = await eventually(`proposal ${id} indexed as executed`, 30_000, async () => {
      const response = await fetch(`${apiUrl}/api/governance/proposals/${id}`);
      const proposal = response.ok
        ? ((await response.json()) as { state: string; ballots: { reason: string }[] })
        : undefined;
      return proposal?.state === "Executed" ? proposal : undefined;
    });
    assert.deepEqual(
      shown.ballots.map((b) => b.reason),
      ["audits protect customers", ""],
    );
    const { items } = (await (await fetch(`${apiUrl}/api/governance/parameters`)).json()) as {
      items: {
        contract: string;
        name: string;
        value: string;
        history: { value: string; proposalId: string | null }[];
      }[];
    };
    const fee = items.find((p) => p.contract === "OrderMarket" && p.name === "feeBps");
    assert.equal(fee?.value, "150");
    assert.deepEqual(fee?.history.at(-1), { ...fee?.history.at(-1), value: "150", proposalId: id });
  });

  it("lets the customer claim default after a missed deadline, slashing the bond", async () => {
    const id = await awarded("carol", "2d");
    await advance(2 * DAY + 4 * DAY);
    const defaulted = await cli("alice", "order", "default", id);
    assert.equal(defaulted.settlement.bondSlashed, "200000000");
    await indexed(id, "Defaulted");
  });
});
