// Gas of each order-market action and of the full scenario (RFQ, 3 bids, award with escrow and
// bond, 2 milestones, ship, accept, 2 withdrawals), on Hardhat's in-process chain, the same for an
// order built under a design licence (plus the designer's withdrawal), then of a
// governance proposal changing the market fee (propose, vote, queue, execute), of an order of the
// value chain (a licensed order with one sub-order, one inspection and one logistics leg), then of
// a contribution reward claim.
// Prints one JSON line per action and one for the lifecycle.
import { network } from "hardhat";
import { type Address, encodeFunctionData, type Hash, keccak256, parseUnits, toHex, zeroAddress, zeroHash } from "viem";

const { viem } = await network.create();
const publicClient = await viem.getPublicClient();
const testClient = await viem.getTestClient();
const wallets = await viem.getWalletClients();
const wallet = (index: number) => {
  const client = wallets[index];
  if (!client) throw new Error(`the network needs at least ${index + 1} accounts`);
  return client;
};
const governance = wallet(0);
const customer = wallet(1);
const makerA = wallet(2);
const makerB = wallet(3);
const makerC = wallet(4);
const treasury = wallet(5);

const usd = (amount: string) => parseUnits(amount, 6);
const token = await viem.deployContract("TestStablecoin");
const registry = await viem.deployContract("ParticipantRegistry", [
  governance.account.address,
  token.address,
  usd("100"),
]);
const orderResolution = await viem.deployContract("OrderResolution");
const sealedBids = await viem.deployContract("SealedBids");
const orderLicensing = await viem.deployContract("OrderLicensing");
const subOrders = await viem.deployContract("SubOrders");
const orderViews = await viem.deployContract("OrderViews");
const market = await viem.deployContract(
  "OrderMarket",
  [
    governance.account.address,
    registry.address,
    treasury.account.address,
    {
      feeBps: 100,
      acceptanceWindow: 3 * 24 * 3600,
      lateGrace: 2 * 24 * 3600,
      minBond: usd("50"),
      rulingWindow: 14 * 24 * 3600,
      cancellationFloorPercent: 10,
      commitDepositBps: 100,
    },
  ],
  {
    libraries: {
      OrderResolution: orderResolution.address,
      SealedBids: sealedBids.address,
      OrderLicensing: orderLicensing.address,
      SubOrders: subOrders.address,
      OrderViews: orderViews.address,
    },
  },
);
await registry.write.setMarket([market.address, true]);
await market.write.setPaymentToken([token.address, true]);
const designs = await viem.deployContract("DesignRegistry", [governance.account.address, market.address, 0]);
await market.write.setDesignRegistry([designs.address]);
const designer = wallet(6);
const services = await viem.deployContract("OrderServices", [market.address]);
await market.write.setServices([services.address]);

const results: Record<string, bigint[]> = {};
async function measure(action: string, hash: Promise<Hash>): Promise<bigint> {
  const receipt = await publicClient.waitForTransactionReceipt({ hash: await hash });
  if (receipt.status !== "success") throw new Error(`${action} reverted`);
  const measured = results[action] ?? [];
  measured.push(receipt.gasUsed);
  results[action] = measured;
  return receipt.gasUsed;
}

const as = (client: typeof customer) => ({ account: client.account });
await token.write.faucet([customer.account.address, usd("10000")]);
await token.write.faucet([customer.account.address, usd("10000")]);
await registry.write.register(
  [1, keccak256(toHex("customer")), "ipfs://customer", keccak256(toHex("k"))],
  as(customer),
);
await token.write.approve([market.address, usd("20000")], as(customer));
for (const maker of [makerA, makerB, makerC]) {
  await token.write.faucet([maker.account.address, usd("1000")]);
  await registry.write.register([2, keccak256(toHex("maker")), "ipfs://maker", keccak256(toHex("k"))], as(maker));
  await token.write.approve([registry.address, usd("1000")], as(maker));
  await measure("depositStake", registry.write.depositStake([usd("500")], as(maker)));
}

// The first lifecycle also pays one-time costs (first order id, first balances of maker and
// treasury); the second is what a running network pays per order. Both are printed.
async function lifecycle(licenceId = 0n): Promise<bigint> {
  const before = Object.values(results)
    .flat()
    .reduce((a, b) => a + b, 0n);
  const now = BigInt((await publicClient.getBlock()).timestamp);
  const day = 24n * 3600n;
  await measure(
    "createRfq",
    market.write.createRfq(
      [
        {
          specHash: keccak256(toHex("bracket-v3.step")),
          specURI: "ipfs://bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi",
          process: "cnc-milling",
          material: "aluminium-6061",
          quantity: 50,
          paymentToken: token.address,
          budget: usd("5000"),
          bond: usd("100"),
          deadline: Number(now + 30n * day),
          biddingEnds: Number(now + 2n * day),
          revealEnds: 0,
          invitees: [],
          milestoneBps: [3000, 5000, 2000],
          requiredCertification: zeroHash,
          licenceId,
          parentId: 0n,
        },
      ],
      as(customer),
    ),
  );
  const orderId = await market.read.orderCount();
  const prices: Array<[typeof makerA, string, number]> = [
    [makerA, "4200", 10],
    [makerB, "3900", 14],
    [makerC, "4500", 7],
  ];
  for (const [maker, price, days] of prices) {
    await measure("bid", market.write.bid([orderId, usd(price), days * 86400], as(maker)));
  }
  await testClient.increaseTime({ seconds: Number(3n * day) });
  await testClient.mine({ blocks: 1 });
  await measure(
    "award",
    market.write.award([orderId, makerB.account.address as Address, usd("3900"), 14 * 86400], as(customer)),
  );
  const evidence = keccak256(toHex("first-article-report"));
  for (let i = 0; i < 2; i++) {
    await measure("submitMilestone", market.write.submitMilestone([orderId, evidence], as(makerB)));
    await measure("approveMilestone", market.write.approveMilestone([orderId], as(customer)));
  }
  await measure("ship", market.write.ship([orderId, keccak256(toHex("asn"))], as(makerB)));
  await measure("accept", market.write.accept([orderId], as(customer)));
  await measure("withdraw", market.write.withdraw([token.address], as(makerB)));
  await measure("withdraw", market.write.withdraw([token.address], as(treasury)));
  if (licenceId !== 0n) await measure("withdraw", market.write.withdraw([token.address], as(designer)));
  return (
    Object.values(results)
      .flat()
      .reduce((a, b) => a + b, 0n) - before
  );
}

const coldLifecycle = await lifecycle();
for (const key of Object.keys(results)) delete results[key];
const warmLifecycle = await lifecycle();

for (const [action, gas] of Object.entries(results)) {
  const value = gas.reduce((a, b) => a + b, 0n) / BigInt(gas.length);
  console.log(JSON.stringify({ bench: "gas", metric: action, value: Number(value), unit: "gas" }));
}
console.log(
  JSON.stringify({ bench: "gas", metric: "lifecycle_first_order", value: Number(coldLifecycle), unit: "gas" }),
);
console.log(JSON.stringify({ bench: "gas", metric: "lifecycle", value: Number(warmLifecycle), unit: "gas" }));

// A licensed order: 50 units at 2 tUSD royalty each, every maker allowed, the designer paid from escrow.
await designs.write.register([keccak256(toHex("bracket-v3.step")), "bafy-bracket", "Bracket", 0n], as(designer));
await designs.write.createLicence(
  [
    1n,
    {
      paymentToken: token.address,
      royaltyPerUnit: usd("2"),
      maxUnits: 1000n,
      expiresAt: 0,
      open: false,
      makers: [makerA, makerB, makerC].map((m) => m.account.address),
    },
  ],
  as(designer),
);
const licensedLifecycle = await lifecycle(1n);
for (const key of Object.keys(results)) delete results[key];
console.log(
  JSON.stringify({ bench: "gas", metric: "lifecycle_licensed", value: Number(licensedLifecycle), unit: "gas" }),
);

// The value chain: a licensed order (2 tUSD royalty per unit) whose maker, once the first milestone
// credited it, passes the anodising to a sub-tier (sub-RFQ, bid, award from the order's credits,
// ship, accept), books a first-article inspection and a leg to the customer, then ships; everyone
// withdraws. Every transaction of the scenario is counted.
const inspector = wallet(7);
const carrier = wallet(8);
for (const [provider, role] of [
  [inspector, 4],
  [carrier, 8],
] as const) {
  await token.write.faucet([provider.account.address, usd("1000")]);
  await registry.write.register([role, keccak256(toHex("provider")), "ipfs://p", keccak256(toHex("k"))], as(provider));
  await token.write.approve([registry.address, usd("100")], as(provider));
  await registry.write.depositStake([usd("100")], as(provider));
}
async function valueChainLifecycle(): Promise<bigint> {
  const total = () =>
    Object.values(results)
      .flat()
      .reduce((a, b) => a + b, 0n);
  const day = 24n * 3600n;
  let now = BigInt((await publicClient.getBlock()).timestamp);
  const rfq = (parentId: bigint, budget: string, deadline: bigint) => ({
    specHash: keccak256(toHex("bracket-v3.step")),
    specURI: "ipfs://bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi",
    process: parentId === 0n ? "cnc-milling" : "anodising",
    material: "aluminium-6061",
    quantity: 50,
    paymentToken: token.address,
    budget: usd(budget),
    bond: usd("100"),
    deadline: Number(deadline),
    biddingEnds: Number(now + day),
    revealEnds: 0,
    invitees: [],
    milestoneBps: parentId === 0n ? [3000, 7000] : [10000],
    requiredCertification: zeroHash,
    licenceId: parentId === 0n ? 1n : 0n,
    parentId,
  });
  await measure("createRfq", market.write.createRfq([rfq(0n, "5000", now + 30n * day)], as(customer)));
  const parentId = await market.read.orderCount();
  await measure("bid", market.write.bid([parentId, usd("3900"), 14 * 86400], as(makerB)));
  await testClient.increaseTime({ seconds: Number(2n * day) });
  await testClient.mine({ blocks: 1 });
  await measure("award", market.write.award([parentId, makerB.account.address, usd("3900"), 14 * 86400], as(customer)));
  const evidence = keccak256(toHex("milling-done"));
  await measure("submitMilestone", market.write.submitMilestone([parentId, evidence], as(makerB)));
  await measure("approveMilestone", market.write.approveMilestone([parentId], as(customer)));

  now = BigInt((await publicClient.getBlock()).timestamp);
  const dueAt = BigInt((await market.read.getOrder([parentId])).dueAt);
  await measure("createRfq (sub-order)", market.write.createRfq([rfq(parentId, "600", dueAt)], as(makerB)));
  const subId = await market.read.orderCount();
  await measure("bid (sub-order)", market.write.bid([subId, usd("500"), 5 * 86400], as(makerC)));
  await testClient.increaseTime({ seconds: Number(day + 1n) });
  await testClient.mine({ blocks: 1 });
  await measure(
    "award (sub-order)",
    market.write.award([subId, makerC.account.address, usd("500"), 5 * 86400], as(makerB)),
  );
  await measure("ship (sub-order)", market.write.ship([subId, keccak256(toHex("anodised"))], as(makerC)));
  await measure("accept (sub-order)", market.write.accept([subId], as(makerB)));

  now = BigInt((await publicClient.getBlock()).timestamp);
  const serviceDeadline = Number(now + 3n * day);
  await measure(
    "bookInspection",
    services.write.bookInspection([parentId, inspector.account.address, usd("80"), 1, serviceDeadline], as(makerB)),
  );
  const inspectionId = await services.read.serviceCount();
  await measure(
    "submitReport",
    services.write.submitReport([inspectionId, keccak256(toHex("fai-report")), true], as(inspector)),
  );
  await measure(
    "bookLeg",
    services.write.bookLeg(
      [parentId, carrier.account.address, customer.account.address, usd("60"), serviceDeadline],
      as(makerB),
    ),
  );
  const legId = await services.read.serviceCount();
  await measure("pickUp", services.write.pickUp([legId, keccak256(toHex("epcis-shipping"))], as(carrier)));
  await measure(
    "confirmReceipt",
    services.write.confirmReceipt([legId, keccak256(toHex("epcis-receiving"))], as(customer)),
  );
  await measure("ship", market.write.ship([parentId, keccak256(toHex("asn"))], as(makerB)));
  await measure("accept", market.write.accept([parentId], as(customer)));
  for (const payee of [makerB, makerC, treasury, designer]) {
    await measure("withdraw", market.write.withdraw([token.address], as(payee)));
  }
  for (const provider of [inspector, carrier]) {
    await measure("withdraw (services)", services.write.withdraw([token.address], as(provider)));
  }
  return total();
}
const valueChain = await valueChainLifecycle();
for (const [action, gas] of Object.entries(results)) {
  if (
    !action.includes("sub-order") &&
    !["bookInspection", "submitReport", "bookLeg", "pickUp", "confirmReceipt", "withdraw (services)"].includes(action)
  )
    continue;
  const value = gas.reduce((a, b) => a + b, 0n) / BigInt(gas.length);
  console.log(JSON.stringify({ bench: "gas", metric: action, value: Number(value), unit: "gas" }));
}
for (const key of Object.keys(results)) delete results[key];
console.log(JSON.stringify({ bench: "gas", metric: "lifecycle_value_chain", value: Number(valueChain), unit: "gas" }));

// Governance: DIP held by two voters, the timelock owning the market, one fee change through the Governor.
const day = 24 * 3600;
const voters = [customer, makerA];
const dip = await viem.deployContract("DipToken", [
  governance.account.address,
  voters.map((voter) => voter.account.address),
  [parseUnits("600000", 18), parseUnits("400000", 18)],
]);
const timelock = await viem.deployContract("DipnetTimelock", [BigInt(day), [], [], governance.account.address]);
const governor = await viem.deployContract("DipnetGovernor", [
  dip.address,
  timelock.address,
  { votingDelay: day, votingPeriod: 5 * day, proposalThreshold: parseUnits("1000", 18), quorumPercent: 4n },
]);
for (const voter of voters) await dip.write.delegate([voter.account.address], as(voter));
for (const role of [await timelock.read.PROPOSER_ROLE(), await timelock.read.EXECUTOR_ROLE()]) {
  await timelock.write.grantRole([role, governor.address]);
  await timelock.write.grantRole([role, governance.account.address]);
}
// Ownable2Step: the timelock accepts the market through an operation that waits its delay.
await market.write.transferOwnership([timelock.address]);
const acceptOwnership = encodeFunctionData({ abi: market.abi, functionName: "acceptOwnership" });
await timelock.write.schedule([market.address, 0n, acceptOwnership, zeroHash, zeroHash, BigInt(day)]);
await testClient.increaseTime({ seconds: day });
await testClient.mine({ blocks: 1 });
await timelock.write.execute([market.address, 0n, acceptOwnership, zeroHash, zeroHash]);

const parameters = await market.read.parameters();
const feeChange = encodeFunctionData({
  abi: market.abi,
  functionName: "setParameters",
  args: [{ ...parameters, feeBps: 200 }],
});
const description = "Raise the market fee to 2 %";
const proposal = [[market.address], [0n], [feeChange]] as const;
const proposalId = await governor.read.hashProposal([...proposal, keccak256(toHex(description))]);
const governanceGas: Record<string, bigint> = {};
governanceGas.propose = await measure("propose", governor.write.propose([...proposal, description], as(customer)));
await testClient.increaseTime({ seconds: day + 1 });
await testClient.mine({ blocks: 1 });
governanceGas.castVote = await measure("castVote", governor.write.castVote([proposalId, 1], as(customer)));
await measure("castVote", governor.write.castVote([proposalId, 0], as(makerA)));
await testClient.increaseTime({ seconds: 5 * day });
await testClient.mine({ blocks: 1 });
governanceGas.queue = await measure(
  "queue",
  governor.write.queue([...proposal, keccak256(toHex(description))], as(makerA)),
);
await testClient.increaseTime({ seconds: day });
await testClient.mine({ blocks: 1 });
governanceGas.execute = await measure(
  "execute",
  governor.write.execute([...proposal, keccak256(toHex(description))], as(makerA)),
);
if ((await market.read.parameters()).feeBps !== 200) throw new Error("the proposal did not change the fee");
for (const [action, gas] of Object.entries(governanceGas)) {
  console.log(JSON.stringify({ bench: "gas", metric: action, value: Number(gas), unit: "gas" }));
}

// Contribution rewards: two makers earn evidence points on two orders in one epoch, which a budget
// funds; each claims after the epoch. A claim's gas does not depend on how many participants the
// epoch has (`test/gas/ContributionRewards.gas.t.sol`); what varies is the DIP transfer: a maker new
// to DIP writes a fresh balance, one that delegates its votes also writes a vote checkpoint.
{
  const ledger = await viem.deployContract("CapacityLedger", [governance.account.address, registry.address]);
  const evidenceRegistry = await viem.deployContract("EvidenceRegistry", [ledger.address, market.address]);
  const didRegistry = await viem.deployContract("EthereumDIDRegistry");
  const epochLength = day;
  const rewards = await viem.deployContract("ContributionRewards", [
    governance.account.address,
    market.address,
    dip.address,
    didRegistry.address,
    evidenceRegistry.address,
    zeroAddress, // no order services here
    epochLength,
    5_000,
  ]);
  await rewards.write.setFeeValue([token.address, 10n ** 30n]); // tUSD at par with DIP
  await token.write.faucet([customer.account.address, usd("10000")]);
  const item = keccak256(toHex("urn:epc:id:sgtin:4012345.011111.1"));
  const tracedOrder = async (maker: typeof makerA): Promise<bigint> => {
    const now = BigInt((await publicClient.getBlock()).timestamp);
    await market.write.createRfq(
      [
        {
          specHash: keccak256(toHex("bracket-v3.step")),
          specURI: "ipfs://spec",
          process: "cnc-milling",
          material: "aluminium-6061",
          quantity: 10,
          paymentToken: token.address,
          budget: usd("1000"),
          bond: usd("50"),
          deadline: Number(now + 30n * 86_400n),
          biddingEnds: Number(now + 3_600n),
          revealEnds: 0,
          invitees: [],
          milestoneBps: [10_000],
          requiredCertification: zeroHash,
          licenceId: 0n,
          parentId: 0n,
        },
      ],
      as(customer),
    );
    const orderId = await market.read.orderCount();
    await market.write.bid([orderId, usd("800"), 10 * 86_400], as(maker));
    await testClient.increaseTime({ seconds: 3_601 });
    await testClient.mine({ blocks: 1 });
    await market.write.award([orderId, maker.account.address, usd("800"), 10 * 86_400], as(customer));
    await market.write.ship([orderId, keccak256(toHex("asn"))], as(maker));
    await evidenceRegistry.write.recordTrace([orderId, item, keccak256(toHex("shipped")), zeroAddress], as(maker));
    await market.write.accept([orderId], as(customer));
    return orderId;
  };
  // makerA holds DIP and delegates its votes (a voter above); makerC never held DIP.
  const orders = [await tracedOrder(makerA), await tracedOrder(makerC)];
  const epoch = await rewards.read.currentEpoch();
  for (const orderId of orders) await rewards.write.recordEvidence([orderId, item, keccak256(toHex("shipped"))]);
  const budget = parseUnits("1000", 18);
  await dip.write.mint([governance.account.address, budget]);
  await dip.write.approve([rewards.address, budget]);
  await rewards.write.fundEpoch([epoch, budget]);
  await testClient.increaseTime({ seconds: epochLength });
  await testClient.mine({ blocks: 1 });
  const voterClaim = await measure("reward_claim", rewards.write.claim([epoch], as(makerA)));
  const newHolderClaim = await measure("reward_claim", rewards.write.claim([epoch], as(makerC)));
  console.log(
    JSON.stringify({
      bench: "gas",
      metric: "reward_claim",
      value: Math.max(Number(voterClaim), Number(newHolderClaim)),
      unit: "gas",
      delegatingVoter: Number(voterClaim),
      newHolder: Number(newHolderClaim),
    }),
  );
}
