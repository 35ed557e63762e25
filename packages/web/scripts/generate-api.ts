// Generates the dashboard's API types (src/lib/openapi.d.ts) from the node's /openapi.json, built
// in-process: `npm run generate:api -w @dipnet/web`. test/api-client.test.ts fails when the
// committed file differs from what this produces.
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createApi, openDatabase } from "@dipnet/node";
import { idleIndexer, placeholderDeployment } from "@dipnet/node/testing";
import openapiTS, { astToString, type OpenAPI3, type SchemaObject } from "openapi-typescript";
import ts from "typescript";

/** Where the generated types live. */
export const apiTypesFile = fileURLToPath(new URL("../src/lib/openapi.d.ts", import.meta.url));

/** The node's OpenAPI document, from an API over an empty in-memory store. */
async function nodeOpenApi(): Promise<OpenAPI3> {
  const store = await openDatabase({ kind: "sqlite", file: ":memory:" });
  try {
    const app = await createApi({ db: store.db, deployment: placeholderDeployment, indexer: idleIndexer });
    try {
      return (await app.inject({ method: "GET", url: "/openapi.json" })).json();
    } finally {
      await app.close();
    }
  } finally {
    await store.close();
  }
}

/** `0x${string}`: the type of addresses and hashes (schemas whose pattern starts with ^0x). */
const hexType = ts.factory.createTemplateLiteralType(ts.factory.createTemplateHead("0x"), [
  ts.factory.createTemplateLiteralTypeSpan(
    ts.factory.createKeywordTypeNode(ts.SyntaxKind.StringKeyword),
    ts.factory.createTemplateTail(""),
  ),
]);

/** The text of src/lib/openapi.d.ts for the node's current route schemas. */
export async function generateApiTypes(): Promise<string> {
  const ast = await openapiTS(await nodeOpenApi(), {
    silent: true,
    // The node's response objects list their optional properties by leaving them out of `required`
    // (when they have one); without `required`, every property is always present.
    propertiesRequiredByDefault: true,
    // Answers carry addresses and hashes as viem types them; requests take any string.
    transform: (schema: SchemaObject, { path }) => {
      const { pattern } = schema as { pattern?: unknown };
      return typeof pattern === "string" && pattern.startsWith("^0x") && path?.includes("/responses/")
        ? hexType
        : undefined;
    },
  });
  return `// Generated from the node's /openapi.json by scripts/generate-api.ts: do not edit.\n// Regenerate: npm run generate:api -w @dipnet/web\n\n${astToString(ast)}`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(apiTypesFile, await generateApiTypes());
  console.log(`wrote ${apiTypesFile}`);
}
