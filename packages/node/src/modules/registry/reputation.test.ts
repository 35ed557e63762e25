// The scorecard the node serves (from indexed events) scores what happened, and equals the SDK's
// `getScorecard` over chain logs — what `dipnet reputation` prints. The CLI itself is compared with
// the node on the demo network in packages/cli/src/reputation.e2e.test.ts (the CLI depends on the
// node, so that test lives there).
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { award, bid, claimDefault, createDipnetClient, getScorecard, ship } from "@dipnet/sdk";
import type { FastifyInstance } from "fastify";
import { keccak256, toHex } from "viem";
import { createTestApi, postRfq, useTestBackend, useTestNetwork } from "../../testing/index.ts";

const DAY = 86_400;

const sqlite = useTestBackend("sqlite");

describe("manufacturer scorecards", () => {
  let app: FastifyInstance;

  const net = useTestNetwork({
    backend: sqlite,
    scenario: true,
    indexed: true,
    arrange: async (chain) => {
      const { alice, erin } = chain.clients;
      // erin: one order shipped late, one defaulted.
      const late = await postRfq(chain, alice, "late-part");
      const never = await postRfq(chain, alice, "never-part");
      await chain.anvil.increaseTime(600);
      await bid(erin, { orderId: late, price: 300_000_000n, leadTime: DAY });
      await bid(erin, { orderId: never, price: 300_000_000n, leadTime: DAY });
      await chain.anvil.increaseTime(3_601);
      await award(alice, { orderId: late, maker: erin.account.address, price: 300_000_000n, leadTime: DAY });
      await award(alice, { orderId: never, maker: erin.account.address, price: 300_000_000n, leadTime: DAY });
      await chain.anvil.increaseTime(2 * DAY);
      await ship(erin, { orderId: late, evidenceHash: keccak256(toHex("late")) });
      await chain.anvil.increaseTime(5 * DAY);
      await claimDefault(alice, { orderId: never });
    },
  });
  before(async () => {
    app = await createTestApi(net);
  });
  after(async () => {
    await app?.close();
  });

  const fromChainLogs = async (address: `0x${string}`) =>
    getScorecard(createDipnetClient({ rpcUrl: net.chain.anvil.rpcUrl, deployment: net.chain.deployment }), {
      maker: address,
    });
  const fromApi = async (address: string) => {
    const response = await app.inject({ method: "GET", url: `/api/participants/${address}` });
    assert.equal(response.statusCode, 200);
    return response.json().scorecard;
  };

  it("the SDK over chain logs and the API over indexed events give equal scorecards", async () => {
    const { carol, dave, erin } = net.chain.clients;
    for (const maker of [carol, dave, erin]) {
      const address = maker.account.address;
      // Through JSON, as `dipnet reputation --json` prints it.
      const fromChain = JSON.parse(JSON.stringify(await fromChainLogs(address)));
      assert.deepEqual(await fromApi(address), fromChain, `scorecards of ${address}`);
    }
  });

  it("scores what happened", async () => {
    const { carol, dave, erin, alice } = net.chain.clients;
    const c = await fromApi(carol.account.address);
    assert.equal(c.ordersBidOn, 2);
    assert.equal(c.awarded, 2);
    assert.equal(c.completedOrders, 1);
    assert.deepEqual(Object.values(c.completedValue), ["800000000"]);
    assert.equal(c.shippedOnTime, 1);
    assert.equal(c.onTimeRate, 1);
    assert.equal(c.disputes.opened, 0);
    assert.equal(c.responseTime.samples, 2);
    const d = await fromApi(dave.account.address);
    assert.deepEqual(d.disputes, {
      opened: 1,
      rate: 1,
      makerFavoured: 0,
      customerFavoured: 0,
      split: 1,
      slashed: 1,
      expired: 0,
      open: 0,
    });
    const e = await fromApi(erin.account.address);
    assert.equal(e.shippedLate, 1);
    assert.equal(e.defaulted, 1);
    assert.equal(e.onTimeRate, 0);
    // o2 and o5 bid on at once, the two late-part RFQs after 10 minutes.
    assert.equal(e.responseTime.samples, 4);
    assert.ok(e.responseTime.meanSeconds >= 300 && e.responseTime.meanSeconds < 320, JSON.stringify(e.responseTime));
    // Customers have no scorecard.
    assert.equal(await fromApi(alice.account.address), null);
  });
});
