// Design routes: designs with their versions and licences, licences, and an order's confidential
// access (package, NDA acceptances, grants). Public: they hold hashes and CIDs of ciphertext only.
import type { Kysely } from "kysely";
import type {
  AccessGrantsTable,
  DesignsTable,
  LicencesTable,
  NdaAcceptancesTable,
  Schema,
} from "../../core/db/schema.ts";
import { ApiError } from "../../core/http/errors.ts";
import { decodeCursor, pageOf } from "../../core/http/pagination.ts";
import {
  type Api,
  closedObject,
  errors,
  listOf,
  pageQuery,
  schemas,
  unix,
  type View,
} from "../../core/http/schemas.ts";
import { indexedTime } from "../market/aggregates.ts";

const id = (what: string) =>
  ({ type: "integer", minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description: `${what} id` }) as const;
const idParams = (what: string) =>
  ({ type: "object", required: ["id"], additionalProperties: false, properties: { id: id(what) } }) as const;
const count = { type: "string", pattern: "^[0-9]+$", description: "A count (decimal string)" } as const;
const cid = { type: "string", description: "IPFS CID of ciphertext" } as const;

const designSchema = {
  type: "object",
  required: ["id", "owner", "registrant", "contentHash", "cid", "title", "parentId", "registeredAt", "registeredBlock"],
  properties: {
    id: { type: "integer" },
    owner: schemas.address,
    registrant: schemas.address,
    contentHash: { ...schemas.hash, description: "sha256 of the plaintext file" },
    cid,
    title: { type: "string" },
    parentId: { anyOf: [{ type: "integer" }, { type: "null" }], description: "The design it is a version of" },
    registeredAt: { ...unix, description: "Block time of the registration: evidence of priority" },
    registeredBlock: { type: "integer" },
  },
} as const;

const licenceSchema = {
  type: "object",
  required: [
    "id",
    "designId",
    "issuer",
    "paymentToken",
    "royaltyPerUnit",
    "maxUnits",
    "unitsBuilt",
    "royalties",
    "expiresAt",
    "endedAt",
    "open",
    "makers",
    "state",
    "createdAt",
  ],
  properties: {
    id: { type: "integer" },
    designId: { type: "integer" },
    issuer: schemas.address,
    paymentToken: schemas.address,
    royaltyPerUnit: schemas.amount,
    maxUnits: count,
    unitsBuilt: count,
    royalties: { ...schemas.amount, description: "Royalties owed so far for the units built" },
    expiresAt: { anyOf: [unix, { type: "null" }], description: "Null: no expiry" },
    endedAt: { anyOf: [unix, { type: "null" }], description: "When the design's owner ended it" },
    open: { type: "boolean", description: "Any maker may build" },
    makers: { type: "array", items: schemas.address, description: "The makers allowed (empty when open)" },
    state: {
      type: "string",
      enum: ["active", "ended", "expired", "exhausted"],
      description: "At the indexed chain time: ended by its owner, past expiry, all units built, or active",
    },
    createdAt: unix,
  },
} as const;

const designDetailSchema = {
  type: "object",
  required: [...designSchema.required, "versions", "licences"],
  properties: {
    ...designSchema.properties,
    versions: { type: "array", items: designSchema, description: "Designs registered as its versions, oldest first" },
    licences: { type: "array", items: licenceSchema, description: "Its licences, oldest first" },
  },
} as const;

const grantSchema = {
  type: "object",
  required: ["id", "grantor", "grantee", "fileCid", "keyEnvelopeCid", "grantedAt", "revokedAt", "state"],
  properties: {
    id: { type: "integer" },
    grantor: schemas.address,
    grantee: schemas.address,
    fileCid: cid,
    keyEnvelopeCid: { type: "string", description: "IPFS CID of the file key wrapped to the grantee" },
    grantedAt: unix,
    revokedAt: { anyOf: [unix, { type: "null" }] },
    state: {
      type: "string",
      enum: ["standing", "revoked"],
      description: "Revoked: no envelopes for new versions (a key already downloaded stays readable)",
    },
  },
} as const;

const accessSchema = {
  type: "object",
  required: ["orderId", "package", "ndaAcceptances", "grants"],
  properties: {
    orderId: { type: "integer" },
    package: {
      anyOf: [
        {
          type: "object",
          required: ["customer", "ndaHash", "version", "packageCid", "previewCid", "setAt"],
          properties: {
            customer: schemas.address,
            ndaHash: schemas.hash,
            version: { type: "integer" },
            packageCid: cid,
            previewCid: { anyOf: [{ type: "string" }, { type: "null" }], description: "Public preview" },
            setAt: unix,
          },
        },
        { type: "null" },
      ],
    },
    ndaAcceptances: {
      type: "array",
      items: {
        type: "object",
        required: ["account", "ndaHash", "acceptedAt", "current"],
        properties: {
          account: schemas.address,
          ndaHash: schemas.hash,
          acceptedAt: unix,
          current: { type: "boolean", description: "The NDA accepted is the package's current one" },
        },
      },
    },
    grants: { type: "array", items: grantSchema },
  },
} as const;

function designView(d: DesignsTable): View<typeof designSchema> {
  return {
    id: Number(d.design_id),
    owner: d.owner,
    registrant: d.registrant,
    contentHash: d.content_hash,
    cid: d.cid,
    title: d.title,
    parentId: Number(d.parent_id) === 0 ? null : Number(d.parent_id),
    registeredAt: Number(d.registered_at),
    registeredBlock: Number(d.registered_block),
  };
}

function licenceView(l: LicencesTable, now: number): View<typeof licenceSchema> {
  const expiresAt = Number(l.expires_at) === 0 ? null : Number(l.expires_at);
  const endedAt = l.ended_at === null ? null : Number(l.ended_at);
  const state =
    endedAt !== null
      ? "ended"
      : expiresAt !== null && now > expiresAt
        ? "expired"
        : BigInt(l.units_built) >= BigInt(l.max_units)
          ? "exhausted"
          : "active";
  return {
    id: Number(l.licence_id),
    designId: Number(l.design_id),
    issuer: l.issuer,
    paymentToken: l.payment_token,
    royaltyPerUnit: l.royalty_per_unit,
    maxUnits: l.max_units,
    unitsBuilt: l.units_built,
    royalties: l.royalties,
    expiresAt,
    endedAt,
    open: l.open === 1,
    makers: JSON.parse(l.makers) as string[],
    state,
    createdAt: Number(l.created_at),
  };
}

function grantView(g: AccessGrantsTable): View<typeof grantSchema> {
  return {
    id: Number(g.grant_id),
    grantor: g.grantor,
    grantee: g.grantee,
    fileCid: g.file_cid,
    keyEnvelopeCid: g.key_envelope_cid,
    grantedAt: Number(g.granted_at),
    revokedAt: g.revoked_at === null ? null : Number(g.revoked_at),
    state: g.revoked_at === null ? "standing" : "revoked",
  };
}

const fileGrantSchema = {
  type: "object",
  required: ["id", "orderId", "grantor", "grantee", "fileCid", "keyEnvelopeCid", "grantedAt", "revokedAt", "state"],
  properties: { orderId: { type: "integer" }, ...grantSchema.properties },
} as const;

/** Versions, licences and grants one answer lists at most (anyone can add them for gas). */
const MAX_ITEMS = 1000;

/**
 * Registers `GET /api/designs`, `/api/designs/:id`, `/api/licences/:id`, `/api/orders/:id/access` and
 * `/api/vault/files/:cid/grants`.
 */
export function registerDesignRoutes(app: Api, db: Kysely<Schema>): void {
  app.get(
    "/api/designs",
    {
      schema: {
        summary: "Registered designs, newest first",
        tags: ["designs"],
        querystring: closedObject({
          limit: pageQuery.limit,
          cursor: pageQuery.cursor,
          owner: { ...schemas.address, description: "Only designs this account owns now" },
          registrant: { ...schemas.address, description: "Only designs this account registered" },
        }),
        response: { 200: listOf(designSchema), ...errors },
      },
    },
    async (request) => {
      const query = request.query;
      const key = decodeCursor(query.cursor, ["number"]);
      let q = db
        .selectFrom("designs")
        .selectAll()
        .orderBy("design_id", "desc")
        .limit(query.limit + 1);
      if (key) q = q.where("design_id", "<", key[0] as number);
      if (query.owner) q = q.where("owner", "=", query.owner.toLowerCase());
      if (query.registrant) q = q.where("registrant", "=", query.registrant.toLowerCase());
      return pageOf(await q.execute(), { ...query, order: "desc" }, (d) => [Number(d.design_id)], designView);
    },
  );

  app.get(
    "/api/designs/:id",
    {
      schema: {
        summary: "One design with its versions and its licences (units built, royalties owed)",
        tags: ["designs"],
        params: idParams("Design"),
        response: { 200: designDetailSchema, ...errors },
      },
    },
    async (request) => {
      const designId = request.params.id;
      const design = await db.selectFrom("designs").selectAll().where("design_id", "=", designId).executeTakeFirst();
      if (!design) throw new ApiError(404, `design ${designId} not found`, "id");
      const versions = await db
        .selectFrom("designs")
        .selectAll()
        .where("parent_id", "=", designId)
        .orderBy("design_id")
        .limit(MAX_ITEMS)
        .execute();
      const licences = await db
        .selectFrom("licences")
        .selectAll()
        .where("design_id", "=", designId)
        .orderBy("licence_id")
        .limit(MAX_ITEMS)
        .execute();
      const now = await indexedTime(db);
      return {
        ...designView(design),
        versions: versions.map(designView),
        licences: licences.map((l) => licenceView(l, now)),
      };
    },
  );

  app.get(
    "/api/licences/:id",
    {
      schema: {
        summary: "One licence: its terms, units built and royalties owed",
        tags: ["designs"],
        params: idParams("Licence"),
        response: { 200: licenceSchema, ...errors },
      },
    },
    async (request) => {
      const licenceId = request.params.id;
      const row = await db.selectFrom("licences").selectAll().where("licence_id", "=", licenceId).executeTakeFirst();
      if (!row) throw new ApiError(404, `licence ${licenceId} not found`, "id");
      return licenceView(row, await indexedTime(db));
    },
  );

  app.get(
    "/api/orders/:id/access",
    {
      schema: {
        summary: "An order's confidential package, NDA acceptances and key grants",
        tags: ["designs"],
        params: idParams("Order"),
        response: { 200: accessSchema, ...errors },
      },
    },
    async (request) => {
      const orderId = request.params.id;
      const order = await db.selectFrom("orders").select("id").where("id", "=", orderId).executeTakeFirst();
      if (!order) throw new ApiError(404, `order ${orderId} not found`, "id");
      const pkg = await db.selectFrom("order_packages").selectAll().where("order_id", "=", orderId).executeTakeFirst();
      const acceptances: NdaAcceptancesTable[] = await db
        .selectFrom("nda_acceptances")
        .selectAll()
        .where("order_id", "=", orderId)
        .orderBy("accepted_block")
        .orderBy("account")
        .limit(MAX_ITEMS)
        .execute();
      const grants = await db
        .selectFrom("access_grants")
        .selectAll()
        .where("order_id", "=", orderId)
        .orderBy("grant_id")
        .limit(MAX_ITEMS)
        .execute();
      return {
        orderId,
        package: pkg
          ? {
              customer: pkg.customer,
              ndaHash: pkg.nda_hash,
              version: pkg.version,
              packageCid: pkg.package_cid,
              previewCid: pkg.preview_cid === "" ? null : pkg.preview_cid,
              setAt: Number(pkg.set_at),
            }
          : null,
        ndaAcceptances: acceptances.map((n) => ({
          account: n.account,
          ndaHash: n.nda_hash,
          acceptedAt: Number(n.accepted_at),
          current: pkg?.nda_hash === n.nda_hash,
        })),
        grants: grants.map(grantView),
      };
    },
  );
  app.get(
    "/api/vault/files/:cid/grants",
    {
      schema: {
        summary: "The grants of a vault file: who may read it through which key envelope",
        description:
          "What a grantee's client needs to find its key envelope for a file not encrypted to it: CIDs and addresses only, newest first, standing ones before revoked ones.",
        tags: ["designs", "vault"],
        params: {
          type: "object",
          required: ["cid"],
          additionalProperties: false,
          properties: { cid: { type: "string", minLength: 1, maxLength: 200 } },
        },
        querystring: {
          type: "object",
          additionalProperties: false,
          properties: { grantee: { ...schemas.address, description: "only grants to this account" } },
        },
        response: {
          200: {
            type: "object",
            required: ["items"],
            properties: { items: { type: "array", items: fileGrantSchema } },
          },
          ...errors,
        },
      },
    },
    async (request) => {
      let query = db
        .selectFrom("access_grants")
        .selectAll()
        .where("file_cid", "=", request.params.cid)
        .orderBy("grant_id", "desc")
        .limit(MAX_ITEMS);
      if (request.query.grantee) query = query.where("grantee", "=", request.query.grantee.toLowerCase());
      const rows = await query.execute();
      const standingFirst = [
        ...rows.filter((g) => g.revoked_at === null),
        ...rows.filter((g) => g.revoked_at !== null),
      ];
      return { items: standingFirst.map((g) => ({ orderId: Number(g.order_id), ...grantView(g) })) };
    },
  );
}
