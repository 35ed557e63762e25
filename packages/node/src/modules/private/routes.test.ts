// The access matrix of every private route: each (account × route) pair → 401, 403 or 200/201; and
// threads hold ciphertext only: messages sealed in the client, plaintext refused.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  deriveKeyPair,
  dispute,
  openMessage,
  register,
  roles,
  type SealedMessage,
  sealMessage,
  setArbiter,
  setEncryptionKey,
  ship,
  type VaultKeyPair,
} from "@dipnet/sdk";
import { type DevAccountName, devAccounts } from "@dipnet/sdk/node";
import { keccak256, toHex } from "viem";
import { signIn, useIndexedApis, useTestNetwork } from "../../testing/index.ts";

const domain = "dipnet.example";
const dev = devAccounts();

/** Who asks: no cookie, a cookie this node never issued, or a signed-in development account. */
type Actor = "anonymous" | "forged" | DevAccountName;
type Route = { method: "GET" | "POST" | "PUT"; url: string; payload?: object | ((actor: Actor) => Promise<object>) };

/** Every account that registers an encryption key (judy and ivan register to read as arbiters). */
const keyHolders = ["alice", "bob", "carol", "dave", "judy", "ivan"] as const;
const keys = new Map<DevAccountName, VaultKeyPair>();
/** The customer and maker of each order the tests write to. */
const parties: Record<number, DevAccountName[]> = { 1: ["alice", "carol"], 3: ["alice", "dave"], 4: ["bob", "carol"] };

/** `text` sealed by `author` to order `orderId`'s customer and maker and to itself (its key v1). */
async function sealedBy(author: DevAccountName, orderId: number, text: string): Promise<SealedMessage> {
  const readers = [...new Set([...(parties[orderId] ?? []), author])];
  return sealMessage({
    orderId,
    author: dev[author].address,
    text,
    recipients: readers.map((name) => {
      const key = keys.get(name);
      assert.ok(key, `${name} has a key`);
      return { account: dev[name].address, keyVersion: key.version, publicKey: key.publicKey };
    }),
  });
}

const settings = {
  email: "ops@example.com",
  notify: { rfqs: false, bids: true, awards: true, milestones: false, disputes: true, payments: true },
};
const orderRoutes = (id: number): Route[] => [
  { method: "GET", url: `/api/orders/${id}/private` },
  { method: "GET", url: `/api/orders/${id}/messages` },
  {
    method: "POST",
    url: `/api/orders/${id}/messages`,
    // Who may not write still sends a well-formed message (one of the customer's): refused all the same.
    payload: (actor) =>
      sealedBy(
        keys.has(actor as DevAccountName) ? (actor as DevAccountName) : (parties[id]?.[0] ?? "alice"),
        id,
        "hello",
      ),
  },
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
  const net = useTestNetwork({
    scenario: true,
    arrange: async (chain) => {
      const { deployer, bob, carol } = chain.clients;
      await setArbiter(deployer, { arbiter: dev.ivan.address, allowed: true });
      await ship(carol, { orderId: 4n, evidenceHash: keccak256(toHex("o4-ship")) });
      await dispute(bob, { orderId: 4n, evidenceHash: keccak256(toHex("o4-dispute")) });
      for (const name of ["judy", "ivan"] as const)
        await register(chain.clients[name], {
          roles: roles.customer,
          profileURI: `ipfs://${name}`,
          profileHash: keccak256(toHex(name)),
        });
      for (const name of keyHolders) {
        const key = await deriveKeyPair({ account: dev[name], version: 1 });
        await setEncryptionKey(chain.clients[name], { publicKey: key.publicKey });
        keys.set(name, key);
      }
    },
  });
  const apps = useIndexedApis(
    () => net.chain,
    () => ({
      publicUrl: `http://${domain}`,
      rateLimits: { writes: 10_000, signIn: 10_000, rpc: 10_000 },
      maxThreadMessages: 10,
    }),
  );

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
            const payload = typeof route.payload === "function" ? await route.payload(actor) : route.payload;
            const r = await app.inject({
              method: route.method,
              url: route.url,
              ...(payload ? { payload } : {}),
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
      // Every message was sealed to carol too: she opens all of them, with her key only.
      for (const m of thread.items as { ciphertext: string; author: `0x${string}` }[]) {
        const key = keys.get("carol");
        assert.ok(key);
        assert.equal(
          await openMessage({ ciphertext: m.ciphertext, orderId: 4, author: m.author, keys: [key] }),
          "hello",
        );
      }
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
      const sealed = await Promise.all(Array.from({ length: 40 }, (_, i) => sealedBy("alice", 1, `m${i}`)));
      const posts = await Promise.all(
        sealed.map((payload) =>
          app.inject({ method: "POST", url: "/api/orders/1/messages", headers: { cookie }, payload }),
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

  for (const backend of ["sqlite", "postgres"]) {
    it(`stores and returns ciphertext only, readable by the thread's readers (${backend})`, async () => {
      const entry = apps.find((a) => a.name === backend);
      assert.ok(entry);
      const { app, store } = entry;
      const secret = `Tolerance on bore B2 is H7, not H8 (${backend})`;
      const posted = await app.inject({
        method: "POST",
        url: "/api/orders/3/messages",
        headers: { cookie: await signIn(app, "alice", domain) },
        payload: await sealedBy("alice", 3, secret),
      });
      assert.equal(posted.statusCode, 201, posted.body);
      assert.doesNotMatch(posted.body, /Tolerance/);
      const row = await store.db
        .selectFrom("order_messages")
        .selectAll()
        .where("id", "=", posted.json().id)
        .executeTakeFirst();
      assert.ok(row);
      assert.ok(!JSON.stringify(row).includes(secret), "the database row holds no plaintext");
      assert.ok(!JSON.stringify(row).includes("Tolerance"), "nor any part of it");
      assert.deepEqual(JSON.parse(row.recipients), [
        { account: dev.alice.address.toLowerCase(), keyVersion: 1 },
        { account: dev.dave.address.toLowerCase(), keyVersion: 1 },
      ]);

      // dave, the maker, reads it; judy, who ruled the order, may read the thread but this message was not sealed to her.
      const read = await app.inject({
        method: "GET",
        url: "/api/orders/3/messages",
        headers: { cookie: await signIn(app, "dave", domain) },
      });
      assert.equal(read.statusCode, 200);
      const m = read.json().items.find((i: { id: string }) => i.id === posted.json().id);
      const dave = keys.get("dave");
      const judy = keys.get("judy");
      assert.ok(m && dave && judy);
      assert.equal(await openMessage({ ciphertext: m.ciphertext, orderId: 3, author: m.author, keys: [dave] }), secret);
      await assert.rejects(
        openMessage({ ciphertext: m.ciphertext, orderId: 3, author: m.author, keys: [judy] }),
        /no recipient key matches/,
      );
      assert.deepEqual(read.json().readers, [
        { account: dev.alice.address.toLowerCase(), role: "customer", required: true },
        { account: dev.dave.address.toLowerCase(), role: "maker", required: true },
        { account: dev.judy.address.toLowerCase(), role: "arbiter", required: false },
      ]);
    });
  }

  it("refuses plaintext and messages not sealed to the readers' registered keys, naming the field", async () => {
    const entry = apps[0];
    assert.ok(entry);
    const { app, store } = entry;
    const cookie = await signIn(app, "alice", domain);
    const count = async () =>
      (await store.db.selectFrom("order_messages").selectAll().where("order_id", "=", 3).execute()).length;
    const before = await count();
    const post = (payload: object) =>
      app.inject({ method: "POST", url: "/api/orders/3/messages", headers: { cookie }, payload });
    const sealed = await sealedBy("alice", 3, "sealed");
    const refused = async (payload: object, field: string, reason: RegExp) => {
      const r = await post(payload);
      assert.equal(r.statusCode, 400, r.body);
      assert.equal(r.json().field, field, r.body);
      assert.match(r.json().message, reason);
    };

    // The old plaintext shape names the sealed field it lacks.
    await refused({ body: "hello" }, "ciphertext", /"ciphertext" is required/);
    await refused({ ciphertext: "hello", recipients: sealed.recipients }, "ciphertext", /not base64/);
    await refused({ ciphertext: btoa("Holes 3 and 4"), recipients: sealed.recipients }, "ciphertext", /DIPV/);
    await refused(
      { ciphertext: sealed.ciphertext, recipients: sealed.recipients.slice(0, 1) },
      "recipients",
      /lists 1 accounts/,
    );
    // Sealed without the maker: dave could not read it.
    const alice = keys.get("alice");
    const bob = keys.get("bob");
    assert.ok(alice && bob);
    const own = { account: dev.alice.address, keyVersion: 1, publicKey: alice.publicKey };
    const alone = await sealMessage({ orderId: 3, author: dev.alice.address, text: "x", recipients: [own] });
    await refused(alone, "recipients", /must include the order's maker/);
    // Sealed to someone who is no reader of order 3.
    const dave = keys.get("dave");
    assert.ok(dave);
    const makerKey = { account: dev.dave.address, keyVersion: 1, publicKey: dave.publicKey };
    const leak = await sealMessage({
      orderId: 3,
      author: dev.alice.address,
      text: "x",
      recipients: [own, makerKey, { account: dev.bob.address, keyVersion: 1, publicKey: bob.publicKey }],
    });
    await refused(leak, "recipients", /may not read order 3's thread/);
    // Sealed to a key that is not the one dave registered (his version 2, never registered).
    const stale = await deriveKeyPair({ account: dev.dave, version: 2 });
    const wrongKey = await sealMessage({
      orderId: 3,
      author: dev.alice.address,
      text: "x",
      recipients: [own, { account: dev.dave.address, keyVersion: 2, publicKey: stale.publicKey }],
    });
    await refused(wrongKey, "recipients", /whose registered key is/);
    assert.equal(await count(), before, "nothing refused was stored");
  });

  it("rejects bad input naming the field, and unknown orders with 404", async () => {
    const entry = apps[0];
    assert.ok(entry);
    const { app } = entry;
    const cookie = await signIn(app, "alice", domain);
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
