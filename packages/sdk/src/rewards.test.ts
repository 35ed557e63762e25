// Contribution rewards through the SDK on a real chain: a network handed to its DAO deploys them
// owned by the timelock; a Completed order's evidence earns points, an epoch is funded, and the
// maker claims its DIP after the epoch; every refusal is explained in words.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { keccak256, parseUnits, stringToHex } from "viem";
import {
  accept,
  award,
  bid,
  ContractRevertError,
  claimReward,
  contributionRewardsAbi,
  createRfq,
  depositStake,
  faucet,
  fundRewardEpoch,
  getDipAccount,
  getRewardAccount,
  getRewardEpoch,
  InvalidParameterError,
  recordEvidencePoints,
  recordOrderPoints,
  recordTrace,
  register,
  roles,
  ship,
} from "./index.ts";
import { deployTestNetwork, type TestNetwork, testDao } from "./testing/index.ts";

const usd = (amount: string) => parseUnits(amount, 6);
const dip = (amount: string) => parseUnits(amount, 18);
const DAY = 86_400;
const ITEM = "urn:epc:id:sgtin:4012345.011111.1";

async function rejectsWith(promise: Promise<unknown>, name: string): Promise<ContractRevertError> {
  const error = await promise.then(
    () => assert.fail(`expected ${name}`),
    (e: unknown) => e,
  );
  assert.ok(error instanceof ContractRevertError, `expected ContractRevertError, got ${String(error)}`);
  assert.equal(error.errorName, name, error.message);
  return error;
}

describe("contribution rewards on anvil", () => {
  let net: TestNetwork;
  before(async () => {
    net = await deployTestNetwork({ dao: testDao });
  });
  after(async () => net?.stop());

  it("is deployed owned by the timelock, weekly, capped at 25 %, tUSD fees valued at par", async () => {
    const { contributionRewards, timelock, testStablecoin } = net.deployment.contracts;
    assert.ok(contributionRewards && timelock && testStablecoin);
    const read = (functionName: "owner" | "rewardToken" | "market") =>
      net.clients.alice.publicClient.readContract({
        address: contributionRewards,
        abi: contributionRewardsAbi,
        functionName,
      });
    assert.equal(await read("owner"), timelock);
    assert.equal(await read("rewardToken"), net.deployment.contracts.dipToken);
    assert.equal(await read("market"), net.deployment.contracts.orderMarket);
    const feeValue = await net.clients.alice.publicClient.readContract({
      address: contributionRewards,
      abi: contributionRewardsAbi,
      functionName: "feeValue",
      args: [testStablecoin],
    });
    assert.equal(feeValue, 10n ** 30n);
    const epoch = await getRewardEpoch(net.clients.alice);
    assert.equal(epoch.epoch, 0n);
    assert.equal(epoch.end - epoch.start, 7 * DAY);
    assert.equal(epoch.capBps, 2_500);
  });

  it("records evidence points, funds the epoch and pays the maker's claim after it", async () => {
    const { alice: customer, bob: maker, carol: keeper } = net.clients;
    await register(customer, { roles: roles.customer });
    await register(maker, { roles: roles.manufacturer });
    await faucet(maker, { amount: usd("1000") });
    await depositStake(maker, { amount: usd("1000") });
    await faucet(customer, { amount: usd("10000") });
    const now = await net.anvil.now();
    const { orderId } = await createRfq(customer, {
      specHash: keccak256(stringToHex("bracket")),
      specURI: "ipfs://spec",
      process: "cnc-milling",
      material: "aluminium-6061",
      quantity: 10,
      budget: usd("5000"),
      bond: 0n,
      deadline: now + BigInt(30 * DAY),
      biddingEnds: now + 3_600n,
      milestoneBps: [10_000],
    });
    await bid(maker, { orderId, price: usd("4000"), leadTime: 10 * DAY });
    await net.anvil.increaseTime(3_601);
    await award(customer, { orderId, maker: maker.account.address, price: usd("4000"), leadTime: 10 * DAY });
    await ship(maker, { orderId, evidenceHash: keccak256(stringToHex("tracking")) });
    const eventHash = keccak256(stringToHex("shipping event"));
    await recordTrace(maker, { orderId, item: ITEM, eventHash });

    const early = await rejectsWith(recordOrderPoints(keeper, { orderId }), "RewardsOrderNotEligible");
    assert.match(early.shortMessage, new RegExp(`order ${orderId} is shipped; only a completed order earns`));
    await accept(customer, { orderId });

    // Anyone records: the keeper, for the maker. The fee is 1 % of 4,000 tUSD = 40 DIP of value; evidence earns 15 %.
    const recorded = await recordEvidencePoints(keeper, { orderId, item: ITEM, eventHash });
    assert.equal(recorded.account, maker.account.address);
    assert.equal(recorded.points, dip("6"));
    assert.equal(recorded.selfDealing, undefined);
    const epoch = recorded.epoch;
    assert.ok(epoch !== undefined);
    const again = await rejectsWith(
      recordEvidencePoints(keeper, { orderId, item: ITEM, eventHash }),
      "RewardsAlreadyRecorded",
    );
    assert.match(again.shortMessage, new RegExp(`the evidence points of order ${orderId} are already recorded`));

    await fundRewardEpoch(customer, { epoch, amount: dip("100") });
    const funded = await getRewardEpoch(customer, { epoch });
    assert.equal(funded.budget, dip("100"));
    assert.equal(funded.totalPoints, dip("6"));
    const before = await getRewardAccount(customer, { epoch, account: maker.account.address });
    assert.equal(before.points, dip("6"));
    assert.equal(before.claimable, dip("1.5"), "the cap: 25 % of its points");

    const tooEarly = await rejectsWith(claimReward(maker, { epoch }), "RewardsEpochNotEnded");
    assert.match(tooEarly.shortMessage, new RegExp(`reward epoch ${epoch} runs until`));
    await net.anvil.increaseTime(funded.end - Number(await net.anvil.now()) + 1);
    const held = (await getDipAccount(maker, maker.account.address)).balance; // bob's DAO allocation
    const { amount } = await claimReward(maker, { epoch });
    assert.equal(amount, dip("1.5"));
    assert.equal((await getDipAccount(maker, maker.account.address)).balance, held + dip("1.5"));
    const after = await getRewardAccount(maker, { epoch, account: maker.account.address });
    assert.equal(after.claimed, true);
    assert.equal(after.claimable, 0n);
    await rejectsWith(claimReward(maker, { epoch }), "RewardsAlreadyClaimed");
    await rejectsWith(fundRewardEpoch(customer, { epoch, amount: dip("1") }), "RewardsEpochEnded");
  });

  it("refuses bad input before sending anything, naming the field", async () => {
    const { alice } = net.clients;
    await assert.rejects(fundRewardEpoch(alice, { epoch: 1n, amount: 0n }), (e: unknown) => {
      assert.ok(e instanceof InvalidParameterError);
      assert.equal(e.field, "amount");
      return true;
    });
    await assert.rejects(claimReward(alice, { epoch: -1n }), (e: unknown) => {
      assert.ok(e instanceof InvalidParameterError);
      assert.equal(e.field, "epoch");
      return true;
    });
    await assert.rejects(
      recordEvidencePoints(alice, { orderId: 1n, item: "not a uri", eventHash: "0x00" }),
      (e: unknown) => {
        assert.ok(e instanceof InvalidParameterError);
        assert.equal(e.field, "eventHash");
        return true;
      },
    );
  });
});
