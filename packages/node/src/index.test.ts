import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { type AddressInfo, createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import {
  createDeviceKey,
  deviceMqttCredentials,
  deviceTopic,
  registerDevice,
  registerMachine,
  signDeviceMessage,
} from "@dipnet/sdk";
import { devAccounts } from "@dipnet/sdk/node";
import mqtt from "mqtt";
import { bytesToHex } from "viem";
import { ConfigError, createNode, parseConfig } from "./index.ts";
import {
  assertConfigProblems,
  deployTestNetwork,
  driveScenario,
  setupParticipants,
  testMill,
  testNodeConfig,
} from "./testing/index.ts";

describe("parseConfig", () => {
  it("defaults to SQLite in the data dir and 127.0.0.1:8080", () => {
    const config = parseConfig({ DIPNET_DATA_DIR: "/tmp/dipnet-x" });
    assert.deepEqual(config.database, { kind: "sqlite", file: "/tmp/dipnet-x/dipnet.sqlite" });
    assert.equal(config.apiHost, "127.0.0.1");
    assert.equal(config.apiPort, 8080);
    assert.equal(config.finalityDepth, 12);
  });

  it("uses Postgres when DATABASE_URL is set, and flags win over the environment", () => {
    const config = parseConfig({ DATABASE_URL: "postgres://u@h/db", DIPNET_API_PORT: "9000" }, [
      "--port",
      "9001",
      "--finality-depth=3",
    ]);
    assert.deepEqual(config.database, { kind: "postgres", url: "postgres://u@h/db" });
    assert.equal(config.apiPort, 9001);
    assert.equal(config.finalityDepth, 3);
  });

  it("runs the vault on Helia (listen addresses, peers) or on Kubo by URL, and refuses bad multiaddrs", () => {
    const peer = "/ip4/10.0.0.2/tcp/4001/p2p/12D3KooWMoEYsWsL7b34GT5HdaMPCPrm1App7twXnAg6k4Jrkdwk";
    assert.deepEqual(parseConfig({}).ipfs, { kind: "helia", listen: [], peers: [] });
    assert.deepEqual(
      parseConfig({ DIPNET_IPFS_PEERS: `${peer}, ${peer}` }, ["--ipfs-listen", "/ip4/0.0.0.0/tcp/4001"]).ipfs,
      {
        kind: "helia",
        listen: ["/ip4/0.0.0.0/tcp/4001"],
        peers: [peer, peer],
      },
    );
    assert.deepEqual(parseConfig({ DIPNET_IPFS_API: "http://127.0.0.1:5001" }).ipfs, {
      kind: "kubo",
      apiUrl: "http://127.0.0.1:5001",
    });
    assertConfigProblems(
      {
        DIPNET_IPFS_PEERS: "/ip4/10.0.0.2/tcp/4001",
        DIPNET_IPFS_LISTEN: "tcp://0.0.0.0:4001",
        DIPNET_IPFS_API: "ftp://kubo",
        DIPNET_IPFS_TIMEOUT_MS: "5",
      },
      ["DIPNET_IPFS_PEERS", "DIPNET_IPFS_API", "DIPNET_IPFS_TIMEOUT_MS"],
    );
    const announce = "/dns4/node.dipnet.example/tcp/4001";
    const announced = parseConfig({ DIPNET_REPLICATION_INTERVAL_MS: "5000" }, ["--ipfs-announce", announce]);
    assert.deepEqual(announced.ipfs, { kind: "helia", listen: [], peers: [], announce: [announce] });
    assert.equal(announced.replicationIntervalMs, 5000);
    assert.equal(parseConfig({}).replicationIntervalMs, 30_000);
    assertConfigProblems({ DIPNET_IPFS_ANNOUNCE: "node.dipnet.example:4001", DIPNET_REPLICATION_INTERVAL_MS: "1" }, [
      "DIPNET_IPFS_ANNOUNCE",
      "DIPNET_REPLICATION_INTERVAL_MS",
    ]);
    assertConfigProblems({ DIPNET_IPFS_LISTEN: "tcp://0.0.0.0:4001" }, ["DIPNET_IPFS_LISTEN"]);
  });

  it("anchors only with a key, every interval given", () => {
    assert.equal(parseConfig({}).anchor, undefined);
    const key = `0x${"11".repeat(32)}`;
    assert.deepEqual(parseConfig({ DIPNET_ANCHOR_KEY: key }, ["--anchor-interval-ms", "5000"]).anchor, {
      privateKey: key,
      intervalMs: 5000,
    });
    assert.equal(parseConfig({ DIPNET_ANCHOR_KEY: key }).anchor?.intervalMs, 60_000);
    assertConfigProblems({ DIPNET_ANCHOR_KEY: "0x12", DIPNET_ANCHOR_INTERVAL_MS: "5" }, [
      "DIPNET_ANCHOR_KEY",
      "DIPNET_ANCHOR_INTERVAL_MS",
    ]);
  });

  it("needs a public URL to listen beyond loopback, and takes only an origin", () => {
    assert.equal(parseConfig({}).publicUrl, undefined, "default: the API's own loopback URL");
    assert.equal(parseConfig({ DIPNET_API_HOST: "::1" }).publicUrl, undefined);
    for (const host of ["0.0.0.0", "192.0.2.10", "::"]) {
      assert.throws(
        () => parseConfig({ DIPNET_API_HOST: host }),
        (error: unknown) =>
          error instanceof ConfigError &&
          error.problems.length === 1 &&
          /^DIPNET_PUBLIC_URL: required when DIPNET_API_HOST \(.+\) is not a loopback address/.test(
            error.problems[0] ?? "",
          ),
        host,
      );
    }
    const config = parseConfig({ DIPNET_API_HOST: "0.0.0.0" }, ["--public-url", "https://dipnet.example.org"]);
    assert.equal(config.publicUrl, "https://dipnet.example.org");
    assert.throws(
      () => parseConfig({ DIPNET_PUBLIC_URL: "https://dipnet.example.org/app" }),
      (error: unknown) => error instanceof ConfigError && /DIPNET_PUBLIC_URL: must be an origin/.test(error.message),
    );
    assert.throws(
      () => parseConfig({ DIPNET_PUBLIC_URL: "ftp://dipnet.example.org" }),
      (error: unknown) =>
        error instanceof ConfigError && /DIPNET_PUBLIC_URL: must use http: or https:/.test(error.message),
    );
  });

  it("reads the proxy trust, rate limits and SSE cap, with defaults", () => {
    const defaults = parseConfig({});
    assert.equal(defaults.trustProxy, false);
    assert.deepEqual(defaults.rateLimits, { writes: 120, signIn: 30, rpc: 1200 });
    assert.equal(defaults.sseMaxClients, 200);
    const set = parseConfig({
      DIPNET_TRUST_PROXY: "10.0.0.0/8, 127.0.0.1",
      DIPNET_RATE_LIMIT_WRITES: "10",
      DIPNET_RATE_LIMIT_SIGNIN: "5",
      DIPNET_RATE_LIMIT_RPC: "100",
      DIPNET_SSE_MAX_CLIENTS: "3",
    });
    assert.equal(set.trustProxy, "10.0.0.0/8,127.0.0.1");
    assert.deepEqual(set.rateLimits, { writes: 10, signIn: 5, rpc: 100 });
    assert.equal(set.sseMaxClients, 3);
    assert.equal(parseConfig({}, ["--trust-proxy", "1"]).trustProxy, 1);
    assert.throws(
      () => parseConfig({ DIPNET_TRUST_PROXY: "everyone", DIPNET_RATE_LIMIT_WRITES: "0" }),
      (error: unknown) =>
        error instanceof ConfigError &&
        error.problems.length === 2 &&
        error.problems.some((p) => p.startsWith("DIPNET_TRUST_PROXY: must be")) &&
        error.problems.some((p) => p.startsWith("DIPNET_RATE_LIMIT_WRITES: must be an integer from 1")),
    );
  });

  it("logs at info by default, at any of pino's levels or not at all", () => {
    assert.equal(parseConfig({}).logLevel, "info");
    assert.equal(parseConfig({ DIPNET_LOG_LEVEL: "debug" }).logLevel, "debug");
    assert.equal(parseConfig({}, ["--log-level", "silent"]).logLevel, "silent");
    assert.throws(
      () => parseConfig({ DIPNET_LOG_LEVEL: "verbose" }),
      (error: unknown) =>
        error instanceof ConfigError &&
        error.problems.length === 1 &&
        error.problems[0] ===
          'DIPNET_LOG_LEVEL: must be one of fatal, error, warn, info, debug, trace, silent, got "verbose"',
    );
  });

  it("lists every problem at once", () => {
    assert.throws(
      () =>
        parseConfig(
          { DIPNET_API_PORT: "eighty", DATABASE_URL: "mysql://x", DIPNET_RPC_URL: "nope", DIPNET_FINALITY_DEPTH: "-1" },
          ["--colour"],
        ),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.equal(error.problems.length, 5);
        for (const name of ["DIPNET_API_PORT", "DATABASE_URL", "DIPNET_RPC_URL", "DIPNET_FINALITY_DEPTH", "--colour"]) {
          assert.ok(
            error.problems.some((p) => p.startsWith(name)),
            name,
          );
        }
        return true;
      },
    );
  });
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe("createNode", () => {
  it("indexes the chain, serves the API, and stops cleanly; a restart keeps every order", async () => {
    const chain = await deployTestNetwork();
    const dataDir = mkdtempSync(path.join(tmpdir(), "dipnet-node-"));
    try {
      await setupParticipants(chain);
      await driveScenario(chain);
      const config = testNodeConfig(chain, dataDir);
      const node = await createNode({ config, deployment: chain.deployment });
      const { url } = await node.start();
      // Until ready (caught up), bounded by the test's timeout rather than a count of sleeps.
      let ready = await fetch(`${url}/ready`);
      while (ready.status !== 200) {
        await new Promise((r) => setTimeout(r, 25));
        ready = await fetch(`${url}/ready`);
      }
      assert.equal(ready.status, 200);
      const orders = (await (await fetch(`${url}/api/orders`)).json()) as { items: { status: string }[] };
      assert.equal(orders.items.length, 5);
      await node.stop();
      await node.stop();

      const again = await createNode({ config, deployment: chain.deployment });
      const response = await again.api.inject({ method: "GET", url: "/api/orders" });
      assert.equal(response.json().items.length, 5);
      await again.stop();
    } finally {
      await chain.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it("with the gateway and an anchor key: accepts a chain device's reading over MQTT and serves its anchored proof", {
    timeout: 120_000,
  }, async () => {
    const chain = await deployTestNetwork();
    const dataDir = mkdtempSync(path.join(tmpdir(), "dipnet-node-"));
    try {
      await setupParticipants(chain);
      const { carol } = chain.clients;
      await registerMachine(carol, testMill);
      const key = createDeviceKey();
      const mqttPort = await freePort();
      await registerDevice(carol, { deviceId: "mill-1", machineId: 1n, publicKey: key.publicKey });
      const config = testNodeConfig(chain, dataDir, {
        DIPNET_LOG_LEVEL: "info", // the test reads the gateway's and the anchorer's logs
        DIPNET_MQTT: "embedded",
        DIPNET_MQTT_PORT: String(mqttPort),
        DIPNET_ANCHOR_KEY: bytesToHex(devAccounts().erin.getHdKey().privateKey as Uint8Array),
        DIPNET_ANCHOR_INTERVAL_MS: "1000",
      });
      const logs: { level: number; name: string; component?: string; msg: string }[] = [];
      const node = await createNode({
        config,
        deployment: chain.deployment,
        logDestination: { write: (line) => logs.push(JSON.parse(line)) },
      });
      assert.ok(node.anchorer);
      const { url } = await node.start();
      // Polls until true; bounded by the test's timeout, not by a wall-clock count of its own.
      const until = async (f: () => Promise<boolean>) => {
        while (!(await f())) await new Promise((r) => setTimeout(r, 25));
      };
      await until(async () => (await fetch(`${url}/ready`)).status === 200);
      const message = signDeviceMessage(
        { v: 1, device: "mill-1", seq: 1, ts: Date.now(), readings: [{ metric: "spindle_load", value: 42 }] },
        key.privateKey,
      );
      const topic = deviceTopic({ manufacturer: carol.account.address.toLowerCase(), machine: "1", device: "mill-1" });
      const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${mqttPort}`, {
        reconnectPeriod: 0,
        ...deviceMqttCredentials({ manufacturer: carol.account.address.toLowerCase(), id: "mill-1" }, key.privateKey),
      });
      await client.publishAsync(topic, JSON.stringify(message), { qos: 1 });
      await client.endAsync();
      assert.equal(node.gateway?.stats().acceptedMessages, 1, "acknowledged only once stored");
      const proofUrl = `${url}/api/readings/${carol.account.address}/mill-1/1/proof`;
      let proof = await fetch(proofUrl);
      await until(async () => {
        proof = await fetch(proofUrl);
        return (
          proof.status === 200 &&
          ((await proof.clone().json()) as { batch: { status: string } }).batch.status === "anchored"
        );
      });
      const body = (await proof.json()) as { batch: { status: string; anchorer: string } };
      assert.equal(body.batch.status, "anchored");
      assert.equal(body.batch.anchorer.toLowerCase(), devAccounts().erin.address.toLowerCase());
      await node.stop();
      // One root logger: each component's lines name it.
      const info = 30;
      const logged = (component: string, pattern: RegExp) =>
        logs.some(
          (l) => l.name === "dipnet-node" && l.component === component && l.level === info && pattern.test(l.msg),
        );
      assert.ok(
        logged("iot", new RegExp(`^embedded MQTT broker on mqtt://127\\.0\\.0\\.1:${mqttPort}$`)),
        "the gateway's",
      );
      assert.ok(logged("evidence", /^batch \d+ \(1 messages\) anchored in 0x[0-9a-f]{64}$/), "the anchorer's");
    } finally {
      await chain.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
