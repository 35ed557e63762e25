// Participants: who is registered, in which roles, with what stake and profile.
import { type Kysely, sql } from "kysely";
import type { ParticipantsTable, Schema } from "../../core/db/schema.ts";
import { ApiError } from "../../core/http/errors.ts";
import { amountKeys, columnKey, listPage, type SortKey, sortParam } from "../../core/http/pagination.ts";
import { type Api, addressParams, errors, listOf, listQuery, schemas, type View } from "../../core/http/schemas.ts";
import type { DocumentStore } from "../documents/store.ts";
import { accountOrderStats } from "../market/aggregates.ts";
import { scorecardOf } from "./reputation.ts";

/** The published document behind a hash, parsed; null when this node does not hold it. */
function documentOf(
  documents: Pick<DocumentStore, "get"> | undefined,
  hash: string | null,
): Record<string, unknown> | null {
  const text = hash && documents ? documents.get(hash) : undefined;
  return text === undefined ? null : (JSON.parse(text) as Record<string, unknown>);
}

function participantView(p: ParticipantRow, documents?: Pick<DocumentStore, "get">): View<typeof schemas.participant> {
  const roles: ("customer" | "manufacturer")[] = [];
  if (p.roles & 1) roles.push("customer");
  if (p.roles & 2) roles.push("manufacturer");
  return {
    address: p.address,
    roles,
    roleBits: p.roles,
    registeredAt: p.registered_at,
    registeredBlock: p.registered_block,
    profileHash: p.profile_hash,
    profileURI: p.profile_uri,
    profile: documentOf(documents, p.profile_hash),
    encryptionKey: p.encryption_key,
    stake: p.stake,
    locked: p.locked,
    freeStake: (BigInt(p.stake) - BigInt(p.locked)).toString(),
    openBonds: p.open_bonds,
    completedOrders: Number(p.completed_orders),
    updatedAt: p.updated_at,
  };
}

/** A participant row with the number of orders it completed as the maker. */
type ParticipantRow = ParticipantsTable & { completed_orders: number };
/** Orders a participant completed as the maker (accepted deliveries). */
const completedOrders = sql<number>`(select count(*) from orders where orders.maker = participants.address and orders.status = 'Completed')`;
const participantAddress = columnKey<ParticipantRow>("address", "string");
const participantSorts = {
  registeredAt: [columnKey<ParticipantRow>("registered_block", "number"), participantAddress],
  address: [participantAddress],
  stake: [...amountKeys<ParticipantRow>("stake"), participantAddress],
  completedOrders: [
    { sql: completedOrders, type: "number", of: (p: ParticipantRow) => Number(p.completed_orders) },
    participantAddress,
  ],
} satisfies Record<string, SortKey<ParticipantRow>[]>;

const counts = { type: "object", additionalProperties: { type: "integer" } } as const;

/** Registers `/api/participants`, `/api/participants/:address` and its order statistics. */
export function registerParticipantRoutes(
  app: Api,
  db: Kysely<Schema>,
  orderMarket: string,
  documents?: Pick<DocumentStore, "get">,
): void {
  app.get(
    "/api/participants",
    {
      schema: {
        summary: "List registered participants, newest first",
        tags: ["participants"],
        querystring: listQuery({
          sort: sortParam(
            participantSorts,
            "registeredAt",
            "Sort key: registeredAt (block), address, stake, completedOrders (orders completed as the maker); ties by address",
          ),
          role: { type: "string", enum: ["customer", "manufacturer"], description: "Only participants in this role" },
        }),
        response: { 200: listOf(schemas.participant), ...errors },
      },
    },
    async (request) => {
      const q = request.query;
      let qb = db.selectFrom("participants").selectAll().select(completedOrders.as("completed_orders"));
      if (q.role) {
        const bit = q.role === "customer" ? 1 : 2;
        qb = qb.where(sql<number>`(roles & ${sql.lit(bit)})`, "=", bit);
      }
      return listPage(qb, participantSorts[q.sort], q, (row) => participantView(row, documents));
    },
  );

  app.get(
    "/api/participants/:address",
    {
      schema: {
        summary: "One participant",
        tags: ["participants"],
        params: addressParams,
        response: { 200: schemas.participant, ...errors },
      },
    },
    async (request) => {
      const address = request.params.address.toLowerCase();
      const row = await db
        .selectFrom("participants")
        .selectAll()
        .select(completedOrders.as("completed_orders"))
        .where("address", "=", address)
        .executeTakeFirst();
      if (!row) throw new ApiError(404, `participant ${address} not found`);
      const scorecard = row.roles & 2 ? await scorecardOf(db, orderMarket, address) : null;
      return { ...participantView(row, documents), scorecard };
    },
  );

  app.get(
    "/api/participants/:address/stats",
    {
      schema: {
        summary:
          "An account's orders by status as the customer and as the manufacturer (any address, registered or not)",
        tags: ["participants"],
        params: addressParams,
        response: {
          200: {
            type: "object",
            properties: {
              address: schemas.address,
              asCustomer: { type: "object", properties: { total: { type: "integer" }, byStatus: counts } },
              asMaker: {
                type: "object",
                description: "Orders awarded to it, with the processes and materials it won them for",
                properties: { total: { type: "integer" }, byStatus: counts, byProcess: counts, byMaterial: counts },
              },
            },
          },
          ...errors,
        },
      },
    },
    (request) => accountOrderStats(db, request.params.address.toLowerCase()),
  );
}
