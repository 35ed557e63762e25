// JSON-RPC access for the indexer: raw requests (no per-log formatting), errors classified as
// retryable or not, retryable ones retried with exponential backoff and jitter.
import { createPublicClient, type PublicClient, type Transport } from "viem";
import type { RpcLog } from "./decode.ts";

/** A block header as the indexer needs it. */
export type BlockHeader = { number: number; hash: string; parentHash: string; timestamp: number; logsBloom: string };

/** An RPC failure the indexer does not retry (bad request, unsupported method, wrong chain...). */
export class RpcFatalError extends Error {
  override name = "RpcFatalError";
}

/** The node answered with something that is not a valid result (e.g. null); retried. */
export class RpcInvalidResponseError extends Error {
  override name = "RpcInvalidResponseError";
}

/** How an RPC error should be handled. */
export type RpcErrorClass = "retry" | "shrink" | "fatal";

function* causes(error: unknown): Generator<Record<string, unknown>> {
  let current: unknown = error;
  for (let depth = 0; current && typeof current === "object" && depth < 8; depth++) {
    yield current as Record<string, unknown>;
    current = (current as { cause?: unknown }).cause;
  }
}

/** Classifies an error from a JSON-RPC call. */
export function classifyRpcError(error: unknown): RpcErrorClass {
  let fatal = false;
  for (const e of causes(error)) {
    const name = String(e.name ?? "");
    const message = String(e.details ?? e.shortMessage ?? e.message ?? "").toLowerCase();
    if (name === "ResponseBodyTooLargeError") return "shrink";
    const status = typeof e.status === "number" ? e.status : undefined;
    if (status === 429 || status === 408 || (status !== undefined && status >= 500)) return "retry";
    // Providers' ways of saying "ask for fewer logs".
    if (
      /too many (results|logs|blocks)|response (size|is too large|too large)|more than \d+ results|range (is )?too (large|wide)|block range|exceeds? the (max|limit)/.test(
        message,
      )
    ) {
      return "shrink";
    }
    if (
      name === "RpcInvalidResponseError" ||
      name === "TimeoutError" ||
      name === "AbortError" ||
      name === "SocketClosedError"
    )
      return "retry";
    if (status !== undefined && status >= 400) fatal = true;
    const code = typeof e.code === "number" ? e.code : undefined;
    if (code !== undefined) {
      // -32005 limit exceeded / rate limited, -32603 internal, -32000 server error (often "header not found").
      if (code === -32005 || code === -32603 || code === -32000 || code === -32002) return "retry";
      if (code === -32601 || code === -32602 || code === -32600 || code === -32700) fatal = true;
    }
    if (name === "HttpRequestError" && status === undefined) return "retry"; // connection refused, reset, DNS
    if (/fetch failed|econnrefused|econnreset|socket hang up|network/.test(message)) return "retry";
  }
  return fatal ? "fatal" : "retry";
}

/** Backoff policy. */
export type RetryOptions = {
  /** Attempts per request before the error is passed on. Default: 6. */
  attempts?: number | undefined;
  /** First delay in ms; doubles each attempt. Default: 200. */
  baseDelayMs?: number | undefined;
  /** Largest delay in ms. Default: 10000. */
  maxDelayMs?: number | undefined;
  /** Called before each retry. */
  onRetry?: ((error: unknown, attempt: number, delayMs: number) => void) | undefined;
};

/** Delay before retry `attempt` (1-based): exponential with full jitter between half and all of it. */
export function backoffDelay(attempt: number, baseDelayMs = 200, maxDelayMs = 10_000): number {
  const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
}

export const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });

/** Runs `fn`, retrying retryable failures with backoff; "shrink" and "fatal" errors pass straight on. */
export async function withRetry<T>(fn: () => Promise<T>, options: RetryOptions = {}, signal?: AbortSignal): Promise<T> {
  const attempts = options.attempts ?? 6;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      const kind = classifyRpcError(error);
      if (kind !== "retry" || attempt >= attempts || signal?.aborted) throw error;
      const delay = backoffDelay(attempt, options.baseDelayMs, options.maxDelayMs);
      options.onRetry?.(error, attempt, delay);
      await sleep(delay, signal);
    }
  }
}

/** The chain calls the indexer makes. */
export type ChainReader = {
  chainId: () => Promise<number>;
  blockNumber: () => Promise<number>;
  /** Header of block `number`; throws RpcInvalidResponseError if the node does not have it. */
  header: (number: number) => Promise<BlockHeader>;
  /** Raw logs of `addresses` in [from, to]. */
  logs: (addresses: string[], from: number, to: number) => Promise<RpcLog[]>;
};

const hex = (n: number): string => `0x${n.toString(16)}`;

/** A ChainReader over any viem transport (one attempt per call: retries are the caller's). */
export function createChainReader(transport: Transport): ChainReader {
  const client: PublicClient = createPublicClient({ transport });
  const request = (method: string, params: unknown[]): Promise<unknown> =>
    client.request({ method, params } as never, { retryCount: 0 }) as Promise<unknown>;
  return {
    async chainId() {
      const result = await request("eth_chainId", []);
      if (typeof result !== "string")
        throw new RpcInvalidResponseError(`eth_chainId returned ${JSON.stringify(result)}`);
      return Number(result);
    },
    async blockNumber() {
      const result = await request("eth_blockNumber", []);
      if (typeof result !== "string")
        throw new RpcInvalidResponseError(`eth_blockNumber returned ${JSON.stringify(result)}`);
      return Number(result);
    },
    async header(number) {
      const block = (await request("eth_getBlockByNumber", [hex(number), false])) as Record<string, string> | null;
      if (!block || typeof block.hash !== "string" || Number(block.number) !== number) {
        throw new RpcInvalidResponseError(`eth_getBlockByNumber(${number}) returned no block`);
      }
      return {
        number,
        hash: block.hash.toLowerCase(),
        parentHash: String(block.parentHash).toLowerCase(),
        timestamp: Number(block.timestamp),
        logsBloom: String(block.logsBloom ?? ""),
      };
    },
    async logs(addresses, from, to) {
      const result = await request("eth_getLogs", [{ address: addresses, fromBlock: hex(from), toBlock: hex(to) }]);
      if (!Array.isArray(result))
        throw new RpcInvalidResponseError(`eth_getLogs returned ${JSON.stringify(result)?.slice(0, 80)}`);
      return result as RpcLog[];
    },
  };
}
