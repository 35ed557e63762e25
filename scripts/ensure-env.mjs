#!/usr/bin/env node
// Makes sure dependencies are installed, under Node 22, before `npm start` / `npm test` run anything.
//
// Plain JS with no dependencies: it must run on the system Node (20 or 22) of a fresh clone, before
// node_modules exists. Installs when
//   - node_modules is missing,
//   - package-lock.json changed since the last install (hash kept in node_modules/.dipnet-installed)
//     and node_modules does not already match it (npm's own record, node_modules/.package-lock.json,
//     shows what is installed: after `npm install <pkg>` both changed together and nothing is needed), or
//   - Hardhat's native EDR binding does not load under the pinned Node 22 (npm under Node 20 skips,
//     and even prunes, EDR's platform package).
// Installing always runs under Node 22: `npm ci` directly when this Node is >= 22, otherwise through
// `npm exec --package=node@<pinned version> -- npm ci`. Does nothing (in ~0.15 s) when all is well.

import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { delimiter, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const nodeModules = join(root, "node_modules");
const marker = join(nodeModules, ".dipnet-installed");
const lockfile = join(root, "package-lock.json");
const node22 = join(nodeModules, ".bin", "node");

/** @param {string} message */
function say(message) {
  process.stderr.write(`[ensure-env] ${message}\n`);
}

/** @param {string} message */
function fail(message) {
  say(`error: ${message}`);
  process.exit(1);
}

function lockfileHash() {
  if (!existsSync(lockfile)) fail("package-lock.json is missing; it is committed and `npm ci` needs it.");
  return createHash("sha256").update(readFileSync(lockfile)).digest("hex");
}

/** The exact Node version pinned as the `node` devDependency, e.g. "22.23.3". */
function pinnedNodeVersion() {
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  const version = pkg.devDependencies?.node;
  if (typeof version !== "string" || !/^\d+\.\d+\.\d+$/.test(version)) {
    fail('package.json must pin an exact Node 22 version as devDependencies.node (e.g. "22.23.3").');
  }
  return version;
}

/**
 * True when npm's record of the installed tree (node_modules/.package-lock.json) holds every package of
 * package-lock.json at the same version and source. Packages marked optional may be absent (other
 * platforms' binaries); extra installed packages are harmless.
 */
function installedTreeMatchesLockfile() {
  let wanted;
  let installed;
  try {
    wanted = JSON.parse(readFileSync(lockfile, "utf8")).packages;
    installed = JSON.parse(readFileSync(join(nodeModules, ".package-lock.json"), "utf8")).packages;
  } catch {
    return false;
  }
  if (!wanted || !installed) return false;
  for (const [path, entry] of Object.entries(wanted)) {
    if (path === "") continue; // the root project itself
    const have = installed[path];
    if (!have) {
      if (entry.optional) continue;
      return false;
    }
    if (have.version !== entry.version || have.resolved !== entry.resolved || have.link !== entry.link) return false;
    if (have.integrity && entry.integrity && have.integrity !== entry.integrity) return false;
  }
  return true;
}

/** Why an install is needed, or undefined when node_modules is complete and current. */
function reasonToInstall(hash) {
  if (!existsSync(nodeModules)) return "node_modules is missing";
  const recorded = existsSync(marker) ? readFileSync(marker, "utf8").trim() : undefined;
  if (recorded !== hash) {
    if (!installedTreeMatchesLockfile()) {
      return recorded === undefined
        ? "node_modules was not installed from this package-lock.json"
        : "package-lock.json changed since the last install";
    }
    writeFileSync(marker, `${hash}\n`); // installed by hand (`npm install <pkg>`): record it
  }
  if (!existsSync(node22)) return "the pinned Node 22 (node_modules/.bin/node) is missing";
  // Resolve EDR as Hardhat does, from the contracts workspace, and load it under the pinned Node.
  const probe = spawnSync(
    node22,
    [
      "-e",
      "require('node:module').createRequire(process.argv[1] + '/package.json')('@nomicfoundation/edr')",
      join(root, "contracts"),
    ],
    { stdio: ["ignore", "ignore", "pipe"], encoding: "utf8", timeout: 30_000 },
  );
  if (probe.status !== 0) return "Hardhat's native EDR binding does not load under Node 22";
  return undefined;
}

function install(hash) {
  const major = Number(process.versions.node.split(".")[0]);
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const args = major >= 22 ? ["ci"] : ["exec", "--yes", `--package=node@${pinnedNodeVersion()}`, "--", npm, "ci"];
  say(`installing dependencies under Node 22: npm ${args.join(" ")}`);
  const started = Date.now();
  // npm's own `node` comes from PATH (its shebang): put this Node first, or a Node 22 run of this
  // script (node_modules/.bin/node) would still install under the system's Node 20.
  const env = { ...process.env, PATH: [dirname(process.execPath), process.env.PATH ?? ""].join(delimiter) };
  const result = spawnSync(npm, args, { cwd: root, env, stdio: ["ignore", "inherit", "inherit"] });
  if (result.error) fail(`could not run npm: ${result.error.message}`);
  if (result.status !== 0) {
    fail(
      `\`npm ${args.join(" ")}\` failed (exit ${result.status ?? result.signal}); see npm's output above. ` +
        "Check network access to the npm registry, then run the command again.",
    );
  }
  // Verify the result rather than trusting the exit code: an npm under Node 20 would "succeed" without EDR.
  writeFileSync(marker, `${hash}\n`);
  const still = reasonToInstall(hash);
  if (still) fail(`install finished but ${still}.`);
  say(`dependencies installed in ${Math.round((Date.now() - started) / 1000)} s`);
}

const hash = lockfileHash();
const reason = reasonToInstall(hash);
if (reason) {
  say(`${reason}.`);
  install(hash);
}
