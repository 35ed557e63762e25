// Entry of the planning worker thread: runs one job per message, in arrival order, and answers
// `{ id, result }` or `{ id, error }` (planner input errors keep their field).
import { parentPort } from "node:worker_threads";
import { PlanNetworkError, type PlanningJobKind, runPlanningJob } from "@dipnet/planner";

const port = parentPort;
if (!port) throw new Error("planning/worker.ts runs as a worker thread");
port.on("message", (message: { id: number; kind: PlanningJobKind; input: never }) => {
  try {
    port.postMessage({ id: message.id, result: runPlanningJob(message.kind, message.input) });
  } catch (error) {
    const e = error as Error;
    port.postMessage({
      id: message.id,
      error: {
        name: e.name,
        message: e.message,
        ...(error instanceof PlanNetworkError ? { field: error.field, reason: error.reason } : {}),
      },
    });
  }
});
