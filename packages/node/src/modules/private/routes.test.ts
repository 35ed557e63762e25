// The access matrix of every private route: each (account × route) pair → 401, 403 or 200/201.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { dispute, setArbiter, ship } from "@dipnet/sdk";
import { type DevAccountName, devAccounts } from "@dipnet/sdk/node";
import type { FastifyInstance } from "fastify";
import { keccak256, toHex } from "viem";
import { createApi } from "../../compose.ts";
import type { Database } from "../../core/db/index.ts";
import {
  backendNames,
  createTestBackend,
  deployTestNetwork,
  driveScenario,
  idleIndexer,
  setupParticipants,
  signIn,
  type TestNetwork,
  testIndexer,
} from "../../testing/index.ts";

const domain = "dipnet.example";
const dev = devAccounts();

/** Who asks: no cookie, a cookie this node never issued, or a signed-in development account. */
type Actor = "anonymous" | "forged" | DevAccountName;
type Route = { method: "GET" | "POST" | "PUT"; url: string; payload?: object };

const settings = {
  email: "ops@example.com",
  notify: { rfqs: false, bids: true, awards: true, milestones: false, disputes: true, payments: true },
};
const orderRoutes = (id: number): Route[] => [
  { method: "GET", url: `/api/orders/${id}/private` },
  { method: "GET", url: `/api/orders/${id}/messages` },
  { method: "POST", url: `/api/orders/${id}/messages`, payload: { body: "hello" } },
];
const settingsRoutes = (name: DevAccountName): Route[] => [
  { method: "GET", url: `/api/participants/${dev[name].address}/settings` },
  { method: "PUT", url: `/api/participants/${dev[name].address}/settings`, payload: settings },
];

const signedInActors = ["alice", "bob", "carol", "dave", "erin", "judy", "ivan", "frank"] as const;

/**
 * Order 1: customer alice, maker carol, completed. Order 3: alice, dave, ruled by judy. Order 4:
 * bob, carol, disputed (judy and ivan are admitted arbiters). frank is no participant.
 * Each entry: the accounts allowed (the rest of `signedInActors` get 403; anonymous and forged 401).
 */
const matrix: { routes: Route[]; allowed: Partial<Record<DevAccountName, string>> }[] = [
  { routes: orderRoutes(1), allowed: { alice: "customer", carol: "maker" } },
  { routes: orderRoutes(3), allowed: { alice: "customer", dave: "maker", judy: "arbiter" } },
  { routes: orderRoutes(4), allowed: { bob: "customer", carol: "maker", judy: "arbiter", ivan: "arbiter" } },
  { routes: settingsRoutes("carol"), allowed: { carol: "self" } },
  { routes: settingsRoutes("alice"), allowed: { alice: "self" } },
  { routes: settingsRoutes("frank"), allowed: {} }, // signed in, but not a registered participant
];

describe("private routes", () => {
  let chain: TestNetwork;
  const backends = backendNames.map(createTestBackend);
  const apps: { name: string; store: Database; app: FastifyInstance }[] = [];

  before(async () => {
    chain = await deployTestNetwork();
    await setupParticipants(chain);
    await driveScenario(chain);
    const { deployer, bob, carol } = chain.clients;
    await setArbiter(deployer, { arbiter: dev.ivan.address, allowed: true });
    await ship(carol, { orderId: 4n, evidenceHash: keccak256(toHex("o4-ship")) });
    await dispute(bob, { orderId: 4n, evidenceHash: keccak256(toHex("o4-dispute")) });
    for (const backend of backends) {
      const store = await backend.open();
      await testIndexer(store.db, chain).syncOnce();
      const app = await createApi({
        db: store.db,
        deployment: chain.deployment,
        indexer: idleIndexer,
        publicUrl: `http://${domain}`,
        rateLimits: { writes: 10_000, signIn: 10_000, rpc: 10_000 },
        maxThreadMessages: 10,
      });
      apps.push({ name: backend.name, store, app });
    }
  });
  after(async () => {
    for (const { app, store } of apps) {
      await app.close();
      await store.close();
    }
    for (const backend of backends) await backend.cleanup();
    await chain?.stop();
  });

  for (const backend of ["sqlite", "postgres"]) {
    it(`answers every (account × route) pair as the matrix says (${backend})`, async () => {
      const entry = apps.find((a) => a.name === backend);
      assert.ok(entry);
      const { app } = entry;
      const cookies = new Map<Actor, string | undefined>([
        ["anonymous", undefined],
        ["forged", "dipnet_session=forged"],
      ]);
      for (const name of signedInActors) cookies.set(name, await signIn(app, name, domain));
      let checked = 0;
      for (const { routes, allowed } of matrix) {
        for (const route of routes) {
          for (const [actor, cookie] of cookies) {
            const r = await app.inject({
              method: route.method,
              url: route.url,
              ...(route.payload ? { payload: route.payload } : {}),
              ...(cookie ? { headers: { cookie } } : {}),
            });
            const role = allowed[actor as DevAccountName];
            const expected = !cookie || actor === "forged" ? 401 : role ? (route.method === "POST" ? 201 : 200) : 403;
            assert.equal(r.statusCode, expected, `${actor} ${route.method} ${route.url}: ${r.body}`);
            if (expected >= 400) {
              assert.deepEqual(
                [r.json().statusCode, r.json().error],
                [expected, expected === 401 ? "Unauthorized" : "Forbidden"],
              );
            }
            if (role && role !== "self" && route.url.endsWith("/private")) assert.equal(r.json().role, role);
            if (role && route.method === "POST") assert.equal(r.json().role, role);
            checked++;
          }
        }
      }
      assert.equal(checked, matrix.reduce((n, m) => n + m.routes.length, 0) * cookies.size);

      // What was written is what the parties read, and only their own writes exist.
      const carol = cookies.get("carol");
      const thread = (
        await app.inject({ method: "GET", url: "/api/orders/4/messages", headers: { cookie: carol } })
      ).json();
      assert.deepEqual(thread.items.map((m: { author: string; role: string }) => `${m.role}:${m.author}`).sort(), [
        `arbiter:${dev.ivan.address.toLowerCase()}`,
        `arbiter:${dev.judy.address.toLowerCase()}`,
        `customer:${dev.bob.address.toLowerCase()}`,
        `maker:${dev.carol.address.toLowerCase()}`,
      ]);
      const own = await app.inject({
        method: "GET",
        url: `/api/participants/${dev.carol.address}/settings`,
        headers: { cookie: carol },
      });
      assert.deepEqual({ email: own.json().email, notify: own.json().notify }, settings);
    });
  }

  for (const backend of ["sqlite", "postgres"]) {
    it(`caps a thread's messages under concurrent posts (${backend})`, async () => {
      const entry = apps.find((a) => a.name === backend);
      assert.ok(entry);
      const { app, store } = entry;
      const cookie = await signIn(app, "alice", domain);
      const before = await store.db.selectFrom("order_messages").selectAll().where("order_id", "=", 1).execute();
      const posts = await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          app.inject({
            method: "POST",
            url: "/api/orders/1/messages",
            headers: { cookie },
            payload: { body: `m${i}` },
          }),
        ),
      );
      const rows = await store.db.selectFrom("order_messages").selectAll().where("order_id", "=", 1).execute();
      assert.equal(rows.length, 10, "the thread holds at most 10 messages");
      const created = posts.filter((r) => r.statusCode === 201).length;
      assert.equal(created, 10 - before.length);
      assert.ok(
        posts.every((r) => r.statusCode === 201 || (r.statusCode === 409 && /thread is full/.test(r.json().message))),
      );
    });
  }

  it("declares the session cookie in OpenAPI for every private route", async () => {
    const entry = apps[0];
    assert.ok(entry);
    const doc = (await entry.app.inject({ method: "GET", url: "/openapi.json" })).json();
    assert.equal(doc.components.securitySchemes.siweSession.name, "dipnet_session");
    const secured = Object.entries(doc.paths as Record<string, Record<string, { security?: unknown }>>).flatMap(
      ([path, operations]) =>
        Object.entries(operations)
          .filter(([, op]) => op.security)
          .map(([method]) => `${method.toUpperCase()} ${path}`),
    );
    assert.deepEqual(secured.sort(), [
      "GET /api/orders/{id}/messages",
      "GET /api/orders/{id}/private",
      "GET /api/participants/{address}/settings",
      "POST /api/documents",
      "POST /api/orders/{id}/messages",
      "PUT /api/participants/{address}/settings",
    ]);
  });

  it("rejects bad input naming the field, and unknown orders with 404", async () => {
    const entry = apps[0];
    assert.ok(entry);
    const { app } = entry;
    const cookie = await signIn(app, "alice", domain);
    const blank = await app.inject({
      method: "POST",
      url: "/api/orders/1/messages",
      headers: { cookie },
      payload: { body: "   " },
    });
    assert.equal(blank.statusCode, 400);
    assert.equal(blank.json().field, "body");
    const email = await app.inject({
      method: "PUT",
      url: `/api/participants/${dev.alice.address}/settings`,
      headers: { cookie },
      payload: { ...settings, email: "not-an-email" },
    });
    assert.equal(email.statusCode, 400);
    assert.match(email.json().message, /email/);
    const unknownKind = await app.inject({
      method: "PUT",
      url: `/api/participants/${dev.alice.address}/settings`,
      headers: { cookie },
      payload: { ...settings, notify: { ...settings.notify, sms: true } },
    });
    assert.equal(unknownKind.statusCode, 400);
    assert.equal(
      (await app.inject({ method: "GET", url: "/api/orders/999/private", headers: { cookie } })).statusCode,
      404,
    );
  });
});
