// The manufacturer autopilot with the planner (in the node's worker) on a real chain: it bids only
// where its ledger machines' free capacity meets the deadline, quotes the planned lead time,
// reserves a won order where the plan puts it, and (demo) re-plans what a breakdown released.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { award, registerMachine, releaseReservation, reserve } from "@dipnet/sdk";
import { createPlanningService, type PlanningService } from "../modules/planning/service.ts";
import { carolsAutopilot, forEachBackend, postRfq, slotAhead, testMill, useTestNetwork } from "../testing/index.ts";

const HOUR = 3600;
const DAY = 86_400;

forEachBackend((backend) => {
  describe(`manufacturer autopilot with the planner (${backend.name})`, () => {
    let planning: PlanningService;
    let blockedUntil: number;
    const logs: string[] = [];
    const ids: Record<string, bigint> = {};

    const rfq = (label: string, deadlineDays: number) =>
      postRfq(net.chain, net.chain.clients.alice, label, { budget: 5_000_000_000n, deadlineDays });
    const bidOf = async (orderId: bigint) =>
      net.store.db
        .selectFrom("bids")
        .selectAll()
        .where("order_id", "=", Number(orderId))
        .where("maker", "=", net.chain.clients.carol.account.address.toLowerCase())
        .executeTakeFirst();
    const agent = (breakdownShare = 0) =>
      carolsAutopilot(net, {
        planning,
        breakdownShare,
        breakdownLength: [6 * HOUR, 6 * HOUR],
        log: (_level, message) => logs.push(message),
      });

    const net = useTestNetwork({ backend });
    before(async () => {
      planning = createPlanningService();
      const { carol } = net.chain.clients;
      await registerMachine(carol, { ...testMill, location: { latitude: 48.775, longitude: 9.182 } });
      // Outside work fills the mill for the next 20 days.
      const nowSlot = await slotAhead(net.chain.anvil, 1);
      await reserve(carol, {
        orderId: 0n,
        requests: [{ machineId: 1n, fromSlot: nowSlot, toSlot: nowSlot + 20 * 24 }],
      });
      blockedUntil = (nowSlot + 20 * 24) * HOUR;
      ids.tight = await rfq("tight", 10);
      ids.loose = await rfq("loose", 30);
    });
    after(async () => {
      await planning.stop();
    });

    it("declines an RFQ its free capacity cannot meet, and bids the planned lead time on one it can", async () => {
      await agent().step(await net.tick());
      await net.tick();
      assert.equal(await bidOf(ids.tight as bigint), undefined, "no bid: the mill is booked past the deadline");
      assert.ok(logs.some((l) => l.includes(`no bid on order ${ids.tight}`)));
      const b = await bidOf(ids.loose as bigint);
      assert.ok(b, "a bid on the RFQ with room after the booked time");
      const order = await net.store.db
        .selectFrom("orders")
        .selectAll()
        .where("id", "=", Number(ids.loose))
        .executeTakeFirstOrThrow();
      const finish = order.bidding_ends + (b.lead_time as number) - DAY; // lead time = planned finish + shipping
      assert.ok(finish > blockedUntil, "finishes after the booked time");
      assert.ok(finish <= blockedUntil + DAY, "and right after it, as planned (not from an empty calendar)");
    });

    it("reserves the won order where the planner puts it", async () => {
      await net.chain.anvil.increaseTime(HOUR + 1);
      const b = await bidOf(ids.loose as bigint);
      assert.ok(b?.price && b.lead_time);
      await award(net.chain.clients.alice, {
        orderId: ids.loose as bigint,
        maker: net.chain.clients.carol.account.address,
        price: BigInt(b.price),
        leadTime: b.lead_time,
      });
      await agent().step(await net.tick());
      await net.tick();
      const held = await net.store.db
        .selectFrom("reservations")
        .selectAll()
        .where("order_id", "=", Number(ids.loose))
        .execute();
      assert.equal(held.length, 1);
      assert.equal(Number(held[0]?.start_time), blockedUntil, "starts when the booked time ends");
      const order = await net.store.db
        .selectFrom("orders")
        .selectAll()
        .where("id", "=", Number(ids.loose))
        .executeTakeFirstOrThrow();
      assert.ok(Number(held[0]?.end_time) <= (order.due_at as number) - DAY, "done in time to ship by the due date");
    });

    it("(demo) breaks a machine down before a reservation and re-plans the order it released", async () => {
      // The outside work is cancelled first, so that the breakdown meets the order's reservation.
      await releaseReservation(net.chain.clients.carol, { reservationId: 1n });
      const breaking = agent(1);
      const before_ = await net.store.db
        .selectFrom("reservations")
        .selectAll()
        .where("order_id", "=", Number(ids.loose))
        .executeTakeFirstOrThrow();
      await breaking.step(await net.tick()); // the breakdown
      await net.tick();
      const down = await net.store.db.selectFrom("downtimes").selectAll().execute();
      assert.equal(down.length, 1);
      assert.deepEqual(JSON.parse(down[0]?.released_reservation_ids as string), [String(before_.reservation_id)]);
      await agent().step(await net.tick()); // the re-plan (a calm agent: no second breakdown)
      await net.tick();
      const live = await net.store.db
        .selectFrom("reservations")
        .selectAll()
        .where("order_id", "=", Number(ids.loose))
        .where("status", "=", "Live")
        .execute();
      assert.equal(live.length, 1);
      assert.equal(Number(live[0]?.from_slot), Number(down[0]?.to_slot), "right after the breakdown: the least shift");
      assert.equal(
        Number(live[0]?.to_slot) - Number(live[0]?.from_slot),
        Number(before_.to_slot) - Number(before_.from_slot),
      );
      assert.ok(logs.some((l) => l.includes(`re-plan order ${ids.loose} after a breakdown`)));
      // Nothing is re-planned twice.
      const actions = agent();
      await actions.step(await net.tick());
      assert.deepEqual(
        actions.actions().filter((a) => a.key.startsWith("replan:")),
        [],
      );
    });
  });
});
