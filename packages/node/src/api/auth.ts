// Sign-In with Ethereum (EIP-4361) for the API: single-use nonces, the message's domain, chain id
// and validity window checked, then an HttpOnly session cookie. Nonces and sessions are rows in the
// node's database (migration 0005_auth), so a restart keeps sessions and a spent nonce stays spent.
// The private routes (private.ts) check role and ownership per request.
import { createHash, randomBytes } from "node:crypto";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Kysely } from "kysely";
import { type Address, getAddress, type Hex, verifyMessage } from "viem";
import { generateSiweNonce, parseSiweMessage } from "viem/siwe";
import type { Schema } from "../db/schema.ts";
import { type ApiDeployment, ApiError } from "./routes.ts";

/** Options of Sign-In with Ethereum. */
export type AuthOptions = {
  /** The domain (host[:port]) messages must name. Default: the request's Host header. */
  domain?: string | undefined;
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
const MAX_NONCES = 100_000;

/** Sessions are stored by the hash of their token: a copy of the database signs nobody in. */
function tokenHash(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

function cookieOf(request: FastifyRequest, name: string): string | undefined {
  for (const part of (request.headers.cookie ?? "").split(";")) {
    const [k, ...v] = part.trim().split("=");
    if (k === name) return v.join("=");
  }
  return undefined;
}

/** How other routes find the signed-in account. */
export type SessionLookup = {
  /** The request's live session, if any. */
  sessionOf: (request: FastifyRequest) => Promise<Session | undefined>;
  /** The request's live session; 401 when signed out. */
  requireSession: (request: FastifyRequest) => Promise<Session>;
};

/** Registers `/api/auth/*`; returns the session lookup for the private routes. */
export function registerAuthRoutes(
  app: FastifyInstance,
  p: { db: Kysely<Schema>; deployment: ApiDeployment } & AuthOptions,
): SessionLookup {
  const now = p.now ?? Date.now;
  const nonceTtl = p.nonceTtlMs ?? 600_000;
  const sessionTtl = p.sessionTtlSeconds ?? 86_400;
  const db = p.db;

  const sweep = async () => {
    const t = now();
    await db.deleteFrom("auth_nonces").where("expires_at", "<=", t).execute();
    await db.deleteFrom("auth_sessions").where("expires_at", "<=", t).execute();
  };
  const sessionOf = async (request: FastifyRequest): Promise<Session | undefined> => {
    const token = cookieOf(request, sessionCookie);
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
      await sweep();
      const pending = await db
        .selectFrom("auth_nonces")
        .select((eb) => eb.fn.countAll<number | string>().as("n"))
        .executeTakeFirstOrThrow();
      if (Number(pending.n) >= MAX_NONCES) throw new ApiError(429, "too many pending sign-ins; try again later");
      const nonce = generateSiweNonce();
      const expiresAt = now() + nonceTtl;
      await db.insertInto("auth_nonces").values({ nonce, expires_at: expiresAt }).execute();
      return { nonce, expiresAt: Math.floor(expiresAt / 1000) };
    },
  );

  app.post<{ Body: { message: string; signature: Hex } }>(
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
    async (request, reply: FastifyReply) => {
      const { message, signature } = request.body;
      const m = parseSiweMessage(message);
      if (!m.address || !m.nonce || !m.domain || m.chainId === undefined || !m.uri || m.version !== "1") {
        throw new ApiError(
          400,
          "message is not an EIP-4361 message (domain, address, uri, version 1, chain id, nonce)",
          "message",
        );
      }
      // Single use: the nonce is spent by this attempt whatever its outcome. One DELETE decides, so two
      // concurrent attempts (or two nodes on one Postgres) cannot both spend it.
      const t = now();
      const spent = await db
        .deleteFrom("auth_nonces")
        .where("nonce", "=", m.nonce)
        .where("expires_at", ">", t)
        .executeTakeFirst();
      if (spent.numDeletedRows !== 1n) throw unauthorized("unknown, expired or already used nonce");
      const domain = p.domain ?? request.headers.host;
      if (m.domain !== domain) throw unauthorized(`the message is for ${m.domain}, not ${domain}`);
      if (m.chainId !== p.deployment.chainId) {
        throw unauthorized(`the message is for chain ${m.chainId}, this network is chain ${p.deployment.chainId}`);
      }
      if (m.expirationTime && m.expirationTime.getTime() <= t) throw unauthorized("the message has expired");
      if (m.notBefore && m.notBefore.getTime() > t) throw unauthorized("the message is not valid yet");
      if (m.issuedAt && m.issuedAt.getTime() > t + 60_000) throw unauthorized("the message is issued in the future");
      const valid = await verifyMessage({ address: m.address, message, signature }).catch(() => false);
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
      const secure = request.protocol === "https" ? "; Secure" : "";
      reply.header(
        "set-cookie",
        `${sessionCookie}=${id}; HttpOnly; SameSite=Strict; Path=/; Max-Age=${Math.floor((expiresAt - t) / 1000)}${secure}`,
      );
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
        response: {
          200: {
            type: "object",
            properties: {
              signedIn: { type: "boolean" },
              address: { type: "string" },
              chainId: { type: "integer" },
              expiresAt: { type: "integer" },
            },
          },
        },
      },
    },
    async (request) => {
      const s = await sessionOf(request);
      if (!s) return { signedIn: false };
      return { signedIn: true, address: s.address, chainId: s.chainId, expiresAt: Math.floor(s.expiresAt / 1000) };
    },
  );

  app.post("/api/auth/logout", { schema: { summary: "Ends the session", tags: ["auth"] } }, async (request, reply) => {
    const token = cookieOf(request, sessionCookie);
    if (token) await db.deleteFrom("auth_sessions").where("token_hash", "=", tokenHash(token)).execute();
    reply.header("set-cookie", `${sessionCookie}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0`);
    return { signedOut: true };
  });

  return { sessionOf, requireSession };
}
