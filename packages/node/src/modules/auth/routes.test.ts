// Sign-In with Ethereum: every check of POST /api/auth/verify, sessions, logout, expiry, restarts.
// The access matrix of the private routes is in private.test.ts.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { devAccounts } from "@dipnet/sdk/node";
import type { FastifyInstance } from "fastify";
import type { HDAccount } from "viem/accounts";
import { createSiweMessage } from "viem/siwe";
import { createApi } from "../../compose.ts";
import type { Database } from "../../core/db/index.ts";
import {
  createTestApi,
  forEachBackend,
  idleIndexer,
  placeholderDeployment,
  useTestBackend,
  useTestNetwork,
} from "../../testing/index.ts";

const domain = "dipnet.example:8080";

const sqlite = useTestBackend("sqlite");

type SiweOverrides = Partial<Parameters<typeof createSiweMessage>[0]>;

/** `account`'s Sign-In with Ethereum message for `domain` with nonce `n`, issued at `at`, valid 10 minutes; `overrides` change any field. */
const siweMessage = (account: HDAccount, n: string, at: number, overrides: SiweOverrides = {}) =>
  createSiweMessage({
    domain,
    address: account.address,
    statement: "Sign in to DIPNET",
    uri: `http://${domain}`,
    version: "1",
    chainId: 31337,
    nonce: n,
    issuedAt: new Date(at),
    expirationTime: new Date(at + 600_000),
    ...overrides,
  });

describe("Sign-In with Ethereum", () => {
  let app: FastifyInstance;
  let clock = Date.now();
  const dev = devAccounts();

  // Order 1 of the scenario: customer alice, maker carol (completed).
  const net = useTestNetwork({ backend: sqlite, scenario: true, indexed: true });
  before(async () => {
    app = await createTestApi(net, {
      publicUrl: `http://${domain}`,
      rateLimits: { writes: 10_000, signIn: 10_000, rpc: 10_000 },
      auth: { now: () => clock },
    });
  });
  after(async () => {
    await app?.close();
  });

  const nonce = async (): Promise<string> => (await app.inject({ method: "GET", url: "/api/auth/nonce" })).json().nonce;
  const message = (account: HDAccount, n: string, overrides: SiweOverrides = {}) =>
    siweMessage(account, n, clock, overrides);
  const verify = async (account: HDAccount, text: string, signer: HDAccount = account) =>
    app.inject({
      method: "POST",
      url: "/api/auth/verify",
      payload: { message: text, signature: await signer.signMessage({ message: text }) },
    });
  const signIn = async (account: HDAccount): Promise<string> => {
    const response = await verify(account, message(account, await nonce()));
    assert.equal(response.statusCode, 200, response.body);
    const cookie = String(response.headers["set-cookie"]);
    assert.match(cookie, /HttpOnly; SameSite=Strict/);
    return cookie.split(";")[0] ?? "";
  };

  describe("POST /api/auth/verify", () => {
    it("signs in with a fresh nonce and the session names the account", async () => {
      const cookie = await signIn(dev.alice);
      const session = await app.inject({ method: "GET", url: "/api/auth/session", headers: { cookie } });
      assert.equal(session.statusCode, 200);
      assert.deepEqual([session.json().signedIn, session.json().address], [true, dev.alice.address]);
      const anonymous = await app.inject({ method: "GET", url: "/api/auth/session" });
      assert.deepEqual([anonymous.statusCode, anonymous.json()], [200, { signedIn: false }]);
    });

    it("rejects a replayed nonce", async () => {
      const text = message(dev.alice, await nonce());
      assert.equal((await verify(dev.alice, text)).statusCode, 200);
      const replay = await verify(dev.alice, text);
      assert.equal(replay.statusCode, 401);
      assert.match(replay.json().message, /already used nonce/);
    });

    it("rejects a nonce this node never issued", async () => {
      const r = await verify(dev.alice, message(dev.alice, "abcdefgh12345678"));
      assert.equal(r.statusCode, 401);
    });

    it("rejects a wrong domain, and the nonce is spent", async () => {
      const n = await nonce();
      const r = await verify(dev.alice, message(dev.alice, n, { domain: "evil.example", uri: "http://evil.example" }));
      assert.equal(r.statusCode, 401);
      assert.match(r.json().message, /evil\.example, not dipnet\.example:8080/);
      assert.equal((await verify(dev.alice, message(dev.alice, n))).statusCode, 401);
    });

    it("rejects a message for another domain even when the request's Host names it (a phishing site's)", async () => {
      const phished = message(dev.alice, await nonce(), { domain: "evil.example", uri: "http://evil.example" });
      const r = await app.inject({
        method: "POST",
        url: "/api/auth/verify",
        headers: { host: "evil.example" },
        payload: { message: phished, signature: await dev.alice.signMessage({ message: phished }) },
      });
      assert.equal(r.statusCode, 401);
      assert.match(r.json().message, /evil\.example, not dipnet\.example:8080/);
      assert.equal(r.headers["set-cookie"], undefined);
    });

    it("rejects a message whose URI is not the node's public origin", async () => {
      for (const uri of ["https://evil.example", "https://dipnet.example:8080", "http://dipnet.example:8081/login"]) {
        const r = await verify(dev.alice, message(dev.alice, await nonce(), { uri }));
        assert.equal(r.statusCode, 401, uri);
        assert.match(r.json().message, /URI .* not on http:\/\/dipnet\.example:8080/, uri);
      }
    });

    it("rejects a nonce altered by one character", async () => {
      const n = await nonce();
      const altered = `${n.slice(0, -1)}${n.endsWith("0") ? "1" : "0"}`;
      const r = await verify(dev.alice, message(dev.alice, altered));
      assert.equal(r.statusCode, 401);
      assert.match(r.json().message, /unknown, expired or already used nonce/);
    });

    it("rejects a wrong chain", async () => {
      const r = await verify(dev.alice, message(dev.alice, await nonce(), { chainId: 1 }));
      assert.equal(r.statusCode, 401);
      assert.match(r.json().message, /chain 1, this network is chain 31337/);
    });

    it("rejects an expired message", async () => {
      const r = await verify(
        dev.alice,
        message(dev.alice, await nonce(), {
          issuedAt: new Date(clock - 120_000),
          expirationTime: new Date(clock - 60_000),
        }),
      );
      assert.equal(r.statusCode, 401);
      assert.match(r.json().message, /expired/);
    });

    it("rejects a message that is not valid yet or issued in the future", async () => {
      const early = await verify(dev.alice, message(dev.alice, await nonce(), { notBefore: new Date(clock + 60_000) }));
      assert.equal(early.statusCode, 401);
      assert.match(early.json().message, /not valid yet/);
      const future = await verify(
        dev.alice,
        message(dev.alice, await nonce(), { issuedAt: new Date(clock + 300_000) }),
      );
      assert.equal(future.statusCode, 401);
      assert.match(future.json().message, /issued in the future/);
    });

    it("rejects a signature by another key", async () => {
      const r = await verify(dev.alice, message(dev.alice, await nonce()), dev.bob);
      assert.equal(r.statusCode, 401);
      assert.match(r.json().message, /signature/);
    });

    it("rejects a message that is not EIP-4361 with 400", async () => {
      const r = await app.inject({
        method: "POST",
        url: "/api/auth/verify",
        payload: { message: "hello", signature: await dev.alice.signMessage({ message: "hello" }) },
      });
      assert.equal(r.statusCode, 400);
    });
  });

  describe("the public URL", () => {
    /** alice signs in to `api` with a message for `domain` at `uri`; resolves with the verify response. */
    const aliceSignsIn = async (api: FastifyInstance, domain: string, uri: string) => {
      const n = (await api.inject({ method: "GET", url: "/api/auth/nonce" })).json().nonce;
      const text = message(dev.alice, n, { domain, uri });
      return api.inject({
        method: "POST",
        url: "/api/auth/verify",
        payload: { message: text, signature: await dev.alice.signMessage({ message: text }) },
      });
    };

    it("sets Secure cookies when the public URL is https, whatever the request's X-Forwarded-Proto", async () => {
      const https = await createTestApi(net, { publicUrl: "https://dipnet.example" });
      try {
        const r = await aliceSignsIn(https, "dipnet.example", "https://dipnet.example");
        assert.equal(r.statusCode, 200, r.body);
        assert.match(String(r.headers["set-cookie"]), /; Secure(;|$)/);
      } finally {
        await https.close();
      }
    });

    it("defaults to the API's own loopback URL and refuses every other domain", async () => {
      const local = await createTestApi(net);
      try {
        const base = await local.listen({ host: "127.0.0.1", port: 0 });
        const host = new URL(base).host;
        const signInAt = async (domainOf: string, uri: string, hostHeader: string) => {
          const { nonce: n } = (await (await fetch(`${base}/api/auth/nonce`)).json()) as { nonce: string };
          const text = message(dev.alice, n, {
            domain: domainOf,
            uri,
            issuedAt: new Date(),
            expirationTime: undefined,
          });
          return local.inject({
            method: "POST",
            url: "/api/auth/verify",
            headers: { host: hostHeader },
            payload: { message: text, signature: await dev.alice.signMessage({ message: text }) },
          });
        };
        const own = await signInAt(host, base, host);
        assert.equal(own.statusCode, 200, own.body);
        assert.doesNotMatch(String(own.headers["set-cookie"]), /Secure/);
        const phished = await signInAt("evil.example", "http://evil.example", "evil.example");
        assert.equal(phished.statusCode, 401);
        assert.match(phished.json().message, new RegExp(`evil\\.example, not ${host.replaceAll(".", "\\.")}`));
      } finally {
        await local.close();
      }
    });

    it("refuses every sign-in while it has no public URL and is not listening on loopback", async () => {
      const unlistened = await createTestApi(net);
      try {
        const r = await aliceSignsIn(unlistened, "localhost:80", "http://localhost:80");
        assert.equal(r.statusCode, 401);
        assert.match(r.json().message, /no public URL/);
      } finally {
        await unlistened.close();
      }
    });
  });

  describe("sessions", () => {
    it("a session ends at logout and at expiry", async () => {
      const cookie = await signIn(dev.alice);
      const logout = await app.inject({ method: "POST", url: "/api/auth/logout", headers: { cookie } });
      assert.match(
        String(logout.headers["set-cookie"]),
        /^dipnet_session=; Max-Age=0; Path=\/;.* HttpOnly; SameSite=Strict$/,
      );
      assert.equal(
        (await app.inject({ method: "GET", url: "/api/auth/session", headers: { cookie } })).json().signedIn,
        false,
      );
      const again = await signIn(dev.alice);
      clock += 601_000; // past the message's expirationTime, which bounds the session
      assert.equal(
        (await app.inject({ method: "GET", url: "/api/auth/session", headers: { cookie: again } })).json().signedIn,
        false,
      );
    });
  });
});

forEachBackend((backend) => {
  describe(`Sign-In with Ethereum across a restart (${backend.name})`, () => {
    const dev = devAccounts();
    let clock = Date.now();
    let store: Database | undefined;
    let app: FastifyInstance | undefined;

    const start = async () => {
      store = await backend.open();
      app = await createApi({
        db: store.db,
        deployment: placeholderDeployment,
        indexer: idleIndexer,
        publicUrl: `http://${domain}`,
        auth: { now: () => clock },
      });
      return app;
    };
    const restart = async () => {
      await app?.close();
      await store?.close();
      return start();
    };
    after(async () => {
      await app?.close();
      await store?.close();
    });

    const signed = async (api: FastifyInstance, n: string) => {
      const text = siweMessage(dev.alice, n, clock, { expirationTime: new Date(clock + 3_600_000) });
      return api.inject({
        method: "POST",
        url: "/api/auth/verify",
        payload: { message: text, signature: await dev.alice.signMessage({ message: text }) },
      });
    };
    const nonceOf = async (api: FastifyInstance): Promise<string> =>
      (await api.inject({ method: "GET", url: "/api/auth/nonce" })).json().nonce;
    const signedIn = async (api: FastifyInstance, cookie: string): Promise<boolean> =>
      (await api.inject({ method: "GET", url: "/api/auth/session", headers: { cookie } })).json().signedIn;

    it("keeps sessions and unspent nonces, and a spent nonce stays spent", async () => {
      let api = await start();
      const spentNonce = await nonceOf(api);
      const signIn = await signed(api, spentNonce);
      assert.equal(signIn.statusCode, 200, signIn.body);
      const cookie = String(signIn.headers["set-cookie"]).split(";")[0] ?? "";
      const pendingNonce = await nonceOf(api);

      api = await restart();
      assert.equal(await signedIn(api, cookie), true);
      assert.equal((await signed(api, spentNonce)).statusCode, 401, "a nonce spent before the restart");
      assert.equal((await signed(api, pendingNonce)).statusCode, 200, "a nonce issued before the restart");
      assert.equal((await signed(api, pendingNonce)).statusCode, 401, "and spent after it");

      await api.inject({ method: "POST", url: "/api/auth/logout", headers: { cookie } });
      api = await restart();
      assert.equal(await signedIn(api, cookie), false, "logged out before the restart");
    });

    it("expires sessions and nonces by the clock, restart or not", async () => {
      let api = await start();
      const n = await nonceOf(api);
      const cookie = String((await signed(api, await nonceOf(api))).headers["set-cookie"]).split(";")[0] ?? "";
      clock += 3_601_000; // past the message's expirationTime and the nonce's 10 minutes
      api = await restart();
      assert.equal(await signedIn(api, cookie), false);
      const late = await signed(api, n);
      assert.equal(late.statusCode, 401);
      assert.match(late.json().message, /expired or already used nonce/);
      const rows = await store?.db.selectFrom("auth_sessions").selectAll().execute();
      assert.ok(
        rows?.every((r) => r.token_hash !== cookie.split("=")[1]),
        "only the token's hash is stored",
      );
    });
  });
});
