// What every agent shares: a runner that gives each agent one decision step per round, and a guard
// that makes actions restart-safe. Agents decide only from the read model (their port,
// `AgentReadModel`) and act only through the SDK. An action that landed is known by state, not by memory: the guard merely holds a
// decision back until the indexer has indexed the block of the agent's own last transaction on
// that subject (so the agent never acts twice on a stale view), and at start-up until the agent's
// account has nothing in flight and the indexer has reached the chain head seen then.
import { ContractRevertError, type DipnetClient, type DipnetReadClient, type WriteResult } from "@dipnet/sdk";
import type { Indexer } from "../core/indexer/indexer.ts";
import type { AgentReadModel } from "./readModel.ts";

/** Diagnostics sink. */
export type AgentLog = (level: "info" | "warn" | "error", message: string) => void;

/** What an agent sees at the start of a round. */
export type AgentTick = {
  /** Chain time: timestamp of the head block. */
  now: number;
  /** Head block number. */
  head: number;
  /** Last block the read model includes. */
  indexed: number;
  /** Timestamp of the indexed block (0 when unknown). Everything before it is in the read model. */
  indexedTime: number;
};

/** An autopilot: one decision step per round. */
export type Agent = {
  name: string;
  client: DipnetClient;
  /** Decides from the read model and acts. Must not throw for expected chain outcomes. */
  step: (tick: AgentTick) => Promise<void>;
  /** Actions this agent performed since it was created (label and block), for logs and tests. */
  actions: () => readonly AgentAction[];
};

/** One transaction an agent sent. */
export type AgentAction = { agent: string; key: string; label: string; block: number; hash: string };

/** Holds decisions back until the read model shows the agent's own last action on each subject. */
export type ActionGuard = {
  /**
   * Runs `send` unless an earlier action on `key` is not indexed yet (or failed recently). Reverts
   * (the state moved on) and RPC errors are logged and retried on a later round, never thrown.
   * Returns whether a transaction landed.
   */
  act: (tick: AgentTick, key: string, label: string, send: () => Promise<WriteResult>) => Promise<boolean>;
  /** Whether any own action is not in the read model yet (then global decisions wait). */
  busy: (tick: AgentTick) => boolean;
  /** Whether `key` may be acted on now. */
  ready: (tick: AgentTick, key: string) => boolean;
  actions: () => readonly AgentAction[];
};

/** Creates an agent's action guard. `retryMs` is the pause after a failed action. Default 2000. */
export function createActionGuard(name: string, log: AgentLog, retryMs = 2_000): ActionGuard {
  const waitBlock = new Map<string, number>();
  const retryAt = new Map<string, number>();
  const done: AgentAction[] = [];
  const ready = (tick: AgentTick, key: string) =>
    tick.indexed >= (waitBlock.get(key) ?? 0) && Date.now() >= (retryAt.get(key) ?? 0);
  return {
    ready,
    busy: (tick) => {
      for (const block of waitBlock.values()) if (block > tick.indexed) return true;
      return false;
    },
    actions: () => done,
    async act(tick, key, label, send) {
      if (!ready(tick, key)) return false;
      try {
        const result = await send();
        const block = Number(result.blockNumber);
        waitBlock.set(key, block);
        retryAt.delete(key);
        done.push({ agent: name, key, label, block, hash: result.hash });
        log("info", `${name}: ${label} (block ${block})`);
        return true;
      } catch (error) {
        retryAt.set(key, Date.now() + retryMs);
        if (error instanceof ContractRevertError) {
          log("info", `${name}: ${label} not done: ${error.errorName} (the chain moved on; deciding again)`);
        } else {
          log("warn", `${name}: ${label} failed: ${(error as Error).message.split("\n")[0]}`);
        }
        return false;
      }
    },
  };
}

/** Waits until `client`'s account has no transaction in flight (pending nonce = mined nonce). */
async function settleAccount(client: DipnetClient, timeoutMs = 60_000): Promise<void> {
  const address = client.account.address;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [pending, latest] = await Promise.all([
      client.publicClient.getTransactionCount({ address, blockTag: "pending" }),
      client.publicClient.getTransactionCount({ address, blockTag: "latest" }),
    ]);
    if (pending === latest) return;
    if (Date.now() > deadline) throw new Error(`${address} still has ${pending - latest} transaction(s) in flight`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Parameters of `createAgentRunner`. */
export type CreateAgentRunnerParameters = {
  agents: readonly Agent[];
  readModel: Pick<AgentReadModel, "indexedBlockTime">;
  indexer: Pick<Indexer, "status" | "subscribe">;
  /** Reads the chain head. Default: the first agent's client. */
  reader?: DipnetReadClient | undefined;
  /** Pause between rounds in ms; a newly indexed block starts a round early. Default: 500. */
  intervalMs?: number | undefined;
  log?: AgentLog | undefined;
};

/** Runs agents in rounds until stopped. */
export type AgentRunner = {
  /** Settles every agent's account, then starts the rounds. */
  start: () => Promise<void>;
  /** Finishes the current round (a transaction in flight lands) and stops. Safe to call twice. */
  stop: () => Promise<void>;
  /** Rounds completed. */
  rounds: () => number;
  actions: () => AgentAction[];
};

/**
 * Runs each agent's `step` once per round, all agents concurrently (each has its own account and
 * sends one transaction at a time). Rounds start only once the read model has reached the head seen
 * at start-up, so a restarted agent never acts on a view older than its own last transaction.
 * @example const runner = createAgentRunner({ agents, readModel, indexer }); await runner.start(); … await runner.stop();
 */
export function createAgentRunner(p: CreateAgentRunnerParameters): AgentRunner {
  const intervalMs = p.intervalMs ?? 500;
  const log = p.log ?? (() => {});
  const reader = p.reader ?? p.agents[0]?.client;
  let stopped = false;
  let loop: Promise<void> | undefined;
  let rounds = 0;
  let wake: (() => void) | undefined;
  let unsubscribe: (() => void) | undefined;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        wake = undefined;
        resolve();
      }, ms);
      wake = () => {
        clearTimeout(timer);
        wake = undefined;
        resolve();
      };
    });

  async function indexedTime(indexed: number, head: { number: number; timestamp: number }): Promise<number> {
    return indexed >= head.number ? head.timestamp : p.readModel.indexedBlockTime(indexed);
  }

  async function run(startHead: number): Promise<void> {
    while (!stopped) {
      try {
        if (!reader) return;
        const block = await reader.publicClient.getBlock({ blockTag: "latest" });
        const head = { number: Number(block.number), timestamp: Number(block.timestamp) };
        const indexed = p.indexer.status().indexedBlock ?? -1;
        if (indexed >= startHead) {
          const tick: AgentTick = {
            now: head.timestamp,
            head: head.number,
            indexed,
            indexedTime: await indexedTime(indexed, head),
          };
          await Promise.all(
            p.agents.map(async (agent) => {
              try {
                await agent.step(tick);
              } catch (error) {
                log("error", `${agent.name}: step failed: ${(error as Error).message.split("\n")[0]}`);
              }
            }),
          );
          rounds++;
        }
      } catch (error) {
        log("warn", `agents: round failed: ${(error as Error).message.split("\n")[0]}`);
      }
      if (!stopped) await sleep(intervalMs);
    }
  }

  return {
    async start() {
      if (loop || stopped) return;
      await Promise.all(p.agents.map((a) => settleAccount(a.client)));
      const startHead = reader ? Number(await reader.publicClient.getBlockNumber()) : 0;
      unsubscribe = p.indexer.subscribe((update) => {
        if (update.kind === "events") wake?.();
      });
      loop = run(startHead);
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      unsubscribe?.();
      wake?.();
      await loop;
    },
    rounds: () => rounds,
    actions: () => p.agents.flatMap((a) => a.actions()),
  };
}

// ------------------------------------------------------------------ deterministic choices

/** A number in [0, 1) from a string: the same input always gives the same number (restart-safe choices). */
export function unitHash(input: string): number {
  // FNV-1a, 32 bit, then a final avalanche (murmur3 fmix).
  let h = 0x811c9dc5;
  for (let i = 0; i < input.length; i++) {
    h ^= input.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 2 ** 32;
}
