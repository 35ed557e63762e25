import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, afterEach, before, describe, it } from "node:test";
import { startAnvil } from "./lib/anvil.ts";
import { repoRoot } from "./lib/paths.ts";

const startScript = join(repoRoot, "scripts", "start.ts");

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

/** Environment without any DIPNET_* variable of the person running the tests. */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("DIPNET_")));
  return { ...env, ...extra };
}

interface Started {
  child: ChildProcess;
  output: () => string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Every npm start still running. */
const running = new Set<Started>();

function start(args: string[], env: NodeJS.ProcessEnv = cleanEnv()): Started {
  const child = spawn(process.execPath, [startScript, ...args], {
    cwd: repoRoot,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let text = "";
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
    text += chunk;
  });
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    text += chunk;
  });
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("close", (code, signal) => resolve({ code, signal })),
  );
  const started = { child, output: () => text, exit };
  running.add(started);
  void exit.then(() => running.delete(started));
  return started;
}

async function waitForOutput(started: Started, needle: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void started.exit.then(() => {
    exited = true;
  });
  while (!started.output().includes(needle)) {
    if (exited) assert.fail(`npm start exited before printing "${needle}":\n${started.output()}`);
    if (Date.now() > deadline) assert.fail(`npm start did not print "${needle}" in time:\n${started.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function rpc(url: string, method: string, params: unknown[]): Promise<unknown> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  return ((await response.json()) as { result: unknown }).result;
}

interface RecordedDeployment {
  chainId: number;
  deployBlock: number | string;
  contracts: Record<string, string>;
}

const ready = "Press Ctrl-C to stop";

describe("npm start", () => {
  let dataDir: string;
  let port: number;
  let rpcUrl: string;

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "dipnet-start-"));
    port = await freePort();
    rpcUrl = `http://127.0.0.1:${port}`;
  });

  // A failed assertion must not leave npm start (and its chain) running into the next test.
  afterEach(async () => {
    for (const started of running) {
      started.child.kill("SIGTERM");
      const timer = setTimeout(() => started.child.kill("SIGKILL"), 20_000);
      await started.exit;
      clearTimeout(timer);
    }
  });

  after(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("starts the chain, deploys once, stops cleanly on a signal and reuses the deployment after a restart", async () => {
    const first = start(["--data-dir", dataDir, "--chain-port", String(port)]);
    await waitForOutput(first, ready, 120_000);
    assert.match(first.output(), new RegExp(`RPC +${rpcUrl}`));
    assert.ok(first.output().includes(`npm run dipnet -- --rpc ${rpcUrl} --data-dir ${dataDir} --help`), "CLI usage");
    const file = join(dataDir, "deployments.json");
    const deployment = JSON.parse(readFileSync(file, "utf8")) as RecordedDeployment;
    assert.equal(deployment.chainId, 31337);
    const names = Object.keys(deployment.contracts).sort();
    assert.deepEqual(names, ["orderMarket", "participantRegistry", "testStablecoin"]);
    for (const [name, address] of Object.entries(deployment.contracts)) {
      assert.match(first.output(), new RegExp(`${name} +${address}`, "i"));
      const code = await rpc(rpcUrl, "eth_getCode", [address, "latest"]);
      assert.ok(typeof code === "string" && code.length > 2, `${name} has code`);
    }
    assert.ok(existsSync(join(dataDir, "dipnet.pid")), "data dir is locked while running");

    first.child.kill("SIGINT");
    assert.deepEqual(await first.exit, { code: 0, signal: null }, first.output());
    assert.ok(existsSync(join(dataDir, "chain-state.json")), "chain state saved");
    assert.ok(!existsSync(join(dataDir, "dipnet.pid")), "lock released");
    assert.ok(!existsSync(join(dataDir, "anvil.pid")), "anvil stopped");
    assert.equal(await rpc(rpcUrl, "eth_chainId", []).catch(() => "down"), "down", "RPC is down after stop");

    const second = start(["--data-dir", dataDir, "--chain-port", String(port)]);
    await waitForOutput(second, ready, 60_000);
    assert.match(second.output(), /reused/);
    assert.deepEqual(JSON.parse(readFileSync(file, "utf8")), deployment);
    for (const [name, address] of Object.entries(deployment.contracts)) {
      const code = await rpc(rpcUrl, "eth_getCode", [address, "latest"]);
      assert.ok(typeof code === "string" && code.length > 2, `${name} still has code after the restart`);
    }

    second.child.kill("SIGTERM");
    assert.deepEqual(await second.exit, { code: 0, signal: null }, second.output());
  });

  it("recovers the chain left running by a killed npm start", async () => {
    const first = start(["--data-dir", dataDir, "--chain-port", String(port)]);
    await waitForOutput(first, ready, 60_000);
    const anvilPid = Number(readFileSync(join(dataDir, "anvil.pid"), "utf8"));
    first.child.kill("SIGKILL");
    await first.exit;
    assert.ok(await rpc(rpcUrl, "eth_chainId", []), "the orphaned chain still answers");

    const second = start(["--data-dir", dataDir, "--chain-port", String(port)]);
    await waitForOutput(second, ready, 60_000);
    assert.match(second.output(), new RegExp(`left running by a previous run \\(anvil, pid ${anvilPid}\\)`));
    assert.match(second.output(), /reused/);
    second.child.kill("SIGTERM");
    assert.deepEqual(await second.exit, { code: 0, signal: null }, second.output());
  });

  it("refuses a port that is already in use, saying which", async () => {
    const server = createServer();
    const busy = await new Promise<number>((resolve) =>
      server.listen(0, "127.0.0.1", () => resolve((server.address() as { port: number }).port)),
    );
    try {
      const run = start(["--data-dir", join(dataDir, "busy"), "--chain-port", String(busy)]);
      const { code } = await run.exit;
      assert.equal(code, 1);
      assert.match(run.output(), new RegExp(`127\\.0\\.0\\.1:${busy} is already in use`));
      assert.doesNotMatch(run.output(), /\n\s+at /, "no stack trace");
    } finally {
      server.close();
    }
  });

  it("lists every configuration problem and exits 2 without starting anything", async () => {
    const run = start(
      ["--chain-port", "x"],
      cleanEnv({ DIPNET_RPC_URL: "nope", DIPNET_DATA_DIR: join(dataDir, "bad") }),
    );
    const { code } = await run.exit;
    assert.equal(code, 2);
    for (const name of ["--chain-port", "DIPNET_RPC_URL", "DIPNET_CHAIN_ID", "DIPNET_PRIVATE_KEY"]) {
      assert.match(run.output(), new RegExp(`- ${name}`), name);
    }
    assert.ok(!existsSync(join(dataDir, "bad")), "no data dir created");
  });

  it("deploys to an external chain given by configuration only, once, and checks its chain id", async () => {
    const externalDir = join(dataDir, "external");
    const chainDir = join(dataDir, "external-chain");
    mkdirSync(chainDir, { recursive: true });
    const externalPort = await freePort();
    // Any EVM JSON-RPC will do; an anvil with another chain id stands in for it.
    const chain = await startAnvil({
      host: "127.0.0.1",
      port: externalPort,
      chainId: 1337,
      stateFile: join(chainDir, "state.json"),
      logFile: join(chainDir, "anvil.log"),
      pidFile: join(chainDir, "anvil.pid"),
    });
    try {
      const env = cleanEnv({
        DIPNET_RPC_URL: chain.rpcUrl,
        DIPNET_CHAIN_ID: "1337",
        // anvil's dev account 1: a signer other than the embedded chain's deployer
        DIPNET_PRIVATE_KEY: "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
      });
      const first = start(["--data-dir", externalDir], env);
      assert.deepEqual(await first.exit, { code: 0, signal: null }, first.output());
      assert.match(first.output(), /deployed now/);
      assert.match(first.output(), /0x70997970C51812dc3A010C7d01b50e0d17dc79C8 \(also governance\)/);
      assert.ok(!existsSync(join(externalDir, "chain-state.json")), "no embedded chain was started");
      const deployment = JSON.parse(readFileSync(join(externalDir, "deployments.json"), "utf8")) as RecordedDeployment;
      assert.equal(deployment.chainId, 1337);

      const second = start(["--data-dir", externalDir], env);
      assert.deepEqual(await second.exit, { code: 0, signal: null }, second.output());
      assert.match(second.output(), /reused/);

      const wrong = start(["--data-dir", externalDir], { ...env, DIPNET_CHAIN_ID: "5" });
      assert.equal((await wrong.exit).code, 1);
      assert.match(wrong.output(), new RegExp(`DIPNET_CHAIN_ID is 5 but ${chain.rpcUrl} reports 1337`));
    } finally {
      await chain.stop();
    }
  });
});
