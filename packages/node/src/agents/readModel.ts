// The agents' port to the node: exactly what the autopilot agents and the demo read from the read
// model, and the two records they keep with the node (EPCIS events, demo device keys). Agents and
// demo take an `AgentReadModel`, never the database: `createSqlReadModel` (readModelSql.ts) is its
// implementation over the node's store. Rows are the store's rows, addresses in them lowercase;
// addresses given as arguments may be in any case.
import type { LedgerSnapshot } from "@dipnet/planner";
import type { EpcisEvent, PostedOrderStatus, ReadingCitation } from "@dipnet/sdk";
import type { Hex } from "viem";
import type {
  BidsTable,
  DowntimesTable,
  MachinesTable,
  OrdersTable,
  ParticipantsTable,
  ReservationsTable,
} from "../core/db/schema.ts";
import type { Device, DeviceName, RegisterDeviceParameters } from "../modules/iot/registry.ts";

export type OrderRow = OrdersTable;
export type BidRow = BidsTable;
export type ParticipantRow = ParticipantsTable;
export type MachineRow = MachinesTable;
export type ReservationRow = ReservationsTable;
export type DowntimeRow = DowntimesTable;

/** An order's event with its decoded arguments. */
export type OrderEvent = { name: string; blockTime: number; args: Record<string, unknown> };

/** What the maker's machines reported about an order: anchored and not yet anchored messages. */
export type OrderReadings = { anchored: ReadingCitation[]; pending: number };

/** Which reservations: every given filter applies; an empty list matches nothing. */
export type ReservationQuery = {
  machineIds?: readonly number[] | undefined;
  orderIds?: readonly number[] | undefined;
  reservationIds?: readonly number[] | undefined;
  /** Default: any. */
  status?: ReservationsTable["status"] | undefined;
  /** Only those whose time `[start_time, end_time)` covers this instant. */
  at?: number | undefined;
};

/** Which downtimes of `machineIds`: every given filter applies. */
export type DowntimeQuery = {
  machineIds: readonly number[];
  /** Only those declared after this time. */
  declaredAfter?: number | undefined;
  /** Only those whose time `[start_time, end_time)` covers this instant. */
  at?: number | undefined;
};

/** The node as the agents and the demo see it. */
export type AgentReadModel = {
  /** Orders with `filter`'s customer, maker and ids, in the given statuses, oldest first. */
  ordersOf: (
    filter: { customer?: string | undefined; maker?: string | undefined; ids?: readonly number[] | undefined },
    statuses: readonly PostedOrderStatus[],
  ) => Promise<OrderRow[]>;
  /**
   * Orders `maker` produced or produces that still matter for its calendar: open ones and those
   * closed or shipped since `since`, in award order.
   */
  calendarOrders: (maker: string, since: number) => Promise<OrderRow[]>;
  /** Open RFQs whose bidding window is still open at `now`, oldest first. Default `limit`: 200. */
  biddableRfqs: (now: number, limit?: number) => Promise<OrderRow[]>;
  /** `customer`'s newest order's creation time (for pacing RFQs), how many orders it has, and how many are open. */
  customerPace: (customer: string) => Promise<{ lastCreatedAt: number | undefined; open: number; total: number }>;
  /** `maker`'s bids on orders in `orderStatus`, each with its order. */
  bidsOf: (maker: string, orderStatus: PostedOrderStatus) => Promise<(BidRow & { o: OrderRow })[]>;
  /** Every bid on an order, oldest first. */
  bidsOn: (orderId: number) => Promise<BidRow[]>;
  /** Whether `maker` ever bid on `orderId` (any state). */
  hasBid: (orderId: number, maker: string) => Promise<boolean>;
  /** Events of an order with the given names, in chain order. */
  orderEvents: (orderId: number, names: readonly string[]) => Promise<OrderEvent[]>;

  /** The participant, if registered. */
  participantOf: (account: string) => Promise<ParticipantRow | undefined>;
  /** What `contract` owes `account` in `token` (base units). */
  owedOf: (contract: string, token: string, account: string) => Promise<bigint>;
  /** Slashed stake the registry owes `account`, in any token. */
  slashedOf: (registry: string, account: string) => Promise<bigint>;
  /** The market's late-delivery grace as indexed (seconds), if the market is indexed. */
  lateGrace: (market: string) => Promise<number | undefined>;

  /** The capacity ledger's machines of `owners` (active or not), in registration order. */
  machinesOf: (owners: readonly string[]) => Promise<MachineRow[]>;
  /** Reservations on the capacity ledger, by reservation id. */
  reservations: (query: ReservationQuery) => Promise<ReservationRow[]>;
  /** Declared downtimes on the capacity ledger. */
  downtimes: (query: DowntimeQuery) => Promise<DowntimeRow[]>;
  /** The whole ledger, as re-planning after downtime needs it. */
  ledgerSnapshot: (now: number) => Promise<LedgerSnapshot>;

  /**
   * The messages in which `maker`'s devices reported working on `orderId` (an `order_id` reading):
   * citations (with proofs) of at most `limit` (default 3) anchored ones spread over the job — first,
   * last and evenly between — and how many are not anchored yet.
   */
  orderReadings: (p: {
    maker: string;
    orderId: number;
    chainId: number;
    registry: string;
    limit?: number | undefined;
  }) => Promise<OrderReadings>;
  /** A device registered with the node (locally or from the chain), if any. */
  device: (name: DeviceName) => Promise<Device | undefined>;
  /** The numeric value of a device's latest reading of `metric`, if any. */
  lastReading: (name: DeviceName, metric: string) => Promise<number | undefined>;

  /**
   * Timestamp of indexed block `block`; when its header is no longer kept, the time of the latest
   * indexed event (0 when there is none).
   */
  indexedBlockTime: (block: number) => Promise<number>;

  /** Validates and stores an EPCIS event with the node (idempotent); returns its hash. */
  storeTraceEvent: (event: EpcisEvent) => Promise<Hex>;
  /** Registers a device key with the node (demo, without an evidence registry). Throws `DeviceRegistryError`. */
  registerDevice: (p: RegisterDeviceParameters) => Promise<Device>;
};

/** Who has put evidence into the dispute of `orderId` (the opener counts), and when it opened. */
export async function disputeEvidence(
  readModel: Pick<AgentReadModel, "orderEvents">,
  orderId: number,
): Promise<{ openedAt: number | undefined; parties: Set<string> }> {
  const events = await readModel.orderEvents(orderId, ["DisputeOpened", "EvidenceSubmitted"]);
  return {
    openedAt: events.find((e) => e.name === "DisputeOpened")?.blockTime,
    parties: new Set(events.map((e) => String(e.args.by).toLowerCase())),
  };
}
