// A property-based request fuzzer over every operation in /openapi.json: fast-check draws path and
// query parameters and bodies from each operation's own schema (valid values, boundary values and
// garbage), signed in or not, against a node indexing a real chain with every order path, and the
// API must never answer 5xx. The API's schemas are the only input: a new route is fuzzed as it lands.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { createDipnetClient } from "@dipnet/sdk";
import { devAccounts } from "@dipnet/sdk/node";
import fc from "fast-check";
import type { FastifyInstance, InjectOptions } from "fastify";
import { createSiweMessage } from "viem/siwe";
import { createDocumentStore } from "../../modules/documents/store.ts";
import { createPlanningService, type PlanningService } from "../../modules/planning/service.ts";
import { createTestApi, useTestBackend, useTestNetwork } from "../../testing/index.ts";
import { createIpfsNode, type IpfsNode } from "../ipfs.ts";

const REQUESTS = 10_000;
const publicUrl = "http://dipnet.example";
/** Streams never end, so they cannot be injected; they are tested in live.test.ts and abuse.test.ts. */
const streaming = new Set(["GET /api/events"]);

type Schema = {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: Schema[];
  oneOf?: Schema[];
  pattern?: string;
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  items?: Schema;
  minItems?: number;
  maxItems?: number;
  properties?: Record<string, Schema>;
  required?: string[];
};
type Parameter = { name: string; in: "path" | "query"; required?: boolean; schema: Schema };
type Operation = { method: string; path: string; parameters: Parameter[]; body: Schema | undefined };

const dev = devAccounts();
/** Values that reach past validation into the handlers: ids and accounts that exist on the chain. */
const known: Record<string, fc.Arbitrary<unknown>> = {
  id: fc.integer({ min: 0, max: 6 }),
  orderId: fc.integer({ min: 0, max: 6 }),
  address: fc.constantFrom(dev.alice.address, dev.carol.address, dev.judy.address, dev.frank.address),
};
/** What no schema allows: wrong types, empty, huge, control characters, injection attempts. */
const garbage: fc.Arbitrary<unknown> = fc.oneof(
  fc.string(),
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.integer(),
  fc.double(),
  fc.constantFrom(
    "",
    "-1",
    "0x",
    "1e309",
    "NaN",
    "null",
    "../../etc/passwd",
    "%00",
    "' OR 1=1 --",
    "\u0000",
    "9".repeat(400),
  ),
  fc.jsonValue({ maxDepth: 3 }),
);

const sqlite = useTestBackend("sqlite");

describe("request fuzzer over /openapi.json", () => {
  let planning: PlanningService;
  let app: FastifyInstance;
  // A real IPFS node, so the vault's routes are fuzzed as they run in a node.
  const ipfsDir = mkdtempSync(join(tmpdir(), "dipnet-fuzz-ipfs-"));
  let ipfs: IpfsNode | undefined;

  const net = useTestNetwork({ backend: sqlite, scenario: true, indexed: true });
  before(async () => {
    planning = createPlanningService();
    ipfs = createIpfsNode({ dataDir: ipfsDir, config: { kind: "helia", listen: [], peers: [] } });
    await ipfs.start();
    app = await createTestApi(net, {
      rpcUrl: net.chain.anvil.rpcUrl,
      documents: createDocumentStore(),
      planning,
      chain: createDipnetClient({ rpcUrl: net.chain.anvil.rpcUrl, deployment: net.chain.deployment }),
      publicUrl,
      // The fuzzer is one client sending thousands of writes: budgets are abuse.test.ts's subject.
      rateLimits: { writes: 1e9, signIn: 1e9, rpc: 1e9 },
      ipfs,
    });
  });
  after(async () => {
    await app?.close();
    await planning?.stop();
    await ipfs?.stop();
    rmSync(ipfsDir, { recursive: true, force: true });
  });

  it(`answers ${REQUESTS} generated requests, valid and invalid, with no 5xx`, { timeout: 600_000 }, async () => {
    const doc = (await app.inject({ method: "GET", url: "/openapi.json" })).json() as {
      paths: Record<
        string,
        Record<string, { parameters?: Parameter[]; requestBody?: { content: Record<string, { schema: Schema }> } }>
      >;
      components: { schemas: Record<string, Schema> };
    };
    const resolve = (schema: Schema): Schema =>
      schema.$ref ? resolve(doc.components.schemas[schema.$ref.split("/").at(-1) ?? ""] ?? {}) : schema;

    /** Values the schema allows, boundaries included. */
    const valid = (raw: Schema, depth = 0): fc.Arbitrary<unknown> => {
      const s = resolve(raw);
      if (s.enum) return fc.constantFrom(...s.enum);
      if (s.const !== undefined) return fc.constant(s.const);
      const alternatives = s.anyOf ?? s.oneOf;
      if (alternatives) return fc.oneof(...alternatives.map((a) => valid(a, depth)));
      if (Array.isArray(s.type)) return fc.oneof(...s.type.map((type) => valid({ ...s, type }, depth)));
      switch (s.type) {
        case "string":
          if (s.pattern) return fc.stringMatching(new RegExp(s.pattern));
          if (s.format === "date-time") return fc.date({ noInvalidDate: true }).map((d) => d.toISOString());
          if (s.format === "email") return fc.emailAddress();
          return fc.string({ minLength: s.minLength ?? 0, maxLength: Math.min(s.maxLength ?? 60, 60) });
        case "integer":
          return fc.oneof(
            fc.integer({ min: s.minimum ?? -1e6, max: s.maximum ?? 1e12 }),
            fc.constantFrom(...[s.minimum, s.maximum].filter((n): n is number => n !== undefined), 0, 1),
          );
        case "number":
          return fc.double({ noNaN: true, noDefaultInfinity: true, min: s.minimum ?? -1e9, max: s.maximum ?? 1e12 });
        case "boolean":
          return fc.boolean();
        case "null":
          return fc.constant(null);
        case "array":
          return fc.array(depth > 3 ? fc.constant(null) : valid(s.items ?? {}, depth + 1), {
            minLength: s.minItems ?? 0,
            maxLength: Math.min(s.maxItems ?? 4, 4),
          });
        case "object": {
          if (depth > 3 || !s.properties)
            return fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 1 }));
          const properties = s.properties;
          return fc.record(Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, valid(v, depth + 1)])), {
            requiredKeys: (s.required ?? []).filter((k) => k in properties),
          });
        }
        default:
          return fc.jsonValue({ maxDepth: 2 });
      }
    };
    const value = (name: string, schema: Schema) =>
      fc.oneof({ weight: 3, arbitrary: known[name] ?? valid(schema) }, { weight: 1, arbitrary: garbage });
    const text = (v: unknown) => (typeof v === "string" ? v : JSON.stringify(v));

    const operations: Operation[] = Object.entries(doc.paths).flatMap(([path, byMethod]) =>
      Object.entries(byMethod)
        .map(([method, op]) => ({
          method: method.toUpperCase(),
          path,
          parameters: op.parameters ?? [],
          body: op.requestBody?.content["application/json"]?.schema,
        }))
        .filter((op) => !streaming.has(`${op.method} ${op.path}`)),
    );
    assert.ok(operations.length > 30, `${operations.length} operations`);

    const rpcCall = fc.record({
      jsonrpc: fc.constant("2.0"),
      id: fc.oneof(fc.integer(), fc.string({ maxLength: 8 }), fc.constant(null)),
      method: fc.constantFrom(
        "eth_chainId",
        "eth_blockNumber",
        "eth_getLogs",
        "eth_call",
        "anvil_mine",
        "evm_snapshot",
      ),
      params: fc.oneof(fc.constant([]), fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 })),
    });
    const request = (op: Operation, cookie: string): fc.Arbitrary<InjectOptions> => {
      const params = op.parameters.filter((p) => p.in === "path");
      const query = op.parameters.filter((p) => p.in === "query");
      const body =
        op.path === "/rpc"
          ? fc.oneof(rpcCall, fc.array(rpcCall, { maxLength: 120 }), garbage)
          : op.body
            ? fc.oneof({ weight: 3, arbitrary: valid(op.body) }, { weight: 1, arbitrary: garbage })
            : fc.option(garbage, { nil: undefined });
      return fc
        .record({
          path: fc.tuple(...params.map((p) => value(p.name, p.schema))),
          query: fc.tuple(...query.map((p) => fc.option(value(p.name, p.schema), { nil: undefined, freq: 2 }))),
          extra: fc.option(fc.tuple(fc.string({ minLength: 1, maxLength: 8 }), fc.string({ maxLength: 8 })), {
            freq: 8,
          }),
          body,
          signedIn: fc.boolean(),
        })
        .map(({ path, query: values, extra, body: payload, signedIn }) => {
          let url = op.path;
          params.forEach((p, i) => {
            url = url.replace(`{${p.name}}`, encodeURIComponent(text(path[i])));
          });
          const search = new URLSearchParams();
          query.forEach((p, i) => {
            if (values[i] !== undefined) search.set(p.name, text(values[i]));
          });
          if (extra) search.set(extra[0], extra[1]);
          const qs = search.toString();
          return {
            method: op.method as InjectOptions["method"],
            url: qs ? `${url}?${qs}` : url,
            remoteAddress: "198.51.100.1",
            headers: {
              ...(signedIn && op.path !== "/api/auth/logout" ? { cookie } : {}),
              ...(payload !== undefined ? { "content-type": "application/json" } : {}),
            },
            ...(payload !== undefined ? { payload: JSON.stringify(payload) } : {}),
          };
        });
    };

    // A session of a customer with orders, so that private routes get past 401 into their checks.
    const nonce = (await app.inject({ method: "GET", url: "/api/auth/nonce" })).json().nonce;
    const message = createSiweMessage({
      domain: new URL(publicUrl).host,
      address: dev.alice.address,
      uri: publicUrl,
      version: "1",
      chainId: net.chain.deployment.chainId,
      nonce,
    });
    const signIn = await app.inject({
      method: "POST",
      url: "/api/auth/verify",
      payload: { message, signature: await dev.alice.signMessage({ message }) },
    });
    assert.equal(signIn.statusCode, 200, signIn.body);
    const cookie = String(signIn.headers["set-cookie"]).split(";")[0] ?? "";

    const statuses = new Map<number, number>();
    let sent = 0;
    const failures: string[] = [];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...operations).chain((op) => request(op, cookie)),
        async (options) => {
          const r = await app.inject(options);
          sent++;
          statuses.set(r.statusCode, (statuses.get(r.statusCode) ?? 0) + 1);
          if (r.statusCode >= 500) failures.push(`${options.method} ${options.url} → ${r.statusCode} ${r.body}`);
          return r.statusCode < 500;
        },
      ),
      { numRuns: REQUESTS },
    );
    const serverErrors = [...statuses].filter(([code]) => code >= 500).reduce((n, [, c]) => n + c, 0);
    console.log(
      `fuzzed ${sent} requests over ${operations.length} operations: ${serverErrors} × 5xx; statuses ${JSON.stringify(Object.fromEntries(statuses))}`,
    );
    assert.ok(sent >= REQUESTS, `${sent} requests`);
    assert.deepEqual(failures, []);
  });
});
