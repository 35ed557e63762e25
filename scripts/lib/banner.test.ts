import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { formatBanner } from "./banner.ts";
import type { StartConfig } from "./config.ts";

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

function embedded(port: number, dataDir: string): StartConfig {
  return {
    dataDir,
    chain: { kind: "embedded", host: "127.0.0.1", port, chainId: 31337, rpcUrl: `http://127.0.0.1:${port}` },
  };
}

describe("formatBanner", () => {
  it("prints checksummed addresses, skips absent contracts, and plain CLI commands with the defaults", () => {
    const text = formatBanner({
      config: embedded(8545, "/repo/.dipnet"),
      deployment,
      deployed: true,
      deployer,
      cwd: "/repo",
    });
    assert.match(text, /orderMarket {10}0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0/);
    assert.doesNotMatch(text, /testStablecoin/);
    assert.match(text, /deployments {2}\.dipnet\/deployments\.json \(deployed now, block 1\)/);
    assert.match(text, /^ {2}npm run dipnet -- faucet 1000 --as alice$/m);
    assert.match(text, /Press Ctrl-C to stop/);
  });

  it("names the RPC URL and data dir in CLI commands when they differ from the CLI's defaults", () => {
    const text = formatBanner({
      config: embedded(9545, "/tmp/d"),
      deployment,
      deployed: false,
      deployer,
      cwd: "/repo",
    });
    assert.match(
      text,
      /^ {2}npm run dipnet -- --rpc http:\/\/127\.0\.0\.1:9545 --data-dir \/tmp\/d faucet 1000 --as alice$/m,
    );
    assert.match(text, /\(reused, block 1\)/);
  });
});
