import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { calendarSeconds, capacity, schedule } from "./calendar.ts";
import { jobCost, jobHours, type Machine } from "./model.ts";
import { acceptsCounterOffer, type PricingPolicy, quote } from "./quote.ts";

const mill = (id: string, hourlyRate: number, hoursPerDay = 16): Machine => ({
  id,
  type: "test mill",
  process: "cnc-milling",
  hourlyRate,
  hoursPerDay,
});
const policy: PricingPolicy = { margin: 0.25, minMargin: 0.08, shippingSeconds: 86_400, maxUtilization: 0.85 };
const maker = { machines: [mill("m1", 100)], materials: ["aluminium-6061", "titanium-ti6al4v"], policy };
const rfq = (over: Partial<Parameters<typeof quote>[1]> = {}) => ({
  key: "1",
  process: "cnc-milling",
  material: "aluminium-6061",
  quantity: 10,
  budgetUsd: 2000,
  deadline: 1_000_000 + 30 * 86_400,
  biddingEnds: 1_000_000,
  ...over,
});

describe("cost model", () => {
  describe("jobHours", () => {
    it("is set-up plus time per part, scaled by machinability for machining", () => {
      assert.equal(jobHours("cnc-milling", "aluminium-6061", 10), 2 + 0.5 * 10);
      assert.equal(jobHours("cnc-milling", "titanium-ti6al4v", 10), 2 + 0.5 * 10 * 2.5);
      // Printing time does not depend on how hard the material machines.
      assert.equal(jobHours("fdm-printing", "petg", 4), 0.25 + 1.5 * 4);
      assert.equal(jobHours("unknown", "petg", 4), undefined);
    });
  });

  describe("jobCost", () => {
    it("is machine rate × hours + material × quantity + fixed costs", () => {
      const c = jobCost({ process: "cnc-milling", material: "aluminium-6061", quantity: 10, hourlyRate: 100 });
      assert.equal(c.hours, 7);
      assert.equal(c.machineCost, 700);
      assert.ok(Math.abs(c.materialCost - 6 * 0.4 * 10 * 1.1) < 1e-9);
      assert.equal(c.total, c.machineCost + c.materialCost);
      const mould = jobCost({ process: "injection-moulding", material: "abs", quantity: 1000, hourlyRate: 80 });
      assert.equal(mould.fixedCost, 3500);
    });
  });

  describe("quote", () => {
    it("prices at cost plus margin and quotes the lead time from the calendar", () => {
      const q = quote(maker, rfq(), []);
      assert.ok(q.ok);
      const cost = 700 + 26.4;
      assert.equal(q.priceUsd, Math.round(cost * 1.25 * 100) / 100);
      assert.equal(q.minPriceUsd, Math.round(cost * 1.08 * 100) / 100);
      assert.equal(q.leadTime, calendarSeconds(7, 16) + 86_400);
    });

    it("never bids above the budget, and declines when the budget leaves less than the minimum margin", () => {
      const capped = quote(maker, rfq({ budgetUsd: 800 }), []);
      assert.ok(capped.ok);
      assert.equal(capped.priceUsd, 800);
      const declined = quote(maker, rfq({ budgetUsd: 700 }), []);
      assert.deepEqual(declined.ok, false);
    });

    it("declines processes and materials it does not offer", () => {
      assert.match((quote(maker, rfq({ process: "sheet-metal" }), []) as { reason: string }).reason, /no sheet-metal/);
      assert.match((quote(maker, rfq({ material: "brass-c360" }), []) as { reason: string }).reason, /brass/);
    });

    it("queues behind booked work and skips when the lead time misses the deadline", () => {
      const booked = [{ key: "0", process: "cnc-milling", hours: 160, readyAt: 1_000_000 }];
      const q = quote(maker, rfq({ budgetUsd: 100_000 }), booked);
      assert.ok(q.ok);
      assert.equal(q.leadTime, calendarSeconds(160, 16) + calendarSeconds(7, 16) + 86_400);
      const tight = quote(maker, rfq({ deadline: 1_000_000 + 5 * 86_400 }), booked);
      assert.deepEqual(tight, { ok: false, reason: "lead time misses the deadline" });
    });

    it("declines when machine time before the deadline is booked beyond the utilisation limit", () => {
      // 16 h/day × 12 days = 192 h available; 150 h booked + 7 h = 82 %; 170 h + 7 h = 92 % > 85 %.
      const deadline = 1_000_000 + 12 * 86_400;
      const ok = quote(maker, rfq({ deadline, budgetUsd: 100_000 }), [
        { key: "0", process: "cnc-milling", hours: 150, readyAt: 1_000_000 },
      ]);
      assert.ok(ok.ok);
      const full = quote(maker, rfq({ deadline: deadline + 86_400 * 3, budgetUsd: 100_000 }), [
        { key: "0", process: "cnc-milling", hours: 200, readyAt: 1_000_000 },
      ]);
      assert.deepEqual(full, { ok: false, reason: "no free capacity before the deadline" });
    });

    it("uses the machine free earliest, and its rate", () => {
      const two = { ...maker, machines: [mill("a", 100), mill("b", 150)] };
      const busy = [{ key: "0", process: "cnc-milling", hours: 50, readyAt: 1_000_000 }];
      const q = quote(two, rfq({ budgetUsd: 100_000 }), busy);
      assert.ok(q.ok);
      assert.equal(q.machineId, "b");
      assert.equal(q.cost.machineCost, 7 * 150);
    });
  });

  describe("schedule", () => {
    it("is deterministic, first come first served, and frees machines when jobs end early", () => {
      const jobs = [
        { key: "1", process: "cnc-milling", hours: 16, readyAt: 0 },
        { key: "2", process: "cnc-milling", hours: 16, readyAt: 0 },
      ];
      const a = schedule([mill("m", 1)], jobs);
      assert.deepEqual(a, schedule([mill("m", 1)], jobs));
      assert.equal(a[1]?.start, 86_400);
      const early = schedule(
        [mill("m", 1)],
        [{ ...jobs[0], endedAt: 3600 } as (typeof jobs)[0], jobs[1] as (typeof jobs)[0]],
      );
      assert.equal(early[1]?.start, 3600);
    });

    it("counts booked against available machine hours", () => {
      const s = schedule([mill("m", 1)], [{ key: "1", process: "cnc-milling", hours: 8, readyAt: 0 }]);
      const c = capacity([mill("m", 1)], s, "cnc-milling", 0, 86_400);
      assert.ok(Math.abs(c.bookedHours - 8) < 1e-9);
      assert.ok(Math.abs(c.availableHours - 16) < 1e-9);
      assert.ok(Math.abs(c.utilization - 0.5) < 1e-9);
    });
  });

  describe("acceptsCounterOffer", () => {
    it("accepts at or above the minimum price when the lead time still fits", () => {
      assert.equal(
        acceptsCounterOffer({ counterPriceUsd: 100, counterLeadTime: 10, minPriceUsd: 100, feasibleLeadTime: 10 }),
        true,
      );
      assert.equal(
        acceptsCounterOffer({ counterPriceUsd: 99.99, counterLeadTime: 10, minPriceUsd: 100, feasibleLeadTime: 10 }),
        false,
      );
      assert.equal(
        acceptsCounterOffer({ counterPriceUsd: 120, counterLeadTime: 9, minPriceUsd: 100, feasibleLeadTime: 10 }),
        false,
      );
    });
  });
});
