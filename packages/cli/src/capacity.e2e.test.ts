import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { before, describe, it } from "node:test";
import type { NetworkPlanOutput } from "./commands/planNetwork.ts";
import { machineRegisterArgs, rfqCreateArgs, useCliEnvironment } from "./testing.ts";

type Json = NetworkPlanOutput & { reserved: { fromSlot: number; toSlot: number }[] };

describe("dipnet machine and plan network end to end", () => {
  const environment = useCliEnvironment("capacity");
  const { ok } = environment;

  const machine = (maker: string, process: string, rate: string, location: string) =>
    ok(maker, ...machineRegisterArgs({ process, materials: "aluminium-6061,steel-s235", rate, location }));
  const rfq = async (process: string, quantity: number) =>
    (
      await ok(
        "alice",
        ...rfqCreateArgs({
          spec: "text:part",
          process,
          quantity: `${quantity}`,
          deadline: "+10d",
          "bidding-ends": "+1d",
        }),
      )
    ).orderId as string;

  before(async () => {
    await ok("alice", "participant", "register", "--roles", "customer");
    await ok("alice", "faucet", "10000");
    for (const maker of ["bob", "carol"]) await ok(maker, "participant", "register", "--roles", "manufacturer");
  });

  it("registers machines, plans open orders, reserves them, and refuses an overlapping second commit", async () => {
    await machine("bob", "cnc-milling", "80", "48.137,11.575");
    await machine("bob", "cnc-milling", "95", "48.137,11.575");
    await machine("carol", "cnc-milling", "70", "48.775,9.182");
    await machine("carol", "cnc-turning", "60", "48.775,9.182");
    const listed = await ok(undefined, "machine", "list");
    assert.equal(listed.length, 4);
    assert.deepEqual(
      (await ok(undefined, "machine", "list", "--owner", "carol")).map((m: { process: string }) => m.process),
      ["cnc-milling", "cnc-turning"],
    );

    const orders = [
      await rfq("cnc-milling", 20),
      await rfq("cnc-turning", 10),
      await rfq("cnc-milling", 50),
      await rfq("anodising", 5),
    ];

    const proposal: Json = await ok(undefined, "plan", "network");
    assert.equal(proposal.assignments.length, 3);
    assert.deepEqual(
      proposal.unplanned.map((u) => u.orderId),
      [orders[3]],
    );
    const turning = proposal.assignments.find((a) => a.orderId === orders[1]);
    assert.equal(turning?.machineId, "4", "only carol's lathe turns");
    for (const a of proposal.assignments) assert.ok(a.explanation.length > 0);

    const committed: Json = await ok(undefined, "plan", "network", "--commit");
    assert.deepEqual(committed.committed?.map((c) => c.orderId).sort(), [orders[0], orders[1], orders[2]].sort());
    for (const a of committed.assignments) {
      const cal: Json = await ok(undefined, "machine", "calendar", a.machineId);
      assert.ok(
        cal.reserved.some((r) => r.fromSlot <= a.fromSlot && a.toSlot <= r.toSlot),
        `machine ${a.machineId} shows order ${a.orderId}'s slots ${a.fromSlot}–${a.toSlot}`,
      );
    }
    const again: Json = await ok(undefined, "plan", "network");
    assert.equal(again.assignments.length, 0);
    assert.deepEqual(again.alreadyReserved.sort(), [orders[0], orders[1], orders[2]].sort());

    const file = path.join(environment.dataDir, "plan.json");
    writeFileSync(file, JSON.stringify(committed));
    const refused = await environment.fails(undefined, "plan", "network", "--commit", "--plan", file);
    assert.equal(refused.name, "CapacitySlotTaken");
    assert.match(refused.message, /machine \d+ is already reserved at slot \d+/);

    // Downtime over a reservation must release it; the machine comes back up.
    const onCarolsLathe = committed.assignments.find((a) => a.machineId === "4");
    assert.ok(onCarolsLathe);
    const reservationId = committed.committed?.find((c) => c.orderId === onCarolsLathe.orderId)?.reservationIds[0];
    const at = (slot: number) => new Date(slot * 3600 * 1000).toISOString().slice(0, 16);
    const down = await ok(
      "carol",
      "machine",
      "down",
      "4",
      "--from",
      at(onCarolsLathe.fromSlot),
      "--to",
      at(onCarolsLathe.toSlot + 2),
      "--reason",
      "breakdown",
      "--release",
      `${reservationId}`,
    );
    assert.deepEqual(down.releasedReservationIds, [`${reservationId}`]);
    const cal: Json & { down: unknown[] } = await ok(undefined, "machine", "calendar", "4");
    assert.equal(cal.reserved.length, 0);
    assert.equal(cal.down.length, 1);
    await ok("carol", "machine", "up", `${down.downtimeId}`);
  });

  it("re-plans what a downtime released: plan replan, and machine down --replan", async () => {
    type Replan = {
      moves: { orderId: string; requests: { machineId: string; fromSlot: number; toSlot: number }[] }[];
      committed?: unknown[];
    };
    // The first test's lathe downtime released one order: re-plan it onto the lathe, now up again.
    const dry: Replan = await ok(undefined, "plan", "replan", "--machine", "4");
    assert.equal(dry.moves.length, 1);
    assert.equal(dry.moves[0]?.requests[0]?.machineId, "4");
    const done: Replan = await ok(undefined, "plan", "replan", "--commit");
    assert.equal(done.committed?.length, 1);
    assert.deepEqual((await ok(undefined, "plan", "replan")).moves, [], "nothing left to re-plan");

    // A mill breaks down over its reservations: they are released and re-planned at once.
    const mills = (await ok(undefined, "plan", "network")) as Json;
    assert.equal(mills.assignments.length, 0);
    const held: { machineId: string; fromSlot: number; toSlot: number }[] = [];
    for (const id of ["1", "2", "3"]) {
      const cal: Json = await ok(undefined, "machine", "calendar", id);
      for (const r of cal.reserved) held.push({ machineId: id, ...r });
    }
    const hit = held[0];
    assert.ok(hit, "a mill holds a reservation");
    const owner = hit.machineId === "3" ? "carol" : "bob";
    const ownMills = owner === "carol" ? ["3"] : ["1", "2"];
    const at = (slot: number) => new Date(slot * 3600 * 1000).toISOString().slice(0, 16);
    const down = await ok(
      owner,
      "machine",
      "down",
      hit.machineId,
      "--from",
      at(hit.fromSlot),
      "--to",
      at(hit.toSlot),
      "--reason",
      "breakdown",
      "--replan",
    );
    assert.ok(down.releasedReservationIds.length >= 1);
    assert.equal(down.replan.committed.length, down.replan.moves.length);
    for (const m of down.replan.moves as Replan["moves"]) {
      for (const r of m.requests) {
        assert.ok(ownMills.includes(r.machineId), `stays on ${owner}'s mills`);
        if (r.machineId === hit.machineId) assert.ok(r.fromSlot >= hit.toSlot || r.toSlot <= hit.fromSlot);
      }
    }
    assert.deepEqual((await ok(undefined, "plan", "replan")).moves, []);
  });
});
