import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { InvalidParameterError } from "../../errors/base.ts";
import { aqlDecision, aqlSamplingPlan, aqlValues } from "./aql.ts";

describe("aqlSamplingPlan (ISO 2859-1, level II, single, normal)", () => {
  it("matches the standard's tables on known plans", () => {
    // [lot size, AQL] -> [code letter, sample size, Ac, Re]
    const golden: [number, number, string, number, number, number][] = [
      [500, 1, "H", 50, 1, 2],
      [1000, 2.5, "J", 80, 5, 6],
      [2000, 1, "K", 125, 3, 4],
      [3000, 4, "K", 125, 10, 11],
      [10_000, 2.5, "L", 200, 10, 11],
      [400, 0.25, "H", 50, 0, 1],
      [400, 0.4, "H", 32, 0, 1], // arrow up: the plan above
      [400, 0.65, "H", 80, 1, 2], // arrow down: the plan below
      [100, 1, "F", 13, 0, 1],
      [1000, 0.65, "J", 80, 1, 2],
      [1000, 10, "J", 80, 14, 15],
      [2000, 10, "K", 125, 21, 22],
      [10_000, 10, "L", 125, 21, 22], // arrow up from beyond 21/22
      [1_000_000, 0.01, "Q", 1250, 0, 1],
      [1_000_000, 0.025, "Q", 2000, 1, 2], // down to R
      [50, 6.5, "D", 8, 1, 2],
      [8, 6.5, "A", 2, 0, 1],
    ];
    for (const [lotSize, aql, letter, n, ac, re] of golden) {
      const p = aqlSamplingPlan({ lotSize, aql });
      assert.deepEqual(
        [p.codeLetter, p.sampleSize, p.acceptNumber, p.rejectNumber],
        [letter, n, ac, re],
        `${lotSize} @ ${aql}`,
      );
    }
  });

  it("inspects the whole lot when the sample would not be smaller", () => {
    const p = aqlSamplingPlan({ lotSize: 5, aql: 0.65 });
    assert.deepEqual([p.sampleSize, p.acceptNumber, p.fullInspection], [5, 0, true]);
  });

  it("gives a plan for every lot and AQL: Re = Ac + 1, sample within the lot, acceptance non-decreasing in AQL", () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 2_000_000 }), (lotSize) => {
        let lastAc = -1;
        for (const aql of aqlValues) {
          const p = aqlSamplingPlan({ lotSize, aql });
          assert.equal(p.rejectNumber, p.acceptNumber + 1);
          assert.ok(p.sampleSize <= lotSize && p.sampleSize >= 2);
          assert.ok(p.acceptNumber >= lastAc || p.fullInspection, `${lotSize} @ ${aql}`);
          lastAc = p.acceptNumber;
          assert.equal(aqlDecision(p, p.acceptNumber), "accept");
          if (p.rejectNumber <= p.sampleSize) assert.equal(aqlDecision(p, p.rejectNumber), "reject");
        }
      }),
      { numRuns: 500 },
    );
  });

  it("refuses lots, AQLs and counts outside the table, naming the field", () => {
    assert.throws(
      () => aqlSamplingPlan({ lotSize: 1, aql: 1 }),
      (e: unknown) => e instanceof InvalidParameterError && e.field === "lotSize",
    );
    assert.throws(
      () => aqlSamplingPlan({ lotSize: 100, aql: 3 }),
      (e: unknown) => e instanceof InvalidParameterError && e.field === "aql",
    );
    const p = aqlSamplingPlan({ lotSize: 500, aql: 1 });
    assert.throws(
      () => aqlDecision(p, 51),
      (e: unknown) => e instanceof InvalidParameterError && e.field === "nonconforming",
    );
  });
});
