import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  addDelegate,
  admitCertifier,
  bid,
  ContractRevertError,
  certify,
  changeDidOwner,
  createRfq,
  type Deployment,
  depositStake,
  didOf,
  didOwner,
  exportCredential,
  exportCredentials,
  faucet,
  getBid,
  getOrder,
  hasValidCertification,
  listCertifications,
  register,
  removeCertifier,
  resolveDid,
  revokeCertification,
  revokeDelegate,
  roles,
  verifyCredential,
} from "./index.ts";
import { devAccounts } from "./node/index.ts";
import { deployTestNetwork, type TestAnvil, type TestNetwork } from "./testing/index.ts";

const DAY = 86_400n;

/** Addresses named in a DID document's verification methods (`blockchainAccountId` = eip155:<chain>:<address>). */
function keysOf(doc: { verificationMethod?: { blockchainAccountId?: string }[] } | null): string[] {
  return (doc?.verificationMethod ?? []).map(
    (m) => (m.blockchainAccountId ?? "").split(":").pop()?.toLowerCase() ?? "",
  );
}

/** One character changed at `index` (to another base64url character). */
function tamper(jwt: string, index: number): string {
  const c = jwt[index] === "A" ? "B" : "A";
  return jwt.slice(0, index) + c + jwt.slice(index + 1);
}

describe("identity", () => {
  let anvil: TestAnvil;
  let deployment: Deployment;
  const dev = devAccounts();
  let as: TestNetwork["clients"];

  before(async () => {
    ({ anvil, deployment, clients: as } = await deployTestNetwork());
    // carol is the network's certifier; dave never is.
    await admitCertifier(as.deployer, { certifier: dev.carol.address });
  });
  after(async () => {
    await anvil?.stop();
  });

  describe("did:ethr", () => {
    it("resolves an untouched address to a document it controls", async () => {
      const result = await resolveDid(as.alice, dev.alice.address);
      assert.equal(result.didResolutionMetadata.error, undefined);
      assert.equal(result.didDocument?.id, didOf(dev.alice.address, 31337));
      assert.deepEqual(keysOf(result.didDocument), [dev.alice.address.toLowerCase()]);
    });

    it("lists a delegate until its validity ends, and not after (chain time)", async () => {
      await addDelegate(as.erin, { delegate: dev.frank.address, validity: 3_600 });
      const did = didOf(dev.erin.address, 31337);
      assert.ok(keysOf((await resolveDid(as.erin, did)).didDocument).includes(dev.frank.address.toLowerCase()));
      await anvil.increaseTime(3_601);
      assert.ok(!keysOf((await resolveDid(as.erin, did)).didDocument).includes(dev.frank.address.toLowerCase()));
    });

    it("drops a revoked delegate at once", async () => {
      await addDelegate(as.erin, { delegate: dev.dave.address, validity: 86_400 });
      const did = didOf(dev.erin.address, 31337);
      assert.ok(keysOf((await resolveDid(as.erin, did)).didDocument).includes(dev.dave.address.toLowerCase()));
      await revokeDelegate(as.erin, { delegate: dev.dave.address });
      // Revoking sets validTo to the block's time; ethr-did-resolver counts validTo itself as valid,
      // the registry (`validDelegate`) does not: from the next second both agree.
      await anvil.increaseTime(1);
      assert.ok(!keysOf((await resolveDid(as.erin, did)).didDocument).includes(dev.dave.address.toLowerCase()));
    });

    it("rotates the controlling key: the new key controls, the old one no longer can", async () => {
      await changeDidOwner(as.frank, { newOwner: dev.dave.address });
      assert.equal(await didOwner(as.frank, dev.frank.address), dev.dave.address);
      const doc = (await resolveDid(as.frank, dev.frank.address)).didDocument;
      assert.equal(doc?.id, didOf(dev.frank.address, 31337));
      assert.deepEqual(keysOf(doc), [dev.dave.address.toLowerCase()]);
      await assert.rejects(addDelegate(as.frank, { delegate: dev.alice.address, validity: 60 }), ContractRevertError);
      await addDelegate(as.dave, { identity: dev.frank.address, delegate: dev.alice.address, validity: 60 });
    });
  });

  describe("certifications", () => {
    it("only an admitted certifier can certify, and the error says so", async () => {
      const now = await anvil.now();
      await assert.rejects(
        certify(as.dave, { subject: dev.bob.address, type: "ISO 9001", expiresAt: now + DAY }),
        (e: unknown) => e instanceof ContractRevertError && e.errorName === "CertifierNotAdmitted",
      );
    });

    it("certifies, lists, expires and revokes", async () => {
      const now = await anvil.now();
      const { uid } = await certify(as.carol, {
        subject: dev.bob.address,
        type: "ISO 9001",
        expiresAt: now + 10n * DAY,
        certificateNumber: "Q-1",
      });
      assert.equal(await hasValidCertification(as.bob, { subject: dev.bob.address, type: "ISO 9001" }), true);
      const list = await listCertifications(as.bob, { subject: dev.bob.address });
      const mine = list.find((c) => c.uid === uid);
      assert.equal(mine?.type, "ISO 9001");
      assert.equal(mine?.certificateNumber, "Q-1");
      assert.equal(mine?.valid, true);
      await revokeCertification(as.carol, { uid });
      assert.equal(await hasValidCertification(as.bob, { subject: dev.bob.address, type: "ISO 9001" }), false);
      assert.ok((await listCertifications(as.bob, { subject: dev.bob.address })).find((c) => c.uid === uid)?.revokedAt);
    });
  });

  describe("RFQs that require a certification", () => {
    it("refuse bids from makers without a valid one, saying which certification is missing", async () => {
      await register(as.alice, { roles: roles.customer });
      for (const maker of [as.erin, as.frank]) {
        await register(maker, { roles: roles.manufacturer });
        await faucet(maker, { amount: 1_000_000_000n });
        await depositStake(maker, { amount: 1_000_000_000n });
      }
      const now = await anvil.now();
      const { orderId } = await createRfq(as.alice, {
        specHash: `0x${"ab".repeat(32)}`,
        specURI: "ipfs://spec",
        process: "cnc-milling",
        material: "titanium-grade-5",
        quantity: 4,
        budget: 2_000_000_000n,
        bond: 100_000_000n,
        deadline: now + 30n * DAY,
        biddingEnds: now + DAY,
        requiredCertification: "AS9100",
      });
      assert.equal((await getOrder(as.alice, { orderId })).requiredCertification, "AS9100");

      await certify(as.carol, { subject: dev.erin.address, type: "AS9100", expiresAt: now + 365n * DAY });
      await certify(as.carol, { subject: dev.frank.address, type: "ISO 9001", expiresAt: now + 365n * DAY });
      await bid(as.erin, { orderId, price: 1_500_000_000n, leadTime: 7 * 86_400 });
      assert.equal((await getBid(as.erin, { orderId, maker: dev.erin.address })).state, "Active");
      await assert.rejects(bid(as.frank, { orderId, price: 1_400_000_000n, leadTime: 7 * 86_400 }), (e: unknown) => {
        assert.ok(e instanceof ContractRevertError);
        assert.equal(e.errorName, "MarketCertificationMissing");
        assert.match(e.message, /^bid rejected: RFQ \d+ requires a valid AS9100 certification, and .+ holds none/);
        return true;
      });
    });
  });

  describe("verifiable credentials", () => {
    it("a certification exports as a VC-JWT that verifies against the chain", async () => {
      const now = await anvil.now();
      const { uid } = await certify(as.carol, {
        subject: dev.alice.address,
        type: "AS9100",
        expiresAt: now + 30n * DAY,
      });
      const jwt = await exportCredential(as.carol, { uid });
      const result = await verifyCredential(as.dave, jwt);
      assert.equal(result.valid, true, result.valid ? "" : result.reason);
      assert.ok(result.valid && result.certification.uid === uid && result.issuer === didOf(dev.carol.address, 31337));
      const exported = await exportCredentials(as.carol, { subject: dev.alice.address });
      assert.ok(exported.some((c) => c.uid === uid));
    });

    it("rejects a credential with any one character changed", async () => {
      const now = await anvil.now();
      const { uid } = await certify(as.carol, {
        subject: dev.alice.address,
        type: "ISO 9001",
        expiresAt: now + 30n * DAY,
      });
      const jwt = await exportCredential(as.carol, { uid });
      const [header = "", payload = ""] = jwt.split(".");
      const positions = [
        5, // header
        header.length + 1 + Math.floor(payload.length / 2), // payload
        header.length + payload.length + 2 + 10, // signature
        jwt.length - 1, // last signature character (only 2 of its bits count in base64url)
      ];
      for (const i of positions) {
        const result = await verifyCredential(as.dave, tamper(jwt, i));
        assert.equal(result.valid, false, `character ${i} changed`);
      }
      const bad = await verifyCredential(as.dave, tamper(jwt, header.length + payload.length + 12));
      assert.ok(!bad.valid && bad.failedCheck === "signature", JSON.stringify(bad));
    });

    it("rejects a revoked credential", async () => {
      const now = await anvil.now();
      const { uid } = await certify(as.carol, {
        subject: dev.bob.address,
        type: "ISO 13485",
        expiresAt: now + 30n * DAY,
      });
      const jwt = await exportCredential(as.carol, { uid });
      await revokeCertification(as.carol, { uid });
      const result = await verifyCredential(as.dave, jwt);
      assert.ok(!result.valid && result.failedCheck === "revocation", JSON.stringify(result));
    });

    it("rejects a credential issued by someone else than the admitted attester", async () => {
      const now = await anvil.now();
      const { uid } = await certify(as.carol, {
        subject: dev.bob.address,
        type: "ISO 9001",
        expiresAt: now + 30n * DAY,
      });
      // dave is no certifier and no delegate of carol: exporting refuses, and a forged VC naming dave fails.
      await assert.rejects(exportCredential(as.dave, { uid }), /cannot sign for certifier/);
      const { createVerifiableCredentialJwt } = await import("did-jwt-vc");
      const { accountSigner, credentialPayload, getCertification } = await import("./index.ts");
      const certification = await getCertification(as.dave, uid);
      assert.ok(certification && deployment.contracts.eas);
      const forged = await createVerifiableCredentialJwt(
        credentialPayload(certification, 31337, deployment.contracts.eas),
        {
          did: didOf(dev.dave.address, 31337),
          signer: accountSigner(dev.dave),
          alg: "ES256K",
        },
      );
      const result = await verifyCredential(as.alice, forged);
      assert.ok(!result.valid && result.failedCheck === "issuer", JSON.stringify(result));
    });

    it("rejects credentials of a certifier governance removed", async () => {
      await admitCertifier(as.deployer, { certifier: dev.erin.address });
      const now = await anvil.now();
      const { uid } = await certify(as.erin, {
        subject: dev.bob.address,
        type: "ISO 9001",
        expiresAt: now + 30n * DAY,
      });
      const jwt = await exportCredential(as.erin, { uid });
      assert.equal((await verifyCredential(as.alice, jwt)).valid, true);
      await removeCertifier(as.deployer, { certifier: dev.erin.address });
      const result = await verifyCredential(as.alice, jwt);
      assert.ok(!result.valid && result.failedCheck === "issuer", JSON.stringify(result));
    });

    it("rejects an expired credential (last: it moves chain time)", async () => {
      const now = await anvil.now();
      const { uid } = await certify(as.carol, { subject: dev.bob.address, type: "ISO 9001", expiresAt: now + DAY });
      const jwt = await exportCredential(as.carol, { uid });
      assert.equal((await verifyCredential(as.alice, jwt)).valid, true);
      await anvil.increaseTime(DAY + 1n);
      const result = await verifyCredential(as.alice, jwt);
      assert.ok(!result.valid && result.failedCheck === "expiry", JSON.stringify(result));
    });
  });
});
