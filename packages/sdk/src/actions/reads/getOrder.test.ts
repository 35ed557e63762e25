import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { unpackMilestonePlan } from "./getOrder.ts";

describe("unpackMilestonePlan", () => {
  const pack = (shares: number[]) =>
    shares.slice(0, -1).reduce((plan, share, i) => plan | (BigInt(share) << (16n * BigInt(i))), 0n);

  it("reads back every plan of 1 to 4 shares the contract packs", () => {
    for (const shares of [[10_000], [3_000, 7_000], [3_000, 5_000, 2_000], [1, 2, 3, 9_994]]) {
      assert.deepEqual(unpackMilestonePlan(pack(shares)), shares);
    }
  });

  it("takes the plan as the ABI's number too", () => {
    assert.deepEqual(unpackMilestonePlan(Number(pack([2_500, 7_500]))), [2_500, 7_500]);
  });
});
