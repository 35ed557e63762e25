import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { keccak256, parseUnits, stringToHex, zeroAddress } from "viem";
import {
  acceptNda,
  addVersion,
  award,
  bid,
  contentHashOf,
  createLicence,
  createRfq,
  depositStake,
  endLicence,
  faucet,
  getDesign,
  getGrant,
  getLicence,
  getPackage,
  grantAccess,
  hasAcceptedNda,
  InvalidParameterError,
  listDesigns,
  listGrants,
  listLicences,
  register,
  registerDesign,
  revokeAccess,
  roles,
  setPackage,
} from "../../index.ts";
import { deployTestNetwork, rejectsWith, type TestNetwork } from "../../testing/index.ts";

const usd = (amount: string) => parseUnits(amount, 6);
const DAY = 86_400;
const CID = "bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi";
const NDA = contentHashOf("The recipient keeps the drawings confidential.");

describe("designs, licences and confidential access on anvil", () => {
  let net: TestNetwork;
  before(async () => {
    net = await deployTestNetwork();
  });
  after(async () => net?.stop());

  const token = () => net.deployment.contracts.testStablecoin as `0x${string}`;

  describe("registerDesign / addVersion / getDesign", () => {
    it("mints a design to the signer and chains versions to their parent", async () => {
      const { alice, bob } = net.clients;
      const contentHash = contentHashOf("solid bracket");
      const { designId } = await registerDesign(alice, { contentHash, cid: CID, title: "Bracket" });
      const { designId: v2 } = await addVersion(alice, {
        parentId: designId,
        contentHash: contentHashOf("solid bracket rev B"),
        cid: CID,
        title: "Bracket rev B",
      });
      const d = await getDesign(bob, { designId });
      assert.equal(d.owner, alice.account.address);
      assert.equal(d.registrant, alice.account.address);
      assert.equal(d.contentHash, contentHash);
      assert.equal(d.title, "Bracket");
      assert.equal(d.parentId, 0n);
      assert.ok(d.registeredAt > 0);
      assert.deepEqual(d.versions, [v2]);
      const listed = await listDesigns(bob, { owner: alice.account.address });
      assert.deepEqual(
        listed.map((x) => [x.designId, x.parentId, x.title]),
        [
          [designId, 0n, "Bracket"],
          [v2, designId, "Bracket rev B"],
        ],
      );
      assert.equal(listed[0]?.registeredAt, d.registeredAt);
      assert.deepEqual(await listDesigns(bob, { owner: bob.account.address }), []);
      assert.equal((await getDesign(bob, { designId: v2 })).parentId, designId);
      const { args } = await rejectsWith(
        addVersion(bob, { parentId: designId, contentHash, cid: CID, title: "Fork" }),
        "DesignNotOwner",
      );
      assert.equal(args.caller, bob.account.address);
    });

    it("names the field of bad input before sending anything", async () => {
      const { alice } = net.clients;
      await assert.rejects(
        registerDesign(alice, { contentHash: "0x12", cid: CID, title: "x" }),
        (e: unknown) => e instanceof InvalidParameterError && e.field === "contentHash",
      );
      await assert.rejects(
        registerDesign(alice, { contentHash: contentHashOf("x"), cid: "", title: "x" }),
        (e: unknown) => e instanceof InvalidParameterError && e.field === "cid",
      );
      await assert.rejects(
        registerDesign(alice, { contentHash: contentHashOf("x"), cid: CID, title: "t".repeat(201) }),
        (e: unknown) => e instanceof InvalidParameterError && e.field === "title",
      );
      await assert.rejects(
        addVersion(alice, { parentId: 0n, contentHash: contentHashOf("x"), cid: CID, title: "x" }),
        (e: unknown) => e instanceof InvalidParameterError && e.field === "parentId",
      );
      await rejectsWith(getDesign(alice, { designId: 999n }), "DesignUnknown");
    });
  });

  describe("createLicence / endLicence / getLicence", () => {
    it("licenses listed makers, lists the licences and ends one", async () => {
      const { alice, bob, carol } = net.clients;
      const { designId } = await registerDesign(alice, { contentHash: contentHashOf("gear"), cid: CID, title: "Gear" });
      const expiresAt = Number(await net.anvil.now()) + 30 * DAY;
      const { licenceId } = await createLicence(alice, {
        designId,
        paymentToken: token(),
        royaltyPerUnit: usd("2"),
        maxUnits: 100n,
        expiresAt,
        makers: [bob.account.address, carol.account.address],
      });
      const { licenceId: open } = await createLicence(alice, {
        designId,
        paymentToken: token(),
        royaltyPerUnit: 0n,
        maxUnits: 5n,
        open: true,
      });
      const l = await getLicence(bob, { licenceId });
      assert.deepEqual(
        { ...l },
        {
          licenceId,
          designId,
          paymentToken: token(),
          royaltyPerUnit: usd("2"),
          maxUnits: 100n,
          unitsBuilt: 0n,
          expiresAt,
          endedAt: 0,
          open: false,
          makers: [bob.account.address, carol.account.address],
        },
      );
      assert.deepEqual(
        (await listLicences(bob, { designId })).map((x) => [x.licenceId, x.open]),
        [
          [licenceId, false],
          [open, true],
        ],
      );
      assert.deepEqual((await getDesign(bob, { designId })).licenceIds, [licenceId, open]);
      await rejectsWith(endLicence(bob, { licenceId }), "DesignNotOwner");
      await endLicence(alice, { licenceId });
      assert.ok((await getLicence(bob, { licenceId })).endedAt > 0);
      await rejectsWith(endLicence(alice, { licenceId }), "LicenceHasEnded");
    });

    it("refuses bad terms with the field named", async () => {
      const { alice, bob } = net.clients;
      const { designId } = await registerDesign(alice, { contentHash: contentHashOf("nut"), cid: CID, title: "Nut" });
      const base = { designId, paymentToken: token(), royaltyPerUnit: 1n, maxUnits: 1n };
      const field = (f: string) => (e: unknown) => e instanceof InvalidParameterError && e.field === f;
      await assert.rejects(createLicence(alice, base), field("makers"));
      await assert.rejects(
        createLicence(alice, { ...base, open: true, makers: [bob.account.address] }),
        field("makers"),
      );
      await assert.rejects(createLicence(alice, { ...base, maxUnits: 0n, open: true }), field("maxUnits"));
      await assert.rejects(createLicence(alice, { ...base, makers: [zeroAddress] }), field("makers[0]"));
      await assert.rejects(createLicence(alice, { ...base, open: true, expiresAt: -1 }), field("expiresAt"));
      const { args } = await rejectsWith(createLicence(alice, { ...base, open: true, expiresAt: 1 }), "LicenceInvalid");
      assert.equal(args.field, "expiresAt");
      await rejectsWith(createLicence(bob, { ...base, open: true }), "DesignNotOwner");
    });
  });

  describe("setPackage / acceptNda / grantAccess / revokeAccess", () => {
    it("follows the order: NDA before award, the awarded maker after, sub-tiers from the maker", async () => {
      const { alice, bob, carol, dave } = net.clients;
      await register(alice, { roles: roles.customer });
      for (const maker of [bob, carol]) {
        await register(maker, { roles: roles.manufacturer });
        await faucet(maker, { amount: usd("1000") });
        await depositStake(maker, { amount: usd("1000") });
      }
      await faucet(alice, { amount: usd("10000") });
      const now = await net.anvil.now();
      const { orderId } = await createRfq(alice, {
        specHash: keccak256(stringToHex("confidential bracket")),
        specURI: "ipfs://preview",
        process: "cnc-milling",
        material: "aluminium-6061",
        quantity: 10,
        budget: usd("5000"),
        bond: 0n,
        deadline: now + BigInt(30 * DAY),
        biddingEnds: now + 3_600n,
      });
      assert.equal(await getPackage(bob, { orderId }), undefined);
      await rejectsWith(setPackage(bob, { orderId, ndaHash: NDA, packageCid: "bafy-package" }), "AccessNotCustomer");
      await setPackage(alice, { orderId, ndaHash: NDA, packageCid: "bafy-package", previewCid: "bafy-preview" });
      const pkg = await getPackage(bob, { orderId });
      assert.equal(pkg?.version, 1);
      assert.equal(pkg?.previewCid, "bafy-preview");

      await rejectsWith(acceptNda(bob, { orderId, ndaHash: contentHashOf("another text") }), "AccessNdaMismatch");
      await acceptNda(bob, { orderId, ndaHash: NDA });
      assert.equal(await hasAcceptedNda(alice, { orderId, account: bob.account.address }), true);
      const file = { fileCid: "bafy-file-v1", keyEnvelopeCid: "bafy-envelope" };
      const refused = await rejectsWith(
        grantAccess(alice, { orderId, grantee: carol.account.address, ...file }),
        "AccessNdaNotAccepted",
      );
      assert.equal(refused.args.grantee, carol.account.address);
      const { grantId: early } = await grantAccess(alice, { orderId, grantee: bob.account.address, ...file });

      await acceptNda(carol, { orderId, ndaHash: NDA });
      await bid(bob, { orderId, price: usd("4000"), leadTime: 10 * DAY });
      await bid(carol, { orderId, price: usd("4500"), leadTime: 10 * DAY });
      await net.anvil.increaseTime(3_601);
      await award(alice, { orderId, maker: bob.account.address, price: usd("4000"), leadTime: 10 * DAY });
      await rejectsWith(
        grantAccess(alice, { orderId, grantee: carol.account.address, ...file }),
        "AccessNotAwardedMaker",
      );
      const full = { fileCid: "bafy-package", keyEnvelopeCid: "bafy-envelope-full" };
      await grantAccess(alice, { orderId, grantee: bob.account.address, ...full });
      await rejectsWith(grantAccess(bob, { orderId, grantee: dave.account.address, ...full }), "AccessNdaNotAccepted");
      await acceptNda(dave, { orderId, ndaHash: NDA });
      const { grantId: subTier } = await grantAccess(bob, { orderId, grantee: dave.account.address, ...full });
      assert.equal((await getGrant(alice, { grantId: subTier })).grantor, bob.account.address);

      await rejectsWith(revokeAccess(bob, { grantId: early }), "AccessNotGrantorOf");
      await revokeAccess(alice, { grantId: early });
      const grants = await listGrants(carol, { orderId });
      assert.deepEqual(
        grants.map((g) => [g.grantee, g.fileCid, g.revokedAt > 0]),
        [
          [bob.account.address, "bafy-file-v1", true],
          [bob.account.address, "bafy-package", false],
          [dave.account.address, "bafy-package", false],
        ],
      );
      await rejectsWith(revokeAccess(alice, { grantId: early }), "AccessAlreadyRevoked");
      await assert.rejects(
        grantAccess(alice, { orderId, grantee: zeroAddress, ...full }),
        (e: unknown) => e instanceof InvalidParameterError && e.field === "grantee",
      );
    });
  });
});
