import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { keccak256, parseUnits, stringToHex } from "viem";
import {
  accept,
  approveMilestone,
  award,
  bid,
  bookInspection,
  bookLeg,
  ContractRevertError,
  cancelService,
  confirmReceipt,
  createRfq,
  depositStake,
  faucet,
  getOrder,
  getService,
  orderTreeInfo,
  owed,
  pickUp,
  register,
  roles,
  serviceCount,
  serviceFeesOwed,
  ship,
  submitMilestone,
  submitReport,
  withdrawServiceFees,
} from "./index.ts";
import { deployTestNetwork, type TestNetwork } from "./testing/index.ts";

const usd = (amount: string) => parseUnits(amount, 6);
const DAY = 86_400;
const hash = (text: string) => keccak256(stringToHex(text));

async function rejectsWith(promise: Promise<unknown>, name: string): Promise<ContractRevertError> {
  const error = await promise.then(
    () => assert.fail(`expected ${name}`),
    (e: unknown) => e,
  );
  assert.ok(error instanceof ContractRevertError, `expected ContractRevertError, got ${String(error)}`);
  assert.equal(error.errorName, name, error.message);
  return error;
}

describe("value chain on anvil", () => {
  let net: TestNetwork;
  before(async () => {
    net = await deployTestNetwork();
  });
  after(async () => net?.stop());

  it("splits one order among maker, sub-tier, inspector and carrier, paid from the order's credits", async () => {
    const { alice: customer, bob: maker, carol: subTier, dave: inspector, erin: carrier } = net.clients;
    assert.ok(net.deployment.contracts.orderServices, "deployDipnet deploys the order services");
    await register(customer, { roles: roles.customer });
    await faucet(customer, { amount: usd("10000") });
    for (const [client, role] of [
      [maker, roles.manufacturer],
      [subTier, roles.manufacturer],
      [inspector, roles.inspector],
      [carrier, roles.logistics],
    ] as const) {
      await register(client, { roles: role });
      await faucet(client, { amount: usd("1000") });
      await depositStake(client, { amount: usd("500") });
    }

    const now = await net.anvil.now();
    const rfq = {
      specHash: hash("bracket"),
      specURI: "ipfs://spec",
      process: "cnc-milling",
      material: "aluminium-6061",
      quantity: 10,
      bond: 0n,
    };
    const { orderId } = await createRfq(customer, {
      ...rfq,
      budget: usd("5000"),
      deadline: now + BigInt(30 * DAY),
      biddingEnds: now + 3_600n,
      milestoneBps: [5_000, 5_000],
    });
    await bid(maker, { orderId, price: usd("4000"), leadTime: 10 * DAY });
    await net.anvil.increaseTime(3_601);
    await award(customer, { orderId, maker: maker.account.address, price: usd("4000"), leadTime: 10 * DAY });
    await submitMilestone(maker, { orderId, evidenceHash: hash("milled") });
    await approveMilestone(customer, { orderId });
    assert.equal((await orderTreeInfo(maker, { orderId })).spendableCredit, usd("2000"));

    const dueAt = BigInt((await getOrder(maker, { orderId })).dueAt ?? 0);
    const later = await net.anvil.now();
    const { orderId: subId } = await createRfq(maker, {
      ...rfq,
      process: "anodising",
      budget: usd("800"),
      deadline: dueAt,
      biddingEnds: later + 3_600n,
      invitees: [subTier.account.address],
      parentId: orderId,
    });
    assert.equal((await orderTreeInfo(maker, { orderId: subId })).parentId, orderId);
    await bid(subTier, { orderId: subId, price: usd("700"), leadTime: 3 * DAY });
    await net.anvil.increaseTime(3_601);
    await award(maker, { orderId: subId, maker: subTier.account.address, price: usd("700"), leadTime: 3 * DAY });
    // 700 + the 1 % fee came out of the 2,000 the first milestone credited.
    assert.equal(await owed(maker, { account: maker.account.address }), usd("1293"));
    await ship(subTier, { orderId: subId, evidenceHash: hash("anodised") });
    await accept(maker, { orderId: subId });
    assert.equal(await owed(subTier, { account: subTier.account.address }), usd("700"));

    const deadline = (await net.anvil.now()) + BigInt(3 * DAY);
    const inspection = await bookInspection(maker, {
      orderId,
      inspector: inspector.account.address,
      fee: usd("80"),
      kind: "firstArticle",
      deadline,
    });
    const refused = await rejectsWith(
      submitReport(carrier, { serviceId: inspection.serviceId, reportHash: hash("report"), accepted: true }),
      "ServicesNotAllowed",
    );
    assert.match(refused.shortMessage, /inspection report rejected/);
    await submitReport(inspector, { serviceId: inspection.serviceId, reportHash: hash("report"), accepted: true });
    const done = await getService(inspector, { serviceId: inspection.serviceId });
    assert.equal(done.kind, "inspection");
    assert.equal(done.state, "performed");
    assert.equal(done.inspection, "firstArticle");

    const leg = await bookLeg(maker, {
      orderId,
      carrier: carrier.account.address,
      receiver: customer.account.address,
      fee: usd("60"),
      deadline,
    });
    await pickUp(carrier, { serviceId: leg.serviceId, epcisHash: hash("epcis shipping") });
    await confirmReceipt(customer, { serviceId: leg.serviceId, epcisHash: hash("epcis receiving") });
    assert.equal((await getService(carrier, { serviceId: leg.serviceId })).state, "performed");

    const spare = await bookInspection(maker, {
      orderId,
      inspector: inspector.account.address,
      fee: usd("10"),
      kind: "final",
      deadline,
    });
    await cancelService(maker, { serviceId: spare.serviceId });
    assert.equal(await serviceCount(maker), 3n);
    assert.equal(await serviceFeesOwed(maker, { account: maker.account.address }), usd("10"));

    await ship(maker, { orderId, evidenceHash: hash("shipped") });
    await accept(customer, { orderId });
    const { amount } = await withdrawServiceFees(inspector);
    assert.equal(amount, usd("80"));
    assert.equal(await serviceFeesOwed(carrier, { account: carrier.account.address }), usd("60"));
    // Of the 4,000 price: 707 to the sub-order, 150 to services, the rest to the maker.
    assert.equal(await owed(maker, { account: maker.account.address }), usd("3143"));
  });
});
