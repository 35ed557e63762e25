import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { checkNetworkPlan } from "@dipnet/planner";
import { declareDowntime, registerMachine, reserve } from "@dipnet/sdk";
import type { FastifyInstance } from "fastify";
import { createTestApi, forEachBackend, munichMill, postRfq, slotAhead, useTestNetwork } from "../../testing/index.ts";
import { type Proposal, proposalJob } from "./proposal.ts";
import { createPlanningService, type PlanningService } from "./service.ts";

forEachBackend((backend) => {
  describe(`GET /api/capacity/proposal (${backend.name})`, () => {
    let planning: PlanningService;
    let app: FastifyInstance;
    let plain: FastifyInstance;
    let base: number;

    const net = useTestNetwork({
      backend,
      indexed: true,
      arrange: async (chain) => {
        const { alice, bob, carol, dave } = chain.clients;
        base = await slotAhead(chain.anvil, 1);
        await registerMachine(carol, munichMill);
        await registerMachine(dave, {
          ...munichMill,
          hourlyRate: 60_000_000n,
          location: { latitude: 45.07, longitude: 7.686 },
        });
        await registerMachine(dave, { ...munichMill, process: "fdm-printing" });
        await reserve(dave, { orderId: 0n, requests: [{ machineId: 2n, fromSlot: base, toSlot: base + 10 }] });
        await declareDowntime(carol, { machineId: 1n, fromSlot: base + 2, toSlot: base + 5, reason: "Breakdown" });
        await postRfq(chain, alice, "bracket");
        await postRfq(chain, bob, "print-housing");
        await postRfq(chain, alice, "shaft");
      },
    });
    before(async () => {
      planning = createPlanningService();
      app = await createTestApi(net, { planning });
      plain = await createTestApi(net);
    });
    after(async () => {
      await app?.close();
      await plain?.close();
      await planning.stop();
    });

    it("proposes a plan for the open orders that the independent checker accepts", async () => {
      const response = await app.inject({ method: "GET", url: "/api/capacity/proposal" });
      assert.equal(response.statusCode, 200);
      const proposal = response.json() as Proposal;
      assert.deepEqual(proposal.steps.map((s) => s.orderId).sort(), [1, 2, 3]);
      assert.equal(proposal.steps.find((s) => s.orderId === 2)?.machineId, 3, "only dave prints");
      for (const s of proposal.steps) assert.ok(s.explanation.length > 0 && s.start >= proposal.now);
      // The same plan, checked against the read model's input by the planner's independent checker.
      const { transport, ...job } = await proposalJob(net.store.db, proposal.now);
      const input = {
        ...job,
        transportTime: (a: string, b: string) => transport.hours[a]?.[b] ?? transport.defaultH ?? 0,
      };
      const plan = await planning.planNetwork({ ...job, transport });
      assert.deepEqual(checkNetworkPlan(input, plan).errors, []);
      assert.deepEqual(
        plan.assignments.map((a) => [Number(a.orderId), Number(a.machineId), a.start, a.end]),
        proposal.steps.map((s) => [s.orderId, s.machineId, s.start, s.end]),
      );
    });

    it("is computed once per indexed block", async () => {
      const done = planning.stats().completed;
      const [a, b] = await Promise.all([
        app.inject({ method: "GET", url: "/api/capacity/proposal" }),
        app.inject({ method: "GET", url: "/api/capacity/proposal" }),
      ]);
      assert.deepEqual(a.json(), b.json());
      assert.equal(planning.stats().completed, done, "served from the cache of this block");
    });

    it("answers 503 on a node without a planner", async () => {
      const response = await plain.inject({ method: "GET", url: "/api/capacity/proposal" });
      assert.equal(response.statusCode, 503);
      assert.equal(response.json().message, "this node runs no planner");
    });
  });
});
