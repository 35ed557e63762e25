// Sign-In with Ethereum (EIP-4361) for the API: single-use nonces, the message's domain and URI
// (the node's configured public origin, never the request's Host), chain id and validity window
// checked, then an HttpOnly session cookie. Nonces are stateless (an expiry and random bytes under an
// HMAC with the node's secret), so issuing them stores nothing and no flood can exhaust them; a nonce
// is spent by storing it until it expires. Sessions and spent nonces are rows in the node's database
// (migrations 0005_auth, 0008_api_limits), so a restart keeps sessions and a spent nonce stays spent.
// The private routes (private.ts) check role and ownership per request.
import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { Kysely } from "kysely";
import { type Address, getAddress, type Hex, verifyMessage } from "viem";
import { parseSiweMessage } from "viem/siwe";
import { isLoopbackHost } from "../../core/config.ts";
import type { Schema } from "../../core/db/schema.ts";
import { ApiError } from "../../core/http/errors.ts";
import type { Api, View } from "../../core/http/schemas.ts";

/** Options of Sign-In with Ethereum. */
export type AuthOptions = {
  /** How long an issued nonce may be used, in ms. Default: 10 minutes. */
  nonceTtlMs?: number | undefined;
  /** Session lifetime in seconds. Default: 24 hours. */
  sessionTtlSeconds?: number | undefined;
  /** Clock in ms (tests). Default: `Date.now`. */
  now?: (() => number) | undefined;
};

/** A signed-in account. */
export type Session = { address: Address; chainId: number; expiresAt: number };

const sessionCookie = "dipnet_session";

/** The secret nonces are signed with: one per database, so every API node on it accepts the others' nonces. */
async function nonceSecret(db: Kysely<Schema>): Promise<Buffer> {
  await db
    .insertInto("auth_secret")
    .values({ id: 1, secret: randomBytes(32).toString("hex") })
    .onConflict((oc) => oc.column("id").doNothing())
    .execute();
  const row = await db.selectFrom("auth_secret").select("secret").where("id", "=", 1).executeTakeFirstOrThrow();
  return Buffer.from(row.secret, "hex");
}

/**
 * The origin sign-in messages must name: the configured public URL, else the loopback address the API
 * listens on; none before it listens or when it listens beyond loopback (then every sign-in is refused).
 */
function expectedOrigin(app: FastifyInstance, publicUrl: string | undefined): URL | undefined {
  if (publicUrl) return new URL(publicUrl);
  const address = app.server.listening ? app.server.address() : null;
  if (!address || typeof address !== "object" || !isLoopbackHost(address.address)) return undefined;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return new URL(`http://${host}:${address.port}`);
}

/** Sessions are stored by the hash of their token: a copy of the database signs nobody in. */
function tokenHash(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** The session cookie's attributes: never readable by scripts, never sent by other sites, `Secure` on https. */
function sessionCookieOptions(origin: URL | undefined) {
  return { httpOnly: true, sameSite: "strict", path: "/", secure: origin?.protocol === "https:" } as const;
}

/** How other routes find the signed-in account. */
export type SessionLookup = {
  /** The request's live session, if any. */
  sessionOf: (request: FastifyRequest) => Promise<Session | undefined>;
  /** The request's live session; 401 when signed out. */
  requireSession: (request: FastifyRequest) => Promise<Session>;
};

/** The signed-in account of a request, from its session cookie. */
export function sessionLookup(db: Kysely<Schema>, now: () => number = Date.now): SessionLookup {
  const sessionOf = async (request: FastifyRequest): Promise<Session | undefined> => {
    const token = request.cookies[sessionCookie];
    if (!token) return undefined;
    const row = await db
      .selectFrom("auth_sessions")
      .select(["address", "chain_id", "expires_at"])
      .where("token_hash", "=", tokenHash(token))
      .where("expires_at", ">", now())
      .executeTakeFirst();
    return row ? { address: row.address as Address, chainId: row.chain_id, expiresAt: row.expires_at } : undefined;
  };
  const requireSession = async (request: FastifyRequest): Promise<Session> => {
    const session = await sessionOf(request);
    if (!session) throw new ApiError(401, "sign in first: GET /api/auth/nonce, then POST /api/auth/verify");
    return session;
  };
  return { sessionOf, requireSession };
}

/** `GET /api/auth/session`: signed out, or signed in with the account. */
const sessionSchema = {
  anyOf: [
    { type: "object", required: ["signedIn"], properties: { signedIn: { type: "boolean", const: false } } },
    {
      type: "object",
      required: ["signedIn", "address", "chainId", "expiresAt"],
      properties: {
        signedIn: { type: "boolean", const: true },
        address: { type: "string" },
        chainId: { type: "integer" },
        expiresAt: { type: "integer" },
      },
    },
  ],
} as const;

function sessionView(s: Session | undefined): View<typeof sessionSchema> {
  if (!s) return { signedIn: false };
  return { signedIn: true, address: s.address, chainId: s.chainId, expiresAt: Math.floor(s.expiresAt / 1000) };
}

/** Registers `/api/auth/*`. */
export async function registerAuthRoutes(
  app: Api,
  p: { db: Kysely<Schema>; deployment: { chainId: number }; publicUrl?: string | undefined } & AuthOptions,
): Promise<void> {
  const now = p.now ?? Date.now;
  const nonceTtl = p.nonceTtlMs ?? 600_000;
  const sessionTtl = p.sessionTtlSeconds ?? 86_400;
  const db = p.db;
  const secret = await nonceSecret(db);
  // A nonce is 12 hex digits of expiry (ms), 16 of randomness and 32 of HMAC: alphanumeric, as EIP-4361 wants.
  const mac = (body: string) => createHmac("sha256", secret).update(body).digest("hex").slice(0, 32);
  const issueNonce = (expiresAt: number) => {
    const body = `${expiresAt.toString(16).padStart(12, "0")}${randomBytes(8).toString("hex")}`;
    return `${body}${mac(body)}`;
  };
  /** The nonce's expiry if this node issued it, else undefined. */
  const nonceExpiry = (nonce: string): number | undefined => {
    if (!/^[0-9a-f]{60}$/.test(nonce)) return undefined;
    const body = nonce.slice(0, 28);
    const valid = timingSafeEqual(Buffer.from(mac(body)), Buffer.from(nonce.slice(28)));
    return valid ? Number.parseInt(body.slice(0, 12), 16) : undefined;
  };

  const sweep = async () => {
    const t = now();
    await db.deleteFrom("auth_nonces").where("expires_at", "<=", t).execute();
    await db.deleteFrom("auth_sessions").where("expires_at", "<=", t).execute();
  };
  const { sessionOf } = sessionLookup(db, now);
  const unauthorized = (reason: string) => new ApiError(401, `sign-in rejected: ${reason}`);

  app.get(
    "/api/auth/nonce",
    {
      schema: {
        summary: "A single-use nonce for a Sign-In with Ethereum message",
        tags: ["auth"],
        response: {
          200: { type: "object", properties: { nonce: { type: "string" }, expiresAt: { type: "integer" } } },
        },
      },
    },
    async () => {
      const expiresAt = now() + nonceTtl;
      return { nonce: issueNonce(expiresAt), expiresAt: Math.floor(expiresAt / 1000) };
    },
  );

  app.post(
    "/api/auth/verify",
    {
      schema: {
        summary: "Verifies a signed EIP-4361 message and starts a session (cookie)",
        tags: ["auth"],
        body: {
          type: "object",
          required: ["message", "signature"],
          additionalProperties: false,
          properties: {
            message: { type: "string", maxLength: 4096 },
            signature: { type: "string", pattern: "^0x[0-9a-fA-F]{130}$" },
          },
        },
        response: {
          200: {
            type: "object",
            properties: { address: { type: "string" }, chainId: { type: "integer" }, expiresAt: { type: "integer" } },
          },
        },
      },
    },
    async (request, reply) => {
      const { message, signature } = request.body;
      const m = parseSiweMessage(message);
      if (!m.address || !m.nonce || !m.domain || m.chainId === undefined || !m.uri || m.version !== "1") {
        throw new ApiError(
          400,
          "message is not an EIP-4361 message (domain, address, uri, version 1, chain id, nonce)",
          "message",
        );
      }
      // Single use: the nonce is spent by this attempt whatever its outcome. One INSERT decides, so two
      // concurrent attempts (or two nodes on one Postgres) cannot both spend it.
      const t = now();
      const nonceExpiresAt = nonceExpiry(m.nonce);
      if (nonceExpiresAt === undefined || nonceExpiresAt <= t)
        throw unauthorized("unknown, expired or already used nonce");
      await sweep();
      const spent = await db
        .insertInto("auth_nonces")
        .values({ nonce: m.nonce, expires_at: nonceExpiresAt })
        .onConflict((oc) => oc.column("nonce").doNothing())
        .executeTakeFirst();
      if (spent.numInsertedOrUpdatedRows !== 1n) throw unauthorized("unknown, expired or already used nonce");
      const origin = expectedOrigin(app, p.publicUrl);
      if (!origin) throw unauthorized("this node has no public URL (DIPNET_PUBLIC_URL) and accepts no sign-in");
      if (m.domain !== origin.host) throw unauthorized(`the message is for ${m.domain}, not ${origin.host}`);
      if (!URL.canParse(m.uri) || new URL(m.uri).origin !== origin.origin) {
        throw unauthorized(`the message's URI ${m.uri} is not on ${origin.origin}`);
      }
      if (m.chainId !== p.deployment.chainId) {
        throw unauthorized(`the message is for chain ${m.chainId}, this network is chain ${p.deployment.chainId}`);
      }
      if (m.expirationTime && m.expirationTime.getTime() <= t) throw unauthorized("the message has expired");
      if (m.notBefore && m.notBefore.getTime() > t) throw unauthorized("the message is not valid yet");
      if (m.issuedAt && m.issuedAt.getTime() > t + 60_000) throw unauthorized("the message is issued in the future");
      // The body schema admits only 0x-prefixed hex signatures.
      const valid = await verifyMessage({ address: m.address, message, signature: signature as Hex }).catch(
        () => false,
      );
      if (!valid) throw unauthorized(`the signature is not by ${m.address}`);

      const id = randomBytes(32).toString("base64url");
      const expiresAt = Math.min(t + sessionTtl * 1000, m.expirationTime?.getTime() ?? Number.POSITIVE_INFINITY);
      const session: Session = { address: getAddress(m.address), chainId: m.chainId, expiresAt };
      await db
        .insertInto("auth_sessions")
        .values({
          token_hash: tokenHash(id),
          address: session.address,
          chain_id: session.chainId,
          created_at: t,
          expires_at: expiresAt,
        })
        .execute();
      reply.setCookie(sessionCookie, id, {
        ...sessionCookieOptions(origin),
        maxAge: Math.floor((expiresAt - t) / 1000),
      });
      return { address: session.address, chainId: session.chainId, expiresAt: Math.floor(expiresAt / 1000) };
    },
  );

  app.get(
    "/api/auth/session",
    {
      schema: {
        summary: "Whether the request is signed in, and as whom",
        description:
          "Always 200, so that a signed-out browser asking is no error: `signedIn` false, or true with the account.",
        tags: ["auth"],
        response: { 200: sessionSchema },
      },
    },
    async (request) => sessionView(await sessionOf(request)),
  );

  app.post(
    "/api/auth/logout",
    {
      schema: {
        summary: "Ends the session",
        tags: ["auth"],
        response: {
          200: { type: "object", required: ["signedOut"], properties: { signedOut: { type: "boolean" } } },
        },
      },
    },
    async (request, reply) => {
      const token = request.cookies[sessionCookie];
      if (token) await db.deleteFrom("auth_sessions").where("token_hash", "=", tokenHash(token)).execute();
      reply.clearCookie(sessionCookie, sessionCookieOptions(expectedOrigin(app, p.publicUrl)));
      return { signedOut: true };
    },
  );
}
