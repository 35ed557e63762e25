// Package hygiene: every package a workspace imports is declared in its package.json, what only
// tests, benchmarks and build scripts import is a devDependency, and nothing declared goes unused.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import path from "node:path";
import { describe, it } from "node:test";
import { importGraph, isTest } from "./lib/imports.ts";
import { repoRoot } from "./lib/paths.ts";

type Manifest = {
  name: string;
  workspaces?: string[];
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
};

const manifestOf = (dir: string): Manifest =>
  JSON.parse(readFileSync(path.join(repoRoot, dir, "package.json"), "utf8")) as Manifest;
const root = manifestOf(".");
const workspaces = (root.workspaces ?? []).map((dir) => ({ dir: `${dir}/`, manifest: manifestOf(dir) }));

/**
 * Declared packages no source file imports, with why they are needed: tools run by name and
 * packages loaded by another package's configuration. (`@types/x` counts as used when `x` is.)
 */
const usedWithoutImport: Record<string, string> = {
  "@biomejs/biome": "the linter, run as `biome`",
  "@types/node": "Node.js types for every package",
  node: "Node.js 22 itself, which npm start and npm test run on",
  typescript: "the type checker, run as `tsc`",
  "@foundry-rs/anvil": "the anvil binary `@dipnet/sdk/node`'s startAnvil runs (its path resolved at run time)",
  "world-atlas": "the map's country shapes, a JSON file the dashboard imports",
  vite: "the dashboard's bundler, run as `vite`",
  "openapi-typescript": "generates the dashboard's API types, run as `openapi-typescript`",
  "@openzeppelin/contracts": "Solidity sources the contracts import",
  "@ethereum-attestation-service/eas-contracts": "Solidity sources the contracts import",
  "ethr-did-registry": "Solidity sources the contracts import",
  solc: "the Solidity compiler Hardhat loads",
  "solc-0.8.29": "the second Solidity compiler Hardhat loads for EAS",
  solhint: "the Solidity linter, run as `solhint`",
  multiformats:
    "hoisted to the root so Helia and ipfs-unixfs-exporter share one CID class (did-jwt keeps its multiformats 9 nested)",
};

/** The package an import specifier names: `@scope/name` or `name`; undefined for built-ins and `#` imports. */
function packageOf(specifier: string): string | undefined {
  if (specifier.startsWith("node:") || specifier.startsWith("#")) return undefined;
  const parts = specifier.split("/");
  const name = specifier.startsWith("@") ? parts.slice(0, 2).join("/") : (parts[0] as string);
  return builtinModules.includes(name) ? undefined : name;
}

/** What a workspace imports from runtime code and from development-only code (tests, benchmarks, build scripts). */
function importsOfWorkspace(dir: string): { runtime: Set<string>; development: Set<string> } {
  const runtime = new Set<string>();
  const development = new Set<string>();
  const nested = workspaces.filter((w) => w.dir !== dir && w.dir.startsWith(dir)).map((w) => w.dir);
  for (const [file, { packages }] of importGraph()) {
    if (!file.startsWith(dir === "./" ? "" : dir) || nested.some((n) => file.startsWith(n))) continue;
    if (dir === "./" && workspaces.some((w) => file.startsWith(w.dir))) continue;
    const developmentOnly =
      isTest(file) ||
      /\/(bench|scripts)\//.test(`/${file}`) ||
      /(^|\/)vite\.config\.ts$|hardhat\.config\.ts$/.test(file);
    for (const specifier of packages) {
      const name = packageOf(specifier);
      if (name) (developmentOnly ? development : runtime).add(name);
    }
  }
  return { runtime, development };
}

/** Types of `name` come from the package itself or from `@types/name` (`@types/scope__name`). */
const typesOf = (name: string) => `@types/${name.replace(/^@/, "").replace("/", "__")}`;

describe("package dependencies", () => {
  for (const { dir, manifest } of [{ dir: "./", manifest: root }, ...workspaces]) {
    const dependencies = new Set(Object.keys(manifest.dependencies ?? {}));
    const devDependencies = new Set(Object.keys(manifest.devDependencies ?? {}));
    const { runtime, development } = importsOfWorkspace(dir);
    const declaredIn = (set: Set<string>, name: string) => set.has(name) || set.has(typesOf(name));

    it(`${manifest.name}: every runtime import is a dependency`, () => {
      assert.deepEqual(
        [...runtime].filter(
          (name) =>
            name !== manifest.name &&
            !declaredIn(dependencies, name) &&
            // Only types come from an @types package: they are needed at build time only.
            !devDependencies.has(typesOf(name)) &&
            // The root is no published package: its scripts' packages are all devDependencies.
            !(dir === "./" && devDependencies.has(name)),
        ),
        [],
      );
    });

    it(`${manifest.name}: every development import is declared`, () => {
      assert.deepEqual(
        [...development].filter(
          (name) => name !== manifest.name && !declaredIn(dependencies, name) && !declaredIn(devDependencies, name),
        ),
        [],
      );
    });

    it(`${manifest.name}: every declared package is used`, () => {
      const used = new Set([...runtime, ...development].flatMap((name) => [name, typesOf(name)]));
      assert.deepEqual(
        [...dependencies, ...devDependencies].filter((name) => !used.has(name) && !(name in usedWithoutImport)),
        [],
      );
    });
  }
});
