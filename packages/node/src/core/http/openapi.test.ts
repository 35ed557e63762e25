// /openapi.json passes an independent OpenAPI linter: Redocly's `recommended` rules, 0 errors.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { createConfig, lintFromString } from "@redocly/openapi-core";
import type { FastifyInstance } from "fastify";
import { createApi, openDatabase } from "../../compose.ts";
import { idleIndexer, placeholderDeployment } from "../../testing/index.ts";
import type { Database } from "../db/index.ts";

/** Redocly's recommended rules over a document: its errors and warnings, one line each. */
async function lintOpenApi(document: unknown): Promise<{ errors: string[]; warnings: string[] }> {
  const problems = await lintFromString({
    source: JSON.stringify(document),
    absoluteRef: "openapi.json",
    config: await createConfig({ extends: ["recommended"] }),
  });
  const line = (p: (typeof problems)[number]) =>
    `${p.ruleId}: ${p.message} (${p.location.map((l) => l.pointer).join(", ")})`;
  return {
    errors: problems.filter((p) => p.severity === "error").map(line),
    warnings: problems.filter((p) => p.severity === "warn").map(line),
  };
}

describe("OpenAPI document", () => {
  let store: Database;
  let app: FastifyInstance;
  let webDir: string;
  let doc: { paths: Record<string, unknown>; components: { securitySchemes?: unknown } };

  before(async () => {
    // A dashboard build beside the API: its files are served, but they are not API operations.
    webDir = mkdtempSync(path.join(tmpdir(), "dipnet-web-"));
    mkdirSync(path.join(webDir, "assets"));
    writeFileSync(path.join(webDir, "index.html"), "<!doctype html><title>DIPNET</title>");
    writeFileSync(path.join(webDir, "assets", "index.js"), "console.log(1);");
    store = await openDatabase({ kind: "sqlite", file: ":memory:" });
    app = await createApi({ db: store.db, deployment: placeholderDeployment, indexer: idleIndexer, webDir });
    doc = (await app.inject({ method: "GET", url: "/openapi.json" })).json();
  });
  after(async () => {
    await app?.close();
    await store?.close();
    rmSync(webDir, { recursive: true, force: true });
  });

  it("passes Redocly's recommended rules with 0 errors", async () => {
    const { errors, warnings } = await lintOpenApi(doc);
    console.log(`Redocly recommended: ${errors.length} errors, ${warnings.length} warnings`);
    for (const warning of warnings) console.log(`  warn ${warning}`);
    assert.deepEqual(errors, []);
  });

  it("documents the API only: not the dashboard's files or the docs page", async () => {
    assert.equal((await app.inject({ method: "GET", url: "/assets/index.js" })).statusCode, 200);
    const paths = Object.keys(doc.paths);
    assert.deepEqual(
      paths.filter(
        (p) => !p.startsWith("/api/") && !["/rpc", "/health", "/ready", "/metrics", "/openapi.json"].includes(p),
      ),
      [],
    );
  });

  it("the lint can fail: a private route without its security scheme is an error", async () => {
    const broken = structuredClone(doc);
    delete broken.components.securitySchemes;
    const { errors } = await lintOpenApi(broken);
    assert.ok(
      errors.some((e) => e.startsWith("security-defined: There is no `siweSession`")),
      errors.join("\n"),
    );
  });
});
