// What the API tells its operator: Prometheus metrics from a registry of its own, and log lines
// through the logger it is given.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import pino from "pino";
import { createApi } from "../../compose.ts";
import { createTestBackend, placeholderDeployment as deployment, idleIndexer } from "../../testing/index.ts";
import type { Database } from "../db/index.ts";

describe("API metrics and logs", () => {
  const sqlite = createTestBackend("sqlite");
  let store: Database;

  before(async () => {
    store = await sqlite.open();
  });
  after(async () => {
    await store.close();
    await sqlite.cleanup();
  });

  it("/metrics: process metrics, requests and their latency by route, the indexer's figures, per API", async () => {
    const counted = await createApi({ db: store.db, deployment, indexer: idleIndexer });
    const other = await createApi({ db: store.db, deployment, indexer: idleIndexer });
    try {
      for (let i = 0; i < 2; i++) assert.equal((await counted.inject({ url: "/api/orders" })).statusCode, 200);
      const metrics = await counted.inject({ url: "/metrics" });
      assert.equal(metrics.headers["content-type"], "text/plain; version=0.0.4; charset=utf-8");
      const text = metrics.body;
      const labels = 'method="GET",route="/api/orders",status="200"';
      assert.match(text, new RegExp(`^dipnet_http_requests_total\\{${labels}\\} 2$`, "m"));
      assert.match(text, /^# TYPE dipnet_http_request_duration_seconds histogram$/m);
      assert.match(text, new RegExp(`^dipnet_http_request_duration_seconds_count\\{${labels}\\} 2$`, "m"));
      assert.match(text, /^dipnet_http_request_duration_seconds_bucket\{le="\+Inf",.*route="\/api\/orders".*\} 2$/m);
      assert.match(text, /^process_cpu_user_seconds_total \d/m);
      assert.match(text, /^nodejs_heap_size_used_bytes \d/m);
      assert.match(text, /^dipnet_indexed_block 1$/m);
      assert.match(text, /^dipnet_indexer_up 1$/m);
      assert.match(text, /^# TYPE dipnet_events_indexed_total counter$/m);
      assert.match(text, /^dipnet_iot_gateway_up 0$/m, "a module's metric");
      assert.match(text, /^dipnet_iot_messages_rejected_total\{reason="replayed"\} 0$/m);
      // Another API in the same process counts only its own requests.
      assert.doesNotMatch((await other.inject({ url: "/metrics" })).body, /route="\/api\/orders"/);
    } finally {
      await counted.close();
      await other.close();
    }
  });

  it("logs failed requests through its logger, and every request only with logRequests", async () => {
    for (const logRequests of [false, true]) {
      const lines: { level: number; msg: string; component: string; err?: { message: string } }[] = [];
      const logger = pino({}, { write: (line: string) => lines.push(JSON.parse(line)) }).child({ component: "api" });
      const broken = await sqlite.open();
      const app = await createApi({ db: broken.db, deployment, indexer: idleIndexer, logger, logRequests });
      await broken.close();
      try {
        assert.equal((await app.inject({ url: "/api/orders" })).statusCode, 500);
      } finally {
        await app.close();
      }
      const failed = lines.find((l) => l.msg === "request failed");
      assert.equal(failed?.level, 50, "logged as an error");
      assert.equal(failed?.component, "api");
      assert.ok(failed?.err?.message, "with the error");
      assert.equal(
        lines.some((l) => l.msg === "incoming request"),
        logRequests,
      );
      assert.equal(
        lines.some((l) => l.msg === "request completed"),
        logRequests,
      );
    }
  });
});
