import type { Address, Hex } from "viem";
import { orderMarketAbi } from "../../generated/abis.ts";
import { orderStatuses } from "../../generated/enums.ts";
import { type ScanOptions, scanLogs } from "../../internal/logs.ts";
import type { DipnetReadClient, OrderStatus } from "../../types.ts";

/** Parameters of `listRfqs`: filters, and the block range to scan. */
export type ListRfqsParameters = ScanOptions & {
  /** Only RFQs in these statuses. Default: all. */
  status?: readonly OrderStatus[] | undefined;
  /** Only RFQs of this customer. Default: all. */
  customer?: Address | undefined;
};
/** One RFQ as posted (from `RfqCreated`) with its current status. */
export type RfqSummary = {
  orderId: bigint;
  status: OrderStatus;
  customer: Address;
  paymentToken: Address;
  specHash: Hex;
  specURI: string;
  process: string;
  material: string;
  quantity: number;
  budget: bigint;
  bond: bigint;
  deadline: number;
  biddingEnds: number;
  revealEnds: number;
  milestoneBps: readonly number[];
  invitees: readonly Address[];
  blockNumber: bigint;
};
/** RFQs in id order. */
export type ListRfqsReturnType = RfqSummary[];

/** Lists RFQs from `RfqCreated` logs (spec URI, process and material live only there) with their current status. */
export async function listRfqs(client: DipnetReadClient, p: ListRfqsParameters = {}): Promise<ListRfqsReturnType> {
  const address = client.deployment.contracts.orderMarket;
  const logs = await scanLogs(client, { ...p, address, abi: orderMarketAbi });
  const created = logs.filter((log) => log.eventName === "RfqCreated");
  const rfqs = await Promise.all(
    created.map(async (log) => {
      const { orderId, customer, params: args } = log.args;
      const order = await client.publicClient.readContract({
        address,
        abi: orderMarketAbi,
        functionName: "getOrder",
        args: [orderId],
      });
      return {
        orderId,
        status: orderStatuses[order.status] ?? "None",
        customer,
        paymentToken: args.paymentToken,
        specHash: args.specHash,
        specURI: args.specURI,
        process: args.process,
        material: args.material,
        quantity: args.quantity,
        budget: args.budget,
        bond: args.bond,
        deadline: args.deadline,
        biddingEnds: args.biddingEnds,
        revealEnds: args.revealEnds,
        milestoneBps: args.milestoneBps,
        invitees: args.invitees,
        blockNumber: log.blockNumber,
      } satisfies RfqSummary;
    }),
  );
  return rfqs
    .filter((r) => !p.status || p.status.includes(r.status))
    .filter((r) => !p.customer || r.customer.toLowerCase() === p.customer.toLowerCase())
    .sort((a, b) => (a.orderId < b.orderId ? -1 : 1));
}
