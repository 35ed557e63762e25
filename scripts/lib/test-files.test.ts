import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { describe, it } from "node:test";
import ts from "typescript";
import { repoRoot } from "./paths.ts";
import { testFiles, typecheckProjects } from "./test-files.ts";

/** Files a tsconfig.json compiles, relative to the repo root. */
function projectFiles(project: string): string[] {
  const file = join(repoRoot, project);
  const { config } = ts.readConfigFile(file, ts.sys.readFile);
  return ts.parseJsonConfigFileContent(config, ts.sys, dirname(file)).fileNames.map((name) => relative(repoRoot, name));
}

describe("typecheckProjects", () => {
  it("covers every TypeScript file in the repository, the dashboard's source included", () => {
    const checked = new Set(typecheckProjects().flatMap(projectFiles));
    const tracked = execFileSync("git", ["ls-files", "*.ts", "*.tsx"], { cwd: repoRoot, encoding: "utf8" })
      .split("\n")
      .filter((file) => file !== "");
    assert.ok(tracked.includes("packages/web/src/main.tsx"));
    assert.deepEqual(
      tracked.filter((file) => !checked.has(file)),
      [],
    );
  });
});

describe("testFiles", () => {
  it("lists matching files in order, outside node_modules", () => {
    assert.ok(testFiles(["scripts/lib/*.test.ts"]).includes("scripts/lib/test-files.test.ts"));
  });

  it("fails when nothing matches, naming the patterns", () => {
    const dir = mkdtempSync(join(tmpdir(), "dipnet-files-"));
    try {
      writeFileSync(join(dir, "a.ts"), "");
      assert.throws(() => testFiles(["**/*.test.ts"], dir), /no files match \*\*\/\*\.test\.ts/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
