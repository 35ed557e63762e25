// What `npm test` checks: the TypeScript projects it typechecks and the test files it runs.
import { existsSync, globSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "./paths.ts";

/**
 * Files matching `patterns` under `cwd`, outside node_modules, in a stable order.
 * @throws when nothing matches: a stage that runs nothing proves nothing, so it fails instead.
 */
export function testFiles(patterns: string[], cwd: string = repoRoot): string[] {
  const files = globSync(patterns, { cwd })
    .filter((file) => !file.split(/[\\/]/).includes("node_modules"))
    .sort();
  if (files.length === 0) throw new Error(`no files match ${patterns.join(", ")} in ${cwd}`);
  return files;
}

/**
 * TypeScript projects to check: the root tsconfig.json (all Node code) and the project of each
 * package whose files it excludes because they need their own settings (e.g. packages/web/src: DOM
 * types, JSX, bundler resolution), found from the excluded path's package folder.
 */
export function typecheckProjects(cwd: string = repoRoot): string[] {
  const root = JSON.parse(readFileSync(join(cwd, "tsconfig.json"), "utf8")) as { exclude?: string[] };
  const own = (root.exclude ?? [])
    .filter((path) => path.startsWith("packages/"))
    .map((path) => `${path.split("/").slice(0, 2).join("/")}/tsconfig.json`)
    .filter((project) => existsSync(join(cwd, project)));
  return ["tsconfig.json", ...new Set(own)];
}
