// The node's HTTP API: Fastify 5, JSON-schema validated requests and responses, one error
// handler (400 names the field, 404 for unknown ids, never a stack trace), OpenAPI 3.1 produced by
// @fastify/swagger from the route schemas, a static docs page, Server-Sent Events of indexed domain events, and
// /health, /ready and /metrics. Hardened against the first things an attacker tries: per-client rate
// limits on writes, sign-in and the chain gateway, security headers (a CSP that forbids framing), a
// cap on live-event clients and a bounded queue for each, and bounded bodies.

import fastifyCookie from "@fastify/cookie";
import fastifyHelmet from "@fastify/helmet";
import fastifyRateLimit from "@fastify/rate-limit";
import fastifySwaggerUi from "@fastify/swagger-ui";
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from "fastify";
import type { Kysely } from "kysely";
import { defaultRateLimits, type RateLimits } from "../config.ts";
import type { Schema } from "../db/schema.ts";
import type { Indexer } from "../indexer/indexer.ts";
import { silentLogger } from "../log.ts";
import type { NodeModule } from "../module.ts";
import { ApiError, handleErrors } from "./errors.ts";
import { createMetrics } from "./metrics.ts";
import { registerOpenApi } from "./openapi.ts";
import { type Api, schemas } from "./schemas.ts";
import { isDashboardPage, registerDashboard } from "./web.ts";

/** Parameters of `createHttpServer`. */
export type CreateHttpServerParameters<Services> = {
  /** The domains whose routes and metrics it serves. */
  modules: readonly NodeModule<Services>[];
  /** What every module's routes are given. */
  services: Services;
  db: Kysely<Schema>;
  /** Status, metrics and live events of the indexer. */
  indexer: Pick<Indexer, "status" | "metrics" | "subscribe">;
  /** Fastify's logger: failed requests and, with `logRequests`, every request. Default: silent. */
  logger?: FastifyBaseLogger | undefined;
  /** Log every request. Default: false. */
  logRequests?: boolean | undefined;
  /** SSE heartbeat interval in ms. Default: 15000. */
  heartbeatMs?: number | undefined;
  /** Largest request body in bytes. Default: 65536. */
  bodyLimit?: number | undefined;
  /** Directory of the dashboard's production build to serve at `/`. Default: none. */
  webDir?: string | undefined;
  /** The origin browsers reach the API at: with https, the security headers ask for https. */
  publicUrl?: string | undefined;
  /** Which proxies' `X-Forwarded-For` names the client (Fastify's `trustProxy`). Default: false. */
  trustProxy?: boolean | number | string | undefined;
  /** Requests per minute per client address: writes, sign-in, `/rpc`. Default: 120, 30, 1200. */
  rateLimits?: RateLimits | undefined;
  /** Live-event (`/api/events`) clients at once; more answer 503. Default: 200. */
  sseMaxClients?: number | undefined;
};

/** Bytes queued for a live-event client that does not read before it is dropped. */
const SSE_MAX_QUEUED_BYTES = 1 << 20;

/** Trusts the nearest `hops` proxies (Fastify's types take a hop count only as this function). */
const trustHops =
  (hops: number) =>
  (_address: string, hop: number): boolean =>
    hop < hops;

/** Which budget a request spends: sign-in, the chain gateway, other writes; reads spend none. */
function rateLimitClass(method: string, route: string | undefined): keyof RateLimits | undefined {
  if (route === "/api/auth/nonce" || route === "/api/auth/verify") return "signIn";
  if (route === "/rpc") return "rpc";
  return ["GET", "HEAD", "OPTIONS"].includes(method) ? undefined : "writes";
}

/**
 * Builds the HTTP server of the core and the modules (not listening yet: call `app.listen`, or
 * `app.inject` in tests).
 */
export async function createHttpServer<Services>(p: CreateHttpServerParameters<Services>): Promise<FastifyInstance> {
  const logger: FastifyBaseLogger = p.logger ?? silentLogger;
  const app = Fastify({
    loggerInstance: logger,
    logController: new LogController({ disableRequestLogging: !p.logRequests }),
    bodyLimit: p.bodyLimit ?? 65_536,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: true, useDefaults: true, allErrors: false } },
    return503OnClosing: true,
    trustProxy: typeof p.trustProxy === "number" ? trustHops(p.trustProxy) : (p.trustProxy ?? false),
  });
  const https = p.publicUrl?.startsWith("https:") ?? false;
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        // The dashboard's and the API docs' bundles; no inline script runs.
        scriptSrc: ["'self'"],
        // React and the charts set style attributes; styles cannot run code.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", "data:", "blob:"],
        fontSrc: ["'self'", "data:"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        ...(https ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    frameguard: { action: "deny" },
    referrerPolicy: { policy: "no-referrer" },
    strictTransportSecurity: https,
  });
  // Parses the Cookie header into `request.cookies`; `reply.setCookie` writes Set-Cookie (the session's).
  await app.register(fastifyCookie);
  // Budgets are per client address (request.ip: X-Forwarded-For only from a trusted proxy), one per
  // class of request across all its routes.
  await app.register(fastifyRateLimit, { global: false });
  const rateLimits = p.rateLimits ?? defaultRateLimits;
  const limiters = Object.fromEntries(
    (Object.keys(rateLimits) as (keyof RateLimits)[]).map((kind) => [
      kind,
      app.createRateLimit({ max: rateLimits[kind], timeWindow: 60_000 }),
    ]),
  ) as Record<keyof RateLimits, ReturnType<FastifyInstance["createRateLimit"]>>;
  app.addHook("onRequest", async (request, reply) => {
    const kind = rateLimitClass(request.method, request.routeOptions.url);
    if (!kind) return;
    const limit = await limiters[kind](request);
    if (!limit.isAllowed && limit.isExceeded) {
      reply.header("retry-after", String(limit.ttlInSeconds));
      throw new ApiError(
        429,
        `too many requests from ${request.ip}: at most ${limit.max} ${kind === "writes" ? "writes" : kind === "signIn" ? "sign-in requests" : "/rpc calls"} a minute; retry in ${limit.ttlInSeconds} s`,
      );
    }
  });
  const sseClients = new Set<{ write: (chunk: string) => void }>();
  const sseMaxClients = p.sseMaxClients ?? 200;

  app.addSchema(schemas.error);
  await registerOpenApi(app, schemas.error);
  const metrics = createMetrics(app, {
    db: p.db,
    indexer: p.indexer,
    sseClients: () => sseClients.size,
    modules: p.modules,
    services: p.services,
  });

  handleErrors(app);
  const servesDashboard = await registerDashboard(app, p.webDir);
  app.setNotFoundHandler((request, reply) => {
    if (servesDashboard && isDashboardPage(request.method, request.url)) return reply.sendFile("index.html");
    return reply.status(404).send({
      statusCode: 404,
      error: "Not Found",
      message: `no route ${request.method} ${request.url.split("?")[0]}`,
    });
  });
  const api: Api = app.withTypeProvider();
  for (const module of p.modules) await module.routes?.(api, p.services);

  const statusSchema = {
    type: "object",
    properties: {
      status: { type: "string" },
      state: { type: "string" },
      chainId: { type: "integer" },
      indexedBlock: { anyOf: [{ type: "integer" }, { type: "null" }] },
      headBlock: { anyOf: [{ type: "integer" }, { type: "null" }] },
      lag: { anyOf: [{ type: "integer" }, { type: "null" }] },
      error: { anyOf: [{ type: "string" }, { type: "null" }] },
    },
  } as const;
  const statusBody = (status: string) => {
    const s = p.indexer.status();
    const lag = s.headBlock !== null && s.indexedBlock !== null ? Math.max(0, s.headBlock - s.indexedBlock) : null;
    return {
      status,
      state: s.state,
      chainId: s.chainId,
      indexedBlock: s.indexedBlock,
      headBlock: s.headBlock,
      lag,
      error: s.error,
    };
  };

  app.get(
    "/health",
    {
      schema: {
        summary: "Liveness: 200 while the node runs; 503 when the indexer halted",
        tags: ["system"],
        response: { 200: statusSchema, 503: statusSchema },
      },
    },
    async (_request, reply) => {
      const halted = p.indexer.status().state === "halted";
      if (halted) reply.status(503);
      return statusBody(halted ? "halted" : "ok");
    },
  );
  app.get(
    "/ready",
    {
      schema: {
        summary: "Readiness: 503 until the indexer has caught up with the chain head",
        tags: ["system"],
        response: { 200: statusSchema, 503: statusSchema },
      },
    },
    async (_request, reply) => {
      const s = p.indexer.status();
      const ready = s.caughtUp && s.state !== "halted";
      if (!ready) reply.status(503);
      return statusBody(ready ? "ready" : "catching-up");
    },
  );
  app.get(
    "/metrics",
    { schema: { summary: "Prometheus metrics", tags: ["system"], response: { 200: { type: "string" } } } },
    async (_request, reply) => {
      reply.type(metrics.contentType);
      return metrics.metrics();
    },
  );

  // Live updates. Each indexed event is one SSE message: `event:` its name, `id:` block:logIndex.
  const unsubscribe = p.indexer.subscribe((update) => {
    if (sseClients.size === 0) return;
    const chunks =
      update.kind === "reorg"
        ? [`event: reorg\ndata: ${JSON.stringify({ ancestor: update.ancestor })}\n\n`]
        : update.events.map(
            (e) =>
              `id: ${e.blockNumber}:${e.logIndex}\nevent: ${e.name}\ndata: ${JSON.stringify({
                name: e.name,
                contract: e.contract,
                orderId: e.args.orderId === undefined || e.args.orderId === null ? null : Number(e.args.orderId),
                blockNumber: e.blockNumber,
                logIndex: e.logIndex,
                time: e.blockTime,
                txHash: e.txHash,
                args: e.args,
              })}\n\n`,
          );
    const text = chunks.join("");
    for (const client of sseClients) client.write(text);
  });
  app.get(
    "/api/events",
    {
      schema: {
        summary: "Server-Sent Events: every domain event as it is indexed (event = its name), and `reorg` on rollbacks",
        tags: ["live"],
        response: { 200: { type: "string", description: "text/event-stream" }, 503: { $ref: "Error#" } },
      },
    },
    (request, reply) => {
      if (sseClients.size >= sseMaxClients) {
        throw new ApiError(503, `too many live-event clients (${sseMaxClients}); try again later`);
      }
      reply.hijack();
      const raw = reply.raw;
      raw.writeHead(200, {
        "content-type": "text/event-stream; charset=utf-8",
        "cache-control": "no-cache, no-transform",
        connection: "keep-alive",
        "x-accel-buffering": "no",
      });
      raw.write(`retry: 2000\n: connected at block ${p.indexer.status().indexedBlock ?? -1}\n\n`);
      // A client that does not read would make the node queue every event for it: drop it instead.
      const client = {
        write: (chunk: string) => {
          if (raw.writableLength > SSE_MAX_QUEUED_BYTES) {
            close();
            raw.destroy();
          } else raw.write(chunk);
        },
      };
      sseClients.add(client);
      const heartbeat = setInterval(() => client.write(": heartbeat\n\n"), p.heartbeatMs ?? 15_000);
      const close = () => {
        clearInterval(heartbeat);
        sseClients.delete(client);
      };
      request.raw.on("close", close);
      raw.on("close", close);
    },
  );

  app.get(
    "/openapi.json",
    {
      schema: {
        summary: "This API as OpenAPI 3.1",
        tags: ["system"],
        response: { 200: { type: "object", additionalProperties: true } },
      },
    },
    async () => app.swagger(),
  );
  // Swagger UI from its npm package (no CDN: machines may be offline).
  await app.register(fastifySwaggerUi, { routePrefix: "/docs", theme: { title: "DIPNET node API" } });

  app.addHook("onClose", async () => {
    unsubscribe();
    for (const client of sseClients) client.write(": closing\n\n");
  });
  await app.ready();
  return app;
}
