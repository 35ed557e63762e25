// What a hostile client tries first against the API: oversized bodies, floods of sign-in nonces and
// writes, spoofed X-Forwarded-For, framing the dashboard, SSE clients that never read, JSON-RPC
// batches that are huge, malformed or sent to a chain that never answers.
import assert from "node:assert/strict";
import { once } from "node:events";
import { createServer, type Server } from "node:http";
import { connect } from "node:net";
import { after, before, describe, it } from "node:test";
import type { FastifyInstance } from "fastify";
import { type CreateApiParameters, createApi } from "../../compose.ts";
import { createTestBackend, placeholderDeployment as deployment, idleIndexer } from "../../testing/index.ts";
import type { Database } from "../db/index.ts";
import type { IndexerListener } from "../indexer/indexer.ts";

describe("API abuse", () => {
  const sqlite = createTestBackend("sqlite");
  assert.ok(sqlite, "the SQLite test backend");
  let store: Database;
  const apps: FastifyInstance[] = [];
  const servers: Server[] = [];

  const api = async (p: Partial<CreateApiParameters> = {}) => {
    const app = await createApi({ db: store.db, deployment, indexer: idleIndexer, ...p });
    apps.push(app);
    return app;
  };
  /** An HTTP server answering every request with `handle` (a chain RPC for /rpc). */
  const upstream = async (handle: Parameters<typeof createServer>[1]): Promise<string> => {
    const server = createServer(handle);
    servers.push(server);
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    const address = server.address();
    return `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  };

  before(async () => {
    store = await sqlite.open();
  });
  after(async () => {
    for (const app of apps) await app.close();
    for (const server of servers) server.closeAllConnections();
    for (const server of servers) server.close();
    await store.close();
    await sqlite.cleanup();
  });

  it("answers 413 to a body over the limit, and stores nothing", async () => {
    const app = await api();
    const r = await app.inject({
      method: "POST",
      url: "/api/auth/verify",
      payload: { message: "x".repeat(70_000), signature: `0x${"00".repeat(65)}` },
    });
    assert.equal(r.statusCode, 413);
    assert.equal(r.json().statusCode, 413);
  });

  it("answers 400 to a numeric parameter that overflows to Infinity (the fuzzer's first find)", async () => {
    const app = await api();
    for (const url of ["/api/orders?limit=1e309", "/api/evidence/batches?limit=1e309", "/api/orders/1e309"]) {
      const r = await app.inject({ method: "GET", url });
      assert.equal(r.statusCode, 400, `${url}: ${r.body}`);
      assert.match(r.json().message, /must be a finite number/, url);
    }
  });

  it("answers 429 under a nonce flood from one client, stores no nonce, and serves other clients", async () => {
    const app = await api();
    const statuses = new Map<number, number>();
    for (let i = 0; i < 2000; i++) {
      const r = await app.inject({ method: "GET", url: "/api/auth/nonce", remoteAddress: "198.51.100.7" });
      statuses.set(r.statusCode, (statuses.get(r.statusCode) ?? 0) + 1);
    }
    console.log(`nonce flood from one client: ${JSON.stringify(Object.fromEntries(statuses))}`);
    assert.equal(statuses.get(200), 30, "the default sign-in budget is 30 a minute");
    assert.equal(statuses.get(429), 1970);
    const limited = await app.inject({ method: "GET", url: "/api/auth/nonce", remoteAddress: "198.51.100.7" });
    assert.equal(limited.json().error, "Too Many Requests");
    assert.ok(Number(limited.headers["retry-after"]) > 0, "says when to retry");
    const other = await app.inject({ method: "GET", url: "/api/auth/nonce", remoteAddress: "198.51.100.8" });
    assert.equal(other.statusCode, 200, "another client is not locked out");
    const rows = await store.db.selectFrom("auth_nonces").selectAll().execute();
    assert.equal(rows.length, 0, "issuing a nonce stores nothing");
  });

  it("limits every write per client, and X-Forwarded-For only counts from a trusted proxy", async () => {
    const app = await api({ rateLimits: { writes: 5, signIn: 30, rpc: 1200 } });
    const logout = (remoteAddress: string, forwardedFor?: string) =>
      app.inject({
        method: "POST",
        url: "/api/auth/logout",
        remoteAddress,
        ...(forwardedFor ? { headers: { "x-forwarded-for": forwardedFor } } : {}),
      });
    const codes: number[] = [];
    for (let i = 0; i < 8; i++) codes.push((await logout("203.0.113.1", `10.0.0.${i}`)).statusCode);
    assert.deepEqual(codes, [200, 200, 200, 200, 200, 429, 429, 429], "a spoofed X-Forwarded-For changes nothing");
    const reads = await app.inject({ method: "GET", url: "/api/stats", remoteAddress: "203.0.113.1" });
    assert.equal(reads.statusCode, 200, "reads are not limited");

    const proxied = await api({ rateLimits: { writes: 5, signIn: 30, rpc: 1200 }, trustProxy: "203.0.113.9" });
    for (let i = 0; i < 5; i++)
      await proxied.inject({
        method: "POST",
        url: "/api/auth/logout",
        remoteAddress: "203.0.113.9",
        headers: { "x-forwarded-for": "192.0.2.1" },
      });
    const same = await proxied.inject({
      method: "POST",
      url: "/api/auth/logout",
      remoteAddress: "203.0.113.9",
      headers: { "x-forwarded-for": "192.0.2.1" },
    });
    const next = await proxied.inject({
      method: "POST",
      url: "/api/auth/logout",
      remoteAddress: "203.0.113.9",
      headers: { "x-forwarded-for": "192.0.2.2" },
    });
    assert.deepEqual(
      [same.statusCode, next.statusCode],
      [429, 200],
      "behind the trusted proxy each client has its budget",
    );
  });

  it("sends security headers: a CSP that forbids framing, nosniff, no referrer", async () => {
    const app = await api();
    for (const url of ["/api/stats", "/docs", "/openapi.json"]) {
      const r = await app.inject({ method: "GET", url });
      const csp = String(r.headers["content-security-policy"]);
      assert.match(csp, /frame-ancestors 'none'/, url);
      assert.match(csp, /default-src 'self'/, url);
      assert.match(csp, /script-src 'self';/, `${url}: only the node's own script files, nothing inline`);
      assert.equal(r.headers["x-content-type-options"], "nosniff", url);
      assert.equal(r.headers["x-frame-options"], "DENY", url);
      assert.equal(r.headers["referrer-policy"], "no-referrer", url);
    }
  });

  it("refuses live-event clients over the cap, and drops a client that does not read", async () => {
    let publish: IndexerListener | undefined;
    const app = await api({
      sseMaxClients: 2,
      indexer: {
        ...idleIndexer,
        subscribe: (listener: IndexerListener) => {
          publish = listener;
          return () => {};
        },
      },
    });
    const base = await app.listen({ host: "127.0.0.1", port: 0 });
    const { port } = new URL(base);
    // A client that sends its request and then never reads a byte.
    const stalled = connect(Number(port), "127.0.0.1");
    stalled.write(`GET /api/events HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\n\r\n`);
    stalled.pause();
    const reader = new AbortController();
    const reading = await fetch(`${base}/api/events`, { signal: reader.signal });
    assert.equal(reading.status, 200);
    const clients = async () =>
      Number(/dipnet_sse_clients (\d+)/.exec((await app.inject({ method: "GET", url: "/metrics" })).body)?.[1]);
    while ((await clients()) < 2) await new Promise((resolve) => setImmediate(resolve));
    const third = await fetch(`${base}/api/events`);
    assert.equal(third.status, 503);
    assert.match((await third.json()).message, /live-event clients/);

    assert.ok(publish, "the API subscribed to the indexer");
    const big = "x".repeat(64 * 1024);
    const event = {
      name: "OrderPosted",
      contract: "orderMarket",
      blockNumber: 1,
      logIndex: 0,
      blockTime: 1,
      txHash: "0x",
      args: { note: big },
    };
    // The stalled client's kernel buffers fill, then its queue in the node: it must be dropped
    // before the node holds more than a bounded amount for it (at most 256 MB are pushed here).
    let pushed = 0;
    const body = reading.body?.getReader();
    while ((await clients()) === 2 && pushed < 4096) {
      publish({ kind: "events", events: [event] } as unknown as Parameters<IndexerListener>[0]);
      pushed++;
      await body?.read(); // the reading client keeps up
    }
    assert.equal(await clients(), 1, `the stalled client was dropped after ${pushed} events`);
    reader.abort();
    stalled.destroy();
  });

  describe("POST /rpc", () => {
    it("answers 400 to a malformed call or batch, naming the problem, without forwarding it", async () => {
      let forwarded = 0;
      const rpcUrl = await upstream((_request, response) => {
        forwarded++;
        response.end('{"jsonrpc":"2.0","id":1,"result":"0x1"}');
      });
      const app = await api({ rpcUrl });
      for (const payload of ["[]", "[1]", "[null]", "42", '"x"', "[[]]"]) {
        const r = await app.inject({
          method: "POST",
          url: "/rpc",
          headers: { "content-type": "application/json" },
          payload,
        });
        assert.equal(r.statusCode, 400, payload);
        assert.match(r.json().message, /JSON-RPC/, payload);
      }
      const batch = Array.from({ length: 101 }, (_, id) => ({ jsonrpc: "2.0", id, method: "eth_chainId" }));
      const big = await app.inject({ method: "POST", url: "/rpc", payload: batch });
      assert.equal(big.statusCode, 400);
      assert.match(big.json().message, /at most 100 calls/);
      assert.equal(forwarded, 0);
    });

    it("answers 504 when the chain does not answer in time", async () => {
      const rpcUrl = await upstream(() => {}); // accepts the request, never answers
      const app = await api({ rpcUrl, rpcTimeoutMs: 200 });
      const r = await app.inject({
        method: "POST",
        url: "/rpc",
        payload: { jsonrpc: "2.0", id: 1, method: "eth_chainId" },
      });
      assert.equal(r.statusCode, 504);
      assert.match(r.json().message, /chain did not answer/);
    });
  });
});
