// The contribution rewards' read model on a real chain: two makers earn points for completed
// orders (one also for its evidence), the epoch is funded,
// one maker claims after the epoch; the API answers as the contract does, on both backends, and
// follows a reorg.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  accept,
  award,
  bid,
  claimReward,
  createRfq,
  type DipnetClient,
  depositStake,
  faucet,
  fundRewardEpoch,
  getRewardAccount,
  getRewardEpoch,
  recordEvidencePoints,
  recordOrderPoints,
  recordTrace,
  register,
  roles,
  ship,
} from "@dipnet/sdk";
import { keccak256, parseUnits, stringToHex } from "viem";
import {
  assertReorgFollowed,
  deployTestNetwork,
  forEachBackend,
  type TestNetwork,
  testDao,
  testIndexer,
  useIndexedApi,
  useTestDatabase,
} from "../../testing/index.ts";

const usd = (amount: string) => parseUnits(amount, 6);
const dip = (amount: string) => parseUnits(amount, 18);
const DAY = 86_400;
const ITEM = "urn:epc:id:sgtin:4012345.011111.1";

/** A Completed order of `customer` made by `maker` at `price` tUSD, with a trace the maker recorded. */
async function completedOrder(
  net: TestNetwork,
  customer: DipnetClient,
  maker: DipnetClient,
  price: string,
): Promise<{ orderId: bigint; eventHash: `0x${string}` }> {
  const now = await net.anvil.now();
  const { orderId } = await createRfq(customer, {
    specHash: keccak256(stringToHex(`part ${price}`)),
    specURI: "ipfs://spec",
    process: "cnc-milling",
    material: "aluminium-6061",
    quantity: 1,
    budget: usd("5000"),
    bond: 0n,
    deadline: now + BigInt(30 * DAY),
    biddingEnds: now + 3_600n,
    milestoneBps: [10_000],
  });
  await bid(maker, { orderId, price: usd(price), leadTime: 10 * DAY });
  await net.anvil.increaseTime(3_601);
  await award(customer, { orderId, maker: maker.account.address, price: usd(price), leadTime: 10 * DAY });
  await ship(maker, { orderId, evidenceHash: keccak256(stringToHex(`tracking ${orderId}`)) });
  const eventHash = keccak256(stringToHex(`shipping event ${orderId}`));
  await recordTrace(maker, { orderId, item: ITEM, eventHash });
  await accept(customer, { orderId });
  return { orderId, eventHash };
}

type Epoch = {
  epoch: number;
  start: number;
  end: number;
  capBps: number;
  points: Record<string, string>;
  accountPoints: string;
  totalPoints: string;
  budget: string;
  claimable: string;
  claimed: { amount: string; at: number; txHash: string } | null;
};

describe("contribution rewards read model", () => {
  let net: TestNetwork;
  let epoch: bigint;
  const orders = { bob: 0n, carol: 0n };
  let claim = { amount: 0n, txHash: "" };

  before(async () => {
    net = await deployTestNetwork({ dao: testDao });
    const { alice: customer, bob, carol, dave: keeper } = net.clients;
    await register(customer, { roles: roles.customer });
    await faucet(customer, { amount: usd("10000") });
    for (const maker of [bob, carol]) {
      await register(maker, { roles: roles.manufacturer });
      await faucet(maker, { amount: usd("1000") });
      await depositStake(maker, { amount: usd("1000") });
    }
    // Fees: 1 % of 4,000 tUSD = 40 DIP of value for bob's order, of 2,000 = 20 for carol's.
    const bobs = await completedOrder(net, customer, bob, "4000");
    const carols = await completedOrder(net, customer, carol, "2000");
    orders.bob = bobs.orderId;
    orders.carol = carols.orderId;
    epoch = (await recordOrderPoints(keeper, { orderId: bobs.orderId })).epoch as bigint; // 24 DIP
    await recordEvidencePoints(keeper, { orderId: bobs.orderId, item: ITEM, eventHash: bobs.eventHash }); // 6
    await recordOrderPoints(keeper, { orderId: carols.orderId }); // 12
    await fundRewardEpoch(customer, { epoch, amount: dip("5") });
    const { end } = await getRewardEpoch(customer, { epoch });
    await net.anvil.increaseTime(end - Number(await net.anvil.now()) + 1);
    const claimed = await claimReward(bob, { epoch });
    claim = { amount: claimed.amount, txHash: claimed.hash };
  });
  after(() => net?.stop());

  forEachBackend((backend) => {
    describe(`on ${backend.name}`, () => {
      const { get } = useIndexedApi(backend, () => net);

      it("shows the claimant's epoch, points by kind, budget and claim", async () => {
        const bob = net.clients.bob.account.address;
        const answer = await get(`/api/rewards/${bob}`);
        assert.equal(answer.address, bob.toLowerCase());
        const onChain = await getRewardEpoch(net.clients.alice, { epoch });
        const [e] = answer.epochs as Epoch[];
        assert.equal(answer.epochs.length, 1);
        assert.equal(e?.epoch, Number(epoch));
        assert.equal(e?.start, onChain.start);
        assert.equal(e?.end, onChain.end);
        assert.equal(e?.capBps, onChain.capBps);
        assert.deepEqual(e?.points, {
          maker: String(dip("24")),
          ruling: "0",
          service: "0",
          evidence: String(dip("6")),
        });
        assert.equal(e?.accountPoints, String(dip("30")));
        assert.equal(e?.totalPoints, String(onChain.totalPoints));
        assert.equal(e?.totalPoints, String(dip("42")));
        assert.equal(e?.budget, String(dip("5")));
        assert.equal(e?.claimable, "0", "claimed already");
        // The budget (5) is below the cap (25 % of 42): 5 × 30 / 42.
        assert.equal(claim.amount, (dip("5") * 30n) / 42n);
        assert.equal(e?.claimed?.amount, String(claim.amount));
        assert.equal(e?.claimed?.txHash, claim.txHash);
        assert.deepEqual(
          answer.contributions.map((c: { orderId: string; kind: string; points: string }) => [
            c.orderId,
            c.kind,
            c.points,
          ]),
          [
            [String(orders.bob), "evidence", String(dip("6"))],
            [String(orders.bob), "maker", String(dip("24"))],
          ],
          "newest first",
        );
        assert.equal(answer.truncated, false);
      });

      it("computes what an account that has not claimed can claim, as the contract does", async () => {
        const carol = net.clients.carol.account.address;
        const [e] = (await get(`/api/rewards/${carol}`)).epochs as Epoch[];
        const onChain = await getRewardAccount(net.clients.alice, { epoch, account: carol });
        assert.ok(onChain.claimable > 0n);
        assert.equal(e?.claimable, String(onChain.claimable));
        assert.equal(e?.claimed, null);
        const customer = await get(`/api/rewards/${net.clients.alice.account.address}`);
        assert.deepEqual([customer.epochs, customer.contributions], [[], []]);
      });

      it("refuses a malformed address, naming the field", async () => {
        const answer = await get("/api/rewards/0x1234", 400);
        assert.equal(answer.field, "address");
        assert.match(answer.message, /must match pattern/);
      });
    });
  });

  describe("after a reorg", () => {
    const database = useTestDatabase("sqlite");

    it("drops the orphaned funding and matches a from-scratch index", async () => {
      const { backend, store } = database;
      const indexer = testIndexer(store.db, net);
      await indexer.syncOnce();
      const { epoch: current } = await getRewardEpoch(net.clients.alice);
      await fundRewardEpoch(net.clients.alice, { epoch: current, amount: dip("1") });
      await indexer.syncOnce();
      assert.equal((await store.db.selectFrom("reward_funding").selectAll().execute()).length, 2);
      const after = await assertReorgFollowed(indexer, store.db, net, backend.name);
      assert.equal(after.reward_funding?.length, 1);
      assert.equal(after.reward_contributions?.length, 3);
    });
  });
});
