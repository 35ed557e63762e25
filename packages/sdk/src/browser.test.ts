// `@dipnet/sdk` is for browsers too (the dashboard bundles it): nothing it loads may need Node.js.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import path from "node:path";
import { describe, it } from "node:test";

const packageJson = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
  imports: Record<string, { default: string }>;
};

/** Every module `entry` loads, by path, and the packages it imports, as a browser resolves them. */
function importGraph(entry: string): { files: string[]; packages: string[] } {
  const root = path.resolve(import.meta.dirname, "..");
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    const text = readFileSync(file, "utf8");
    for (const [, specifier] of text.matchAll(/(?:from|import)\s*\(?\s*"([^"]+)"/g) as Iterable<[string, string]>) {
      if (specifier.startsWith(".")) visit(path.resolve(path.dirname(file), specifier));
      else if (specifier.startsWith("#")) visit(path.resolve(root, packageJson.imports[specifier]?.default ?? ""));
      else packages.add(specifier);
    }
  };
  visit(path.resolve(root, entry));
  return { files: [...files].map((f) => path.relative(root, f)), packages: [...packages] };
}

describe("@dipnet/sdk entry", () => {
  it("loads no Node.js module, nor any module of src/node or src/testing", () => {
    const { files, packages } = importGraph("src/index.ts");
    assert.ok(files.includes("src/iot/ed25519.ts"), "follows the browser condition of #ed25519");
    assert.deepEqual(
      packages.filter((p) => p.startsWith("node:") || builtinModules.includes(p.split("/")[0] as string)),
      [],
    );
    assert.deepEqual(
      files.filter((f) => /^src\/(node|testing)\//.test(f)),
      [],
    );
  });
});
