import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { keccak256, parseUnits, stringToHex, toHex } from "viem";
import {
  accept,
  acceptCounterOffer,
  approveMilestone,
  award,
  awardWithPermit,
  balanceOf,
  bid,
  bidCommitment,
  ContractRevertError,
  cancellationCompensation,
  cancelOrder,
  commitBid,
  counterOffer,
  createRfq,
  type Deployment,
  type DipnetClient,
  type DipnetEvent,
  depositStake,
  dispute,
  erc20PermitAbi,
  expireDispute,
  faucet,
  getBid,
  getOrder,
  listBids,
  listRfqs,
  orderMarketAbi,
  orderTimeline,
  owed,
  participant,
  register,
  revealBid,
  roles,
  settleCommitDeposit,
  ship,
  submitMilestone,
  watchMarketEvents,
  withdraw,
  withdrawCounterOffer,
} from "./index.ts";
import { readDeployment, writeDeployment } from "./node/index.ts";
import { deployTestNetwork, type TestAnvil, type TestNetwork } from "./testing/index.ts";

const usd = (amount: string) => parseUnits(amount, 6);
const DAY = 86_400;

describe("DIPNET SDK against anvil", () => {
  let anvil: TestAnvil;
  let deployment: Deployment;
  let as: TestNetwork["clients"];

  before(async () => {
    ({ anvil, deployment, clients: as } = await deployTestNetwork());
  });
  const stablecoin = () => {
    const token = deployment.contracts.testStablecoin;
    assert.ok(token, "local deployments include the test stablecoin");
    return token;
  };
  after(async () => {
    await anvil?.stop();
  });

  it("writes and reads deployments.json atomically", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "dipnet-sdk-"));
    try {
      const file = path.join(dir, "nested", "deployments.json");
      writeDeployment(file, deployment);
      assert.deepEqual(readDeployment(file), deployment);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("runs an order from RFQ to withdrawal", async () => {
    const events: DipnetEvent[] = [];
    const unwatch = watchMarketEvents(as.alice, (e) => events.push(e), { pollingInterval: 50 });
    try {
      const { alice, bob, carol, deployer } = as;
      await register(alice, { roles: roles.customer });
      for (const maker of [bob, carol]) {
        await register(maker, { roles: roles.manufacturer, profileURI: "ipfs://maker" });
        await faucet(maker, { amount: usd("1000") });
        const r = await depositStake(maker, { amount: usd("1000") });
        assert.ok(r.approval, "approves the registry first");
      }
      await faucet(alice, { amount: usd("10000") });
      const now = await anvil.now();
      const { orderId } = await createRfq(alice, {
        specHash: keccak256(stringToHex("bracket v3")),
        specURI: "ipfs://spec",
        process: "cnc-milling",
        material: "aluminium-6061",
        quantity: 50,
        budget: usd("5000"),
        bond: usd("500"),
        deadline: now + BigInt(30 * DAY),
        biddingEnds: now + 3_600n,
        milestoneBps: [3_000, 5_000, 2_000],
      });
      assert.equal(orderId, 1n);
      await bid(bob, { orderId, price: usd("4800"), leadTime: 10 * DAY });
      await bid(carol, { orderId, price: usd("4500"), leadTime: 12 * DAY });
      await counterOffer(alice, { orderId, maker: carol.account.address, price: usd("4300"), leadTime: 12 * DAY });
      // The customer swaps the offer in front of the acceptance: the maker named the terms it saw.
      await counterOffer(alice, { orderId, maker: carol.account.address, price: 1n, leadTime: 1 });
      await assert.rejects(
        acceptCounterOffer(carol, { orderId, price: usd("4300"), leadTime: 12 * DAY }),
        (e: unknown) => {
          assert.ok(e instanceof ContractRevertError);
          assert.equal(e.errorName, "MarketTermsChanged");
          assert.match(
            e.message,
            /^counter-offer acceptance rejected: the terms named are not the current ones: .* now offers 0\.000001 tUSD over 1s on order 1 \(MarketTermsChanged\)$/,
          );
          return true;
        },
      );
      assert.equal((await getBid(carol, { orderId, maker: carol.account.address })).price, usd("4500"));
      await withdrawCounterOffer(alice, { orderId, maker: carol.account.address });
      assert.equal((await getBid(carol, { orderId, maker: carol.account.address })).counterOffer, undefined);
      await counterOffer(alice, { orderId, maker: carol.account.address, price: usd("4200"), leadTime: 12 * DAY });
      await acceptCounterOffer(carol, { orderId, price: usd("4200"), leadTime: 12 * DAY });
      assert.equal((await getBid(carol, { orderId, maker: carol.account.address })).price, usd("4200"));

      const carolsTerms = { maker: carol.account.address, price: usd("4200"), leadTime: 12 * DAY };
      await assert.rejects(award(alice, { orderId, ...carolsTerms }), (e: unknown) => {
        assert.ok(e instanceof ContractRevertError);
        assert.equal(e.errorName, "MarketBidWindowOpen");
        assert.match(
          e.message,
          /^award rejected: bidding on RFQ 1 is open until \d{4}-\d\d-\d\d \d\d:\d\d(:\d\d)? UTC \(MarketBidWindowOpen\)$/,
        );
        return true;
      });
      // A refused award sends no approval either.
      const allowance = () =>
        alice.publicClient.readContract({
          address: stablecoin(),
          abi: erc20PermitAbi,
          functionName: "allowance",
          args: [alice.account.address, deployment.contracts.orderMarket],
        });
      assert.equal(await allowance(), 0n);
      await anvil.increaseTime(3_601);
      await assert.rejects(
        bid(bob, { orderId, price: usd("4000"), leadTime: DAY }),
        /^ContractRevertError: bid rejected: RFQ 1 closed at .* UTC \(MarketBidWindowClosed\)$/m,
      );

      // Short of price + fee: refused before the approval, in the token's own words.
      const transfer = (from: DipnetClient, to: DipnetClient, amount: bigint) =>
        from.walletClient.writeContract({
          address: stablecoin(),
          abi: erc20PermitAbi,
          functionName: "transfer",
          args: [to.account.address, amount],
          account: from.account,
          chain: from.walletClient.chain,
        });
      await transfer(alice, deployer, usd("9000"));
      await assert.rejects(award(alice, { orderId, ...carolsTerms }), (e: unknown) => {
        assert.ok(e instanceof ContractRevertError);
        assert.equal(e.errorName, "ERC20InsufficientBalance");
        assert.match(
          e.message,
          /^award rejected: .* holds 1000 tUSD but 4242 tUSD is needed \(ERC20InsufficientBalance\)$/,
        );
        return true;
      });
      assert.equal(await allowance(), 0n);
      await transfer(deployer, alice, usd("9000"));
      // Terms other than the stored bid's are refused before any approval.
      await assert.rejects(
        award(alice, { orderId, ...carolsTerms, price: usd("4500") }),
        /^ContractRevertError: award rejected: the terms named are not the current ones: .* now offers 4200 tUSD over 12d on order 1 \(MarketTermsChanged\)$/m,
      );
      assert.equal(await allowance(), 0n);

      const awarded = await award(alice, { orderId, ...carolsTerms });
      assert.ok(awarded.approval, "approved once the award was sure to pass");
      assert.equal(awarded.price, usd("4200"));
      assert.equal(awarded.fee, usd("42"), "1 % protocol fee");
      assert.equal((await getOrder(alice, { orderId })).status, "Awarded");
      assert.deepEqual(
        (await getOrder(alice, { orderId })).milestoneBps,
        [3_000, 5_000, 2_000],
        "unpacked from the order",
      );
      assert.equal((await participant(carol, { account: carol.account.address })).locked, usd("500"));

      for (const index of [0, 1]) {
        const submitted = await submitMilestone(carol, {
          orderId,
          evidenceHash: keccak256(toHex(`milestone ${index}`)),
        });
        assert.equal(submitted.index, index);
        await approveMilestone(alice, { orderId });
      }
      await ship(carol, { orderId, evidenceHash: keccak256(toHex("waybill")) });
      const accepted = await accept(alice, { orderId });
      // Acceptance releases the last milestone (20 %); the first two were credited on approval.
      assert.equal(accepted.settlement?.makerAmount, usd("840"));

      const before = await balanceOf(carol, {
        token: stablecoin(),
        account: carol.account.address,
      });
      const paid = await withdraw(carol);
      assert.equal(paid.amount, usd("4200"));
      assert.equal(
        await balanceOf(carol, { token: stablecoin(), account: carol.account.address }),
        before + usd("4200"),
      );
      assert.equal((await withdraw(deployer)).amount, usd("42"), "treasury collects the fee");
      assert.equal(await owed(carol, { account: carol.account.address }), 0n);
      assert.equal((await participant(carol, { account: carol.account.address })).locked, 0n);

      const timeline = await orderTimeline(alice, { orderId });
      assert.deepEqual(
        timeline.filter((e) => e.contract === "orderMarket").map((e) => e.eventName),
        [
          "RfqCreated",
          "BidPlaced",
          "BidPlaced",
          "CounterOffered",
          "CounterOffered",
          "CounterOfferWithdrawn",
          "CounterOffered",
          "CounterOfferAccepted",
          "OrderAwarded",
          "MilestoneSubmitted",
          "MilestoneReleased",
          "MilestoneSubmitted",
          "MilestoneReleased",
          "OrderShipped",
          "OrderAccepted",
          "OrderSettled",
        ],
      );
      assert.ok(timeline.some((e) => e.eventName === "BondLocked"));
      const rfqs = await listRfqs(alice);
      assert.equal(rfqs[0]?.process, "cnc-milling");
      assert.equal(rfqs[0]?.status, "Completed");
      assert.equal((await listBids(alice, { orderId })).length, 2);

      // Polling delivers asynchronously: wait for the award to arrive (bounded by the test's timeout).
      while (!events.some((e) => e.eventName === "OrderAwarded")) {
        await new Promise((r) => setTimeout(r, 50));
      }
      assert.ok(
        events.some((e) => e.eventName === "OrderAwarded"),
        "watch delivers decoded events",
      );
    } finally {
      unwatch();
    }
  });

  it("seals bids with a deposit and a locally computed commitment, and awards with an EIP-2612 permit", async () => {
    const { alice, bob, dave } = as;
    await register(dave, { roles: roles.manufacturer });
    await faucet(dave, { amount: usd("1100") });
    await depositStake(dave, { amount: usd("1000") });
    await faucet(bob, { amount: usd("100") });
    const now = await anvil.now();
    const { orderId } = await createRfq(alice, {
      specHash: keccak256(stringToHex("sealed")),
      specURI: "ipfs://sealed",
      process: "3d-printing",
      material: "pa12",
      quantity: 10,
      budget: usd("900"),
      bond: usd("100"),
      deadline: now + BigInt(20 * DAY),
      biddingEnds: now + 3_600n,
      revealEnds: now + 7_200n,
    });
    // 1 % of the 900 tUSD budget is held until the reveal.
    const sealed = await commitBid(bob, { orderId, price: usd("800"), leadTime: 5 * DAY });
    assert.equal(sealed.deposit, usd("9"));
    assert.ok(sealed.approval, "approves the deposit first");
    assert.equal((await getBid(bob, { orderId, maker: bob.account.address })).deposit, usd("9"));
    const revised = await commitBid(bob, { orderId, price: usd("800"), leadTime: 5 * DAY, salt: sealed.salt });
    assert.equal(revised.deposit, usd("9"), "a revised commitment keeps its deposit");
    assert.equal(revised.approval, undefined, "and pulls nothing more");
    const onChain = await alice.publicClient.readContract({
      address: deployment.contracts.orderMarket,
      abi: orderMarketAbi,
      functionName: "bidCommitment",
      args: [orderId, bob.account.address, usd("800"), 5 * DAY, sealed.salt],
    });
    assert.equal(sealed.commitment, onChain, "local commitment matches the contract's");
    assert.equal(
      bidCommitment({
        chainId: 31337,
        market: deployment.contracts.orderMarket,
        orderId,
        maker: bob.account.address,
        price: usd("800"),
        leadTime: 5 * DAY,
        salt: sealed.salt,
      }),
      onChain,
    );
    await commitBid(dave, { orderId, price: usd("700"), leadTime: 5 * DAY });
    await anvil.increaseTime(3_601);
    const bobOwed = await owed(bob, { account: bob.account.address });
    await revealBid(bob, { orderId, price: usd("800"), leadTime: 5 * DAY, salt: sealed.salt });
    assert.equal(await owed(bob, { account: bob.account.address }), bobOwed + usd("9"), "the reveal returns it");
    // Dave never reveals: its deposit goes to the customer once the reveal window has closed.
    await assert.rejects(
      settleCommitDeposit(alice, { orderId, maker: dave.account.address }),
      /^ContractRevertError: commit deposit settlement rejected: the reveal window of RFQ 2 is open until .* UTC; unrevealed deposits wait for it \(MarketRevealWindowOpen\)$/m,
    );
    await anvil.increaseTime(3_600);
    const aliceOwed = await owed(alice, { account: alice.account.address });
    const settled = await settleCommitDeposit(bob, { orderId, maker: dave.account.address });
    assert.deepEqual(
      { forfeited: settled.forfeited, deposit: settled.deposit },
      { forfeited: true, deposit: usd("9") },
    );
    assert.equal(await owed(alice, { account: alice.account.address }), aliceOwed + usd("9"));
    await assert.rejects(
      settleCommitDeposit(alice, { orderId, maker: dave.account.address }),
      /holds no commit deposit on RFQ 2 \(revealed, withdrawn or already settled\) \(MarketNoCommitDeposit\)$/m,
    );
    await assert.rejects(
      awardWithPermit(alice, { orderId, maker: dave.account.address, price: usd("700"), leadTime: 5 * DAY }),
      /MarketNoActiveBid/,
    );
    await assert.rejects(
      awardWithPermit(alice, { orderId, maker: bob.account.address, price: usd("700"), leadTime: 5 * DAY }),
      /MarketTermsChanged/,
    );
    const awarded = await awardWithPermit(alice, {
      orderId,
      maker: bob.account.address,
      price: usd("800"),
      leadTime: 5 * DAY,
    });
    assert.equal(awarded.price, usd("800"));
    assert.equal((await getOrder(alice, { orderId })).price, usd("800"));
  });

  it("pays the maker compensation on a cancellation after award, and expires an unruled dispute", async () => {
    const { alice, bob } = as;
    await faucet(alice, { amount: usd("3000") });
    const post = async (leadTime: number) => {
      const now = await anvil.now();
      const { orderId } = await createRfq(alice, {
        specHash: keccak256(stringToHex(`cancel ${now}`)),
        specURI: "ipfs://cancel",
        process: "cnc-milling",
        material: "steel",
        quantity: 1,
        budget: usd("1000"),
        bond: 0n,
        deadline: now + BigInt(30 * DAY),
        biddingEnds: now + 3_600n,
      });
      await bid(bob, { orderId, price: usd("1000"), leadTime });
      await anvil.increaseTime(3_601);
      await award(alice, { orderId, maker: bob.account.address, price: usd("1000"), leadTime });
      return orderId;
    };
    // Half the lead time gone: the 10 % floor plus half of the remaining 90 % is owed.
    const cancelled = await post(10 * DAY);
    await anvil.increaseTime(5 * DAY);
    const preview = await cancellationCompensation(alice, { orderId: cancelled });
    assert.ok(preview >= usd("550") && preview < usd("551"), `compensation ${preview}`);
    const result = await cancelOrder(alice, { orderId: cancelled });
    assert.ok(result.compensation >= preview && result.compensation < usd("551"));
    assert.equal(result.settlement?.makerAmount, result.compensation);
    assert.equal((await getOrder(alice, { orderId: cancelled })).status, "Cancelled");

    const disputed = await post(DAY);
    await ship(bob, { orderId: disputed, evidenceHash: keccak256(toHex("waybill")) });
    await dispute(alice, { orderId: disputed, evidenceHash: keccak256(toHex("scratched")) });
    const { rulingEnds } = await getOrder(alice, { orderId: disputed });
    assert.ok(rulingEnds > 0);
    await assert.rejects(
      expireDispute(bob, { orderId: disputed }),
      /^ContractRevertError: dispute expiry rejected: arbiters may rule order \d+ until .* UTC; it cannot expire before \(MarketRulingWindowOpen\)$/m,
    );
    await anvil.increaseTime(rulingEnds - Number(await anvil.now()) + 1);
    const expired = await expireDispute(bob, { orderId: disputed });
    assert.equal(expired.refundBps, 5_000);
    assert.equal(expired.settlement?.makerAmount, usd("500"));
    assert.equal((await getOrder(alice, { orderId: disputed })).status, "Resolved");
  });
});
