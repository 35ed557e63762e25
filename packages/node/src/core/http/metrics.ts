// The API's Prometheus metrics (prom-client), in a registry of its own: one process may run several
// APIs (the tests do), and each reports only itself. Process metrics, request counts and latency, the
// indexer's progress, live-event clients, and whatever each module registers.
import type { FastifyInstance } from "fastify";
import { type Kysely, sql } from "kysely";
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { Schema } from "../db/schema.ts";
import type { Indexer } from "../indexer/indexer.ts";
import type { NodeModule } from "../module.ts";

/** A gauge read at each scrape. */
export function registerGauge(
  registry: Registry,
  name: string,
  help: string,
  read: () => number | Promise<number>,
): Gauge {
  return new Gauge({
    name,
    help,
    registers: [registry],
    async collect() {
      this.set(await read());
    },
  });
}

/** A counter another component keeps (its running total), read at each scrape. */
export function registerCounter(registry: Registry, name: string, help: string, read: () => number): Counter {
  return new Counter({
    name,
    help,
    registers: [registry],
    collect() {
      this.reset();
      this.inc(read());
    },
  });
}

/** Parameters of `createMetrics`. */
export type CreateMetricsParameters<Services> = {
  db: Kysely<Schema>;
  indexer: Pick<Indexer, "status" | "metrics">;
  /** Connected live-event clients. */
  sseClients: () => number;
  modules: readonly NodeModule<Services>[];
  services: Services;
};

/** The API's registry, counting and timing every request `app` answers from now on. */
export function createMetrics<Services>(app: FastifyInstance, p: CreateMetricsParameters<Services>): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  const labelNames = ["method", "route", "status"] as const;
  const requests = new Counter({
    name: "dipnet_http_requests_total",
    help: "HTTP requests served.",
    labelNames,
    registers: [registry],
  });
  const duration = new Histogram({
    name: "dipnet_http_request_duration_seconds",
    help: "Time from receiving a request to sending the last byte of its answer.",
    labelNames,
    registers: [registry],
  });
  app.addHook("onResponse", async (request, reply) => {
    const labels = {
      method: request.method,
      route: request.routeOptions.url ?? "unmatched",
      status: String(reply.statusCode),
    };
    requests.inc(labels);
    duration.observe(labels, reply.elapsedTime / 1000);
  });

  const lag = () => {
    const s = p.indexer.status();
    return s.headBlock !== null && s.indexedBlock !== null ? Math.max(0, s.headBlock - s.indexedBlock) : -1;
  };
  registerGauge(
    registry,
    "dipnet_indexed_block",
    "Last block applied to the read model.",
    () => p.indexer.status().indexedBlock ?? -1,
  );
  registerGauge(registry, "dipnet_head_block", "Chain head last seen.", () => p.indexer.status().headBlock ?? -1);
  registerGauge(registry, "dipnet_indexer_lag_blocks", "Blocks between the chain head and the read model.", lag);
  registerGauge(registry, "dipnet_indexer_up", "1 unless the indexer halted.", () =>
    p.indexer.status().state === "halted" ? 0 : 1,
  );
  registerGauge(registry, "dipnet_events_stored", "Events in the store.", async () => {
    const events = await p.db.selectFrom("events").select(sql<number>`count(*)`.as("n")).executeTakeFirstOrThrow();
    return Number(events.n);
  });
  registerCounter(
    registry,
    "dipnet_events_indexed_total",
    "Events indexed by this process.",
    () => p.indexer.metrics().eventsIndexed,
  );
  registerCounter(
    registry,
    "dipnet_reorgs_total",
    "Chain reorganisations rolled back.",
    () => p.indexer.metrics().reorgs,
  );
  registerCounter(registry, "dipnet_rpc_retries_total", "RPC requests retried.", () => p.indexer.metrics().rpcRetries);
  registerGauge(registry, "dipnet_sse_clients", "Connected live-event clients.", p.sseClients);
  for (const module of p.modules) module.metrics?.(registry, p.services);
  return registry;
}
