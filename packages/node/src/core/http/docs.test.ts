// The API's self-description: /openapi.json is a valid OpenAPI 3.1 document whose schemas compile
// as JSON Schema 2020-12, and /docs (Swagger UI) lists every operation in headless Chromium,
// offline (nothing but the node is reachable), under the node's content security policy, with no
// script errors.
//
// Needs /usr/bin/chromium: `apt-get install -y chromium` (override with DIPNET_CHROMIUM).
import assert from "node:assert/strict";
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { Validator } from "@seriousme/openapi-schema-validator";
import { Ajv2020 } from "ajv/dist/2020.js";
import type { FastifyInstance } from "fastify";
import { chromium } from "playwright-core";
import { createApi, openDatabase } from "../../compose.ts";
import { idleIndexer, placeholderDeployment } from "../../testing/index.ts";
import type { Database } from "../db/index.ts";

const chromiumPath = process.env.DIPNET_CHROMIUM ?? "/usr/bin/chromium";
/** Screenshots: packages/node/test-results/ (gitignored). */
const shots = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../test-results");

type Operation = {
  summary?: string;
  tags?: string[];
  parameters?: { name: string; in: string; schema?: object }[];
  responses: Record<string, { content?: Record<string, { schema: object }> }>;
};
type OpenApi = { openapi: string; paths: Record<string, Record<string, Operation>> };

const operations = (doc: OpenApi) =>
  Object.entries(doc.paths).flatMap(([route, ops]) =>
    Object.entries(ops).map(([method, op]) => ({ route, method, op })),
  );

describe("API documentation", () => {
  let store: Database;
  let app: FastifyInstance;
  let doc: OpenApi;

  before(async () => {
    store = await openDatabase({ kind: "sqlite", file: ":memory:" });
    app = await createApi({ db: store.db, deployment: placeholderDeployment, indexer: idleIndexer });
    doc = (await app.inject({ method: "GET", url: "/openapi.json" })).json();
  });
  after(async () => {
    await app?.close();
    await store?.close();
  });

  it("/openapi.json is valid OpenAPI 3.1", async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(doc));
    assert.ok(result.valid, JSON.stringify(result.errors, null, 2));
    assert.equal(validator.version, "3.1");
    // The validator checks the document's structure; every schema in it must also be valid JSON
    // Schema 2020-12 (the dialect of OpenAPI 3.1), with its $refs resolved.
    const resolved = validator.resolveRefs() as OpenApi;
    const ajv = new Ajv2020({ strict: true, allowUnionTypes: true });
    let compiled = 0;
    for (const { route, method, op } of operations(resolved)) {
      const schemas = [
        ...(op.parameters ?? []).map((p) => p.schema),
        ...Object.values(op.responses).flatMap((r) => Object.values(r.content ?? {}).map((c) => c.schema)),
      ];
      for (const schema of schemas) {
        assert.doesNotThrow(() => ajv.compile(schema as object), `${method.toUpperCase()} ${route}`);
        compiled++;
      }
    }
    assert.ok(compiled > 100, `${compiled} schemas`);
    const ids = operations(doc).map(({ op }) => (op as { operationId?: string }).operationId);
    assert.equal(new Set(ids).size, ids.length, "operationIds are unique");

    // The check can fail: an OpenAPI 2 body parameter is not 3.1.
    const broken = structuredClone(doc);
    broken.paths["/api/orders"]?.get?.parameters?.push({ name: "filter", in: "body" });
    assert.equal((await new Validator().validate(broken)).valid, false);
  });

  it("/docs renders every operation offline in Chromium, without script errors", async () => {
    assert.ok(existsSync(chromiumPath), `Chromium not found at ${chromiumPath}: apt-get install -y chromium`);
    mkdirSync(shots, { recursive: true });
    await app.listen({ port: 0, host: "127.0.0.1" });
    const origin = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
    const browser = await chromium.launch({
      executablePath: chromiumPath,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    });
    try {
      const page = await browser.newPage();
      const problems: string[] = [];
      const outside: string[] = [];
      page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
      page.on("console", (message) => {
        if (message.type() === "error") problems.push(`console: ${message.text()}`);
      });
      page.on("requestfailed", (request) => problems.push(`request failed: ${request.url()}`));
      // Offline: anything not served by the node is refused (and noted).
      await page.route("**/*", (route) => {
        if (route.request().url().startsWith(origin)) return route.continue();
        outside.push(route.request().url());
        return route.abort();
      });
      await page.goto(`${origin}/docs`);
      // Swagger UI lists every operation (collapsed) under each of its tags once it has read the document.
      const expected = operations(doc);
      const listings = expected.reduce((n, { op }) => n + Math.max(1, op.tags?.length ?? 0), 0);
      const listed = page.locator(".opblock");
      await listed.nth(listings - 1).waitFor();
      assert.equal(await listed.count(), listings);
      const shown = await listed.evaluateAll((blocks) =>
        blocks.map((block) => ({
          method: block.querySelector(".opblock-summary-method")?.textContent ?? "",
          path: block.querySelector(".opblock-summary-path")?.getAttribute("data-path") ?? "",
          summary: block.querySelector(".opblock-summary-description")?.textContent ?? "",
        })),
      );
      for (const { route, method, op } of expected) {
        const block = shown.find((b) => b.path === route && b.method.toLowerCase() === method);
        assert.ok(block, `${method} ${route} is listed`);
        assert.equal(block.summary, op.summary ?? "", `${method} ${route}`);
      }
      // An operation opens on its parameters with their allowed values.
      const bids = page.locator(".opblock", { hasText: "List bids across orders" });
      await bids.locator(".opblock-summary").click();
      await bids.locator(".parameters").getByText("createdAt", { exact: false }).first().waitFor();
      await page.screenshot({ path: path.join(shots, "api-docs.png") });
      assert.deepEqual(outside, [], "the docs page loads nothing from outside the node");
      assert.deepEqual(problems, []);
    } finally {
      await browser.close();
    }
  });
});
