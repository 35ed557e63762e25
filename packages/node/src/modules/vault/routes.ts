// Vault routes: ciphertext in, ciphertext out. The node never sees a key or a plaintext byte: an
// upload that does not start with a well-formed vault header is refused before anything is stored.
//
// | route                            | what                                                            |
// |----------------------------------|-----------------------------------------------------------------|
// | POST /api/vault/files            | stores a vault file (octet-stream body) in IPFS; returns its CID |
// | GET  /api/vault/files            | files this node holds, newest first; `recipient`, `uploader`     |
// | GET  /api/vault/files/:cid       | the ciphertext, fetched from IPFS peers when not here (504 late) |
// | GET  /api/vault/files/:cid/meta  | size, recipients' keys, uploader, when stored                    |
// | GET  /api/ipfs/peers             | this node's peer id, the addresses peers dial, connected peers   |
import { Readable } from "node:stream";
import { readVaultHeader, type VaultHeader } from "@dipnet/sdk";
import type { Kysely } from "kysely";
import type { Schema, VaultFilesTable } from "../../core/db/schema.ts";
import { ApiError } from "../../core/http/errors.ts";
import type { Api } from "../../core/http/schemas.ts";
import { IpfsFetchError, type IpfsNode } from "../../core/ipfs.ts";
import type { SessionLookup } from "../auth/routes.ts";

const key = { type: "string", pattern: "^0x[0-9a-f]{64}$" } as const;
const cidParams = {
  type: "object",
  required: ["cid"],
  properties: { cid: { type: "string", minLength: 1, maxLength: 200 } },
} as const;
const fileSchema = {
  type: "object",
  required: ["cid", "size", "recipients", "uploader", "createdAt"],
  properties: {
    cid: { type: "string" },
    size: { type: "integer", description: "ciphertext bytes" },
    recipients: { type: "array", items: key, description: "X25519 public keys the file is encrypted to" },
    uploader: { anyOf: [{ type: "string" }, { type: "null" }] },
    createdAt: { type: "integer", description: "ms since the epoch, when this node stored or first served it" },
  },
} as const;
const errors = {
  400: { $ref: "Error#" },
  404: { $ref: "Error#" },
  503: { $ref: "Error#" },
  504: { $ref: "Error#" },
} as const;

const view = (row: VaultFilesTable) => ({
  cid: row.cid,
  size: Number(row.size),
  recipients: JSON.parse(row.recipients) as string[],
  uploader: row.uploader,
  createdAt: Number(row.created_at),
});

/** Registers the vault routes. */
export function registerVaultRoutes(
  app: Api,
  p: { db: Kysely<Schema>; ipfs: IpfsNode | undefined; timeoutMs: number; now?: () => number } & SessionLookup,
): void {
  const { db } = p;
  const now = p.now ?? Date.now;
  const ipfsOf = (): IpfsNode => {
    if (!p.ipfs) throw new ApiError(503, "this node runs no IPFS node: the vault is unavailable");
    return p.ipfs;
  };
  /** Records a file once (first upload or first fetch wins): retries and refetches change nothing. */
  const record = (cid: string, size: number, header: VaultHeader, uploader: string | null) =>
    db
      .insertInto("vault_files")
      .values({ cid, size, recipients: JSON.stringify(header.recipients), uploader, created_at: now() })
      .onConflict((oc) => oc.column("cid").doNothing())
      .execute();
  const fetchFailed = (error: unknown): never => {
    if (error instanceof IpfsFetchError)
      throw new ApiError(
        error.reason === "timeout" ? 504 : 400,
        error.message,
        error.reason === "timeout" ? undefined : "cid",
      );
    throw error;
  };

  // The body stays a stream: a 200 MB file never sits in the node's memory.
  app.addContentTypeParser("application/octet-stream", (_request, payload, done) => done(null, payload));

  app.post(
    "/api/vault/files",
    {
      schema: {
        summary: "Store a vault file (client-side encrypted) in IPFS",
        description:
          "The body is the ciphertext (application/octet-stream) in the vault format of @dipnet/sdk; anything else is refused. The uploader is the signed-in account, if any.",
        tags: ["vault"],
        response: {
          200: {
            type: "object",
            required: ["cid", "size", "recipients"],
            properties: {
              cid: { type: "string" },
              size: { type: "integer" },
              recipients: { type: "array", items: key },
            },
          },
          ...errors,
        },
      },
    },
    async (request) => {
      const ipfs = ipfsOf();
      if (!request.headers["content-type"]?.startsWith("application/octet-stream"))
        throw new ApiError(400, "body must be application/octet-stream: the vault file's ciphertext", "body");
      const source = (request.body as Readable)[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
      const refuse = (why: string) =>
        new ApiError(400, `${why}; this node stores only files encrypted in the client (vault format)`, "body");
      let head = Buffer.alloc(0);
      let header: VaultHeader | undefined;
      while (!header) {
        const next = await source.next();
        if (next.done) throw refuse(`body is not a vault file: it ends inside the vault header (${head.length} bytes)`);
        head = Buffer.concat([head, next.value]);
        try {
          header = readVaultHeader(head);
        } catch (error) {
          throw refuse(`body is not a vault file: ${(error as Error).message}`);
        }
      }
      let size = 0;
      const bytes = async function* () {
        size += head.length;
        yield head;
        for (let next = await source.next(); !next.done; next = await source.next()) {
          size += next.value.length;
          yield next.value;
        }
      };
      const cid = await ipfs.add(bytes());
      if (size < header.length + 16) throw refuse("body is not a vault file: it has a header but no payload");
      const session = await p.sessionOf(request);
      await record(cid, size, header, session ? session.address.toLowerCase() : null);
      return { cid, size, recipients: header.recipients };
    },
  );

  app.get(
    "/api/vault/files",
    {
      schema: {
        summary: "Vault files this node holds, newest first",
        tags: ["vault"],
        querystring: {
          type: "object",
          additionalProperties: false,
          properties: {
            recipient: { ...key, description: "only files encrypted to this X25519 public key" },
            uploader: {
              type: "string",
              pattern: "^0x[0-9a-fA-F]{40}$",
              description: "only files this account uploaded",
            },
            limit: { type: "integer", minimum: 1, maximum: 500, default: 100 },
          },
        },
        response: {
          200: { type: "object", required: ["items"], properties: { items: { type: "array", items: fileSchema } } },
          ...errors,
        },
      },
    },
    async (request) => {
      const { recipient, uploader, limit } = request.query;
      let query = db.selectFrom("vault_files").selectAll().orderBy("created_at", "desc").orderBy("cid").limit(limit);
      // Recipients are lowercase 0x-hex keys in a JSON array: a quoted match cannot hit a partial key.
      if (recipient && uploader)
        query = query.where((eb) =>
          eb.or([eb("recipients", "like", `%"${recipient}"%`), eb("uploader", "=", uploader.toLowerCase())]),
        );
      else if (recipient) query = query.where("recipients", "like", `%"${recipient}"%`);
      else if (uploader) query = query.where("uploader", "=", uploader.toLowerCase());
      return { items: (await query.execute()).map(view) };
    },
  );

  app.get(
    "/api/vault/files/:cid",
    {
      schema: {
        summary: "A vault file's ciphertext, fetched from IPFS peers when this node does not hold it",
        description: `Answers 504 naming the CID when the file does not arrive from any peer in time.`,
        tags: ["vault"],
        params: cidParams,
        response: { 200: { description: "the ciphertext (application/octet-stream)" }, ...errors },
      },
    },
    async (request, reply) => {
      const ipfs = ipfsOf();
      const { cid } = request.params;
      const size = await ipfs.size(cid, { timeoutMs: p.timeoutMs }).catch(fetchFailed);
      const known = await db.selectFrom("vault_files").select("cid").where("cid", "=", cid).executeTakeFirst();
      const source = ipfs.cat(cid, { timeoutMs: p.timeoutMs })[Symbol.asyncIterator]();
      // The first bytes are read before the answer starts: a file that fails at once (a peer that
      // goes away, a timeout) gets its error as JSON, not a 200 cut short.
      const first = await source.next().catch(fetchFailed);
      let head: Buffer | undefined = known ? undefined : Buffer.alloc(0);
      const bytes = async function* () {
        for (let next = first; !next.done; next = await source.next()) {
          if (head) {
            head = Buffer.concat([head, next.value]);
            // A file first served here (fetched from a peer) is recorded once its header is read.
            const header = readHeaderOrNone(head);
            if (header !== "more") {
              if (header) await record(cid, size, header, null);
              head = undefined;
            }
          }
          yield next.value;
        }
      };
      return reply
        .header("content-type", "application/octet-stream")
        .header("content-length", size)
        .send(Readable.from(bytes()));
    },
  );

  app.get(
    "/api/vault/files/:cid/meta",
    {
      schema: {
        summary: "What this node knows of a vault file: size, recipients' keys, uploader, when stored",
        tags: ["vault"],
        params: cidParams,
        response: { 200: fileSchema, ...errors },
      },
    },
    async (request) => {
      const row = await db
        .selectFrom("vault_files")
        .selectAll()
        .where("cid", "=", request.params.cid)
        .executeTakeFirst();
      if (!row) throw new ApiError(404, `vault file ${request.params.cid} is not stored on this node`);
      return view(row);
    },
  );

  app.get(
    "/api/ipfs/peers",
    {
      schema: {
        summary: "This node's IPFS identity, the addresses peers dial (DIPNET_IPFS_PEERS), connected peers",
        tags: ["vault"],
        response: {
          200: {
            type: "object",
            required: ["kind", "peerId", "multiaddrs", "peers"],
            properties: {
              kind: { type: "string", enum: ["helia", "kubo"] },
              peerId: { anyOf: [{ type: "string" }, { type: "null" }] },
              multiaddrs: { type: "array", items: { type: "string" } },
              peers: { type: "array", items: { type: "string" } },
            },
          },
          ...errors,
        },
      },
    },
    async () => {
      const ipfs = ipfsOf();
      const { peerId, multiaddrs } = ipfs.identity();
      return { kind: ipfs.kind, peerId: peerId ?? null, multiaddrs, peers: ipfs.peers() };
    },
  );
}

/** The header at the start of `bytes`, "more" while incomplete, undefined when it is not one. */
function readHeaderOrNone(bytes: Uint8Array): VaultHeader | "more" | undefined {
  try {
    return readVaultHeader(bytes) ?? "more";
  } catch {
    return undefined;
  }
}
