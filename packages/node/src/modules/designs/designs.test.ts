// The designs read model on a real chain: designs, versions, transfers, licences (units recorded by
// the market, impersonated on anvil), an order's package, NDA acceptances and grants, written with
// the SDK; then each route checked on SQLite and PostgreSQL, and a reorg rolled back on SQLite.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  acceptNda,
  addVersion,
  award,
  bid,
  contentHashOf,
  createLicence,
  designRegistryAbi,
  endLicence,
  grantAccess,
  registerDesign,
  revokeAccess,
  setPackage,
} from "@dipnet/sdk";
import { type Address, createWalletClient, http } from "viem";
import {
  assertReorgFollowed,
  deployTestNetwork,
  forEachBackend,
  postRfq,
  setupParticipants,
  type TestNetwork,
  testIndexer,
  useIndexedApi,
  useTestDatabase,
} from "../../testing/index.ts";

const CID = "bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi";
const NDA = contentHashOf("Keep it confidential.");
const DAY = 86_400;

describe("designs read model", () => {
  let chain: TestNetwork;
  let registry: Address;
  const ids = { original: 0n, version: 0n, other: 0n, listed: 0n, open: 0n, orderId: 0n, early: 0n, plain: 0n };
  let expiresAt = 0;

  /** Sends `recordUnits` as the order market (impersonated), as the market will at award. */
  const recordUnits = async (licenceId: bigint, maker: Address, units: bigint) => {
    const market = chain.deployment.contracts.orderMarket;
    await chain.anvil.client.impersonateAccount({ address: market });
    await chain.anvil.client.setBalance({ address: market, value: 10n ** 18n });
    const wallet = createWalletClient({ chain: chain.clients.deployer.chain, transport: http(chain.anvil.rpcUrl) });
    const hash = await wallet.writeContract({
      address: registry,
      abi: designRegistryAbi,
      functionName: "recordUnits",
      args: [licenceId, maker, units],
      account: market,
    });
    const receipt = await chain.clients.deployer.publicClient.waitForTransactionReceipt({ hash });
    assert.equal(receipt.status, "success");
    await chain.anvil.client.stopImpersonatingAccount({ address: market });
  };

  before(async () => {
    chain = await deployTestNetwork();
    await setupParticipants(chain);
    registry = chain.deployment.contracts.designRegistry as Address;
    const { alice, bob, carol, dave } = chain.clients;
    const token = chain.deployment.contracts.testStablecoin as Address;

    ids.original = (
      await registerDesign(alice, { contentHash: contentHashOf("a"), cid: CID, title: "Bracket" })
    ).designId;
    ids.version = (
      await addVersion(alice, { parentId: ids.original, contentHash: contentHashOf("b"), cid: CID, title: "Bracket B" })
    ).designId;
    ids.other = (await registerDesign(bob, { contentHash: contentHashOf("c"), cid: CID, title: "Gear" })).designId;
    expiresAt = Number(await chain.anvil.now()) + 30 * DAY;
    ids.listed = (
      await createLicence(alice, {
        designId: ids.original,
        paymentToken: token,
        royaltyPerUnit: 2_000_000n,
        maxUnits: 10n,
        expiresAt,
        makers: [carol.account.address],
      })
    ).licenceId;
    ids.open = (
      await createLicence(alice, {
        designId: ids.original,
        paymentToken: token,
        royaltyPerUnit: 1_000_000n,
        maxUnits: 3n,
        open: true,
      })
    ).licenceId;
    await recordUnits(ids.listed, carol.account.address, 4n);
    await recordUnits(ids.open, dave.account.address, 3n);
    // The token moves to bob: later royalties are his.
    await alice.walletClient.writeContract({
      address: registry,
      abi: designRegistryAbi,
      functionName: "transferFrom",
      args: [alice.account.address, bob.account.address, ids.original],
      account: alice.account,
      chain: alice.chain,
    });
    await recordUnits(ids.listed, carol.account.address, 1n);

    ids.orderId = await postRfq(chain, alice, "bracket");
    ids.plain = await postRfq(chain, bob, "flange");
    await setPackage(alice, { orderId: ids.orderId, ndaHash: NDA, packageCid: "bafy-package", previewCid: "bafy-p" });
    await acceptNda(carol, { orderId: ids.orderId, ndaHash: NDA });
    await acceptNda(dave, { orderId: ids.orderId, ndaHash: NDA });
    const file = { fileCid: "bafy-file", keyEnvelopeCid: "bafy-env" };
    ids.early = (await grantAccess(alice, { orderId: ids.orderId, grantee: dave.account.address, ...file })).grantId;
    await bid(carol, { orderId: ids.orderId, price: 800_000_000n, leadTime: DAY });
    await chain.anvil.increaseTime(3_601);
    await award(alice, { orderId: ids.orderId, maker: carol.account.address, price: 800_000_000n, leadTime: DAY });
    await grantAccess(alice, { orderId: ids.orderId, grantee: carol.account.address, ...file });
    await revokeAccess(alice, { grantId: ids.early });
  });
  after(() => chain?.stop());

  forEachBackend((backend) => {
    describe(`on ${backend.name}`, () => {
      const { get } = useIndexedApi(
        backend,
        () => chain,
        (chain) => ({ chain: chain.clients.deployer }),
      );

      it("lists designs newest first, by owner, with owners after transfers", async () => {
        const { alice, bob } = chain.clients;
        const all = await get("/api/designs");
        assert.deepEqual(
          all.items.map((d: { id: number; owner: string; parentId: number | null }) => [d.id, d.owner, d.parentId]),
          [
            [Number(ids.other), bob.account.address.toLowerCase(), null],
            [Number(ids.version), alice.account.address.toLowerCase(), Number(ids.original)],
            [Number(ids.original), bob.account.address.toLowerCase(), null],
          ],
        );
        const owned = await get(`/api/designs?owner=${bob.account.address}&limit=1`);
        assert.deepEqual(
          owned.items.map((d: { id: number }) => d.id),
          [Number(ids.other)],
        );
        const next = await get(`/api/designs?owner=${bob.account.address}&limit=1&cursor=${owned.next}`);
        assert.deepEqual(
          next.items.map((d: { id: number }) => d.id),
          [Number(ids.original)],
        );
        assert.equal(next.next, null);
        const registered = await get(`/api/designs?registrant=${alice.account.address}`);
        assert.equal(registered.items.length, 2);
      });

      it("shows a design with its versions, licences, units built and royalties", async () => {
        const d = await get(`/api/designs/${ids.original}`);
        assert.equal(d.title, "Bracket");
        assert.equal(d.contentHash, contentHashOf("a"));
        assert.equal(d.registrant, chain.clients.alice.account.address.toLowerCase());
        assert.deepEqual(
          d.versions.map((v: { id: number }) => v.id),
          [Number(ids.version)],
        );
        assert.deepEqual(
          d.licences.map((l: { id: number; unitsBuilt: string; royalties: string; state: string; open: boolean }) => [
            l.id,
            l.unitsBuilt,
            l.royalties,
            l.state,
            l.open,
          ]),
          [
            [Number(ids.listed), "5", "10000000", "active", false],
            [Number(ids.open), "3", "3000000", "exhausted", true],
          ],
        );
        const l = await get(`/api/licences/${ids.listed}`);
        assert.equal(l.expiresAt, expiresAt);
        assert.deepEqual(l.makers, [chain.clients.carol.account.address.toLowerCase()]);
        assert.equal(l.maxUnits, "10");
        assert.equal(l.endedAt, null);
      });

      it("shows an order's package, NDA acceptances and grants with their state", async () => {
        const { alice, carol, dave } = chain.clients;
        const access = await get(`/api/orders/${ids.orderId}/access`);
        assert.deepEqual(access.package, {
          customer: alice.account.address.toLowerCase(),
          ndaHash: NDA,
          version: 1,
          packageCid: "bafy-package",
          previewCid: "bafy-p",
          setAt: access.package.setAt,
        });
        assert.deepEqual(
          access.ndaAcceptances.map((n: { account: string; current: boolean }) => [n.account, n.current]).sort(),
          [
            [carol.account.address.toLowerCase(), true],
            [dave.account.address.toLowerCase(), true],
          ].sort(),
        );
        assert.deepEqual(
          access.grants.map((g: { grantee: string; state: string; revokedAt: number | null }) => [
            g.grantee,
            g.state,
            g.revokedAt !== null,
          ]),
          [
            [dave.account.address.toLowerCase(), "revoked", true],
            [carol.account.address.toLowerCase(), "standing", false],
          ],
        );
        const bare = await get(`/api/orders/${ids.plain}/access`);
        assert.deepEqual(bare, { orderId: Number(ids.plain), package: null, ndaAcceptances: [], grants: [] });
      });

      it("lists a file's grants by CID, standing first, for one grantee when asked", async () => {
        const { carol, dave } = chain.clients;
        const all = await get("/api/vault/files/bafy-file/grants");
        assert.deepEqual(
          all.items.map((g: { orderId: number; grantee: string; state: string; keyEnvelopeCid: string }) => [
            g.orderId,
            g.grantee,
            g.state,
            g.keyEnvelopeCid,
          ]),
          [
            [Number(ids.orderId), carol.account.address.toLowerCase(), "standing", "bafy-env"],
            [Number(ids.orderId), dave.account.address.toLowerCase(), "revoked", "bafy-env"],
          ],
        );
        const mine = await get(`/api/vault/files/bafy-file/grants?grantee=${dave.account.address}`);
        assert.deepEqual(
          mine.items.map((g: { grantee: string }) => g.grantee),
          [dave.account.address.toLowerCase()],
        );
        assert.deepEqual((await get("/api/vault/files/bafy-other/grants")).items, []);
        assert.equal((await get("/api/vault/files/bafy-file/grants?grantee=dave", 400)).field, "grantee");
      });

      it("answers 404 naming what is unknown, and 400 for a bad id", async () => {
        assert.match((await get("/api/designs/999", 404)).message, /design 999 not found/);
        assert.match((await get("/api/licences/999", 404)).message, /licence 999 not found/);
        assert.match((await get("/api/orders/999/access", 404)).message, /order 999 not found/);
        assert.equal((await get("/api/designs/abc", 400)).field, "id");
        assert.equal((await get("/api/designs?owner=nobody", 400)).field, "owner");
      });
    });
  });

  describe("after a reorg", () => {
    const database = useTestDatabase("sqlite");

    it("rolls back licences, transfers and grants and matches a from-scratch index", async () => {
      const { backend, store } = database;
      const indexer = testIndexer(store.db, chain);
      await indexer.syncOnce();
      const { alice, bob, carol } = chain.clients;
      await endLicence(bob, { licenceId: ids.listed });
      await grantAccess(alice, {
        orderId: ids.orderId,
        grantee: carol.account.address,
        fileCid: "bafy-file-v2",
        keyEnvelopeCid: "bafy-env-2",
      });
      await registerDesign(carol, { contentHash: contentHashOf("d"), cid: CID, title: "Soon undone" });
      await indexer.syncOnce();
      const ended = await store.db
        .selectFrom("licences")
        .select("ended_at")
        .where("licence_id", "=", Number(ids.listed))
        .executeTakeFirstOrThrow();
      assert.notEqual(ended.ended_at, null);
      const rolledBack = await assertReorgFollowed(indexer, store.db, chain, backend.name);
      assert.equal(rolledBack.designs?.length, 3);
      assert.equal(rolledBack.access_grants?.length, 2);
    });
  });
});
