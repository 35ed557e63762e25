import { type Address, getAddress } from "viem";
import { orderMarketAbi } from "../../generated/abis.ts";
import { computeScorecard, type ReputationEvent, type Scorecard } from "../../reputation.ts";
import type { DipnetReadClient } from "../../types.ts";

/** The OrderMarket events a scorecard reads. */
export const reputationEventNames = [
  "RfqCreated",
  "BidPlaced",
  "BidCommitted",
  "OrderAwarded",
  "OrderShipped",
  "OrderDefaulted",
  "OrderAccepted",
  "DisputeOpened",
  "DisputeResolved",
] as const;

/**
 * A manufacturer's scorecard straight from chain logs (no node): every OrderMarket event since the
 * deployment, with block times from the block headers.
 */
export async function getScorecard(
  client: DipnetReadClient,
  p: { maker: Address; toBlock?: bigint | undefined },
): Promise<Scorecard> {
  const logs = await client.publicClient.getContractEvents({
    address: client.deployment.contracts.orderMarket,
    abi: orderMarketAbi,
    fromBlock: BigInt(client.deployment.deployBlock),
    toBlock: p.toBlock ?? "latest",
    strict: true,
  });
  const names = new Set<string>(reputationEventNames);
  const relevant = logs.filter((log) => names.has(log.eventName));
  const times = new Map<bigint, number>();
  for (const log of relevant) {
    const at = (log as { blockTimestamp?: bigint | undefined }).blockTimestamp;
    if (at !== undefined) times.set(log.blockNumber, Number(at));
  }
  const missing = [...new Set(relevant.map((l) => l.blockNumber))].filter((n) => !times.has(n));
  for (let i = 0; i < missing.length; i += 20) {
    await Promise.all(
      missing.slice(i, i + 20).map(async (blockNumber) => {
        const block = await client.publicClient.getBlock({ blockNumber });
        times.set(blockNumber, Number(block.timestamp));
      }),
    );
  }
  const events: ReputationEvent[] = relevant.map((log) => ({
    name: log.eventName,
    blockTime: times.get(log.blockNumber) ?? 0,
    args: log.args as Record<string, unknown>,
  }));
  return computeScorecard(events, getAddress(p.maker));
}
