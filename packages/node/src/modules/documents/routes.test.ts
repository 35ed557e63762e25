import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { FastifyInstance } from "fastify";
import { createApi } from "../../compose.ts";
import type { Database } from "../../core/db/index.ts";
import { createTestBackend, placeholderDeployment as deployment, idleIndexer as indexer } from "../../testing/index.ts";
import { createDocumentStore } from "./store.ts";

describe("published documents", () => {
  const sqlite = createTestBackend("sqlite");
  assert.ok(sqlite, "the SQLite test backend");
  const documents = createDocumentStore();
  const profile = { name: "Carol Precision", city: "Brno", location: { lat: 49.19, lon: 16.61 } };
  const profileHash = documents.put(profile);
  const maker = "0x90f79bf6eb2c4f870365e785982e1f101e93b906";
  const stranger = "0x15d34aaf54267db7d7c367839aaf71a00a2c6a65";
  let store: Database;
  let app: FastifyInstance;

  before(async () => {
    store = await sqlite.open();
    const row = {
      roles: 2,
      registered_at: 1,
      registered_block: 1,
      profile_uri: "dipnet://profile/x",
      encryption_key: `0x${"00".repeat(32)}`,
      stake: "0",
      locked: "0",
      open_bonds: 0,
      updated_block: 1,
      updated_at: 1,
    };
    await store.db
      .insertInto("participants")
      .values([
        { ...row, address: maker, profile_hash: profileHash },
        { ...row, address: stranger, registered_block: 2, profile_hash: `0x${"ab".repeat(32)}` },
      ])
      .execute();
    app = await createApi({ db: store.db, deployment, indexer, documents });
  });
  after(async () => {
    await app.close();
    await store.close();
    await sqlite.cleanup();
  });

  it("serves a document by its content hash", async () => {
    const response = await app.inject({ method: "GET", url: `/api/documents/${profileHash}` });
    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.json(), profile);
  });

  it("answers 404 for a hash it does not hold and 400 for a malformed one", async () => {
    const unknown = await app.inject({ method: "GET", url: `/api/documents/0x${"12".repeat(32)}` });
    assert.equal(unknown.statusCode, 404);
    const malformed = await app.inject({ method: "GET", url: "/api/documents/0x1234" });
    assert.equal(malformed.statusCode, 400);
    assert.equal(malformed.json().field, "hash");
  });

  it("resolves participants' profiles it holds, and null for the others", async () => {
    const one = await app.inject({ method: "GET", url: `/api/participants/${maker}` });
    assert.deepEqual(one.json().profile, profile);
    const list = await app.inject({ method: "GET", url: "/api/participants" });
    const byAddress = new Map(
      (list.json().items as { address: string; profile: unknown }[]).map((p) => [p.address, p.profile]),
    );
    assert.deepEqual(byAddress.get(maker), profile);
    assert.equal(byAddress.get(stranger), null);
  });
});
