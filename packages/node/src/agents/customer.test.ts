// The customer autopilot on a real chain: it settles the commit deposits of sealed bids that were
// never revealed (the deposit is the customer's once the reveal window closed), and expires a
// dispute no arbiter ruled on by its ruling end instead of leaving the escrow locked.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  award,
  bid,
  commitBid,
  contentHashOf,
  createLicence,
  dispute,
  getOrder,
  registerDesign,
  ship,
} from "@dipnet/sdk";
import { keccak256, toHex } from "viem";
import { forEachBackend, postRfq, useTestNetwork } from "../testing/index.ts";
import { createCustomerAgent, type PartTemplate, partCatalog } from "./customer.ts";
import { createSqlReadModel } from "./readModelSql.ts";

const DAY = 86_400;

forEachBackend((backend) => {
  describe(`customer autopilot (${backend.name})`, () => {
    const logs: string[] = [];

    // Posts nothing and disputes nothing of its own accord: only what the test sets up is acted on.
    const agent = () =>
      createCustomerAgent({
        name: "alice",
        client: net.chain.clients.alice,
        readModel: createSqlReadModel(net.store.db),
        rfqInterval: 0,
        fates: { dispute: 0, cancel: 0, negotiate: 0 },
        log: (_level, message) => logs.push(message),
      });
    /** Runs agent steps until `done` holds (each step acts on a view that includes its last action). */
    const stepUntil = async (what: string, done: () => Promise<boolean>) => {
      const a = agent();
      for (let i = 0; i < 10; i++) {
        await a.step(await net.tick());
        if (await done()) return;
      }
      assert.fail(`${what}: not done after 10 steps; log: ${logs.join(" | ")}`);
    };

    const net = useTestNetwork({ backend });

    it("takes the commit deposit of a sealed bid never revealed", async () => {
      const { alice, dave } = net.chain.clients;
      const orderId = await postRfq(net.chain, alice, "sealed", { sealed: true });
      await commitBid(dave, { orderId, price: 900_000_000n, leadTime: DAY });
      await net.chain.anvil.increaseTime(7_201);
      await stepUntil("the unrevealed deposit settled", async () => {
        const row = await net.store.db
          .selectFrom("bids")
          .select("deposit_state")
          .where("order_id", "=", Number(orderId))
          .executeTakeFirstOrThrow();
        return row.deposit_state === "forfeited";
      });
      // 1 % of the budget, credited to the customer (not back to the maker, as withdrawing the RFQ first would).
      const forfeited = await net.store.db
        .selectFrom("events")
        .select("args")
        .where("name", "=", "CommitDepositForfeited")
        .where("order_id", "=", Number(orderId))
        .executeTakeFirstOrThrow();
      const args = JSON.parse(forfeited.args) as { to: string; deposit: string };
      assert.deepEqual(
        [args.to.toLowerCase(), String(args.deposit)],
        [alice.account.address.toLowerCase(), "10000000"],
      );
    });

    it("expires a dispute no arbiter ruled on by its ruling end", async () => {
      const { alice, carol } = net.chain.clients;
      const orderId = await postRfq(net.chain, alice, "unruled");
      await bid(carol, { orderId, price: 600_000_000n, leadTime: DAY });
      await net.chain.anvil.increaseTime(3_601);
      await award(alice, { orderId, maker: carol.account.address, price: 600_000_000n, leadTime: DAY });
      await ship(carol, { orderId, evidenceHash: keccak256(toHex("waybill")) });
      await dispute(alice, { orderId, evidenceHash: keccak256(toHex("wrong alloy")) });
      const { rulingEnds } = await getOrder(alice, { orderId });
      await net.chain.anvil.increaseTime(rulingEnds - Number(await net.chain.anvil.now()) + 1);
      await stepUntil("the dispute expired", async () => (await getOrder(alice, { orderId })).status === "Resolved");
      await net.indexer.syncOnce();
      const row = await net.store.db
        .selectFrom("orders")
        .select(["dispute_expired", "refund_bps"])
        .where("id", "=", Number(orderId))
        .executeTakeFirstOrThrow();
      assert.deepEqual({ ...row }, { dispute_expired: 1, refund_bps: 5_000 });
    });

    it("posts every other RFQ of a licensed part under the licence", async () => {
      const { alice, erin } = net.chain.clients;
      const file = "STEP: bracket";
      const { designId } = await registerDesign(erin, {
        contentHash: contentHashOf(file),
        cid: "bafy-bracket",
        title: "Bracket",
      });
      const { licenceId } = await createLicence(erin, {
        designId,
        paymentToken: net.chain.deployment.contracts.testStablecoin as `0x${string}`,
        royaltyPerUnit: 1_000_000n,
        maxUnits: 1_000n,
        open: true,
      });
      const posting = createCustomerAgent({
        name: "alice",
        client: alice,
        readModel: createSqlReadModel(net.store.db),
        rfqInterval: 1,
        maxOpenRfqs: 10,
        catalog: [partCatalog.find((t) => t.process === "cnc-milling") as PartTemplate].map((t) => ({
          ...t,
          materials: ["aluminium-6061"],
          certification: undefined,
        })),
        licences: [{ licenceId, process: "cnc-milling", material: "aluminium-6061", royaltyPerUnit: 1_000_000n }],
        log: (_level, message) => logs.push(message),
      });
      const mine = async () =>
        (
          await net.store.db
            .selectFrom("orders")
            .select("id")
            .where("customer", "=", alice.account.address.toLowerCase())
            .execute()
        ).map((r) => r.id);
      const before = new Set(await mine());
      for (let i = 0; i < 20 && (await mine()).filter((id) => !before.has(id)).length < 2; i++) {
        await net.chain.anvil.increaseTime(2);
        await posting.step(await net.tick());
        await net.indexer.syncOnce();
      }
      const posted = (await mine()).filter((id) => !before.has(id)).sort((a, b) => a - b);
      assert.ok(posted.length >= 2, `two RFQs posted; log: ${logs.join(" | ")}`);
      const licences = await Promise.all(
        posted.slice(0, 2).map(async (id) => (await getOrder(alice, { orderId: BigInt(id) })).licenceId),
      );
      // Which of the two is even in the customer's count depends on the orders it posted before.
      assert.deepEqual(
        licences.map((l) => l === licenceId).sort(),
        [false, true],
        "one of two consecutive RFQs builds under the licence",
      );
    });
  });
});
