import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { formatBanner } from "./banner.ts";
import { parseStartConfig, type StartConfig } from "./config.ts";

const deployment = {
  chainId: 31337,
  deployBlock: 1,
  contracts: {
    orderMarket: "0x9fe46736679d2d9a65f0992f2272de9f3c7fa6e0",
    participantRegistry: "0xe7f1725e7734ce288f8367e1bb143e90bb3f0512",
    testStablecoin: undefined,
  },
};
const deployer = "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266";

/** The start configuration of `npm start -- ...argv` run in /repo. */
function startConfig(...argv: string[]): StartConfig {
  const config = parseStartConfig(argv, {}, "/repo");
  assert.ok(!("help" in config));
  return config;
}
const apiUrl = "http://127.0.0.1:8080";

/** The banner of a node just started with `config` (default: `npm start`) on the reused deployment. */
function banner(options: Partial<Parameters<typeof formatBanner>[0]> = {}): string {
  return formatBanner({
    config: startConfig(),
    deployment,
    deployed: true,
    deployer,
    cwd: "/repo",
    apiUrl,
    ...options,
  });
}

describe("formatBanner", () => {
  it("prints the node's URLs, the chain and the read model", () => {
    const text = banner();
    assert.match(text, /^ {2}dashboard {4}http:\/\/127\.0\.0\.1:8080\/$/m);
    assert.match(
      text,
      /^ {2}API docs {5}http:\/\/127\.0\.0\.1:8080\/docs {2}\(OpenAPI 3\.1: http:\/\/127\.0\.0\.1:8080\/openapi\.json\)$/m,
    );
    assert.match(text, /^ {2}RPC {10}http:\/\/127\.0\.0\.1:8545 /m);
    assert.match(text, /^ {2}demo {9}on: .*\(12 RFQs a minute, --demo-rate\)/m);
    assert.match(text, /^ {2}read model {3}SQLite \.dipnet\/dipnet\.sqlite$/m);
    assert.match(text, /^ {2}governance {3}the deployer \(no DAO in this deployment\)$/m);
    // The demo's agents use the dev accounts: only read-only CLI examples.
    assert.match(text, /^ {2}npm run dipnet -- rfq list$/m);
    assert.doesNotMatch(text, /--as alice/);
  });

  it("names the DAO as governance and the deployer as holding no power once a DAO governs", () => {
    const governor = "0x5fbdb2315678afecb367f032d93f642f64180aa3";
    const text = banner({ deployment: { ...deployment, contracts: { ...deployment.contracts, governor } } });
    assert.match(text, /^ {2}governance {3}a DAO: DIP holders propose and vote, the timelock executes/m);
    assert.match(text, /^ {2}deployer {5}0xf39F.*\(dev account "deployer"\), no power after deployment$/m);
  });

  it("prints the IoT gateway's broker, or that it is off", () => {
    const on = banner({ mqttUrl: "mqtt://127.0.0.1:1884" });
    assert.match(
      on,
      /^ {2}IoT MQTT {5}mqtt:\/\/127\.0\.0\.1:1884 \(embedded broker; .*the demo machines publish telemetry$/m,
    );
    const off = banner();
    assert.match(off, /^ {2}IoT MQTT {5}off$/m);
    assert.match(off, /^ {2}anchoring {4}off$/m, "no gateway, nothing to anchor");
  });

  it("prints the Merkle anchoring's interval and paying account on the embedded chain", () => {
    const text = banner({ mqttUrl: "mqtt://127.0.0.1:1884" });
    assert.match(text, /^ {2}anchoring {4}every 30 s, paid by 0x[0-9a-fA-F]{40}; proofs: /m);
  });

  it("names a PostgreSQL read model without its password", () => {
    const text = banner({ config: startConfig("--database-url", "postgres://dipnet:hunter2@db:5432/dipnet") });
    assert.match(text, /read model {3}PostgreSQL postgres:\/\/dipnet:\*\*\*@db:5432\/dipnet/);
    assert.doesNotMatch(text, /hunter2/);
  });

  it("prints checksummed addresses, skips absent contracts, and plain CLI commands with the defaults", () => {
    const text = banner({ config: startConfig("--no-demo") });
    assert.match(text, /orderMarket {10}0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0/);
    assert.doesNotMatch(text, /testStablecoin/);
    assert.match(text, /deployments {2}\.dipnet\/deployments\.json \(deployed now, block 1\)/);
    assert.match(text, /^ {2}npm run dipnet -- faucet 1000 --as alice$/m);
    assert.match(text, /Press Ctrl-C to stop/);
    assert.match(text, /demo {9}off \(--no-demo\)/);
  });

  it("names the RPC URL and data dir in CLI commands when they differ from the CLI's defaults", () => {
    const text = banner({
      config: startConfig("--chain-port", "9545", "--data-dir", "/tmp/d", "--no-demo"),
      deployed: false,
    });
    assert.match(
      text,
      /^ {2}npm run dipnet -- --rpc http:\/\/127\.0\.0\.1:9545 --data-dir \/tmp\/d faucet 1000 --as alice$/m,
    );
    assert.match(text, /\(reused, block 1\)/);
  });
});
