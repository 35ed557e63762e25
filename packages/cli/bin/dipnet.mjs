#!/usr/bin/env node
// Launcher for `dipnet`: runs src/main.ts under Node >= 22 (type stripping). On an older system
// Node it re-executes itself with the monorepo's pinned Node (the `node` devDependency).
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const binDir = path.dirname(fileURLToPath(import.meta.url));
const main = path.resolve(binDir, "../src/main.ts");
const major = Number(process.versions.node.split(".")[0]);

if (major >= 22) {
  const { run } = await import(pathToFileURL(main).href);
  process.exitCode = await run(process.argv.slice(2));
} else {
  const node22 = path.resolve(binDir, "../../../node_modules/.bin/node");
  if (!existsSync(node22)) {
    process.stderr.write(
      `dipnet needs Node >= 22 (this is ${process.version}); run npm install at the repository root first\n`,
    );
    process.exit(1);
  }
  const result = spawnSync(node22, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: "inherit" });
  process.exit(result.status ?? 1);
}
