import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { devAccounts } from "@dipnet/sdk/node";
import { privateKeyToAccount } from "viem/accounts";
import { ConfigError, embeddedAnchorKey, helpText, parseStartConfig, type StartConfig } from "./config.ts";

const key = `0x${"ab".repeat(32)}`;

function parse(argv: string[], env: Record<string, string> = {}): StartConfig {
  const result = parseStartConfig(argv, env, "/work");
  assert.ok(!("help" in result));
  return result;
}

function problems(argv: string[], env: Record<string, string> = {}): readonly string[] {
  try {
    parseStartConfig(argv, env, "/work");
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    return error.problems;
  }
  assert.fail("expected a ConfigError");
}

describe("parseStartConfig", () => {
  it("defaults to the embedded chain on 127.0.0.1:8545, the API on 127.0.0.1:8080, SQLite in ./.dipnet, demo on", () => {
    const config = parse([]);
    assert.equal(config.dataDir, "/work/.dipnet");
    assert.deepEqual(config.chain, {
      kind: "embedded",
      host: "127.0.0.1",
      port: 8545,
      chainId: 31337,
      rpcUrl: "http://127.0.0.1:8545",
    });
    assert.deepEqual(config.node, {
      dataDir: "/work/.dipnet",
      database: { kind: "sqlite", file: "/work/.dipnet/dipnet.sqlite" },
      rpcUrl: "http://127.0.0.1:8545",
      apiHost: "127.0.0.1",
      apiPort: 8080,
      trustProxy: false,
      rateLimits: { writes: 120, signIn: 30, rpc: 1200 },
      sseMaxClients: 200,
      finalityDepth: 12,
      ipfs: { kind: "helia", listen: [], peers: [] },
      ipfsTimeoutMs: 30_000,
      replicationIntervalMs: 30_000,
      logLevel: "info",
      pollMs: 1000,
      rpcTimeoutMs: 10000,
      mqtt: { kind: "embedded", host: "127.0.0.1", port: 1884 },
      anchor: { privateKey: embeddedAnchorKey(), intervalMs: 30_000 },
    });
    assert.equal(config.demo, true);
    assert.equal(config.demoRate, 12);
  });

  it("refuses a non-loopback --api-host without a public URL, and takes --public-url", () => {
    assert.deepEqual(problems(["--api-host", "0.0.0.0"]), [
      "DIPNET_PUBLIC_URL: required when DIPNET_API_HOST (0.0.0.0) is not a loopback address: the origin browsers use to reach this node, e.g. https://dipnet.example.org (Sign-In with Ethereum accepts messages for it only)",
    ]);
    const config = parse(["--api-host", "0.0.0.0", "--public-url", "https://dipnet.example.org"]);
    assert.equal(config.node.publicUrl, "https://dipnet.example.org");
    assert.equal(
      parse([], { DIPNET_API_HOST: "0.0.0.0", DIPNET_PUBLIC_URL: "http://192.0.2.1:8080" }).node.publicUrl,
      "http://192.0.2.1:8080",
    );
    assert.deepEqual(parse(["--trust-proxy", "1"], { DIPNET_RATE_LIMIT_WRITES: "7" }).node.rateLimits.writes, 7);
    assert.equal(parse(["--trust-proxy", "1"]).node.trustProxy, 1);
  });

  it("sets the demo's RFQ rate from --demo-rate or DIPNET_DEMO_RATE, the flag first", () => {
    assert.equal(parse(["--demo-rate", "30"]).demoRate, 30);
    assert.equal(parse(["--demo-rate=0"]).demoRate, 0, "0: the customers post no RFQs");
    assert.equal(parse([], { DIPNET_DEMO_RATE: "0.5" }).demoRate, 0.5);
    assert.equal(parse(["--demo-rate", "600"], { DIPNET_DEMO_RATE: "2" }).demoRate, 600);
    assert.equal(parse([], { DIPNET_DEMO_RATE: " " }).demoRate, 12, "empty is unset");
  });

  it("rejects a demo rate that is not a number of RFQs per minute, or where no demo runs, naming the option", () => {
    for (const [argv, env, name] of [
      [["--demo-rate", "fast"], {}, "--demo-rate"],
      [["--demo-rate=-1"], {}, "--demo-rate"],
      [["--demo-rate", "601"], {}, "--demo-rate"],
      [["--demo-rate", "1e3"], {}, "--demo-rate"],
      [[], { DIPNET_DEMO_RATE: "12/min" }, "DIPNET_DEMO_RATE"],
    ] as const) {
      assert.deepEqual(problems([...argv], env), [
        `${name}: "${argv.length === 0 ? env.DIPNET_DEMO_RATE : (argv.at(-1) as string).replace("--demo-rate=", "")}" is not a rate in RFQs per minute (a number from 0 to 600, e.g. 12 or 0.5)`,
      ]);
    }
    assert.deepEqual(problems(["--no-demo", "--demo-rate", "5"]), [
      "--demo-rate: only applies to the demo, but --no-demo is set",
    ]);
    assert.deepEqual(problems(["--no-demo"], { DIPNET_DEMO_RATE: "5" }), [
      "DIPNET_DEMO_RATE: only applies to the demo, but --no-demo is set",
    ]);
    const external = { DIPNET_RPC_URL: "https://rpc.example.org", DIPNET_CHAIN_ID: "1337", DIPNET_PRIVATE_KEY: key };
    assert.match(
      problems(["--demo-rate", "5"], external)[0] ?? "",
      /^--demo-rate: only applies to the demo, which never runs on an external chain/,
    );
  });

  it("anchors on the embedded chain with dev account 14 every 30 s; DIPNET_ANCHOR_KEY and the interval win", () => {
    const account = privateKeyToAccount(embeddedAnchorKey());
    const named = new Set(Object.values(devAccounts()).map((a) => a.address));
    assert.ok(!named.has(account.address), "not a named dev account (those act in the demo and the CLI)");
    const own = parse([], { DIPNET_ANCHOR_KEY: key, DIPNET_ANCHOR_INTERVAL_MS: "5000" }).node.anchor;
    assert.deepEqual(own, { privateKey: key, intervalMs: 5000 });
    assert.equal(parse(["--no-demo"]).node.anchor?.privateKey, embeddedAnchorKey(), "a bare node anchors too");
    const external = parse([], {
      DIPNET_RPC_URL: "https://rpc.example.org",
      DIPNET_CHAIN_ID: "1337",
      DIPNET_PRIVATE_KEY: key,
    }).node;
    assert.equal(external.anchor, undefined, "no anchoring on an external chain unless a key is given");
    const externalWithKey = parse([], {
      DIPNET_RPC_URL: "https://rpc.example.org",
      DIPNET_CHAIN_ID: "1337",
      DIPNET_PRIVATE_KEY: key,
      DIPNET_ANCHOR_KEY: key,
    }).node;
    assert.deepEqual(externalWithKey.anchor, { privateKey: key, intervalMs: 60_000 });
    assert.deepEqual(problems([], { DIPNET_ANCHOR_KEY: "0x12" }), [
      "DIPNET_ANCHOR_KEY: must be a 0x-prefixed 32-byte hex key",
    ]);
  });

  it("passes the IoT gateway's settings to the node, from flags or the environment", () => {
    const embedded = parse(["--mqtt", "embedded", "--mqtt-port", "1999"]);
    assert.deepEqual(embedded.node.mqtt, { kind: "embedded", host: "127.0.0.1", port: 1999 });
    const external = parse([], { DIPNET_MQTT: "mqtt://127.0.0.1:1883" });
    assert.deepEqual(external.node.mqtt, { kind: "external", url: "mqtt://127.0.0.1:1883" });
    assert.throws(() => parse(["--mqtt", "bogus"]), /--mqtt: not a valid URL/);
    assert.deepEqual(parse(["--mqtt", "off"]).node.mqtt, { kind: "off" });
    assert.deepEqual(parse([], { DIPNET_MQTT: "off" }).node.mqtt, { kind: "off" });
    const conventional = parse([], { MQTT_URL: "mqtt://127.0.0.1:1883" });
    assert.deepEqual(conventional.node.mqtt, { kind: "external", url: "mqtt://127.0.0.1:1883" });
    assert.equal(parse(["--mqtt", "embedded"], { MQTT_URL: "mqtt://x:1883" }).node.mqtt?.kind, "embedded");
  });

  it("takes the data dir and port from the environment, and flags over the environment", () => {
    const env = { DIPNET_DATA_DIR: "/var/dipnet", DIPNET_CHAIN_PORT: "9000" };
    const fromEnv = parse([], env);
    assert.equal(fromEnv.dataDir, "/var/dipnet");
    assert.equal(fromEnv.chain.rpcUrl, "http://127.0.0.1:9000");
    const fromFlags = parse(["--data-dir", "state", "--chain-port", "9100"], env);
    assert.equal(fromFlags.dataDir, "/work/state");
    assert.equal(fromFlags.chain.rpcUrl, "http://127.0.0.1:9100");
    assert.equal(parse(["--chain-port=9200"]).chain.rpcUrl, "http://127.0.0.1:9200");
    assert.equal(fromFlags.node.rpcUrl, "http://127.0.0.1:9100", "the node follows the embedded chain");
    assert.equal(fromFlags.node.dataDir, "/work/state", "the node shares the data dir");
  });

  it("treats empty variables as unset", () => {
    assert.equal(parse([], { DIPNET_RPC_URL: "", DIPNET_CHAIN_PORT: " " }).chain.kind, "embedded");
  });

  it("configures an external chain from DIPNET_RPC_URL, DIPNET_CHAIN_ID and DIPNET_PRIVATE_KEY", () => {
    const config = parse([], {
      DIPNET_RPC_URL: "https://rpc.example.org",
      DIPNET_CHAIN_ID: "1337",
      DIPNET_PRIVATE_KEY: key,
    });
    assert.deepEqual(config.chain, {
      kind: "external",
      rpcUrl: "https://rpc.example.org",
      chainId: 1337,
      privateKey: key,
    });
    assert.equal(config.node.rpcUrl, "https://rpc.example.org", "the node indexes the external chain");
    assert.equal(config.demo, false, "the demo (public dev keys) never runs on an external chain");
  });

  it("reads the node's options from flags and variables, flags first", () => {
    const env = {
      DATABASE_URL: "postgres://dipnet:secret@db.example.org:5432/dipnet",
      DIPNET_API_HOST: "0.0.0.0",
      DIPNET_PUBLIC_URL: "https://dipnet.example.org",
      DIPNET_API_PORT: "9000",
      DIPNET_FINALITY_DEPTH: "3",
      DIPNET_POLL_MS: "250",
      DIPNET_RPC_TIMEOUT_MS: "2000",
    };
    const fromEnv = parse([], env).node;
    assert.deepEqual(fromEnv.database, { kind: "postgres", url: env.DATABASE_URL });
    assert.deepEqual(
      [fromEnv.apiHost, fromEnv.apiPort, fromEnv.finalityDepth, fromEnv.pollMs, fromEnv.rpcTimeoutMs],
      ["0.0.0.0", 9000, 3, 250, 2000],
    );
    const fromFlags = parse(
      ["--api-port", "9001", "--api-host", "localhost", "--database-url", "postgresql://127.0.0.1/x", "--no-demo"],
      env,
    );
    assert.equal(fromFlags.node.apiPort, 9001);
    assert.equal(fromFlags.node.apiHost, "localhost");
    assert.deepEqual(fromFlags.node.database, { kind: "postgres", url: "postgresql://127.0.0.1/x" });
    assert.equal(fromFlags.demo, false);
  });

  it("passes the node's log level through, and names the flag of a bad one", () => {
    assert.equal(parse([], {}).node.logLevel, "info");
    assert.equal(parse([], { DIPNET_LOG_LEVEL: "warn" }).node.logLevel, "warn");
    assert.equal(parse(["--log-level", "debug"], { DIPNET_LOG_LEVEL: "warn" }).node.logLevel, "debug");
    assert.deepEqual(
      problems(["--log-level", "loud"]).map((problem) => problem.split(":")[0]),
      ["--log-level"],
    );
  });

  it("lists the node's problems with the chain's, naming the flag or variable that gave each value", () => {
    const found = problems(["--chain-port", "x", "--api-port", "http", "--database-url", "mysql://db"], {
      DIPNET_FINALITY_DEPTH: "-1",
      DIPNET_POLL_MS: "often",
    });
    assert.deepEqual(
      found.map((problem) => problem.split(":")[0]),
      ["--chain-port", "--database-url", "--api-port", "DIPNET_FINALITY_DEPTH", "DIPNET_POLL_MS"],
      found.join("\n"),
    );
    assert.match(found[1] ?? "", /must use postgres: or postgresql:/);
    assert.match(found[2] ?? "", /must be an integer from 0 to 65535, got "http"/);
  });

  it("reports a bad port naming the flag or variable", () => {
    assert.deepEqual(problems(["--chain-port", "http"]), [
      '--chain-port: "http" is not a TCP port (an integer from 1 to 65535)',
    ]);
    assert.match(problems(["--chain-port", "70000"])[0] ?? "", /^--chain-port: "70000"/);
    assert.match(problems([], { DIPNET_CHAIN_PORT: "0" })[0] ?? "", /^DIPNET_CHAIN_PORT: "0"/);
    assert.match(problems(["--port", "1"])[0] ?? "", /^--port: ambiguous; use --api-port .* or --chain-port/);
  });

  it("lists every problem of an external chain at once", () => {
    const found = problems(["--chain-port", "8545"], { DIPNET_RPC_URL: "ftp://x" });
    assert.equal(found.length, 4, found.join("\n"));
    assert.match(found[0] ?? "", /^--chain-port: only applies to the embedded chain/);
    assert.match(found[1] ?? "", /^DIPNET_RPC_URL: "ftp:\/\/x" is not an http\(s\) URL/);
    assert.match(found[2] ?? "", /^DIPNET_CHAIN_ID: required with DIPNET_RPC_URL/);
    assert.match(found[3] ?? "", /^DIPNET_PRIVATE_KEY: required with DIPNET_RPC_URL/);
  });

  it("rejects a malformed chain id and key without echoing the key", () => {
    const found = problems([], {
      DIPNET_RPC_URL: "http://10.0.0.1:8545",
      DIPNET_CHAIN_ID: "-3",
      DIPNET_PRIVATE_KEY: "0xsecret",
    });
    assert.deepEqual(found, [
      'DIPNET_CHAIN_ID: "-3" is not a positive integer',
      "DIPNET_PRIVATE_KEY: not a private key (expected 0x followed by 64 hex digits)",
    ]);
    assert.ok(!found.join().includes("secret"));
  });

  it("rejects external-chain variables without DIPNET_RPC_URL", () => {
    assert.deepEqual(
      problems([], { DIPNET_CHAIN_ID: "5", DIPNET_PRIVATE_KEY: key }).map((p) => p.split(":")[0]),
      ["DIPNET_CHAIN_ID", "DIPNET_PRIVATE_KEY"],
    );
  });

  it("accepts DIPNET_CHAIN_ID=31337 (as the CLI may use it) with the embedded chain", () => {
    assert.equal(parse([], { DIPNET_CHAIN_ID: "31337" }).chain.chainId, 31337);
  });

  it("rejects unknown flags and positional arguments", () => {
    assert.match(problems(["--prot", "1"])[0] ?? "", /^command line: .*--prot/);
    assert.match(problems(["extra"])[0] ?? "", /^command line: .*extra/);
  });

  it("returns help when asked", () => {
    assert.deepEqual(parseStartConfig(["--help"], {}, "/"), { help: true });
    for (const name of [
      "--data-dir",
      "--chain-port",
      "--api-port",
      "--no-demo",
      "--demo-rate <RFQs per minute>",
      "DIPNET_DEMO_RATE",
      "DATABASE_URL",
      "DIPNET_DATA_DIR",
      "DIPNET_RPC_URL",
      "DIPNET_PRIVATE_KEY",
    ]) {
      assert.ok(helpText().includes(name), name);
    }
  });
});
