// The dashboard's API types (src/lib/openapi.d.ts) are generated from the node's route schemas: a
// change to a route schema that is not regenerated fails here.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { it } from "node:test";
import { apiTypesFile, generateApiTypes } from "../scripts/generate-api.ts";

it("src/lib/openapi.d.ts is generated from the node's current /openapi.json", async () => {
  const generated = await generateApiTypes();
  assert.ok(generated.includes('"/api/orders/{id}"'), "the generated types describe the node's routes");
  assert.ok(
    readFileSync(apiTypesFile, "utf8") === generated,
    "packages/web/src/lib/openapi.d.ts is out of date: run `npm run generate:api -w @dipnet/web` and commit it",
  );
});
