// When the dashboard counts as built: a build older than any source it is made of — the SDK's
// included, which it bundles — is stale, so tests and `npm start` rebuild it.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, describe, it } from "node:test";
import { isWebBuilt } from "../index.ts";

describe("isWebBuilt", () => {
  const root = mkdtempSync(path.join(tmpdir(), "dipnet-web-built-"));
  after(() => rmSync(root, { recursive: true, force: true }));
  const dist = path.join(root, "dist");
  const web = path.join(root, "web-src");
  const sdk = path.join(root, "sdk-src");
  const at = (file: string, seconds: number) => {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, "x");
    utimesSync(file, seconds, seconds);
  };

  it("is false without a build, true for a build newer than every source", () => {
    assert.equal(isWebBuilt(dist, [web, sdk]), false);
    at(path.join(web, "app", "App.tsx"), 1_000);
    at(path.join(sdk, "vault", "files.ts"), 1_000);
    at(path.join(dist, "index.html"), 2_000);
    assert.equal(isWebBuilt(dist, [web, sdk]), true);
  });

  it("is false once an SDK source is newer than the build", () => {
    at(path.join(sdk, "vault", "files.ts"), 3_000);
    assert.equal(isWebBuilt(dist, [web, sdk]), false);
  });

  it("ignores sources that are absent, as in an installed package", () => {
    assert.equal(isWebBuilt(dist, [path.join(root, "missing")]), true);
  });
});
