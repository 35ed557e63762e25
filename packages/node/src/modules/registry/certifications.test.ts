// GET /api/participants/:address/certifications: what EAS and the certifier registry say now.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { admitCertifier, certify, createDipnetClient, didOf, removeCertifier, revokeCertification } from "@dipnet/sdk";
import { devAccounts } from "@dipnet/sdk/node";
import type { FastifyInstance } from "fastify";
import { createApi } from "../../compose.ts";
import type { Database } from "../../core/db/index.ts";
import {
  createTestBackend,
  deployTestNetwork,
  idleIndexer,
  placeholderDeployment,
  type TestNetwork,
} from "../../testing/index.ts";

const DAY = 86_400;

describe("GET /api/participants/:address/certifications", () => {
  const dev = devAccounts();
  const backend = createTestBackend("sqlite");
  assert.ok(backend);
  let chain: TestNetwork;
  let store: Database;
  let app: FastifyInstance;

  before(async () => {
    chain = await deployTestNetwork();
    const as = (name: "grace" | "heidi") =>
      createDipnetClient({
        rpcUrl: chain.anvil.rpcUrl,
        deployment: chain.deployment,
        account: dev[name],
        pollingInterval: 20,
      });
    const { deployer } = chain.clients;
    await admitCertifier(deployer, { certifier: dev.grace.address });
    await admitCertifier(deployer, { certifier: dev.heidi.address });
    const now = Number(await chain.anvil.now());
    const carol = dev.carol.address;
    await certify(as("grace"), {
      subject: carol,
      type: "ISO 9001",
      expiresAt: now + 365 * DAY,
      certificateNumber: "Q-1",
    });
    await certify(as("grace"), { subject: carol, type: "AS9100", expiresAt: now + DAY });
    const { uid } = await certify(as("grace"), { subject: carol, type: "ISO 13485", expiresAt: now + 365 * DAY });
    await revokeCertification(as("grace"), { uid });
    await certify(as("heidi"), { subject: carol, type: "ISO 14001", expiresAt: now + 365 * DAY });
    await removeCertifier(deployer, { certifier: dev.heidi.address });
    await chain.anvil.increaseTime(2 * DAY);
    await chain.anvil.client.mine({ blocks: 1 });

    store = await backend.open();
    const reader = createDipnetClient({ rpcUrl: chain.anvil.rpcUrl, deployment: chain.deployment });
    app = await createApi({ db: store.db, deployment: chain.deployment, indexer: idleIndexer, chain: reader });
  });
  after(async () => {
    await app?.close();
    await store?.close();
    await backend.cleanup();
    await chain?.stop();
  });

  it("lists each certification with its issuer, expiry and why it is (in)valid", async () => {
    const r = await app.inject({ method: "GET", url: `/api/participants/${dev.carol.address}/certifications` });
    assert.equal(r.statusCode, 200, r.body);
    const items = r.json().items as { type: string; status: string; valid: boolean; issuer: string }[];
    assert.deepEqual(Object.fromEntries(items.map((c) => [c.type, c.status])), {
      "ISO 9001": "valid",
      AS9100: "expired",
      "ISO 13485": "revoked",
      "ISO 14001": "issuer-not-admitted",
    });
    const iso = r.json().items.find((c: { type: string }) => c.type === "ISO 9001");
    assert.equal(iso.valid, true);
    assert.equal(iso.certificateNumber, "Q-1");
    assert.equal(iso.issuer, dev.grace.address);
    assert.equal(iso.issuerDid, didOf(dev.grace.address, 31337));
    assert.ok(iso.expiresAt > r.json().chainTime);
  });

  it("answers an empty list for an account without certifications, 400 for a bad address", async () => {
    const none = await app.inject({ method: "GET", url: `/api/participants/${dev.dave.address}/certifications` });
    assert.deepEqual(none.json().items, []);
    const bad = await app.inject({ method: "GET", url: "/api/participants/0x12/certifications" });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().field, "address");
  });

  it("reads at most the newest 100 certifications of an account, and says when there are more", async () => {
    const grace = createDipnetClient({
      rpcUrl: chain.anvil.rpcUrl,
      deployment: chain.deployment,
      account: dev.grace,
      pollingInterval: 20,
    });
    const now = Number(await chain.anvil.now());
    // Attestations cost only gas: 101 of them to one subject.
    for (let i = 1; i <= 101; i++) {
      await certify(grace, {
        subject: dev.erin.address,
        type: `Standard ${i}`,
        expiresAt: now + 365 * DAY,
        certificateNumber: `S-${i}`,
      });
    }
    const r = await app.inject({ method: "GET", url: `/api/participants/${dev.erin.address}/certifications` });
    assert.equal(r.statusCode, 200, r.body);
    const items = r.json().items as { certificateNumber: string }[];
    assert.equal(items.length, 100);
    assert.equal(items[0]?.certificateNumber, "S-101", "newest first");
    assert.equal(items.at(-1)?.certificateNumber, "S-2");
    assert.equal(r.json().truncated, true);
    const few = await app.inject({ method: "GET", url: `/api/participants/${dev.carol.address}/certifications` });
    assert.equal(few.json().truncated, false);
  });

  it("answers 503 when the node has no chain client", async () => {
    const chainless = await createApi({ db: store.db, deployment: placeholderDeployment, indexer: idleIndexer });
    const r = await chainless.inject({ method: "GET", url: `/api/participants/${dev.carol.address}/certifications` });
    assert.equal(r.statusCode, 503);
    await chainless.close();
  });
});
