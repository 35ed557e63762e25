// The node composed: the core's store, indexer and HTTP server with every module of `nodeModules`.
import type { DipnetReadClient } from "@dipnet/sdk";
import type { FastifyInstance } from "fastify";
import type { Kysely } from "kysely";
import type { Logger } from "pino";
import type { RateLimits } from "./core/config.ts";
import { type Database, type DatabaseConfig, openStore } from "./core/db/index.ts";
import { initialMigrations } from "./core/db/migrations.ts";
import type { Schema } from "./core/db/schema.ts";
import { createHttpServer } from "./core/http/app.ts";
import {
  type CreateIndexerParameters,
  createIndexer as createChainIndexer,
  type Indexer,
} from "./core/indexer/indexer.ts";
import type { IpfsNode } from "./core/ipfs.ts";
import { migrationsOf, projectionsOf } from "./core/module.ts";
import { type AuthOptions, sessionLookup } from "./modules/auth/routes.ts";
import type { PublicationReplication } from "./modules/documents/replication.ts";
import type { DocumentStore } from "./modules/documents/store.ts";
import { type ApiDeployment, nodeModules } from "./modules/index.ts";
import type { Gateway } from "./modules/iot/gateway.ts";
import type { PlanningService } from "./modules/planning/service.ts";

/** Every migration of the core and the modules. */
export const nodeMigrations = migrationsOf(initialMigrations, nodeModules);

/** Every module's read model. */
export const nodeProjections = projectionsOf(nodeModules);

/**
 * Opens the store and brings its schema up to date.
 * @example const { db, close } = await openDatabase({ kind: "sqlite", file: ".dipnet/dipnet.sqlite" });
 */
export function openDatabase(config: DatabaseConfig): Promise<Database> {
  return openStore(config, nodeMigrations);
}

/**
 * Creates the indexer of every module's read model for one deployment.
 * @example const indexer = createIndexer({ db, chain: createChainReader(http(url)), deployment }); indexer.start();
 */
export function createIndexer(p: Omit<CreateIndexerParameters, "projections">): Indexer {
  return createChainIndexer({ ...p, projections: nodeProjections });
}

/** Parameters of `createApi`. */
export type CreateApiParameters = {
  db: Kysely<Schema>;
  deployment: ApiDeployment;
  /** Status, metrics and live events of the indexer. */
  indexer: Pick<Indexer, "status" | "metrics" | "subscribe">;
  /** Fastify's logger: failed requests and, with `logRequests`, every request. Default: silent. */
  logger?: Logger | undefined;
  /** Log every request. Default: false. */
  logRequests?: boolean | undefined;
  /** SSE heartbeat interval in ms. Default: 15000. */
  heartbeatMs?: number | undefined;
  /** Largest request body in bytes. Default: 65536. */
  bodyLimit?: number | undefined;
  /** Directory of the dashboard's production build to serve at `/`. Default: none. */
  webDir?: string | undefined;
  /** Chain JSON-RPC offered to the dashboard at `POST /rpc`. Default: none. */
  rpcUrl?: string | undefined;
  /**
   * Whether the dashboard may offer the demo accounts (anvil's public keys). Only a node listening on
   * loopback alone should. Default: false.
   */
  demoAccounts?: boolean | undefined;
  /** Published documents (profiles, specifications, evidence) this node holds and stores. Default: none (publishing answers 503). */
  documents?: DocumentStore | undefined;
  /** The planning worker: serves the planner's proposal at `GET /api/capacity/proposal`. Default: none (503). */
  planning?: Pick<PlanningService, "planNetwork"> | undefined;
  /** Chain reads for what the node does not index (certifications). Default: none (those routes answer 503). */
  chain?: DipnetReadClient | undefined;
  /**
   * The origin browsers reach the API at (`https://dipnet.example.org`): Sign-In with Ethereum accepts
   * messages for it only, and cookies are `Secure` when it is https. Default: the loopback address the
   * API listens on (none before it listens, or when it listens beyond loopback: sign-in is refused).
   */
  publicUrl?: string | undefined;
  /** Which proxies' `X-Forwarded-For` names the client (Fastify's `trustProxy`). Default: false. */
  trustProxy?: boolean | number | string | undefined;
  /** Requests per minute per client address: writes, sign-in, `/rpc`. Default: 120, 30, 1200. */
  rateLimits?: RateLimits | undefined;
  /** Live-event (`/api/events`) clients at once; more answer 503. Default: 200. */
  sseMaxClients?: number | undefined;
  /** Timeout of a `/rpc` call to the chain, in ms (then 504). Default: 10000. */
  rpcTimeoutMs?: number | undefined;
  /** Messages an order's private thread may hold. Default: 1000. */
  maxThreadMessages?: number | undefined;
  /** Sign-In with Ethereum lifetimes and clock. */
  auth?: AuthOptions | undefined;
  /** The IoT gateway, for its counters on /metrics. Default: none (the counters read 0). */
  gateway?: Pick<Gateway, "stats"> | undefined;
  /** The vault's IPFS node (started and stopped by the caller). Default: none (vault routes answer 503). */
  ipfs?: IpfsNode | undefined;
  /** How long a vault fetch waits for data from IPFS peers, in ms (then 504). Default: 30000. */
  ipfsTimeoutMs?: number | undefined;
  /** Tells peers about publications posted here (started and stopped by the caller). Default: none. */
  replication?: Pick<PublicationReplication, "announce" | "stats"> | undefined;
};

/**
 * Builds the API of every module (not listening yet: call `app.listen`, or `app.inject` in tests).
 * @example const app = await createApi({ db, deployment, indexer }); await app.listen({ port: 8080 });
 */
export function createApi(p: CreateApiParameters): Promise<FastifyInstance> {
  return createHttpServer({
    modules: nodeModules,
    services: {
      db: p.db,
      deployment: p.deployment,
      sessions: sessionLookup(p.db, p.auth?.now),
      publicUrl: p.publicUrl,
      auth: p.auth,
      documents: p.documents,
      planning: p.planning,
      chain: p.chain,
      gateway: p.gateway,
      rpcUrl: p.rpcUrl,
      rpcTimeoutMs: p.rpcTimeoutMs ?? 10_000,
      demoAccounts: p.demoAccounts ?? false,
      maxThreadMessages: p.maxThreadMessages,
      ipfs: p.ipfs,
      ipfsTimeoutMs: p.ipfsTimeoutMs,
      replication: p.replication,
    },
    db: p.db,
    indexer: p.indexer,
    logger: p.logger,
    logRequests: p.logRequests,
    heartbeatMs: p.heartbeatMs,
    bodyLimit: p.bodyLimit,
    webDir: p.webDir,
    publicUrl: p.publicUrl,
    trustProxy: p.trustProxy,
    rateLimits: p.rateLimits,
    sseMaxClients: p.sseMaxClients,
  });
}
