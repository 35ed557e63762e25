import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import { checkNetworkPlan, type NetworkJob, PlanNetworkError, parseFjs, planNetwork } from "@dipnet/planner";
import { createApi } from "../../compose.ts";
import type { Database } from "../../core/db/index.ts";
import { createTestBackend, placeholderDeployment as deployment, idleIndexer as indexer } from "../../testing/index.ts";
import { createPlanningService, type PlanningService, PlanningUnavailableError } from "./service.ts";

const H = 3600;
const job: NetworkJob = {
  orders: [
    {
      id: "o1",
      dueAt: 6 * H,
      routes: [
        { process: "mill", durationH: 2 },
        { process: "weld", durationH: 1 },
      ],
    },
    { id: "o2", dueAt: 4 * H, routes: [{ process: "mill", durationH: 3 }] },
  ],
  machines: [
    { id: "m1", factory: "A", processes: ["mill"], hourlyRate: 10 },
    { id: "m2", factory: "B", processes: ["mill", "weld"], hourlyRate: 20 },
  ],
  reservations: [{ machineId: "m1", start: 0, end: H }],
  downtime: [],
  transport: { hours: { A: { B: 2 }, B: { A: 2 } } },
  weights: { tardiness: 1000, cost: 1, makespan: 1 },
  now: 0,
};
const bench = new URL("../../../../planner/bench/instances/hurink/vdata/", import.meta.url);

describe("planning service", () => {
  let planning: PlanningService;
  before(() => {
    planning = createPlanningService();
  });
  after(() => planning.stop());

  it("plans in the worker exactly as planNetwork does in this thread", async () => {
    const { transport, ...rest } = job;
    const input = { ...rest, transportTime: (a: string, b: string) => transport.hours[a]?.[b] ?? 0 };
    const plan = await planning.planNetwork(job);
    assert.deepEqual(plan, planNetwork(input));
    assert.deepEqual(checkNetworkPlan(input, plan).errors, []);
    assert.equal(plan.assignments.find((a) => a.orderId === "o1" && a.step === 2)?.machineId, "m2");
  });

  it("rejects invalid input with the planner's field-named error, and keeps serving", async () => {
    await assert.rejects(
      planning.planNetwork({ ...job, weights: { ...job.weights, cost: -1 } }),
      (e: unknown) => e instanceof PlanNetworkError && e.field === "weights.cost",
    );
    assert.equal((await planning.planNetwork(job)).assignments.length, 3);
    assert.deepEqual(planning.stats(), { queued: 0, running: 0, completed: 2, failed: 1 });
  });

  it("rejects input that cannot cross the thread, and keeps serving", { timeout: 30_000 }, async () => {
    const withFunction = { ...job, transport: { hours: {}, defaultH: (() => 1) as unknown as number } };
    await assert.rejects(planning.planNetwork(withFunction), (e: unknown) => (e as Error).name === "DataCloneError");
    assert.equal((await planning.planNetwork(job)).assignments.length, 3);
  });

  it("runs jobs in submission order", async () => {
    const done: string[] = [];
    const instance = parseFjs(readFileSync(new URL("la01.fjs", bench), "utf8"));
    await Promise.all([
      planning.solveFjsp({ instance, options: { seed: 1, maxIterations: 2_000 } }).then(() => done.push("fjsp")),
      planning.planNetwork(job).then(() => done.push("network")),
    ]);
    assert.deepEqual(done, ["fjsp", "network"]);
  });
});

describe("the API while a long plan runs", () => {
  const backend = createTestBackend("sqlite");
  let db: Database;
  after(() => backend.cleanup());

  it("answers every request while the plan is still running", { timeout: 120_000 }, async () => {
    db = await backend.open();
    const app = await createApi({ db: db.db, deployment, indexer });
    const planning = createPlanningService();
    const events: string[] = [];
    // abz7 (20 × 15) does not reach its lower bound: with ten minutes allowed, it runs until stopped.
    const instance = parseFjs(readFileSync(new URL("abz7.fjs", bench), "utf8"));
    const plan = planning.solveFjsp({ instance, options: { timeLimitMs: 600_000, seed: 1 } }).then(
      () => events.push("plan finished"),
      (e: unknown) => events.push(e instanceof PlanningUnavailableError ? "plan stopped" : `plan failed: ${e}`),
    );
    for (const url of ["/health", "/api/stats", "/api/machines", "/api/capacity", "/api/orders"]) {
      const response = await app.inject({ method: "GET", url });
      events.push(`${url} ${response.statusCode}`);
    }
    assert.equal(planning.stats().running, 1, "the plan is still running after the API answered");
    await planning.stop();
    await plan;
    assert.deepEqual(events, [
      "/health 200",
      "/api/stats 200",
      "/api/machines 200",
      "/api/capacity 200",
      "/api/orders 200",
      "plan stopped",
    ]);
    await app.close();
    await db.close();
  });
});
