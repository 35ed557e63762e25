import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { planDowntimeReplan } from "@dipnet/planner";
import {
  commitDowntimeReplan,
  declareDowntime,
  listDowntime,
  listReservations,
  registerMachine,
  reserve,
} from "@dipnet/sdk";
import { forEachBackend, munichMill, postRfq, slotAhead, testIndexer, useTestNetwork } from "../../testing/index.ts";
import { ledgerSnapshotFromReadModel } from "./replan.ts";
import { createPlanningService, type PlanningService } from "./service.ts";

forEachBackend((backend) => {
  describe(`re-planning after downtime, on a real chain (${backend.name})`, () => {
    let planning: PlanningService;
    let base: number;
    const ids: Record<string, string> = {};

    const net = useTestNetwork({
      backend,
      arrange: async (chain) => {
        const { alice, bob, carol, dave } = chain.clients;
        base = await slotAhead(chain.anvil, 24);
        await registerMachine(carol, munichMill); // 1: mill
        await registerMachine(carol, { ...munichMill, hourlyRate: 90_000_000n }); // 2: dearer mill
        await registerMachine(carol, { ...munichMill, process: "cnc-turning" }); // 3: lathe
        await registerMachine(dave, munichMill); // 4: dave's mill, never carol's to use
        const o1 = String(await postRfq(chain, alice, "bracket"));
        const o2 = String(await postRfq(chain, bob, "shaft"));
        const o3 = String(await postRfq(chain, alice, "flange"));
        const o4 = String(await postRfq(chain, bob, "plate"));
        Object.assign(ids, { o1, o2, o3, o4 });
        // o1: milling then turning; o2 after it on the mill; o3 on the dearer mill; o4 at dave's.
        await reserve(carol, {
          orderId: BigInt(o1),
          requests: [
            { machineId: 1n, fromSlot: base, toSlot: base + 3 },
            { machineId: 3n, fromSlot: base + 3, toSlot: base + 5 },
          ],
        });
        await reserve(carol, {
          orderId: BigInt(o2),
          requests: [{ machineId: 1n, fromSlot: base + 3, toSlot: base + 6 }],
        });
        await reserve(carol, { orderId: BigInt(o3), requests: [{ machineId: 2n, fromSlot: base, toSlot: base + 4 }] });
        await reserve(dave, { orderId: BigInt(o4), requests: [{ machineId: 4n, fromSlot: base, toSlot: base + 2 }] });
        // The mill breaks down for its first four hours: o1's milling and o2 are released.
        await declareDowntime(carol, {
          machineId: 1n,
          fromSlot: base,
          toSlot: base + 4,
          reason: "Breakdown",
          releaseIds: [1n, 3n],
        });
      },
    });
    before(async () => {
      planning = createPlanningService();
    });
    after(async () => {
      await planning.stop();
    });

    const live = async () =>
      (await listReservations(net.chain.clients.carol, { liveOnly: true })).map((r) => ({
        id: String(r.reservationId),
        order: String(r.orderId),
        machine: Number(r.machineId),
        from: r.fromSlot - base,
        to: r.toSlot - base,
      }));

    it("moves only the hit orders, with as few changes as possible, and the chain accepts the moves", async () => {
      const before = await live();
      await testIndexer(net.store.db, net.chain).syncOnce();
      const now = Number(await net.chain.anvil.now());
      const plan = await planDowntimeReplan({
        snapshot: await ledgerSnapshotFromReadModel(net.store.db, now),
        machineId: "1",
        replan: (job) => planning.replanNetwork(job),
      });
      assert.deepEqual(plan.moves.map((m) => m.orderId).sort(), [ids.o1, ids.o2].sort());
      const o1 = plan.moves.find((m) => m.orderId === ids.o1);
      // o1's milling restarts at the earliest after the breakdown; its turning must follow, so it
      // moves too — released and re-reserved in the same transaction.
      assert.equal(o1?.changes.length, 2);
      assert.deepEqual(o1?.releaseIds, ["2"]);
      const committed = await commitDowntimeReplan(plan.moves, () => net.chain.clients.carol);
      assert.equal(committed.length, 2);

      const after_ = await live();
      // Untouched: o3 on the dearer mill and dave's o4.
      for (const keep of before.filter((r) => r.order === ids.o3 || r.order === ids.o4))
        assert.ok(
          after_.some((r) => JSON.stringify(r) === JSON.stringify(keep)),
          `kept ${JSON.stringify(keep)}`,
        );
      assert.ok(!after_.some((r) => r.id === "2"), "o1's old turning reservation was released");
      const of = (order: string) => after_.filter((r) => r.order === order).sort((a, b) => a.from - b.from);
      const [mill, lathe] = of(ids.o1 as string);
      assert.equal(mill?.to, (mill?.from ?? 0) + 3);
      assert.equal(lathe?.machine, 3);
      assert.ok((lathe?.from ?? 0) >= (mill?.to ?? 0), "turning after milling");
      assert.equal(of(ids.o2 as string).length, 1);
      // Nothing new lies in the downtime or on dave's machine.
      for (const r of after_.filter((x) => !before.some((b) => b.id === x.id))) {
        assert.notEqual(r.machine, 4);
        if (r.machine === 1) assert.ok(r.from >= 4, `reservation ${r.id} after the breakdown`);
      }
      const downtimes = await listDowntime(net.chain.clients.carol);
      assert.deepEqual(downtimes[0]?.releasedReservationIds, [1n, 3n]);
    });

    it("is not repeated: once the moves are indexed there is nothing left to re-plan", async () => {
      await testIndexer(net.store.db, net.chain).syncOnce();
      const plan = await planDowntimeReplan({
        snapshot: await ledgerSnapshotFromReadModel(net.store.db, Number(await net.chain.anvil.now())),
        replan: (job) => planning.replanNetwork(job),
      });
      assert.deepEqual(plan.moves, []);
    });

    it("answers a second breakdown that hits a re-planned reservation with one move, not a replay of the first", async () => {
      const o2 = (await live()).find((r) => r.order === ids.o2);
      assert.ok(o2);
      await declareDowntime(net.chain.clients.carol, {
        machineId: BigInt(o2.machine),
        fromSlot: base + o2.from,
        toSlot: base + o2.to,
        reason: "Breakdown",
        releaseIds: [BigInt(o2.id)],
      });
      await testIndexer(net.store.db, net.chain).syncOnce();
      const plan = await planDowntimeReplan({
        snapshot: await ledgerSnapshotFromReadModel(net.store.db, Number(await net.chain.anvil.now())),
        replan: (job) => planning.replanNetwork(job),
      });
      assert.deepEqual(
        plan.moves.map((m) => [m.orderId, m.changes.length, m.releaseIds]),
        [[ids.o2, 1, []]],
      );
      await commitDowntimeReplan(plan.moves, () => net.chain.clients.carol);
      assert.equal((await live()).filter((r) => r.order === ids.o2).length, 1);
    });
  });
});
