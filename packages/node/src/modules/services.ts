// What the composition hands every module's routes: the store, the deployment and the services
// some domains share (sessions, published documents, the planner, chain reads, the IoT gateway).
import type { DipnetReadClient } from "@dipnet/sdk";
import type { Kysely } from "kysely";
import type { Schema } from "../core/db/schema.ts";
import type { IpfsNode } from "../core/ipfs.ts";
import type { AuthOptions, SessionLookup } from "./auth/routes.ts";
import type { PublicationReplication } from "./documents/replication.ts";
import type { DocumentStore } from "./documents/store.ts";
import type { Gateway } from "./iot/gateway.ts";
import type { PlanningService } from "./planning/service.ts";

/** What the API serves about the deployment. */
export type ApiDeployment = {
  chainId: number;
  deployBlock: number;
  contracts: {
    orderMarket: string;
    participantRegistry: string;
    testStablecoin?: string | undefined;
    evidenceRegistry?: string | undefined;
    designRegistry?: string | undefined;
    confidentialAccess?: string | undefined;
    capacityLedger?: string | undefined;
    certifierRegistry?: string | undefined;
    /** The DAO's contracts: absent in deployments without one. */
    dipToken?: string | undefined;
    timelock?: string | undefined;
    governor?: string | undefined;
    contributionRewards?: string | undefined;
  };
};

/** Every module's routes get these. */
export type NodeServices = {
  db: Kysely<Schema>;
  deployment: ApiDeployment;
  /** Who is signed in (Sign-In with Ethereum). */
  sessions: SessionLookup;
  /** The origin browsers reach the API at; sign-in accepts messages for it only. */
  publicUrl?: string | undefined;
  /** Sign-In with Ethereum lifetimes and clock. */
  auth?: AuthOptions | undefined;
  /** Published documents (profiles, specifications, evidence) this node holds and stores. */
  documents?: DocumentStore | undefined;
  /** The planning worker, for the planner's proposal. */
  planning?: Pick<PlanningService, "planNetwork"> | undefined;
  /** Chain reads for what the node does not index (certifications). */
  chain?: DipnetReadClient | undefined;
  /** The IoT gateway, for its counters on /metrics. */
  gateway?: Pick<Gateway, "stats"> | undefined;
  /** Chain JSON-RPC offered to the dashboard at `POST /rpc`, and its timeout in ms. */
  rpcUrl?: string | undefined;
  rpcTimeoutMs: number;
  /** Whether the dashboard may offer the demo accounts. */
  demoAccounts: boolean;
  /** Messages an order's private thread may hold. */
  maxThreadMessages?: number | undefined;
  /** The IPFS node behind the vault. Default: none (vault routes answer 503). */
  ipfs?: IpfsNode | undefined;
  /** How long a vault fetch waits for data from peers, in ms. Default: 30000. */
  ipfsTimeoutMs?: number | undefined;
  /** Tells peers about new publications. Default: none (publications stay on this node). */
  replication?: Pick<PublicationReplication, "announce" | "stats"> | undefined;
};
