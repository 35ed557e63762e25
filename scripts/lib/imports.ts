// What every source file of the repository imports: relative imports resolved to files, and
// package imports by specifier. Read by the import-graph and dependency tests.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { repoRoot } from "./paths.ts";
import { testFiles } from "./test-files.ts";

export const sources: string[] = testFiles([
  "packages/**/*.ts",
  "packages/**/*.tsx",
  "packages/**/*.mjs",
  "scripts/**/*.ts",
  "scripts/**/*.mjs",
  "contracts/*.ts",
  "contracts/scripts/**/*.ts",
  "contracts/test/**/*.ts",
]).filter((file) => !file.includes("/generated/") && !file.endsWith(".d.ts"));

export const isTest = (file: string) => /\.test\.tsx?$|\/test\/|\/testing(\/|\.ts)/.test(file);

/** What a file imports: relative imports resolved to files, package imports by name. */
export function importsOf(file: string): { files: string[]; packages: string[] } {
  const { importedFiles } = ts.preProcessFile(readFileSync(path.join(repoRoot, file), "utf8"), true, true);
  const files: string[] = [];
  const packages: string[] = [];
  for (const { fileName } of importedFiles) {
    if (!fileName.startsWith(".")) {
      packages.push(fileName);
      continue;
    }
    const target = path.normalize(path.join(path.dirname(file), fileName));
    const resolved = [target, `${target}.ts`, `${target}.tsx`, path.join(target, "index.ts")].find(
      (candidate) => sources.includes(candidate) || existsSync(path.join(repoRoot, candidate)),
    );
    files.push(resolved ?? target);
  }
  return { files, packages };
}

/** Every source file with what it imports. */
export function importGraph(): Map<string, { files: string[]; packages: string[] }> {
  return new Map(sources.map((file) => [file, importsOf(file)]));
}
