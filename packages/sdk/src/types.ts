import type { Account, Address, Chain, Hash, PublicClient, TransactionReceipt, Transport, WalletClient } from "viem";
import { type bidStates, orderStatuses } from "./generated/enums.ts";

/** Addresses of one DIPNET deployment, as stored in `<dataDir>/deployments.json`. */
export type Deployment = {
  chainId: number;
  /** Block the first contract was deployed in; event scans start here. */
  deployBlock: number;
  contracts: {
    orderMarket: Address;
    participantRegistry: Address;
    /** Only on local chains. */
    testStablecoin?: Address | undefined;
    /** Machines, reservations and downtime. Absent in deployments made before it existed. */
    capacityLedger?: Address | undefined;
    /** Governance-admitted certifiers; EAS resolver of the certification schemas. */
    certifierRegistry?: Address | undefined;
    /** Ethereum Attestation Service and its schema registry. */
    eas?: Address | undefined;
    schemaRegistry?: Address | undefined;
    /** ERC-1056 registry behind did:ethr identities. */
    didRegistry?: Address | undefined;
    /** Device keys bound to machines, and Merkle roots of anchored device messages. */
    evidenceRegistry?: Address | undefined;
    /** Designs as ERC-721 tokens and their licences to manufacture. */
    designRegistry?: Address | undefined;
    /** Orders' confidential packages: NDA acceptances and key grants. */
    confidentialAccess?: Address | undefined;
    /** Inspections and logistics legs booked on orders, paid from the order's credits. */
    orderServices?: Address | undefined;
    /** DIP, the governance token (ERC-20 votes). Absent in deployments made before governance. */
    dipToken?: Address | undefined;
    /** The timelock that executes what governance decides (and holds the treasury). */
    timelock?: Address | undefined;
    /** The Governor DIP holders propose and vote in. */
    governor?: Address | undefined;
    /** Contribution points per epoch and their DIP rewards. Absent without a DAO, or in older deployments. */
    contributionRewards?: Address | undefined;
  };
};

/** Read-only access: enough for views, event logs and watching. */
export type DipnetReadClient = {
  chain: Chain;
  deployment: Deployment;
  publicClient: PublicClient<Transport, Chain>;
  /** Names known addresses in error messages (e.g. `bob (0x7099…79C8)`). Default: none. */
  nameOf?: ((address: Address) => string | undefined) | undefined;
};

/** Read and write access for one signer. */
export type DipnetClient = DipnetReadClient & {
  account: Account;
  walletClient: WalletClient<Transport, Chain, Account>;
};

/** What every write action returns besides its decoded result. */
export type WriteResult = {
  hash: Hash;
  blockNumber: bigint;
  receipt: TransactionReceipt;
};

/** Name of an order's status (`IOrderMarket.Status`); `None` where there is no such order. */
export type OrderStatus = (typeof orderStatuses)[number];
/** The status of an order that exists. */
export type PostedOrderStatus = Exclude<OrderStatus, "None">;
/** The statuses an order that exists can be in, in lifecycle order (the contract's without `None`). */
export const postedOrderStatuses: readonly PostedOrderStatus[] = orderStatuses.filter(
  (s): s is PostedOrderStatus => s !== "None",
);
/** Name of a bid's state (`IOrderMarket.BidState`). */
export type BidState = (typeof bidStates)[number];

/** Participant role bits (`IParticipantRegistry`): a participant may hold several. */
export const roles = { customer: 1, manufacturer: 2, inspector: 4, logistics: 8 } as const;
/** Name of a participant role. */
export type RoleName = keyof typeof roles;

/** Symbol and decimals of an ERC-20 token. */
export type TokenInfo = { address: Address; symbol: string; decimals: number };
