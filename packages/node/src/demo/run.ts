// The living demo network: seeds it (idempotently), speeds chain time up on the local chain, and
// runs one autopilot per participant until stopped. Chain time is the only clock the agents use,
// so the demo shows realistic durations (lead times in days) passing in seconds: with the default
// `timeScale` of 1200 a real second is 20 chain minutes, a real minute 20 chain hours.
import path from "node:path";
import type { DipnetReadClient } from "@dipnet/sdk";
import { localChainIds } from "@dipnet/sdk";
import { createArbiterAgent } from "../agents/arbiter.ts";
import { createCustomerAgent, type OrderFates, type RfqLicence } from "../agents/customer.ts";
import { createManufacturerAgent } from "../agents/manufacturer.ts";
import type { AgentReadModel } from "../agents/readModel.ts";
import { createSqlReadModel } from "../agents/readModelSql.ts";
import { type Agent, type AgentLog, type AgentRunner, createAgentRunner } from "../agents/runtime.ts";
import type { Database } from "../core/db/index.ts";
import type { Indexer } from "../core/indexer/indexer.ts";
import { createIpfsNode, type IpfsNode } from "../core/ipfs.ts";
import { createDocumentStore } from "../modules/documents/store.ts";
import type { PlanningService } from "../modules/planning/service.ts";
import { openDemoLicences, seedDemoDesigns } from "./designs.ts";
import { withDemoGovernance } from "./governance.ts";
import { withDemoPackages } from "./packages.ts";
import { type DemoNetwork, demoNetwork, renewDemoCertifications, seedDemo } from "./seed.ts";
import { type DemoTelemetry, startDemoTelemetry } from "./telemetry.ts";

// ------------------------------------------------------------------ chain time (local chains only)

async function anvilRpc(client: DipnetReadClient, method: string, params: unknown[] = []): Promise<unknown> {
  return client.publicClient.request({ method, params } as never);
}

/**
 * Makes the next block's time not earlier than the latest block's. anvil does not persist a time
 * offset across restarts (`--state` keeps blocks, not the offset), so after a sped-up demo the
 * chain would otherwise continue in the past. Local chains only; call before sending transactions.
 * @example await restoreChainTime(client);
 */
export async function restoreChainTime(client: DipnetReadClient): Promise<void> {
  const chainId = await client.publicClient.getChainId();
  if (!localChainIds.includes(chainId)) return;
  const offset = Number(await anvilRpc(client, "evm_increaseTime", [0]));
  const latest = Number((await client.publicClient.getBlock({ blockTag: "latest" })).timestamp);
  const natural = Math.floor(Date.now() / 1000) + offset;
  if (natural <= latest) await anvilRpc(client, "evm_increaseTime", [latest - natural + 1]);
}

/** A running time warp. */
export type TimeWarp = { stop: () => Promise<void> };

/**
 * Runs chain time at `timeScale`× real time on a local chain (anvil `evm_increaseTime` +
 * `evm_mine` once per `tickMs`). Demo only: production chains keep their own time.
 */
export function startTimeWarp(p: {
  client: DipnetReadClient;
  timeScale: number;
  tickMs?: number | undefined;
  log?: AgentLog | undefined;
}): TimeWarp {
  const tickMs = p.tickMs ?? 1000;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let wake: (() => void) | undefined;
  let running: Promise<void> | undefined;
  const start = (async () => {
    const chainId = await p.client.publicClient.getChainId();
    if (!localChainIds.includes(chainId) || p.timeScale <= 1) return undefined;
    await restoreChainTime(p.client);
    let offset = Number(await anvilRpc(p.client, "evm_increaseTime", [0]));
    const t0 = Date.now();
    const chain0 = Number((await p.client.publicClient.getBlock({ blockTag: "latest" })).timestamp);
    return async () => {
      const target = chain0 + Math.floor(((Date.now() - t0) / 1000) * p.timeScale);
      const natural = Math.floor(Date.now() / 1000) + offset;
      if (target > natural) offset = Number(await anvilRpc(p.client, "evm_increaseTime", [target - natural]));
      await anvilRpc(p.client, "evm_mine");
    };
  })();
  const loop = async () => {
    const tick = await start.catch((error: Error) => {
      p.log?.("error", `time warp: ${error.message}`);
      return undefined;
    });
    if (!tick) return;
    while (!stopped) {
      running = tick().catch((error: Error) => p.log?.("warn", `time warp: ${error.message.split("\n")[0]}`));
      await running;
      if (stopped) break;
      await new Promise<void>((resolve) => {
        wake = resolve;
        timer = setTimeout(resolve, tickMs);
      });
    }
  };
  const done = loop();
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      wake?.();
      await done.catch(() => {});
    },
  };
}

// ------------------------------------------------------------------ the demo

/** Parameters of `createDemoAgents`. Real-time figures are converted to chain time with `timeScale`. */
export type CreateDemoAgentsParameters = {
  network: DemoNetwork;
  readModel: AgentReadModel;
  /** Profile, specification and evidence documents. Default: in memory. */
  dataDir?: string | undefined;
  /** RFQs per real minute across all customers. Default: 12. */
  rate?: number | undefined;
  /** Chain seconds per real second. Default: 1200. */
  timeScale?: number | undefined;
  /** Real seconds RFQs stay open for bids. Default: 10. */
  biddingRealSeconds?: number | undefined;
  fates?: Partial<OrderFates> | undefined;
  /** The node's planning service: makers plan bids, reservations and re-plans with it. Default: none. */
  planning?: Pick<PlanningService, "planNetwork" | "replanNetwork"> | undefined;
  /** With `planning`: share of reservations whose machine breaks down first (then re-planned). Default: 0.05. */
  breakdownShare?: number | undefined;
  /**
   * Real ms between the node's anchored batches, when it anchors: makers then wait up to one batch
   * for a finished job's readings to be anchored before shipping, to cite them. Default: no wait.
   */
  anchorIntervalMs?: number | undefined;
  /** Share of shipped orders whose parts the makers trace (EPCIS events on chain). Default: 0.5. */
  traceShare?: number | undefined;
  /** Design licences the customers' RFQs may build under. Default: none. */
  licences?: readonly RfqLicence[] | undefined;
  log?: AgentLog | undefined;
};

/** One autopilot per demo participant, each also voting, proposing and executing as a DAO member. */
function createDemoAgents(p: CreateDemoAgentsParameters): Agent[] {
  const timeScale = p.timeScale ?? 1200;
  const rate = p.rate ?? 12;
  const documents = createDocumentStore(p.dataDir);
  const customers = p.network.customers.length;
  const chain = (realSeconds: number) => Math.max(1, Math.round(realSeconds * timeScale));
  const agents: Agent[] = [];
  for (const { spec, client } of p.network.manufacturers) {
    agents.push(
      createManufacturerAgent({
        name: spec.name,
        client,
        readModel: p.readModel,
        machines: spec.machines,
        materials: spec.materials,
        simulateProduction: true,
        slowShare: spec.slowShare,
        stakeTarget: 8_000_000_000n,
        // Do not start a bid in the last real second of the window.
        bidCloseMargin: chain(1),
        planning: p.planning,
        breakdownShare: p.planning ? (p.breakdownShare ?? 0.05) : 0,
        documents,
        citeReadings: true,
        anchorWait: p.anchorIntervalMs ? chain(p.anchorIntervalMs / 1000 + 5) : 0,
        traceShare: p.traceShare ?? 0.5,
        log: p.log,
      }),
    );
  }
  for (const { spec, client } of p.network.customers) {
    agents.push(
      createCustomerAgent({
        name: spec.name,
        client,
        readModel: p.readModel,
        rfqInterval: rate > 0 ? chain((60 * customers) / rate) : 0,
        maxOpenRfqs: 4,
        biddingSeconds: chain(p.biddingRealSeconds ?? 10),
        inspectionSeconds: chain(2),
        counterOfferWait: chain(4),
        awardSlack: chain(3),
        fates: p.fates,
        useFaucet: true,
        documents,
        licences: p.licences,
        log: p.log,
      }),
    );
  }
  agents.push(
    createCertifierAgent({
      network: p.network,
      credentialsDir: p.dataDir ? path.join(p.dataDir, "credentials") : undefined,
      log: p.log,
    }),
    createArbiterAgent({
      name: p.network.arbiter.spec.name,
      client: p.network.arbiter.client,
      readModel: p.readModel,
      evidenceWindow: chain(6),
      log: p.log,
    }),
  );
  return withDemoGovernance(agents, p.network, p.log);
}

/**
 * The demo's certification body: once a chain week, renews the manufacturers' certifications that
 * expire within 90 days (at 1,200× a three-year certificate lasts about 7 real hours).
 */
function createCertifierAgent(p: {
  network: DemoNetwork;
  credentialsDir: string | undefined;
  log?: AgentLog | undefined;
}): Agent {
  const week = 7 * 86_400;
  let nextCheck = 0;
  return {
    name: p.network.certifier.spec.name,
    client: p.network.certifier.client,
    async step(tick) {
      if (tick.now < nextCheck) return;
      try {
        await renewDemoCertifications({
          network: p.network,
          credentialsDir: p.credentialsDir,
          log: (message) => p.log?.("info", message),
        });
        nextCheck = tick.now + week;
      } catch (error) {
        p.log?.(
          "warn",
          `${p.network.certifier.spec.name}: renewing certifications failed (retrying): ${(error as Error).message.split("\n")[0]}`,
        );
      }
    },
    actions: () => [],
  };
}

/** Parameters of `startDemo`. */
export type StartDemoParameters = {
  /** The node whose read model the agents decide from (`createNode`'s result, or its parts). */
  node: {
    database: Pick<Database, "db">;
    indexer: Pick<Indexer, "status" | "subscribe">;
    deployment: DemoNetworkParametersDeployment;
    config: { rpcUrl: string; dataDir: string; anchor?: { intervalMs: number } | undefined };
    /** Makers plan with it (bids, reservations, re-plans after demo breakdowns). Default: none. */
    planning?: Pick<PlanningService, "planNetwork" | "replanNetwork"> | undefined;
    /** The node's IPFS node: when it runs, the demo's designs and confidential packages go through it. */
    ipfs?: IpfsNode | undefined;
    /** The node's IoT gateway: when it runs, the demo machines publish telemetry to it. */
    gateway?: { url: () => string | undefined } | undefined;
  };
  /** Clients of the demo accounts. Default: `demoNetwork({ rpcUrl: node.config.rpcUrl, deployment })`. */
  network?: DemoNetwork | undefined;
  /** Where documents live. Default: `node.config.dataDir`. */
  dataDir?: string | undefined;
  /**
   * The node's API, with `node.ipfs`: then a third of the RFQs carry a confidential package, which the
   * winners read through a second IPFS node of their own. Default: no packages.
   */
  nodeUrl?: string | undefined;
  /** RFQs per real minute across all customers. Default: 12. */
  rate?: number | undefined;
  /** Chain seconds per real second (local chains only; 1 = real time). Default: 1200. */
  timeScale?: number | undefined;
  /** Real seconds RFQs stay open for bids. Default: 10. */
  biddingRealSeconds?: number | undefined;
  /** Shares of disputed, cancelled and negotiated orders. Default: 0.12, 0.08, 0.25. */
  fates?: Partial<OrderFates> | undefined;
  /** With `node.planning`: share of reservations whose machine breaks down first. Default: 0.05. */
  breakdownShare?: number | undefined;
  /** Share of shipped orders whose parts the makers trace (EPCIS events on chain). Default: 0.5. */
  traceShare?: number | undefined;
  /** Pause between agent rounds in ms. Default: 500. */
  intervalMs?: number | undefined;
  /**
   * Real ms between a demo machine's telemetry messages, when the node's gateway runs; 0 turns
   * telemetry off. Default: 5000.
   */
  telemetryIntervalMs?: number | undefined;
  log?: AgentLog | undefined;
};
type DemoNetworkParametersDeployment = Parameters<typeof demoNetwork>[0]["deployment"];

/** The running demo. */
export type Demo = {
  network: DemoNetwork;
  runner: AgentRunner;
  /** The machines' telemetry, when the node's gateway runs. */
  telemetry: DemoTelemetry | undefined;
  /** Stops the telemetry and the agents (a transaction in flight lands first), then the time warp. Safe to call twice. */
  stop: () => Promise<void>;
};

/**
 * Seeds the demo network (only what is missing), starts the time warp and the agents.
 * @example const demo = await startDemo({ node }); process.once("SIGINT", async () => { await demo.stop(); await node.stop(); });
 */
export async function startDemo(p: StartDemoParameters): Promise<Demo> {
  const log = p.log ?? (() => {});
  const dataDir = p.dataDir ?? p.node.config.dataDir;
  const network = p.network ?? demoNetwork({ rpcUrl: p.node.config.rpcUrl, deployment: p.node.deployment });
  const timeScale = p.timeScale ?? 1200;
  await restoreChainTime(network.governance);
  const seeded = await seedDemo({
    network,
    documents: createDocumentStore(dataDir),
    credentialsDir: path.join(dataDir, "credentials"),
    log: (message) => log("info", `seed: ${message}`),
  });
  if (seeded.transactions > 0) log("info", `seed: ${seeded.transactions} transactions`);
  let licences: RfqLicence[] = [];
  if (p.node.ipfs) {
    const designTransactions = await seedDemoDesigns({
      network,
      ipfs: p.node.ipfs,
      documents: createDocumentStore(dataDir),
      log: (message) => log("info", `seed: ${message}`),
    });
    if (designTransactions > 0) log("info", `seed: ${designTransactions} design and key transactions`);
    licences = await openDemoLicences(network);
  }
  const warp = startTimeWarp({ client: network.governance, timeScale, log });
  const readModel = createSqlReadModel(p.node.database.db);
  // The makers' own IPFS node: packages reach it from the node's over bitswap, as from another site.
  const makersIpfs =
    p.node.ipfs && p.nodeUrl
      ? createIpfsNode({
          dataDir: path.join(dataDir, "makers-node"),
          config: { kind: "helia", listen: [], peers: p.node.ipfs.identity().multiaddrs },
        })
      : undefined;
  await makersIpfs?.start();
  const demoAgents = createDemoAgents({
    network,
    readModel,
    dataDir,
    rate: p.rate,
    timeScale,
    biddingRealSeconds: p.biddingRealSeconds,
    fates: p.fates,
    planning: p.node.planning,
    breakdownShare: p.breakdownShare,
    // Only readings a running anchorer seals are worth waiting for.
    anchorIntervalMs: p.node.config.anchor && p.node.gateway?.url() ? p.node.config.anchor.intervalMs : undefined,
    traceShare: p.traceShare,
    licences,
    log,
  });
  const runner = createAgentRunner({
    agents:
      makersIpfs && p.nodeUrl
        ? withDemoPackages(demoAgents, { network, readModel, nodeUrl: p.nodeUrl, makersIpfs, log })
        : demoAgents,
    readModel,
    indexer: p.node.indexer,
    reader: network.governance,
    intervalMs: p.intervalMs,
    log,
  });
  try {
    await runner.start();
  } catch (error) {
    await warp.stop();
    await makersIpfs?.stop();
    throw error;
  }
  const mqttUrl = p.node.gateway?.url();
  const telemetry =
    mqttUrl && p.telemetryIntervalMs !== 0
      ? startDemoTelemetry({ readModel, network, mqttUrl, intervalMs: p.telemetryIntervalMs, log })
      : undefined;
  let stopped = false;
  return {
    network,
    runner,
    telemetry,
    async stop() {
      if (stopped) return;
      stopped = true;
      await telemetry?.stop();
      await runner.stop();
      await warp.stop();
      await makersIpfs?.stop();
    },
  };
}
