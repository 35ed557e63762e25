import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ConfigError, helpText, parseStartConfig, type StartConfig } from "./config.ts";

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
  it("defaults to the embedded chain on 127.0.0.1:8545 with data in ./.dipnet", () => {
    assert.deepEqual(parse([]), {
      dataDir: "/work/.dipnet",
      chain: { kind: "embedded", host: "127.0.0.1", port: 8545, chainId: 31337, rpcUrl: "http://127.0.0.1:8545" },
    });
  });

  it("takes the data dir and port from the environment, and flags over the environment", () => {
    const env = { DIPNET_DATA_DIR: "/var/dipnet", DIPNET_CHAIN_PORT: "9000" };
    const fromEnv = parse([], env);
    assert.equal(fromEnv.dataDir, "/var/dipnet");
    assert.equal(fromEnv.chain.rpcUrl, "http://127.0.0.1:9000");
    const fromFlags = parse(["--data-dir", "state", "--chain-port", "9100"], env);
    assert.equal(fromFlags.dataDir, "/work/state");
    assert.equal(fromFlags.chain.rpcUrl, "http://127.0.0.1:9100");
    assert.equal(parse(["--port=9200"]).chain.rpcUrl, "http://127.0.0.1:9200");
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
  });

  it("reports a bad port naming the flag or variable", () => {
    assert.deepEqual(problems(["--chain-port", "http"]), [
      '--chain-port: "http" is not a TCP port (an integer from 1 to 65535)',
    ]);
    assert.match(problems(["--port", "70000"])[0] ?? "", /^--port: "70000"/);
    assert.match(problems([], { DIPNET_CHAIN_PORT: "0" })[0] ?? "", /^DIPNET_CHAIN_PORT: "0"/);
    assert.match(problems(["--port", "1", "--chain-port", "2"])[0] ?? "", /--port and --chain-port disagree/);
  });

  it("lists every problem of an external chain at once", () => {
    const found = problems(["--port", "8545"], { DIPNET_RPC_URL: "ftp://x" });
    assert.equal(found.length, 4, found.join("\n"));
    assert.match(found[0] ?? "", /^--port: only applies to the embedded chain/);
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
    for (const name of ["--data-dir", "--chain-port", "DIPNET_DATA_DIR", "DIPNET_RPC_URL", "DIPNET_PRIVATE_KEY"]) {
      assert.ok(helpText().includes(name), name);
    }
  });
});
