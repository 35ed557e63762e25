import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { declareDowntime, endDowntime, registerMachine, reserve, setMachineRate } from "@dipnet/sdk";
import type { FastifyInstance } from "fastify";
import {
  assertReorgFollowed,
  createTestApi,
  forEachBackend,
  munichMill,
  slotAhead,
  testIndexer,
  useTestNetwork,
} from "../../testing/index.ts";

const HOUR = 3600;

forEachBackend((backend) => {
  describe(`capacity read model on ${backend.name}`, () => {
    let app: FastifyInstance;
    let base: number;
    const net = useTestNetwork({
      backend,
      indexed: true,
      arrange: async (chain) => {
        const { carol, dave } = chain.clients;
        base = await slotAhead(chain.anvil, 24);
        await registerMachine(carol, munichMill);
        await registerMachine(carol, { ...munichMill, process: "cnc-turning" });
        await registerMachine(dave, { ...munichMill, hourlyRate: 70_000_000n });
        await setMachineRate(carol, { machineId: 1n, hourlyRate: 85_000_000n });
        await reserve(carol, {
          orderId: 4n,
          requests: [
            { machineId: 1n, fromSlot: base, toSlot: base + 3 },
            { machineId: 2n, fromSlot: base + 3, toSlot: base + 5 },
          ],
        });
        await reserve(dave, { orderId: 5n, requests: [{ machineId: 3n, fromSlot: base, toSlot: base + 8 }] });
        const down = await declareDowntime(dave, {
          machineId: 3n,
          fromSlot: base + 6,
          toSlot: base + 12,
          reason: "Breakdown",
          releaseIds: [3n],
        });
        await declareDowntime(carol, { machineId: 1n, fromSlot: base + 20, toSlot: base + 22 });
        await endDowntime(dave, { downtimeId: down.downtimeId });
      },
    });
    before(async () => {
      app = await createTestApi(net);
    });
    after(() => app?.close());

    it("indexes machines, reservations and downtime as the chain has them", async () => {
      const machines = await net.store.db.selectFrom("machines").selectAll().orderBy("machine_id").execute();
      assert.deepEqual(
        machines.map((m) => [Number(m.machine_id), m.owner, m.process, m.hourly_rate]),
        [
          [1, net.chain.clients.carol.account.address.toLowerCase(), "cnc-milling", "85000000"],
          [2, net.chain.clients.carol.account.address.toLowerCase(), "cnc-turning", "80000000"],
          [3, net.chain.clients.dave.account.address.toLowerCase(), "cnc-milling", "70000000"],
        ],
      );
      const reservations = await net.store.db
        .selectFrom("reservations")
        .selectAll()
        .orderBy("reservation_id")
        .execute();
      assert.deepEqual(
        reservations.map((r) => [Number(r.reservation_id), Number(r.order_id), r.status, Number(r.start_time)]),
        [
          [1, 4, "Live", base * HOUR],
          [2, 4, "Live", (base + 3) * HOUR],
          [3, 5, "Released", base * HOUR],
        ],
      );
      const downtimes = await net.store.db.selectFrom("downtimes").selectAll().orderBy("downtime_id").execute();
      assert.deepEqual(
        downtimes.map((d) => [Number(d.downtime_id), d.reason, d.ended, Number(d.to_slot) - Number(d.from_slot)]),
        [
          [1, "Breakdown", 1, 0],
          [2, "Maintenance", 0, 2],
        ],
      );
    });

    it("serves GET /api/machines and GET /api/capacity", async () => {
      const machines = await app.inject({
        method: "GET",
        url: `/api/machines?owner=${net.chain.clients.carol.account.address}`,
      });
      assert.equal(machines.statusCode, 200);
      assert.deepEqual(
        machines.json().items.map((m: { id: number; process: string }) => [m.id, m.process]),
        [
          [1, "cnc-milling"],
          [2, "cnc-turning"],
        ],
      );
      const from = (base - 1) * HOUR;
      const capacity = await app.inject({ method: "GET", url: `/api/capacity?from=${from}&to=${from + 2 * 86_400}` });
      assert.equal(capacity.statusCode, 200);
      const body = capacity.json();
      assert.equal(body.machines.length, 3);
      assert.deepEqual(
        body.machines[0].reservations.map((r: { id: number; orderId: number }) => [r.id, r.orderId]),
        [[1, 4]],
      );
      assert.deepEqual(
        body.machines[0].downtime.map((d: { reason: string; start: number }) => [d.reason, d.start]),
        [["Maintenance", (base + 20) * HOUR]],
      );
      assert.deepEqual(body.machines[2].reservations, [], "released reservations are not live");
      assert.deepEqual(body.machines[2].downtime, [], "a downtime ended before it started is empty");
      const bad = await app.inject({ method: "GET", url: `/api/capacity?from=${from}&to=${from}` });
      assert.equal(bad.statusCode, 400);
    });

    it("rolls back a reorg of capacity events and matches a from-scratch index", async () => {
      const indexer = testIndexer(net.store.db, net.chain);
      await indexer.syncOnce();
      const { carol } = net.chain.clients;
      await reserve(carol, { orderId: 9n, requests: [{ machineId: 1n, fromSlot: base + 30, toSlot: base + 31 }] });
      await registerMachine(carol, munichMill);
      await net.chain.anvil.client.mine({ blocks: 1 });
      await indexer.syncOnce();
      assert.equal((await net.store.db.selectFrom("machines").selectAll().execute()).length, 4);
      const after = await assertReorgFollowed(indexer, net.store.db, net.chain, backend.name);
      assert.equal(after.machines?.length, 3);
    });
  });
});
