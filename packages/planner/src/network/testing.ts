// fast-check arbitrary of small networks (shared by the planner's and the re-planner's property tests).
import fc from "fast-check";
import type { NetworkMachine, PlanNetworkParameters } from "./types.ts";

const H = 3600;

/** Random networks: up to 5 factories, 8 machines, 12 orders of up to 4 steps, reservations and downtime. */
export const networkArbitrary = fc
  .record({
    factories: fc.integer({ min: 1, max: 5 }),
    machines: fc.array(
      fc.record({
        factory: fc.integer({ min: 0, max: 4 }),
        processes: fc.subarray(["mill", "turn", "print", "weld"], { minLength: 1 }),
        hourlyRate: fc.integer({ min: 0, max: 200 }),
        speed: fc.constantFrom(0.5, 1, 1.5, 2),
      }),
      { minLength: 1, maxLength: 8 },
    ),
    orders: fc.array(
      fc.record({
        dueH: fc.integer({ min: 0, max: 100 }),
        releaseH: fc.option(fc.integer({ min: 0, max: 20 }), { nil: undefined }),
        routes: fc.array(
          fc.record({
            process: fc.constantFrom("mill", "turn", "print", "weld", "paint"),
            durationH: fc.integer({ min: 0, max: 12 }),
          }),
          { minLength: 1, maxLength: 4 },
        ),
      }),
      { minLength: 1, maxLength: 12 },
    ),
    busy: fc.array(
      fc.record({
        machine: fc.nat(),
        startH: fc.integer({ min: 0, max: 60 }),
        lengthH: fc.integer({ min: 0, max: 15 }),
        down: fc.boolean(),
      }),
      {
        maxLength: 10,
      },
    ),
    weights: fc.record({
      tardiness: fc.integer({ min: 0, max: 1000 }),
      cost: fc.integer({ min: 0, max: 5 }),
      makespan: fc.integer({ min: 0, max: 50 }),
    }),
  })
  .map(({ factories, machines, orders, busy, weights }): PlanNetworkParameters => {
    const ms: NetworkMachine[] = machines.map((m, i) => ({
      id: `m${i}`,
      factory: `f${m.factory % factories}`,
      processes: m.processes,
      hourlyRate: m.hourlyRate,
      speed: m.speed,
    }));
    const intervals = busy.map((b) => ({
      machineId: `m${b.machine % ms.length}`,
      start: b.startH * H,
      end: (b.startH + b.lengthH) * H,
      down: b.down,
    }));
    return {
      orders: orders.map((o, i) => ({
        id: `o${i}`,
        dueAt: o.dueH * H,
        releaseAt: o.releaseH === undefined ? undefined : o.releaseH * H,
        routes: o.routes,
      })),
      machines: ms,
      reservations: intervals.filter((x) => !x.down).map(({ machineId, start, end }) => ({ machineId, start, end })),
      downtime: intervals.filter((x) => x.down).map(({ machineId, start, end }) => ({ machineId, start, end })),
      transportTime: (a, b) => (a.charCodeAt(1) + b.charCodeAt(1)) % 7,
      weights,
      now: 0,
    };
  });
