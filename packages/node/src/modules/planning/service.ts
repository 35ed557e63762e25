// The node's planning service: the planner runs in one worker thread (node:worker_threads), so a
// long plan never blocks the API, the indexer or the agents on the main thread. Jobs run one at a
// time in submission order; the worker starts on the first job and is replaced if it dies.
import { Worker } from "node:worker_threads";
import {
  type FjspJob,
  type NetworkJob,
  PlanNetworkError,
  type PlanNetworkReturnType,
  type PlanningJobKind,
  type PlanningJobs,
  type ReplanJob,
  type ReplanNetworkReturnType,
  type SolveFjspReturnType,
} from "@dipnet/planner";
import type { Logger } from "pino";
import { silentLogger } from "../../core/log.ts";

/** Counters of the planning service. */
export type PlanningStats = { queued: number; running: number; completed: number; failed: number };

/** Planner calls answered by the worker thread. */
export type PlanningService = {
  /** `planNetwork` in the worker. Invalid input rejects with `PlanNetworkError` (field, reason). */
  planNetwork: (job: NetworkJob) => Promise<PlanNetworkReturnType>;
  /** `replanNetwork` in the worker. */
  replanNetwork: (job: ReplanJob) => Promise<ReplanNetworkReturnType>;
  /** `solveFjsp` in the worker. */
  solveFjsp: (job: FjspJob) => Promise<SolveFjspReturnType>;
  stats: () => PlanningStats;
  /** Terminates the worker; queued and running jobs reject. Safe to call twice. */
  stop: () => Promise<void>;
};

/** Thrown for jobs cut short: the service stopped, or the worker died. */
export class PlanningUnavailableError extends Error {
  override name = "PlanningUnavailableError";
}

type Pending = {
  id: number;
  kind: PlanningJobKind;
  input: unknown;
  resolve: (r: never) => void;
  reject: (e: Error) => void;
};

const workerUrl = new URL("./worker.ts", import.meta.url);

/** Parameters of `createPlanningService`. */
export type CreatePlanningServiceParameters = {
  /** Diagnostics (a dying worker). Default: none. */
  logger?: Logger | undefined;
};

/**
 * Creates the planning service (no thread yet: it starts with the first job).
 * @example const planning = createPlanningService(); const plan = await planning.planNetwork(job); await planning.stop();
 */
export function createPlanningService(p: CreatePlanningServiceParameters = {}): PlanningService {
  const log = p.logger ?? silentLogger;
  const queue: Pending[] = [];
  let running: Pending | undefined;
  let worker: Worker | undefined;
  let nextId = 1;
  let stopped = false;
  const counts = { completed: 0, failed: 0 };

  const spawn = (): Worker => {
    const w = new Worker(workerUrl);
    w.on(
      "message",
      (m: {
        id: number;
        result?: unknown;
        error?: { name: string; message: string; field?: string; reason?: string };
      }) => {
        const job = running;
        if (!job || job.id !== m.id) return;
        running = undefined;
        if (m.error) {
          counts.failed++;
          const e = m.error;
          job.reject(
            e.field !== undefined && e.reason !== undefined
              ? new PlanNetworkError(e.field, e.reason)
              : Object.assign(new Error(e.message), { name: e.name }),
          );
        } else {
          counts.completed++;
          job.resolve(m.result as never);
        }
        pump();
      },
    );
    const died = (error: Error) => {
      if (worker !== w) return;
      log.error({ err: error }, "the planning worker died; the next job starts a new one");
      worker = undefined;
      const job = running;
      running = undefined;
      if (job) {
        counts.failed++;
        job.reject(new PlanningUnavailableError(`the planning worker died: ${error.message}`));
      }
      pump();
    };
    w.on("error", died);
    w.on("exit", (code) => died(new Error(`exit code ${code}`)));
    return w;
  };

  function pump(): void {
    if (stopped || running) return;
    const job = queue.shift();
    // A worker holds the process open only while it has work: a caller awaiting a job stays alive.
    if (!job) return void worker?.unref();
    running = job;
    worker ??= spawn();
    worker.ref();
    try {
      worker.postMessage({ id: job.id, kind: job.kind, input: job.input });
    } catch (error) {
      // Input that cannot cross the thread (e.g. a function): this job fails, the next one runs.
      running = undefined;
      counts.failed++;
      job.reject(error as Error);
      pump();
    }
  }

  function submit<K extends PlanningJobKind>(
    kind: K,
    input: PlanningJobs[K]["input"],
  ): Promise<PlanningJobs[K]["result"]> {
    if (stopped) return Promise.reject(new PlanningUnavailableError("the planning service is stopped"));
    return new Promise((resolve, reject) => {
      queue.push({ id: nextId++, kind, input, resolve: resolve as (r: never) => void, reject });
      pump();
    });
  }

  return {
    planNetwork: (job) => submit("network", job),
    replanNetwork: (job) => submit("replan", job),
    solveFjsp: (job) => submit("fjsp", job),
    stats: () => ({ queued: queue.length, running: running ? 1 : 0, ...counts }),
    async stop() {
      if (stopped) return;
      stopped = true;
      const cut = [...(running ? [running] : []), ...queue.splice(0)];
      running = undefined;
      const w = worker;
      worker = undefined;
      for (const job of cut) job.reject(new PlanningUnavailableError("the planning service stopped"));
      await w?.terminate();
    },
  };
}
