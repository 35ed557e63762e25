// @dipnet/node — the long-running DIPNET node: chain indexer into SQL and the HTTP API.
// SIGINT/SIGTERM are the caller's: call `stop()` from its handler.
import path from "node:path";
import { createDipnetClient, type Deployment } from "@dipnet/sdk";
import { readDeployment } from "@dipnet/sdk/node";
import type { FastifyInstance } from "fastify";
import pino, { type DestinationStream } from "pino";
import { http, type Transport } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { createApi, createIndexer, openDatabase } from "./compose.ts";
import { isLoopbackHost, type NodeConfig } from "./core/config.ts";
import type { Database } from "./core/db/index.ts";
import type { Indexer } from "./core/indexer/indexer.ts";
import { createChainReader } from "./core/indexer/rpc.ts";
import { createIpfsNode, type IpfsNode } from "./core/ipfs.ts";
import { createPublications } from "./modules/documents/publication.ts";
import { createPublicationReplication, type PublicationReplication } from "./modules/documents/replication.ts";
import { createDocumentStore } from "./modules/documents/store.ts";
import { type Anchorer, createAnchorer } from "./modules/evidence/anchor.ts";
import { createGateway, type Gateway } from "./modules/iot/gateway.ts";
import { createPlanningService, type PlanningService } from "./modules/planning/service.ts";

export { type CreateApiParameters, createApi, createIndexer, openDatabase } from "./compose.ts";
export { ConfigError, type NodeConfig, parseConfig, type RateLimits } from "./core/config.ts";
export type { Database, DatabaseConfig } from "./core/db/index.ts";
export {
  type CreateIndexerParameters,
  type Indexer,
  type IndexerStatus,
  ReorgTooDeepError,
} from "./core/indexer/indexer.ts";
export { createChainReader } from "./core/indexer/rpc.ts";
export { createIpfsNode, type IpfsConfig, IpfsFetchError, type IpfsNode } from "./core/ipfs.ts";
export {
  createProposalSource,
  type Proposal,
  type ProposalSource,
  type ProposedStep,
  proposalJob,
} from "./modules/planning/proposal.ts";
export { ledgerSnapshotFromReadModel } from "./modules/planning/replan.ts";
export {
  type CreatePlanningServiceParameters,
  createPlanningService,
  type PlanningService,
  type PlanningStats,
  PlanningUnavailableError,
} from "./modules/planning/service.ts";

/** Parameters of `createNode`. */
export type CreateNodeParameters = {
  config: NodeConfig;
  /** Default: `<dataDir>/deployments.json`. */
  deployment?: Deployment | undefined;
  /** Chain transport override (tests). Default: `http(config.rpcUrl)` with the configured timeout. */
  transport?: Transport | undefined;
  /**
   * Where the node's log goes: pino's JSON lines, one per entry, at `config.logLevel` and above, each
   * with the `component` that wrote it (`indexer`, `api`, `iot`, `evidence`, `planning`).
   * Default: stderr.
   */
  logDestination?: DestinationStream | undefined;
  /** Log every HTTP request. Default: false. */
  logRequests?: boolean | undefined;
  /** Directory of the dashboard's production build to serve at `/`. Default: none. */
  webDir?: string | undefined;
};

/** A wired node: store, indexer and API. */
export type DipnetNode = {
  config: NodeConfig;
  deployment: Deployment;
  database: Database;
  indexer: Indexer;
  api: FastifyInstance;
  /** Starts indexing and listening; resolves with the API's base URL. */
  start: () => Promise<{ url: string }>;
  /** The IoT gateway when `config.mqtt` is not `off`. */
  gateway: Gateway | undefined;
  /** The planner in its worker thread, for the API and the agents. */
  planning: PlanningService;
  /** Merkle anchoring of the gateway's messages, when configured (`config.anchor`). */
  anchorer: Anchorer | undefined;
  /** The vault's IPFS node (`config.ipfs`): embedded Helia or an external Kubo. */
  ipfs: IpfsNode | undefined;
  /** Publications replicating with the node's libp2p peers (embedded Helia only). */
  replication: PublicationReplication | undefined;
  /** Stops the API, then the indexer, then closes the store. Safe to call twice. */
  stop: () => Promise<void>;
};

/**
 * Opens the store (migrating it), and creates the indexer and the API for the deployment.
 * @example const node = await createNode({ config: parseConfig(process.env) }); const { url } = await node.start();
 */
export async function createNode(p: CreateNodeParameters): Promise<DipnetNode> {
  const { config } = p;
  const logger = pino({ name: "dipnet-node", level: config.logLevel }, p.logDestination ?? process.stderr);
  const deployment = p.deployment ?? readDeployment(path.join(config.dataDir, "deployments.json"));
  const database = await openDatabase(config.database);
  const transport = p.transport ?? http(config.rpcUrl, { retryCount: 0, timeout: config.rpcTimeoutMs });
  const indexer = createIndexer({
    db: database.db,
    chain: createChainReader(transport),
    deployment,
    finalityDepth: config.finalityDepth,
    pollMs: config.pollMs,
    logger: logger.child({ component: "indexer" }),
  });
  const planning = createPlanningService({ logger: logger.child({ component: "planning" }) });
  const gateway =
    !config.mqtt || config.mqtt.kind === "off"
      ? undefined
      : createGateway({
          db: database.db,
          mqtt: config.mqtt,
          // With an evidence registry, devices are the chain's: locally registered keys are not trusted.
          deviceSources: deployment.contracts.evidenceRegistry ? ["chain"] : undefined,
          logger: logger.child({ component: "iot" }),
        });
  const anchorer =
    gateway && config.anchor && deployment.contracts.evidenceRegistry
      ? createAnchorer({
          db: database.db,
          client: createDipnetClient({
            rpcUrl: config.rpcUrl,
            deployment,
            account: privateKeyToAccount(config.anchor.privateKey),
          }),
          intervalMs: config.anchor.intervalMs,
          logger: logger.child({ component: "evidence" }),
        })
      : undefined;
  const ipfs = config.ipfs
    ? createIpfsNode({ dataDir: config.dataDir, config: config.ipfs, logger: logger.child({ component: "ipfs" }) })
    : undefined;
  const documents = createDocumentStore(config.dataDir);
  const replication =
    ipfs?.kind === "helia"
      ? createPublicationReplication({
          db: database.db,
          publications: createPublications({ db: database.db, deployment, documents, ipfs }),
          documents,
          ipfs,
          logger: logger.child({ component: "documents" }),
          intervalMs: config.replicationIntervalMs,
        })
      : undefined;
  let api: FastifyInstance;
  try {
    api = await createApi({
      db: database.db,
      deployment,
      indexer,
      logger: logger.child({ component: "api" }),
      logRequests: p.logRequests,
      webDir: p.webDir,
      rpcUrl: config.rpcUrl,
      rpcTimeoutMs: config.rpcTimeoutMs,
      publicUrl: config.publicUrl,
      trustProxy: config.trustProxy,
      rateLimits: config.rateLimits,
      sseMaxClients: config.sseMaxClients,
      demoAccounts: isLoopbackHost(config.apiHost),
      documents,
      planning,
      chain: createDipnetClient({ rpcUrl: config.rpcUrl, deployment, transport }),
      gateway,
      ipfs,
      ipfsTimeoutMs: config.ipfsTimeoutMs,
      replication,
    });
  } catch (error) {
    await database.close();
    throw error;
  }
  let stopped = false;
  return {
    config,
    deployment,
    database,
    indexer,
    api,
    gateway,
    planning,
    anchorer,
    ipfs,
    replication,
    async start() {
      await ipfs?.start();
      await replication?.start();
      indexer.start();
      await gateway?.start();
      anchorer?.start();
      await api.listen({ host: config.apiHost, port: config.apiPort });
      const address = api.server.address();
      const port = typeof address === "object" && address ? address.port : config.apiPort;
      const host = config.apiHost.includes(":") ? `[${config.apiHost}]` : config.apiHost;
      return { url: `http://${host}:${port}` };
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await api.close();
      await planning.stop();
      await gateway?.stop();
      await anchorer?.stop();
      await indexer.stop();
      await replication?.stop();
      await ipfs?.stop();
      await database.close();
    },
  };
}

// The cost model is @dipnet/planner's; `jobHours` stays exported here for the CLI until it imports it from there.
export { jobHours } from "@dipnet/planner";
// Autopilot agents and the demo network (src/agents, src/demo).
export { type CreateArbiterAgentParameters, createArbiterAgent, type Ruling, ruling } from "./agents/arbiter.ts";
export {
  type CreateCustomerAgentParameters,
  createCustomerAgent,
  type OrderFates,
  partCatalog,
} from "./agents/customer.ts";
export {
  type CreateManufacturerAgentParameters,
  createManufacturerAgent,
  defaultPricingPolicy,
  type ManufacturerAgent,
} from "./agents/manufacturer.ts";
export {
  deliveryEvents,
  deliveryTraced,
  orderItems,
  productionEvidenceDocument,
  traceEvent,
} from "./agents/productionEvidence.ts";
export type { AgentReadModel, OrderReadings } from "./agents/readModel.ts";
export { createSqlReadModel } from "./agents/readModelSql.ts";
export {
  type Agent,
  type AgentLog,
  type AgentRunner,
  type CreateAgentRunnerParameters,
  createAgentRunner,
} from "./agents/runtime.ts";
export { anchorerIndex, demoAccount, demoGenesis } from "./demo/network.ts";
export { type Demo, restoreChainTime, type StartDemoParameters, startDemo, startTimeWarp } from "./demo/run.ts";
export { type DemoNetwork, demoNetwork, seedDemo } from "./demo/seed.ts";
export {
  type DemoTelemetry,
  demoDeviceKey,
  type StartDemoTelemetryParameters,
  startDemoTelemetry,
  stepMachine,
} from "./demo/telemetry.ts";
export { createDocumentStore, type DocumentStore, documentHash, documentUri } from "./modules/documents/store.ts";
// Evidence (src/evidence): on-chain devices, Merkle anchoring, proofs.
export { type Anchorer, createAnchorer, type EvidenceBatch, storedMessageHash } from "./modules/evidence/anchor.ts";
export { type ReadingProof, readingProof } from "./modules/evidence/proofs.ts";
// IoT gateway (src/iot).
export { type CreateGatewayParameters, createGateway, type Gateway, type GatewayStats } from "./modules/iot/gateway.ts";
export { createIngestor, type IngestOutcome, type Ingestor, type RejectReason } from "./modules/iot/ingest.ts";
export { type Device, getDevice, registerDevice, revokeDevice } from "./modules/iot/registry.ts";
// Traceability (src/traceability): part histories (EPCIS events and passports are the SDK's).
export {
  EpcisValidationError,
  type PartHistory,
  partHistory,
  storeTraceEvent,
} from "./modules/traceability/history.ts";
