import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import { ConfigError, createNode, parseConfig } from "./index.ts";
import { driveScenario, setupParticipants, startTestChain } from "./testing/index.ts";

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

describe("createNode", () => {
  it("indexes the chain, serves the API, and stops cleanly; a restart keeps every order", async () => {
    const chain = await startTestChain();
    const dataDir = mkdtempSync(path.join(tmpdir(), "dipnet-node-"));
    try {
      await setupParticipants(chain);
      await driveScenario(chain);
      const config = parseConfig({
        DIPNET_DATA_DIR: dataDir,
        DIPNET_RPC_URL: chain.anvil.rpcUrl,
        DIPNET_API_PORT: "0",
        DIPNET_POLL_MS: "20",
      });
      const node = await createNode({ config, deployment: chain.deployment, log: () => {} });
      const { url } = await node.start();
      let ready = await fetch(`${url}/ready`);
      for (let i = 0; i < 200 && ready.status !== 200; i++) {
        await new Promise((r) => setTimeout(r, 25));
        ready = await fetch(`${url}/ready`);
      }
      assert.equal(ready.status, 200);
      const orders = (await (await fetch(`${url}/api/orders`)).json()) as { items: { status: string }[] };
      assert.equal(orders.items.length, 5);
      await node.stop();
      await node.stop();

      const again = await createNode({ config, deployment: chain.deployment, log: () => {} });
      const response = await again.api.inject({ method: "GET", url: "/api/orders" });
      assert.equal(response.json().items.length, 5);
      await again.stop();
    } finally {
      await chain.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
