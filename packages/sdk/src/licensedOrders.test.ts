import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { keccak256, parseUnits, stringToHex } from "viem";
import {
  accept,
  approveMilestone,
  award,
  bid,
  contentHashOf,
  createLicence,
  createRfq,
  depositStake,
  faucet,
  getLicence,
  getOrder,
  orderMarketAbi,
  owed,
  register,
  registerDesign,
  roles,
  ship,
  submitMilestone,
  withdraw,
} from "./index.ts";
import { deployTestNetwork, rejectsWith, type TestNetwork } from "./testing/index.ts";

const usd = (amount: string) => parseUnits(amount, 6);
const DAY = 86_400;

describe("licensed orders on anvil", () => {
  let net: TestNetwork;
  before(async () => {
    net = await deployTestNetwork();
  });
  after(async () => net?.stop());

  it("meters the units, pays the designer its royalty and refuses makers the licence does not allow", async () => {
    const { alice: customer, bob: maker, carol: unlicensed, dave: designer } = net.clients;
    await register(customer, { roles: roles.customer });
    for (const m of [maker, unlicensed]) {
      await register(m, { roles: roles.manufacturer });
      await faucet(m, { amount: usd("1000") });
      await depositStake(m, { amount: usd("1000") });
    }
    await faucet(customer, { amount: usd("10000") });
    assert.equal(
      await customer.publicClient.readContract({
        address: net.deployment.contracts.orderMarket,
        abi: orderMarketAbi,
        functionName: "designRegistry",
      }),
      net.deployment.contracts.designRegistry,
      "deployDipnet sets the design registry on the market",
    );

    const { designId } = await registerDesign(designer, {
      contentHash: contentHashOf("bracket.step"),
      cid: "bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi",
      title: "Bracket",
    });
    const { licenceId } = await createLicence(designer, {
      designId,
      paymentToken: net.deployment.contracts.testStablecoin as `0x${string}`,
      royaltyPerUnit: usd("20"),
      maxUnits: 100n,
      makers: [maker.account.address],
    });

    const now = await net.anvil.now();
    const { orderId } = await createRfq(customer, {
      specHash: keccak256(stringToHex("licensed bracket")),
      specURI: "ipfs://spec",
      process: "cnc-milling",
      material: "aluminium-6061",
      quantity: 10,
      budget: usd("5000"),
      bond: 0n,
      deadline: now + BigInt(30 * DAY),
      biddingEnds: now + 3_600n,
      milestoneBps: [3_000, 7_000],
      licenceId,
    });
    assert.equal((await getOrder(customer, { orderId })).licenceId, licenceId);

    const refused = await rejectsWith(
      bid(unlicensed, { orderId, price: usd("3500"), leadTime: 10 * DAY }),
      "LicenceMakerNotAllowed",
    );
    assert.match(refused.shortMessage, new RegExp(`is not a maker licence ${licenceId} allows`));
    await bid(maker, { orderId, price: usd("4000"), leadTime: 10 * DAY });
    await net.anvil.increaseTime(3_601);
    // Refused at bid, the unlicensed maker has no bid to be awarded.
    await rejectsWith(
      award(customer, { orderId, maker: unlicensed.account.address, price: usd("3500"), leadTime: 10 * DAY }),
      "MarketNoActiveBid",
    );
    await award(customer, { orderId, maker: maker.account.address, price: usd("4000"), leadTime: 10 * DAY });

    const order = await getOrder(customer, { orderId });
    assert.equal(order.royalty, usd("200"));
    assert.equal(order.royaltyRecipient, designer.account.address);
    assert.equal((await getLicence(customer, { licenceId })).unitsBuilt, 10n);

    await submitMilestone(maker, { orderId, evidenceHash: keccak256(stringToHex("first article")) });
    await approveMilestone(customer, { orderId });
    await ship(maker, { orderId, evidenceHash: keccak256(stringToHex("tracking")) });
    await accept(customer, { orderId });

    assert.equal(await owed(designer, { account: designer.account.address }), usd("200"));
    assert.equal(await owed(maker, { account: maker.account.address }), usd("3800"));
    const { amount } = await withdraw(designer);
    assert.equal(amount, usd("200"));

    // 10 of the 100 units are built: an RFQ for 91 more does not fit, and says so.
    const later = await net.anvil.now();
    const full = await rejectsWith(
      createRfq(customer, {
        specHash: keccak256(stringToHex("licensed bracket, second batch")),
        specURI: "ipfs://spec",
        process: "cnc-milling",
        material: "aluminium-6061",
        quantity: 91,
        budget: usd("5000"),
        bond: 0n,
        deadline: later + BigInt(30 * DAY),
        biddingEnds: later + 3_600n,
        licenceId,
      }),
      "LicenceCapExceeded",
    );
    assert.match(full.shortMessage, /91 more units would pass licence \d+.s cap of 100 \(10 built\)/);
  });
});
