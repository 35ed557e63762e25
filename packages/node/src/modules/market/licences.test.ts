// A licensed order on a real chain, indexed on SQLite and PostgreSQL: the order shows its licence,
// royalty and recipient, the royalties paid pro rata to the maker's pay, and the ledger moves the
// royalty from the maker's balance to the designer's.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  accept,
  approveMilestone,
  award,
  bid,
  ContractRevertError,
  contentHashOf,
  createLicence,
  createRfq,
  registerDesign,
  ship,
  submitMilestone,
} from "@dipnet/sdk";
import { type Address, keccak256, toHex } from "viem";
import {
  deployTestNetwork,
  forEachBackend,
  setupParticipants,
  type TestNetwork,
  useIndexedApi,
} from "../../testing/index.ts";

const DAY = 86_400;
const PRICE = 800_000_000n;
const ROYALTY = 20_000_000n; // 10 units at 2 tUSD

describe("licensed orders in the read model", () => {
  let chain: TestNetwork;
  let orderId = 0n;
  let licenceId = 0n;

  before(async () => {
    chain = await deployTestNetwork();
    await setupParticipants(chain);
    const { alice, carol, dave, frank } = chain.clients;
    const { designId } = await registerDesign(frank, {
      contentHash: contentHashOf("bracket"),
      cid: "bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi",
      title: "Bracket",
    });
    ({ licenceId } = await createLicence(frank, {
      designId,
      paymentToken: chain.deployment.contracts.testStablecoin as Address,
      royaltyPerUnit: 2_000_000n,
      maxUnits: 100n,
      makers: [carol.account.address],
    }));
    const now = await chain.anvil.now();
    ({ orderId } = await createRfq(alice, {
      specHash: keccak256(toHex("licensed bracket")),
      specURI: "ipfs://spec/licensed-bracket",
      process: "cnc-milling",
      material: "aluminium-6061",
      quantity: 10,
      budget: 1_000_000_000n,
      bond: 50_000_000n,
      deadline: now + 30n * BigInt(DAY),
      biddingEnds: now + 3_600n,
      milestoneBps: [3_000, 7_000],
      licenceId,
    }));
    await assert.rejects(
      bid(dave, { orderId, price: PRICE, leadTime: DAY }),
      (e: unknown) => e instanceof ContractRevertError && e.errorName === "LicenceMakerNotAllowed",
    );
    await bid(carol, { orderId, price: PRICE, leadTime: DAY });
    await chain.anvil.increaseTime(3_601);
    await award(alice, { orderId, maker: carol.account.address, price: PRICE, leadTime: DAY });
    await submitMilestone(carol, { orderId, evidenceHash: keccak256(toHex("first article")) });
    await approveMilestone(alice, { orderId });
    await ship(carol, { orderId, evidenceHash: keccak256(toHex("tracking")) });
    await accept(alice, { orderId });
  });
  after(() => chain?.stop());

  forEachBackend((backend) => {
    describe(`on ${backend.name}`, () => {
      const { get } = useIndexedApi(backend, () => chain);

      it("shows the order's licence, royalty, recipient and the royalties paid", async () => {
        const o = await get(`/api/orders/${orderId}`);
        assert.equal(o.status, "Completed");
        assert.equal(o.licenceId, licenceId.toString());
        assert.equal(o.royalty, ROYALTY.toString());
        assert.equal(o.royaltyRecipient.toLowerCase(), chain.clients.frank.account.address.toLowerCase());
        assert.equal(o.royaltiesPaid, ROYALTY.toString(), "30 % at the milestone, 70 % at acceptance");
        const plain = await get("/api/orders?limit=1&order=asc");
        assert.equal(plain.items[0].licenceId, licenceId.toString());
      });

      it("credits the designer the royalty and the maker the rest of the price", async () => {
        const owed = async (account: Address) =>
          (await get(`/api/balances/${account}`)).items.find((b: { kind: string }) => b.kind === "market")?.owed;
        assert.equal(await owed(chain.clients.frank.account.address), ROYALTY.toString());
        assert.equal(await owed(chain.clients.carol.account.address), (PRICE - ROYALTY).toString());
      });

      it("shows the licence's units built and royalties", async () => {
        const l = await get(`/api/licences/${licenceId}`);
        assert.equal(l.unitsBuilt, "10");
        assert.equal(l.royalties, ROYALTY.toString());
      });
    });
  });
});
