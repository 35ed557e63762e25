import type { Hash } from "viem";
import { orderMarketAbi, participantRegistryAbi } from "./generated/abis.ts";
import type { DipnetReadClient } from "./types.ts";

/** A decoded event of a DIPNET contract. */
export type DipnetEvent = {
  contract: "orderMarket" | "participantRegistry";
  eventName: string;
  args: Record<string, unknown>;
  blockNumber: bigint;
  logIndex: number;
  transactionHash: Hash;
};

/** Options for watching events. */
export type WatchOptions = {
  /** Also deliver events from this block on. Default: only new events. */
  fromBlock?: bigint | undefined;
  /** Poll interval in ms. Default: the client's. */
  pollingInterval?: number | undefined;
  /** Called on RPC errors (watching continues). Default: ignore. */
  onError?: ((error: Error) => void) | undefined;
};

function watchContract(
  client: DipnetReadClient,
  contract: DipnetEvent["contract"],
  abi: typeof orderMarketAbi | typeof participantRegistryAbi,
  onEvent: (event: DipnetEvent) => void,
  options: WatchOptions,
) {
  return client.publicClient.watchContractEvent({
    address: client.deployment.contracts[contract],
    abi,
    poll: true,
    ...(options.fromBlock !== undefined ? { fromBlock: options.fromBlock } : {}),
    ...(options.pollingInterval !== undefined ? { pollingInterval: options.pollingInterval } : {}),
    onError: options.onError,
    onLogs: (logs) => {
      for (const log of logs) {
        onEvent({
          contract,
          eventName: log.eventName,
          args: log.args as Record<string, unknown>,
          blockNumber: log.blockNumber,
          logIndex: log.logIndex,
          transactionHash: log.transactionHash,
        });
      }
    },
  });
}

/**
 * Calls `onEvent` for each new, decoded `OrderMarket` event, in chain order. Returns `unwatch`.
 * @example const unwatch = watchMarketEvents(client, (e) => console.log(e.eventName, e.args));
 */
export function watchMarketEvents(
  client: DipnetReadClient,
  onEvent: (event: DipnetEvent) => void,
  options: WatchOptions = {},
) {
  return watchContract(client, "orderMarket", orderMarketAbi, onEvent, options);
}

/** Calls `onEvent` for each new, decoded `ParticipantRegistry` event. Returns `unwatch`. */
export function watchRegistryEvents(
  client: DipnetReadClient,
  onEvent: (event: DipnetEvent) => void,
  options: WatchOptions = {},
) {
  return watchContract(client, "participantRegistry", participantRegistryAbi, onEvent, options);
}
