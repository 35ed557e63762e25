// Every order path driven from the CLI against the chain `npm start` runs (demo off, so the dev
// accounts are free), with the node indexing what the CLI did: award → milestones → ship →
// accept → withdrawals, a dispute ruled by an arbiter, a cancellation after award, and a missed
// deadline claimed as default.
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

  it("lets the customer claim default after a missed deadline, slashing the bond", async () => {
    const id = await awarded("carol", "2d");
    await advance(2 * DAY + 4 * DAY);
    const defaulted = await cli("alice", "order", "default", id);
    assert.equal(defaulted.settlement.bondSlashed, "200000000");
    await indexed(id, "Defaulted");
  });
});
