// `npm start` end to end: chain, deployment, node, dashboard, demo; kill -9 and restart; --no-demo;
// configuration errors; an external chain. Runs the script from temporary data dirs on free ports.
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, afterEach, before, describe, it } from "node:test";
import { startAnvil } from "@dipnet/sdk/node";
import { run } from "../packages/cli/src/main.ts";
import {
  cleanEnv,
  eventually,
  freePort,
  listOrders,
  readyLine,
  rpc,
  type Started,
  start,
  stopAll,
  waitForOutput,
} from "./lib/testing.ts";

interface RecordedDeployment {
  chainId: number;
  deployBlock: number | string;
  contracts: Record<string, string>;
}

/** Kills `npm start` and everything in its process group with SIGKILL, as `kill -9 -<pgid>` does. */
async function killGroup(started: Started): Promise<void> {
  assert.ok(started.child.pid);
  process.kill(-started.child.pid, "SIGKILL");
  await started.exit;
}

describe("npm start", () => {
  let dataDir: string;
  let chainPort: number;
  let apiPort: number;
  let rpcUrl: string;
  let apiUrl: string;
  let args: string[];
  /** Every order id the API listed before the kill -9. */
  let seen: string[] = [];

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "dipnet-start-"));
    chainPort = await freePort();
    apiPort = await freePort();
    rpcUrl = `http://127.0.0.1:${chainPort}`;
    apiUrl = `http://127.0.0.1:${apiPort}`;
    args = ["--data-dir", dataDir, "--chain-port", String(chainPort), "--api-port", String(apiPort)];
  });

  // A failed assertion must not leave npm start (and its chain) running into the next test.
  afterEach(stopAll);

  after(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** `dipnet --json …` in process against the running chain and data dir: exit code, stdout and stderr JSON. */
  async function dipnet(...args: string[]): Promise<{ code: number; out: unknown; err: unknown }> {
    const out: string[] = [];
    const err: string[] = [];
    const code = await run(["--json", "--rpc", rpcUrl, "--data-dir", dataDir, ...args], {
      stdout: (t) => out.push(t),
      stderr: (t) => err.push(t),
      env: {},
      cwd: dataDir,
    });
    const parse = (lines: string[]) => (lines.length ? JSON.parse(lines.join("\n")) : undefined);
    return { code, out: parse(out), err: parse(err) };
  }

  /**
   * A demo manufacturer's certification exports as a VC-JWT (`dipnet cred export`), verifies against
   * the chain (`dipnet cred verify`), and fails to verify once one character of it changes; the node
   * lists the same certifications. Most, not all, demo manufacturers are certified.
   */
  async function checkDemoCredentials(): Promise<void> {
    const makers = (
      (await (await fetch(`${apiUrl}/api/participants?role=manufacturer&limit=200`)).json()) as {
        items: { address: string }[];
      }
    ).items;
    assert.equal(makers.length, 8);
    const exported = new Map<string, string[]>();
    for (const { address } of makers) {
      const r = await dipnet("cred", "export", "--subject", address);
      assert.equal(r.code, 0, JSON.stringify(r.err));
      exported.set(address, r.out as string[]);
    }
    const certified = [...exported].filter(([, jwts]) => jwts.length > 0);
    assert.equal(certified.length, 7, "all demo manufacturers but one are certified");
    const [subject, [jwt = ""] = []] = certified[0] ?? [];
    assert.ok(subject && jwt.split(".").length === 3, "a VC-JWT");

    const verified = await dipnet("cred", "verify", jwt);
    assert.equal(verified.code, 0, JSON.stringify(verified.err));
    const result = verified.out as { valid: boolean; certification: { subject: string; type: string } };
    assert.equal(result.valid, true);
    assert.equal(result.certification.subject.toLowerCase(), subject.toLowerCase());

    // One character of the signature changed (one that changes its bytes, not only padding bits).
    const i = jwt.lastIndexOf(".") + 5;
    const tampered = jwt.slice(0, i) + (jwt[i] === "A" ? "B" : "A") + jwt.slice(i + 1);
    const rejected = await dipnet("cred", "verify", tampered);
    assert.equal(rejected.code, 1);
    assert.match((rejected.err as { error: { message: string } }).error.message, /signature check failed/);
    // One character of the payload changed.
    const p = jwt.indexOf(".") + 10;
    const altered = jwt.slice(0, p) + (jwt[p] === "x" ? "y" : "x") + jwt.slice(p + 1);
    assert.equal((await dipnet("cred", "verify", altered)).code, 1);

    const listed = (await (await fetch(`${apiUrl}/api/participants/${subject}/certifications`)).json()) as {
      items: { type: string; valid: boolean }[];
    };
    assert.ok(
      listed.items.some((c) => c.type === result.certification.type && c.valid),
      "the node lists the certification as valid",
    );
    console.log(
      `credentials: ${certified.length} of ${makers.length} demo manufacturers certified; ${subject}'s verified`,
    );
  }

  it("runs the chain, the node with its dashboard and a demo whose orders reach 3 statuses within 90 s", async () => {
    const first = start(args);
    await waitForOutput(first, readyLine, 240_000);
    const readyAt = first.elapsed();
    const output = first.output();
    assert.match(output, new RegExp(`RPC +${rpcUrl}`));
    assert.match(output, new RegExp(`dashboard +${apiUrl}/\n`));
    assert.match(output, new RegExp(`API docs +${apiUrl}/docs +\\(OpenAPI 3\\.1: ${apiUrl}/openapi\\.json\\)`));
    assert.match(output, /demo +on: 8 manufacturers, 3 customers/);
    assert.ok(output.includes(`npm run dipnet -- --rpc ${rpcUrl} --data-dir ${dataDir} --help`), "CLI usage");
    const deployment = JSON.parse(readFileSync(join(dataDir, "deployments.json"), "utf8")) as RecordedDeployment;
    assert.equal(deployment.chainId, 31337);
    assert.deepEqual(Object.keys(deployment.contracts).sort(), [
      "capacityLedger",
      "certifierRegistry",
      "confidentialAccess",
      "contributionRewards",
      "designRegistry",
      "didRegistry",
      "dipToken",
      "eas",
      "evidenceRegistry",
      "governor",
      "orderMarket",
      "orderServices",
      "participantRegistry",
      "schemaRegistry",
      "testStablecoin",
      "timelock",
    ]);
    for (const [name, address] of Object.entries(deployment.contracts)) {
      assert.match(output, new RegExp(`${name} +${address}`, "i"));
      const code = await rpc(rpcUrl, "eth_getCode", [address, "latest"]);
      assert.ok(typeof code === "string" && code.length > 2, `${name} has code`);
    }
    assert.ok(existsSync(join(dataDir, "dipnet.pid")), "data dir is locked while running");

    assert.equal((await fetch(`${apiUrl}/health`)).status, 200, "/health");
    const index = await fetch(`${apiUrl}/`);
    assert.equal(index.status, 200);
    assert.match(await index.text(), /<div id="root">/, "the dashboard is served at /");
    const contracts = (await (await fetch(`${apiUrl}/api/contracts`)).json()) as { chainId: number };
    assert.equal(contracts.chainId, 31337);

    // The figure: ≥ 5 orders in ≥ 3 statuses within 90 s (of the node being up; a first start
    // may have spent a minute building the dashboard before).
    const orders = await eventually("≥ 5 orders in ≥ 3 statuses", 90_000 - (first.elapsed() - readyAt), async () => {
      const list = await listOrders(apiUrl);
      return list.length >= 5 && new Set(list.map((o) => o.status)).size >= 3 ? list : undefined;
    });
    const statuses = [...new Set(orders.map((o) => o.status))];
    console.log(
      `figures: ${orders.length} orders in ${statuses.length} statuses (${statuses.join(", ")}) ${Math.round(first.elapsed() / 1000)} s after the start (ready after ${Math.round(readyAt / 1000)} s)`,
    );
    await checkDemoCredentials();

    // The demo's members govern from the start: a motion is put and voted on, each vote with a reason.
    const motion = await eventually("a demo motion with votes", 60_000, async () => {
      const { items } = (await (await fetch(`${apiUrl}/api/governance/proposals`)).json()) as {
        items: { id: string; title: string; votes: { for: string } }[];
      };
      const voted = items.find((p) => BigInt(p.votes.for) > 0n);
      if (!voted) return undefined;
      const detail = (await (await fetch(`${apiUrl}/api/governance/proposals/${voted.id}`)).json()) as {
        title: string;
        ballots: { reason: string }[];
      };
      return detail.ballots.length >= 3 ? detail : undefined;
    });
    assert.ok(
      motion.ballots.every((b) => b.reason.length > 0),
      "every demo vote states its reason",
    );
    console.log(`governance: "${motion.title}" with ${motion.ballots.length} votes`);

    // The demo's design studio registered its designs, and a winner read its order's confidential
    // package through the makers' own IPFS node (demo.log says so once the bytes decrypted).
    const designs = await eventually("the design studio's 3 designs", 60_000, async () => {
      const { items } = (await (await fetch(`${apiUrl}/api/designs`)).json()) as { items: { title: string }[] };
      return items.length >= 3 ? items : undefined;
    });
    const opened = await eventually("a confidential package decrypted by its winner", 150_000, async () =>
      readFileSync(join(dataDir, "demo.log"), "utf8")
        .split("\n")
        .find((line) => /fetched the package of order \d+ through its own IPFS node and decrypted it/.test(line)),
    );
    console.log(`ip: ${designs.length} designs; ${opened.replace(/^.*?info /, "")}`);

    // The gateway's readings (the demo machines' telemetry) are anchored on chain every 30 s, paid by
    // a dev account the deployer funded.
    assert.match(output, /anchoring +every 30 s, paid by 0x[0-9a-fA-F]{40}/);
    const batch = await eventually("an anchored batch of readings", 75_000, async () => {
      const r = (await (await fetch(`${apiUrl}/api/evidence/batches`)).json()) as {
        items: { status: string; leafCount: number; txHash: string }[];
      };
      return r.items.find((b) => b.status === "anchored");
    });
    assert.ok(batch.leafCount > 0);
    console.log(`anchoring: a batch of ${batch.leafCount} readings anchored in ${batch.txHash}`);

    // Kill while orders are in flight: once the demo has posted an order beyond those counted above.
    const counted = new Set(orders.map((o) => o.id));
    seen = await eventually("a further order from the demo", 60_000, async () => {
      const ids = (await listOrders(apiUrl)).map((o) => o.id);
      return ids.some((id) => !counted.has(id)) ? ids : undefined;
    });

    await killGroup(first);
    assert.ok(await rpc(rpcUrl, "eth_chainId", []), "the chain (its own process group) survives and keeps its state");
  });

  it("after kill -9 of its process group, restarts with every order and the demo resumes", async () => {
    assert.ok(seen.length >= 5, "the previous test saw orders");
    const second = start(args);
    await waitForOutput(second, readyLine, 120_000);
    assert.match(second.output(), /stopping the chain left running by a previous run \(anvil, pid \d+\)/);
    assert.match(second.output(), /\(reused, block/);
    const after = await listOrders(apiUrl);
    const ids = new Set(after.map((o) => o.id));
    assert.deepEqual(
      seen.filter((id) => !ids.has(id)),
      [],
      "no order seen before the kill is missing",
    );
    const resumed = await eventually("the demo posts new orders after the restart", 60_000, async () => {
      const list = await listOrders(apiUrl);
      return list.length > after.length ? list : undefined;
    });
    seen = resumed.map((o) => o.id);

    second.child.kill("SIGINT");
    assert.deepEqual(await second.exit, { code: 0, signal: null }, second.output());
    assert.match(second.output(), /stopping the demo network…\n.*stopping the node…\n.*stopping the chain/s);
    assert.ok(existsSync(join(dataDir, "chain-state.json")), "chain state saved");
    assert.ok(!existsSync(join(dataDir, "dipnet.pid")), "lock released");
    assert.ok(!existsSync(join(dataDir, "anvil.pid")), "anvil stopped");
    assert.equal(await rpc(rpcUrl, "eth_chainId", []).catch(() => "down"), "down", "RPC is down after stop");
    assert.equal(await fetch(`${apiUrl}/health`).catch(() => "down"), "down", "API is down after stop");
  });

  it("--no-demo runs a bare node: every order, no agents, no new RFQs", async () => {
    const bare = start([...args, "--no-demo"]);
    await waitForOutput(bare, readyLine, 120_000);
    assert.match(bare.output(), /demo +off \(--no-demo\)/);
    assert.doesNotMatch(bare.output(), /starting the demo/);
    assert.match(bare.output(), /participant register --roles customer --as alice/, "write examples without the demo");
    const orders = await eventually("the node is ready", 30_000, async () =>
      (await fetch(`${apiUrl}/ready`)).status === 200 ? listOrders(apiUrl) : undefined,
    );
    const ids = new Set(orders.map((o) => o.id));
    assert.deepEqual(
      seen.filter((id) => !ids.has(id)),
      [],
      "every order is still listed",
    );
    type Block = { timestamp: string; transactions: { to: string | null }[] };
    const blockAt = (n: number | string) =>
      rpc(rpcUrl, "eth_getBlockByNumber", [typeof n === "number" ? `0x${n.toString(16)}` : n, true]) as Promise<Block>;
    const before = Number(await rpc(rpcUrl, "eth_blockNumber", []));
    const startedAt = Number((await blockAt(before)).timestamp);
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    const latest = Number(await rpc(rpcUrl, "eth_blockNumber", []));
    // The node itself may still anchor readings the demo's machines sent before; nothing else is sent.
    const { contracts } = JSON.parse(readFileSync(join(dataDir, "deployments.json"), "utf8")) as RecordedDeployment;
    for (let n = before + 1; n <= latest; n++) {
      for (const tx of (await blockAt(n)).transactions) {
        assert.equal(tx.to?.toLowerCase(), contracts.evidenceRegistry?.toLowerCase(), `block ${n}: only anchoring`);
      }
    }
    const elapsed = Number((await blockAt("latest")).timestamp) - startedAt;
    assert.ok(elapsed < 120, `no time warp: chain time moved ${elapsed} s in 5 real seconds`);
    assert.deepEqual(await listOrders(apiUrl), orders, "no new RFQs, no order moved");

    bare.child.kill("SIGTERM");
    assert.deepEqual(await bare.exit, { code: 0, signal: null }, bare.output());
  });

  it("refuses a port that is already in use, saying which, before starting anything", async () => {
    const server = createServer();
    const busy = await new Promise<number>((resolve) =>
      server.listen(0, "127.0.0.1", () => resolve((server.address() as { port: number }).port)),
    );
    try {
      const chainBusy = start(["--data-dir", join(dataDir, "busy"), "--chain-port", String(busy), "--api-port", "0"]);
      assert.equal((await chainBusy.exit).code, 1);
      assert.match(chainBusy.output(), new RegExp(`127\\.0\\.0\\.1:${busy} is already in use`));
      assert.doesNotMatch(chainBusy.output(), /\n\s+at /, "no stack trace");

      const apiBusy = start([
        "--data-dir",
        join(dataDir, "busy"),
        "--chain-port",
        String(chainPort),
        "--api-port",
        String(busy),
      ]);
      assert.equal((await apiBusy.exit).code, 1);
      assert.match(apiBusy.output(), new RegExp(`127\\.0\\.0\\.1:${busy} \\(the node's API\\) is already in use`));
      assert.doesNotMatch(apiBusy.output(), /starting the embedded chain/, "fails before starting the chain");

      const mqttBusy = start([
        "--data-dir",
        join(dataDir, "busy"),
        "--chain-port",
        String(chainPort),
        "--api-port",
        "0",
        "--mqtt-port",
        String(busy),
      ]);
      assert.equal((await mqttBusy.exit).code, 1);
      assert.match(
        mqttBusy.output(),
        new RegExp(`127\\.0\\.0\\.1:${busy} \\(the node's MQTT broker\\) is already in use.*--mqtt off`),
      );
      assert.doesNotMatch(mqttBusy.output(), /starting the embedded chain/, "fails before starting the chain");
    } finally {
      server.close();
    }
  });

  it("lists every configuration problem and exits 2 without starting anything", async () => {
    const run = start(
      ["--chain-port", "x", "--api-port", "y"],
      cleanEnv({ DIPNET_RPC_URL: "nope", DIPNET_DATA_DIR: join(dataDir, "bad"), DATABASE_URL: "mysql://db" }),
    );
    const { code } = await run.exit;
    assert.equal(code, 2);
    for (const name of [
      "--chain-port",
      "DIPNET_RPC_URL",
      "DIPNET_CHAIN_ID",
      "DIPNET_PRIVATE_KEY",
      "DATABASE_URL",
      "--api-port",
    ]) {
      assert.match(run.output(), new RegExp(`- ${name}`), name);
    }
    assert.ok(!existsSync(join(dataDir, "bad")), "no data dir created");
  });

  it("runs the node on an external chain given by configuration only, deploys once, checks its chain id", async () => {
    const externalDir = join(dataDir, "external");
    const chainDir = join(dataDir, "external-chain");
    mkdirSync(chainDir, { recursive: true });
    const externalPort = await freePort();
    // Any EVM JSON-RPC will do; an anvil with another chain id stands in for it.
    const chain = await startAnvil({
      port: externalPort,
      chainId: 1337,
      persist: {
        stateFile: join(chainDir, "state.json"),
        logFile: join(chainDir, "anvil.log"),
        pidFile: join(chainDir, "anvil.pid"),
      },
    });
    try {
      const env = cleanEnv({
        DIPNET_RPC_URL: chain.rpcUrl,
        DIPNET_CHAIN_ID: "1337",
        // anvil's dev account 1: a signer other than the embedded chain's deployer
        DIPNET_PRIVATE_KEY: "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
        DIPNET_API_PORT: String(apiPort),
      });
      const first = start(["--data-dir", externalDir], env);
      await waitForOutput(first, readyLine, 120_000);
      assert.match(first.output(), /deployed now/);
      assert.match(first.output(), /0x70997970C51812dc3A010C7d01b50e0d17dc79C8, no power after deployment/);
      assert.match(first.output(), /demo +off \(external chain\)/);
      assert.ok(!existsSync(join(externalDir, "chain-state.json")), "no embedded chain was started");
      const deployment = JSON.parse(readFileSync(join(externalDir, "deployments.json"), "utf8")) as RecordedDeployment;
      assert.equal(deployment.chainId, 1337);
      const contracts = (await (await fetch(`${apiUrl}/api/contracts`)).json()) as { chainId: number };
      assert.equal(contracts.chainId, 1337, "the node indexes the external chain");
      first.child.kill("SIGTERM");
      assert.deepEqual(await first.exit, { code: 0, signal: null }, first.output());

      const second = start(["--data-dir", externalDir], env);
      await waitForOutput(second, readyLine, 120_000);
      assert.match(second.output(), /reused/);
      second.child.kill("SIGTERM");
      assert.deepEqual(await second.exit, { code: 0, signal: null }, second.output());

      const wrong = start(["--data-dir", externalDir], { ...env, DIPNET_CHAIN_ID: "5" });
      assert.equal((await wrong.exit).code, 1);
      assert.match(wrong.output(), new RegExp(`DIPNET_CHAIN_ID is 5 but ${chain.rpcUrl} reports 1337`));
    } finally {
      await chain.stop();
    }
  });
});
