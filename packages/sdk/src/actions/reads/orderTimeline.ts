import { type Hash, numberToHex, pad } from "viem";
import { orderMarketAbi, participantRegistryAbi } from "../../generated/abis.ts";
import { type ScanOptions, scanLogs } from "../../internal/logs.ts";
import type { DipnetReadClient } from "../../types.ts";

/** Parameters of `orderTimeline`. */
export type OrderTimelineParameters = ScanOptions & { orderId: bigint };
/** One event in an order's life, decoded, with its block time. */
export type TimelineEntry = {
  eventName: string;
  contract: "orderMarket" | "participantRegistry";
  args: Record<string, unknown>;
  blockNumber: bigint;
  logIndex: number;
  transactionHash: Hash;
  timestamp: number;
};
/** Events in chain order. */
export type OrderTimelineReturnType = TimelineEntry[];

/** Every market event of `orderId` and the registry's bond events for it, in chain order, with block times. */
export async function orderTimeline(
  client: DipnetReadClient,
  p: OrderTimelineParameters,
): Promise<OrderTimelineReturnType> {
  const { orderMarket, participantRegistry } = client.deployment.contracts;
  const idTopic = pad(numberToHex(p.orderId));
  const [marketLogs, registryLogs] = await Promise.all([
    scanLogs(client, { ...p, address: orderMarket, abi: orderMarketAbi, topics: [null, idTopic] }),
    // Bond events index (market, orderId, account).
    scanLogs(client, {
      ...p,
      address: participantRegistry,
      abi: participantRegistryAbi,
      topics: [null, pad(orderMarket), idTopic],
    }),
  ]);
  const entries = [
    ...marketLogs
      .filter((log) => (log.args as { orderId?: bigint }).orderId === p.orderId)
      .map((log) => ({ log, contract: "orderMarket" as const })),
    ...registryLogs.map((log) => ({ log, contract: "participantRegistry" as const })),
  ].sort((a, b) =>
    a.log.blockNumber === b.log.blockNumber
      ? a.log.logIndex - b.log.logIndex
      : a.log.blockNumber < b.log.blockNumber
        ? -1
        : 1,
  );
  const blocks = new Map<bigint, number>();
  await Promise.all(
    [...new Set(entries.map((e) => e.log.blockNumber))].map(async (n) => {
      const block = await client.publicClient.getBlock({ blockNumber: n });
      blocks.set(n, Number(block.timestamp));
    }),
  );
  return entries.map(({ log, contract }) => ({
    eventName: log.eventName,
    contract,
    args: log.args as Record<string, unknown>,
    blockNumber: log.blockNumber,
    logIndex: log.logIndex,
    transactionHash: log.transactionHash,
    timestamp: blocks.get(log.blockNumber) ?? 0,
  }));
}
