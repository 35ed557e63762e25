import { type Address, getAddress, numberToHex, pad } from "viem";
import { orderMarketAbi } from "../../generated/abis.ts";
import { type ScanOptions, scanLogs } from "../../internal/logs.ts";
import type { DipnetReadClient } from "../../types.ts";
import { type GetBidReturnType, getBid } from "./getBid.ts";

/** Parameters of `listBids`. */
export type ListBidsParameters = ScanOptions & { orderId: bigint };
/** Every manufacturer that bid or committed on the RFQ, with current terms. */
export type ListBidsReturnType = GetBidReturnType[];

/** Lists the bids on `orderId`: bidders from the event logs, current terms from storage. */
export async function listBids(client: DipnetReadClient, p: ListBidsParameters): Promise<ListBidsReturnType> {
  const logs = await scanLogs(client, {
    ...p,
    address: client.deployment.contracts.orderMarket,
    abi: orderMarketAbi,
    topics: [null, pad(numberToHex(p.orderId))],
  });
  const makers = new Set<Address>();
  for (const log of logs) {
    if (log.eventName === "BidPlaced" || log.eventName === "BidCommitted" || log.eventName === "BidRevealed") {
      if (log.args.orderId === p.orderId) makers.add(getAddress(log.args.maker));
    }
  }
  return Promise.all([...makers].map((maker) => getBid(client, { orderId: p.orderId, maker })));
}
