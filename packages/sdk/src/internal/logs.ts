import { type Abi, type Address, formatLog, type Hex, type Log, numberToHex, parseEventLogs, type RpcLog } from "viem";
import type { DipnetReadClient } from "../types.ts";

/** Options for scanning logs. */
export type ScanOptions = {
  /** First block. Default: the deployment block. */
  fromBlock?: bigint | undefined;
  /** Last block. Default: the latest block. */
  toBlock?: bigint | undefined;
  /** Blocks per `eth_getLogs` request, bounded so responses stay small on any RPC. Default: 10,000. */
  blockRange?: bigint | undefined;
};

/**
 * Fetches and decodes `abi`'s events emitted by `address`, optionally filtered by raw topics,
 * in block ranges (standard `eth_getLogs` only, so any JSON-RPC provider works).
 */
export async function scanLogs<const abi extends Abi>(
  client: DipnetReadClient,
  parameters: { address: Address; abi: abi; topics?: (Hex | Hex[] | null)[] | undefined } & ScanOptions,
) {
  const from = parameters.fromBlock ?? BigInt(client.deployment.deployBlock);
  // Uncached: viem caches the block number, which would hide logs of a transaction just mined.
  const to = parameters.toBlock ?? (await client.publicClient.getBlockNumber({ cacheTime: 0 }));
  const range = parameters.blockRange ?? 10_000n;
  const raw: Log[] = [];
  for (let start = from; start <= to; start += range) {
    const end = start + range - 1n < to ? start + range - 1n : to;
    const logs = (await client.publicClient.request({
      method: "eth_getLogs",
      params: [
        {
          address: parameters.address,
          fromBlock: numberToHex(start),
          toBlock: numberToHex(end),
          ...(parameters.topics ? { topics: parameters.topics } : {}),
        },
      ],
    })) as RpcLog[];
    for (const log of logs) raw.push(formatLog(log));
  }
  return parseEventLogs({ abi: parameters.abi, logs: raw });
}
