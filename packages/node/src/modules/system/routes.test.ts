import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import type { FastifyInstance } from "fastify";
import { createApi } from "../../compose.ts";
import { isLoopbackHost } from "../../core/config.ts";
import type { Database } from "../../core/db/index.ts";
import {
  createTestBackend,
  placeholderDeployment as deployment,
  idleIndexer as indexer,
  useTestBackend,
} from "../../testing/index.ts";

const sqlite = useTestBackend("sqlite");

describe("dashboard and RPC gateway", () => {
  let store: Database;
  let app: FastifyInstance;
  let chain: Server;
  const forwarded: string[] = [];
  const webDir = mkdtempSync(path.join(tmpdir(), "dipnet-web-"));

  before(async () => {
    writeFileSync(path.join(webDir, "index.html"), "<!doctype html><title>DIPNET</title>");
    writeFileSync(path.join(webDir, "app.js"), "console.log('dashboard')");
    // A JSON-RPC endpoint that records what reaches it.
    chain = createServer((request, response) => {
      let body = "";
      request.on("data", (chunk) => {
        body += chunk;
      });
      request.on("end", () => {
        const call = JSON.parse(body) as { id: number; method: string };
        forwarded.push(call.method);
        response.setHeader("content-type", "application/json");
        response.end(JSON.stringify({ jsonrpc: "2.0", id: call.id, result: "0x7a69" }));
      });
    });
    await new Promise<void>((resolve) => chain.listen(0, "127.0.0.1", resolve));
    const address = chain.address();
    const port = typeof address === "object" && address ? address.port : 0;
    store = await sqlite.open();
    app = await createApi({ db: store.db, deployment, indexer, webDir, rpcUrl: `http://127.0.0.1:${port}` });
  });
  after(async () => {
    await app.close();
    await store.close();
    chain.close();
    rmSync(webDir, { recursive: true, force: true });
  });

  it("serves the dashboard's files and its page routes", async () => {
    const root = await app.inject({ method: "GET", url: "/" });
    assert.equal(root.statusCode, 200);
    assert.match(root.body, /<title>DIPNET<\/title>/);
    const script = await app.inject({ method: "GET", url: "/app.js" });
    assert.equal(script.statusCode, 200);
    assert.match(script.body, /dashboard/);
    const page = await app.inject({ method: "GET", url: "/orders/12?tab=bids" });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<title>DIPNET<\/title>/);
  });

  it("keeps 404s for unknown API routes and missing files", async () => {
    const api = await app.inject({ method: "GET", url: "/api/nothing" });
    assert.equal(api.statusCode, 404);
    assert.equal(api.json().error, "Not Found");
    const file = await app.inject({ method: "GET", url: "/missing.js" });
    assert.equal(file.statusCode, 404);
  });

  it("forwards read and raw-transaction calls to the chain", async () => {
    const response = await app.inject({
      method: "POST",
      url: "/rpc",
      payload: { jsonrpc: "2.0", id: 7, method: "eth_chainId", params: [] },
    });
    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.json(), { jsonrpc: "2.0", id: 7, result: "0x7a69" });
    assert.deepEqual(forwarded, ["eth_chainId"]);
  });

  it("refuses node-administration methods without forwarding them", async () => {
    for (const method of ["evm_increaseTime", "anvil_setBalance", "eth_sendTransaction", "debug_traceTransaction"]) {
      const response = await app.inject({
        method: "POST",
        url: "/rpc",
        payload: { jsonrpc: "2.0", id: 1, method, params: [] },
      });
      assert.equal(response.json().error.code, -32601, method);
      assert.match(response.json().error.message, new RegExp(method));
    }
    const batch = await app.inject({
      method: "POST",
      url: "/rpc",
      payload: [
        { jsonrpc: "2.0", id: 1, method: "eth_chainId" },
        { jsonrpc: "2.0", id: 2, method: "anvil_mine" },
      ],
    });
    assert.equal(batch.json().length, 2);
    assert.deepEqual(forwarded, ["eth_chainId"]);
  });
});

describe("dashboard settings (GET /api/dashboard)", () => {
  it("offers demo accounts only from a node that listens on loopback alone", () => {
    for (const host of ["127.0.0.1", "127.0.1.1", "::1", "localhost"]) assert.equal(isLoopbackHost(host), true, host);
    for (const host of ["0.0.0.0", "::", "192.168.1.20", "node.example", "127.0.0.1.example"]) {
      assert.equal(isLoopbackHost(host), false, host);
    }
  });

  it("says what it was told, and no demo accounts by default", async () => {
    const sqlite = createTestBackend("sqlite");
    assert.ok(sqlite);
    const store = await sqlite.open();
    try {
      for (const [demoAccounts, expected] of [
        [undefined, false],
        [false, false],
        [true, true],
      ] as const) {
        const app = await createApi({ db: store.db, deployment, indexer, demoAccounts });
        const response = await app.inject({ method: "GET", url: "/api/dashboard" });
        assert.equal(response.statusCode, 200);
        assert.deepEqual(response.json(), { demoAccounts: expected });
        await app.close();
      }
    } finally {
      await store.close();
      await sqlite.cleanup();
    }
  });
});
