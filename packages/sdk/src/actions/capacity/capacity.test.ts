import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  approvePlanner,
  ContractRevertError,
  completeReservation,
  type DipnetClient,
  deactivateMachine,
  declareDowntime,
  endDowntime,
  getCalendar,
  getMachine,
  listDowntime,
  listMachines,
  listReservations,
  register,
  registerMachine,
  releaseReservation,
  replan,
  reserve,
  roles,
  setMachineRate,
  setPlanner,
  toSlotInterval,
} from "../../index.ts";
import { devAccounts } from "../../node/index.ts";
import { deployTestNetwork, slotAhead, type TestAnvil, type TestNetwork } from "../../testing/index.ts";

const HOUR = 3600;

describe("capacity actions against anvil", () => {
  let anvil: TestAnvil;
  const dev = devAccounts();
  let as: TestNetwork["clients"];
  let base: number; // first slot (hours) safely in the future

  before(async () => {
    ({ anvil, clients: as } = await deployTestNetwork());
    await register(as.bob, { roles: roles.manufacturer });
    await register(as.carol, { roles: roles.manufacturer });
    base = await slotAhead(anvil, 24);
  });
  after(async () => anvil?.stop());

  const mill = {
    process: "cnc-milling",
    materials: ["aluminium-6061", "steel-s235"],
    envelope: { x: 600, y: 400, z: 300 },
  };

  it("registers machines and lists them per owner with decoded specs", async () => {
    const a = await registerMachine1(as.bob, 80_000000n);
    const b = await registerMachine1(as.bob, 90_000000n);
    const c = await registerMachine1(as.carol, 70_000000n);
    assert.deepEqual([a, b, c], [1n, 2n, 3n]);
    const m = await getMachine(as.bob, { machineId: 1n });
    assert.equal(m.owner, dev.bob.address);
    assert.equal(m.process, "cnc-milling");
    assert.deepEqual(m.materials, ["aluminium-6061", "steel-s235"]);
    assert.deepEqual(m.location, { latitude: 48.137154, longitude: 11.576124 });
    assert.equal(m.slotSeconds, HOUR);
    const bobs = await listMachines(as.bob, { owner: dev.bob.address });
    assert.deepEqual(
      bobs.map((x) => x.machineId),
      [1n, 2n],
    );
    await setMachineRate(as.bob, { machineId: 2n, hourlyRate: 95_000000n });
    assert.equal((await getMachine(as.bob, { machineId: 2n })).hourlyRate, 95_000000n);
  });

  it("reserves a plan atomically and decodes the calendar", async () => {
    const r = await reserve(as.bob, {
      orderId: 7n,
      requests: [
        { machineId: 1n, fromSlot: base, toSlot: base + 3 },
        { machineId: 2n, fromSlot: base + 3, toSlot: base + 5 },
      ],
    });
    assert.deepEqual(r.reservationIds, [1n, 2n]);
    const cal = await getCalendar(as.bob, { machineId: 1n, from: (base - 2) * HOUR, to: (base + 200) * HOUR });
    assert.deepEqual(cal.reserved, [{ fromSlot: base, toSlot: base + 3, start: base * HOUR, end: (base + 3) * HOUR }]);
    assert.deepEqual(cal.down, []);
    const listed = await listReservations(as.bob, { orderId: 7n });
    assert.deepEqual(
      listed.map((x) => [x.reservationId, x.machineId, x.status]),
      [
        [1n, 1n, "Live"],
        [2n, 2n, "Live"],
      ],
    );
  });

  it("refuses an overlapping plan as a whole, with CapacitySlotTaken decoded", async () => {
    await assert.rejects(
      reserve(as.bob, {
        orderId: 8n,
        requests: [
          { machineId: 2n, fromSlot: base + 10, toSlot: base + 11 },
          { machineId: 1n, fromSlot: base + 2, toSlot: base + 4 },
        ],
      }),
      (error: unknown) => {
        assert.ok(error instanceof ContractRevertError);
        assert.equal(error.errorName, "CapacitySlotTaken");
        assert.match(error.message, /machine 1 is already reserved at slot/);
        return true;
      },
    );
    assert.equal((await listReservations(as.bob, { orderId: 8n })).length, 0);
    await assert.rejects(
      reserve(as.carol, { orderId: 9n, requests: [{ machineId: 1n, fromSlot: base + 50, toSlot: base + 51 }] }),
      (error: unknown) => error instanceof ContractRevertError && error.errorName === "CapacityNotReserver",
    );
  });

  it("replans, releases, and declares downtime that releases what is in its way", async () => {
    const moved = await replan(as.bob, {
      orderId: 7n,
      releaseIds: [2n],
      requests: [{ machineId: 2n, fromSlot: base + 6, toSlot: base + 8 }],
    });
    assert.deepEqual(moved.reservationIds, [3n]);
    const down = await declareDowntime(as.bob, {
      machineId: 1n,
      fromSlot: base + 1,
      toSlot: base + 10,
      reason: "Breakdown",
      releaseIds: [1n],
    });
    assert.deepEqual(down.releasedReservationIds, [1n]);
    const cal = await getCalendar(as.bob, { machineId: 1n, from: base * HOUR, to: (base + 20) * HOUR });
    assert.deepEqual(cal.reserved, []);
    assert.deepEqual(
      cal.down.map((d) => [d.fromSlot, d.toSlot]),
      [[base + 1, base + 10]],
    );
    await assert.rejects(
      reserve(as.bob, { orderId: 7n, requests: [{ machineId: 1n, fromSlot: base + 5, toSlot: base + 6 }] }),
      (error: unknown) => error instanceof ContractRevertError && error.errorName === "CapacityMachineDown",
    );
    await endDowntime(as.bob, { downtimeId: down.downtimeId });
    const [d] = await listDowntime(as.bob, { machineIds: [1n] });
    assert.equal(d?.ended, true);
    assert.equal(d?.reason, "Breakdown");
    await releaseReservation(as.bob, { reservationId: 3n });
    const statuses = (await listReservations(as.bob)).map((r) => r.status);
    assert.deepEqual(statuses, ["Released", "Released", "Released"]);
  });

  it("lets an admitted, approved planner reserve; completes a started reservation; deactivates", async () => {
    await setPlanner(as.deployer, { planner: dev.dave.address, allowed: true });
    await approvePlanner(as.carol, { planner: dev.dave.address, allowed: true });
    const now = Number(await anvil.now());
    const slots = toSlotInterval(now, now + 2 * HOUR, HOUR);
    const { reservationIds } = await reserve(as.dave, { orderId: 11n, requests: [{ machineId: 3n, ...slots }] });
    await completeReservation(as.dave, { reservationId: reservationIds[0] as bigint });
    const [r] = await listReservations(as.dave, { orderId: 11n });
    assert.equal(r?.status, "Completed");
    assert.equal(r?.agent, dev.dave.address);
    await deactivateMachine(as.carol, { machineId: 3n });
    assert.equal((await listMachines(as.carol)).length, 2);
    assert.equal((await listMachines(as.carol, { includeInactive: true })).length, 3);
  });

  async function registerMachine1(client: DipnetClient, hourlyRate: bigint): Promise<bigint> {
    const r = await registerMachine(client, {
      ...mill,
      hourlyRate,
      location: { latitude: 48.137154, longitude: 11.576124 },
    });
    return r.machineId;
  }
});
