// Private routes: data only some signed-in accounts may see. Every request is authorised twice —
// by role (registered with the participant role, or admitted as an arbiter by governance) and by
// ownership (the order's own customer or maker, the arbiter of its dispute, the account itself).
//
// | route                                   | who                                                        |
// |-----------------------------------------|------------------------------------------------------------|
// | GET  /api/orders/:id/private            | the order's customer, its maker, its dispute's arbiter     |
// | GET  /api/orders/:id/messages           | same                                                       |
// | POST /api/orders/:id/messages           | same                                                       |
// | GET  /api/participants/:address/settings| the participant itself                                     |
// | PUT  /api/participants/:address/settings| the participant itself                                     |
//
// Thread messages are sealed in their authors' clients (SDK `sealMessage`): the node checks that a
// message is a well-formed vault file sealed to the registered keys of the thread's readers, stores
// the ciphertext and never decrypts it. An arbiter reads the messages written from the dispute on.
//
// An arbiter sees an order while it is disputed (any arbiter governance admits may rule it) and,
// once ruled, only the arbiter who ruled. Signed out → 401; signed in without the right → 403.
import { randomBytes } from "node:crypto";
import {
  isEncryptionPublicKey,
  maxRecipients,
  maxSealedMessageBytes,
  readSealedMessage,
  VaultFormatError,
  type VaultHeader,
} from "@dipnet/sdk";
import type { Kysely } from "kysely";
import type { OrdersTable, Schema } from "../../core/db/schema.ts";
import { ApiError } from "../../core/http/errors.ts";
import type { Api } from "../../core/http/schemas.ts";
import type { Session, SessionLookup } from "../auth/routes.ts";
import type { ApiDeployment } from "../services.ts";
import { orderAccess, rolesOf, threadReaders } from "./access.ts";

export type { OrderRole } from "./access.ts";

/** Notification kinds a participant can switch on or off. */
export const notificationKinds = ["rfqs", "bids", "awards", "milestones", "disputes", "payments"] as const;
export type NotificationKind = (typeof notificationKinds)[number];

const errors = {
  400: { $ref: "Error#" },
  401: { $ref: "Error#" },
  403: { $ref: "Error#" },
  404: { $ref: "Error#" },
} as const;
const orderParams = {
  type: "object",
  required: ["id"],
  properties: { id: { type: "integer", minimum: 0 } },
} as const;
const addressParams = {
  type: "object",
  required: ["address"],
  properties: { address: { type: "string", pattern: "^0x[0-9a-fA-F]{40}$" } },
} as const;
const recipientSchema = {
  type: "object",
  required: ["account", "keyVersion"],
  additionalProperties: false,
  properties: {
    account: { type: "string", pattern: "^0x[0-9a-fA-F]{40}$" },
    keyVersion: { type: "integer", minimum: 1, maximum: 4294967295 },
  },
} as const;
const messageSchema = {
  type: "object",
  properties: {
    id: { type: "string" },
    author: { type: "string" },
    role: { type: "string", enum: ["customer", "maker", "arbiter"] },
    ciphertext: { type: "string", description: "base64 of the message sealed to its recipients (SDK sealMessage)" },
    recipients: {
      type: "array",
      items: recipientSchema,
      description: "whose key of which version each stanza of the sealed header is, in header order",
    },
    createdAt: { type: "integer", description: "ms since the epoch" },
  },
} as const;
const readerSchema = {
  type: "object",
  properties: {
    account: { type: "string" },
    role: { type: "string", enum: ["customer", "maker", "arbiter"] },
    required: { type: "boolean", description: "every message must be sealed to this reader" },
  },
} as const;
const notifySchema = {
  type: "object",
  additionalProperties: false,
  required: [...notificationKinds],
  properties: Object.fromEntries(notificationKinds.map((k) => [k, { type: "boolean" }])) as Record<
    NotificationKind,
    { type: "boolean" }
  >,
} as const;
const settingsSchema = {
  type: "object",
  properties: {
    address: { type: "string" },
    email: { anyOf: [{ type: "string" }, { type: "null" }] },
    notify: notifySchema,
    updatedAt: { anyOf: [{ type: "integer" }, { type: "null" }] },
  },
} as const;

const defaultNotify: Record<NotificationKind, boolean> = {
  rfqs: true,
  bids: true,
  awards: true,
  milestones: true,
  disputes: true,
  payments: true,
};

/** Registers the private routes on top of the session lookup of `registerAuthRoutes`. */
export function registerPrivateRoutes(
  app: Api,
  p: {
    db: Kysely<Schema>;
    deployment: ApiDeployment;
    now?: (() => number) | undefined;
    /** Messages an order's thread may hold. Default: 1000. */
    maxThreadMessages?: number | undefined;
  } & SessionLookup,
): void {
  const maxThreadMessages = p.maxThreadMessages ?? 1000;
  const { db } = p;
  const now = p.now ?? Date.now;

  const authoriseOrder = orderAccess(db, p.deployment.contracts.orderMarket);

  /** The session's own participant address; 403 for anyone else or an unregistered account. */
  const authoriseSelf = async (session: Session, address: string): Promise<string> => {
    const me = session.address.toLowerCase();
    if (address.toLowerCase() !== me) throw new ApiError(403, `only ${address} may see or change its settings`);
    if ((await rolesOf(db, me)) === 0) throw new ApiError(403, `${session.address} is not a registered participant`);
    return me;
  };

  app.get(
    "/api/orders/:id/private",
    {
      schema: {
        summary: "Private view of an order: its customer, its maker, or its dispute's arbiter only",
        tags: ["private", "orders"],
        params: orderParams,
        response: {
          200: {
            type: "object",
            properties: {
              orderId: { type: "integer" },
              role: { type: "string", enum: ["customer", "maker", "arbiter"] },
              status: { type: "string" },
              customer: { type: "string" },
              maker: { anyOf: [{ type: "string" }, { type: "null" }] },
              arbiter: { anyOf: [{ type: "string" }, { type: "null" }] },
              price: { anyOf: [{ type: "string" }, { type: "null" }] },
              specUri: { type: "string" },
              messages: { type: "integer" },
            },
          },
          ...errors,
        },
      },
    },
    async (request) => {
      const { order, role } = await authoriseOrder(await p.requireSession(request), request.params.id);
      const count = await db
        .selectFrom("order_messages")
        .select((eb) => eb.fn.countAll<number | string>().as("n"))
        .where("order_id", "=", order.id)
        .executeTakeFirstOrThrow();
      return {
        orderId: order.id,
        role,
        status: order.status,
        customer: order.customer,
        maker: order.maker,
        arbiter: order.arbiter,
        price: order.price,
        specUri: order.spec_uri,
        messages: Number(count.n),
      };
    },
  );

  app.get(
    "/api/orders/:id/messages",
    {
      schema: {
        summary: "The order's private thread (customer, maker, dispute arbiter), oldest first, sealed",
        description:
          "Messages are sealed in their authors' clients to the readers' encryption keys: the node stores and " +
          "returns ciphertext only. `readers` are whom a new message is for (`required` ones must be recipients).",
        tags: ["private", "orders"],
        params: orderParams,
        response: {
          200: {
            type: "object",
            properties: {
              items: { type: "array", items: messageSchema },
              readers: { type: "array", items: readerSchema },
              next: { type: "null" },
            },
          },
          ...errors,
        },
      },
    },
    async (request) => {
      const { order } = await authoriseOrder(await p.requireSession(request), request.params.id);
      const rows = await db
        .selectFrom("order_messages")
        .selectAll()
        .where("order_id", "=", order.id)
        .orderBy("created_at")
        .orderBy("id")
        .execute();
      return {
        items: rows.map((m) => ({
          id: m.id,
          author: m.author,
          role: m.role,
          ciphertext: m.ciphertext,
          recipients: JSON.parse(m.recipients) as { account: string; keyVersion: number }[],
          createdAt: m.created_at,
        })),
        readers: await threadReaders(db, p.deployment.contracts.orderMarket, order),
        next: null,
      };
    },
  );

  app.post(
    "/api/orders/:id/messages",
    {
      schema: {
        summary: "Writes a sealed message to the order's private thread (customer, maker, dispute arbiter)",
        description:
          "The body is a message sealed in the client (SDK `sealMessage`) to the registered encryption keys of " +
          "`recipients`: the author, the customer and the maker at least, optionally the arbiters who may rule. " +
          "The node checks its shape and keys and never decrypts it; plaintext is refused.",
        tags: ["private", "orders"],
        params: orderParams,
        body: {
          type: "object",
          required: ["ciphertext", "recipients"],
          additionalProperties: false,
          properties: {
            ciphertext: { type: "string", minLength: 1, maxLength: Math.ceil(maxSealedMessageBytes / 3) * 4 },
            recipients: { type: "array", minItems: 1, maxItems: maxRecipients, items: recipientSchema },
          },
        },
        response: { 201: messageSchema, ...errors, 409: { $ref: "Error#" } },
      },
    },
    async (request, reply) => {
      const session = await p.requireSession(request);
      const { order, role } = await authoriseOrder(session, request.params.id);
      const author = session.address.toLowerCase();
      let header: VaultHeader;
      try {
        header = readSealedMessage(request.body.ciphertext).header;
      } catch (e) {
        if (e instanceof VaultFormatError)
          throw new ApiError(400, `body parameter "ciphertext": ${e.message}`, "ciphertext");
        throw e;
      }
      const recipients = request.body.recipients.map((r) => ({
        account: r.account.toLowerCase(),
        keyVersion: r.keyVersion,
      }));
      await checkRecipients(order, author, recipients, header);
      const message = {
        id: randomBytes(16).toString("hex"),
        order_id: order.id,
        author,
        role,
        ciphertext: request.body.ciphertext,
        recipients: JSON.stringify(recipients),
        created_at: now(),
      };
      await db.transaction().execute(async (trx) => {
        // Counting rows and then inserting lets concurrent posts all pass the count; one conditional
        // upsert of the thread's size takes a place under the cap atomically (the row is locked meanwhile).
        const place = await trx
          .insertInto("order_thread_sizes")
          .values({ order_id: order.id, messages: 1 })
          .onConflict((oc) =>
            oc
              .column("order_id")
              .doUpdateSet((eb) => ({ messages: eb("order_thread_sizes.messages", "+", 1) }))
              .where("order_thread_sizes.messages", "<", maxThreadMessages),
          )
          .executeTakeFirst();
        if (place.numInsertedOrUpdatedRows !== 1n) {
          throw new ApiError(409, `order ${order.id}'s thread is full (${maxThreadMessages} messages)`);
        }
        await trx.insertInto("order_messages").values(message).execute();
      });
      reply.status(201);
      return {
        id: message.id,
        author,
        role,
        ciphertext: message.ciphertext,
        recipients,
        createdAt: message.created_at,
      };
    },
  );

  /**
   * A sealed message must be readable by the thread's required readers and the author, by nobody
   * else, and sealed to each recipient's key registered now (what the node indexed from the chain).
   */
  const checkRecipients = async (
    order: OrdersTable,
    author: string,
    recipients: { account: string; keyVersion: number }[],
    header: VaultHeader,
  ) => {
    const bad = (reason: string) => new ApiError(400, `body parameter "recipients" ${reason}`, "recipients");
    const readers = await threadReaders(db, p.deployment.contracts.orderMarket, order);
    if (recipients.length !== header.recipients.length)
      throw bad(`lists ${recipients.length} accounts, the sealed header ${header.recipients.length} keys`);
    const accounts = recipients.map((r) => r.account);
    if (new Set(accounts).size !== accounts.length) throw bad("lists an account twice");
    for (const a of accounts)
      if (!readers.some((r) => r.account === a)) throw bad(`lists ${a}, who may not read order ${order.id}'s thread`);
    for (const r of readers)
      if (r.required && !accounts.includes(r.account)) throw bad(`must include the order's ${r.role} ${r.account}`);
    if (!accounts.includes(author)) throw bad(`must include the author ${author}`);
    const keys = await db
      .selectFrom("participants")
      .select(["address", "encryption_key"])
      .where("address", "in", accounts)
      .execute();
    for (const [i, account] of accounts.entries()) {
      const registered = keys.find((k) => k.address === account)?.encryption_key.toLowerCase();
      if (!registered || !isEncryptionPublicKey(registered))
        throw bad(`lists ${account}, who has no encryption key registered`);
      if (header.recipients[i] !== registered)
        throw bad(
          `lists ${account}, whose registered key is ${registered}, but the message is sealed to ${header.recipients[i]} ` +
            "(seal it again to the current keys)",
        );
    }
  };

  app.get(
    "/api/participants/:address/settings",
    {
      schema: {
        summary: "A participant's own settings (contact, notifications): only the participant itself",
        tags: ["private", "participants"],
        params: addressParams,
        response: { 200: settingsSchema, ...errors },
      },
    },
    async (request) => {
      const me = await authoriseSelf(await p.requireSession(request), request.params.address);
      const row = await db.selectFrom("account_settings").selectAll().where("address", "=", me).executeTakeFirst();
      return {
        address: me,
        email: row?.email ?? null,
        notify: row ? { ...defaultNotify, ...(JSON.parse(row.notify) as object) } : defaultNotify,
        updatedAt: row?.updated_at ?? null,
      };
    },
  );

  app.put(
    "/api/participants/:address/settings",
    {
      schema: {
        summary: "Replaces a participant's own settings: only the participant itself",
        tags: ["private", "participants"],
        params: addressParams,
        body: {
          type: "object",
          required: ["email", "notify"],
          additionalProperties: false,
          properties: {
            email: {
              anyOf: [{ type: "string", maxLength: 254, pattern: "^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$" }, { type: "null" }],
            },
            notify: notifySchema,
          },
        },
        response: { 200: settingsSchema, ...errors },
      },
    },
    async (request) => {
      const me = await authoriseSelf(await p.requireSession(request), request.params.address);
      const values = {
        address: me,
        email: request.body.email,
        notify: JSON.stringify(request.body.notify),
        updated_at: now(),
      };
      await db
        .insertInto("account_settings")
        .values(values)
        .onConflict((oc) =>
          oc
            .column("address")
            .doUpdateSet({ email: values.email, notify: values.notify, updated_at: values.updated_at }),
        )
        .execute();
      return { address: me, email: values.email, notify: request.body.notify, updatedAt: values.updated_at };
    },
  );
}
