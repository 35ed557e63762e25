import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import { parseDeployment } from "./deployment.ts";
import { DeploymentError } from "./errors/base.ts";
import { readDeployment } from "./node/index.ts";

const deployment = {
  chainId: 31337,
  deployBlock: 1,
  contracts: {
    orderMarket: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
    participantRegistry: "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512",
  },
};

describe("deployment", () => {
  it("parseDeployment accepts a deployment and names every problem of a bad one with its source", () => {
    assert.deepEqual(parseDeployment(deployment), deployment);
    assert.throws(
      () => parseDeployment({ ...deployment, chainId: 0, contracts: { orderMarket: "0x1" } }, "d.json"),
      (e: unknown) =>
        e instanceof DeploymentError &&
        e.message ===
          "d.json is invalid: chainId must be a positive integer; contracts.orderMarket must be an address; contracts.participantRegistry must be an address",
    );
  });

  it("readDeployment says which file is missing, not JSON or invalid", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "dipnet-deployment-"));
    try {
      const file = path.join(dir, "deployments.json");
      assert.throws(() => readDeployment(file), new RegExp(`no deployment at ${file}`));
      writeFileSync(file, "{");
      assert.throws(() => readDeployment(file), new RegExp(`${file} is not valid JSON`));
      writeFileSync(file, JSON.stringify({ ...deployment, deployBlock: -1 }));
      assert.throws(() => readDeployment(file), new RegExp(`${file} is invalid: deployBlock must be a block number`));
      writeFileSync(file, JSON.stringify(deployment));
      assert.deepEqual(readDeployment(file), deployment);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
